"""PTT keying through a serial port's RTS or DTR line (PEI.md §12.1), method ``serial``.

Classic radio interfaces key the transmitter with RTS or DTR through a transistor stage;
this mirrors Direwolf ``ptt.c`` (``PTT /dev/ttyUSB0 RTS``, ``-`` inverts) and SvxLink
``PttSerialPin`` (``PTT_PIN=RTS``, ``!`` inverts). EN 300 392-5 is not involved. Settings
(README.md "Radios"): ``{"method": "serial", "port": ..., "line": "RTS", "invert": false}``.

Never keyed on open: the port is created with ``do_not_open=True`` and both lines are set
to their idle level *before* ``open()`` (pyserial applies them during open; opening a Linux
tty would otherwise assert RTS and DTR — pyserial issues #124/#729). The port is opened
exclusively (drivers/pei/transport.py ``open_exclusive``): a second console fails with "in
use by another program" rather than keying the same transmitter. Closing drops the line
again, whatever the state. The time-out, the lock-out after it and the fail-safe releases
are drivers/ptt/base.py's, as for every kind.

Port errors surface as :class:`drivers.errors.LinkLost` (port gone) or
:class:`drivers.errors.RadioError` (port cannot drive control lines, e.g. errno 25 ENOTTY
on a pseudo-terminal, TESTBED.md).
"""

from __future__ import annotations

import errno
import threading
from collections.abc import Callable, Mapping
from typing import Any

import serial

from drivers.base import Radio, TxState
from drivers.clock import SYSTEM_CLOCK, Clock
from drivers.errors import LinkLost, RadioError
from drivers.pei.transport import open_exclusive
from drivers.ptt.base import (
    DEFAULT_TX_TIMEOUT_S,
    Ptt,
    PttChange,
    PttConfigError,
    PttListener,
    PttState,
    PttTimedOut,
    check_keys,
)
from drivers.ptt.registry import register

__all__ = ["LINES", "PttChange", "PttState", "PttTimedOut", "SerialLinePtt"]

LINES = ("RTS", "DTR")


@register("serial")
class SerialLinePtt(Ptt):
    def __init__(
        self,
        url_or_port: str,
        line: str = "RTS",
        invert: bool = False,
        tx_timeout_s: float = DEFAULT_TX_TIMEOUT_S,
        clock: Clock = SYSTEM_CLOCK,
        serial_factory: Callable[..., Any] = serial.serial_for_url,
        *,
        other_line_level: bool | None = False,
        listener: PttListener | None = None,
    ) -> None:
        line = line.upper() if isinstance(line, str) else line
        if line not in LINES:
            raise PttConfigError(f"PTT line must be one of {', '.join(LINES)}, not {line!r}")
        super().__init__(url_or_port, clock=clock, tx_timeout_s=tx_timeout_s,
                         listener=listener)
        self.port_name, self.line, self.invert = url_or_port, line, invert
        self._attr = line.lower()
        self._other = "dtr" if line == "RTS" else "rts"
        self._port_lock = threading.Lock()  # pyserial objects are not thread-safe
        try:
            port = serial_factory(url_or_port, do_not_open=True)
            setattr(port, self._attr, self._level(False))  # idle BEFORE open: never keyed
            if other_line_level is not None:
                setattr(port, self._other, other_line_level)
            open_exclusive(port, url_or_port)  # a second console can never key this line
        except RadioError as exc:  # in use by another program: say which port is the PTT's
            raise RadioError(f"cannot open PTT port {url_or_port}: {exc}") from exc
        except (serial.SerialException, OSError, ValueError) as exc:
            raise _port_error(f"cannot open PTT port {url_or_port}", exc) from exc
        self._port = port

    @classmethod
    def from_config(cls, config: Mapping[str, Any], *, radio: Radio | None, clock: Clock,
                    tx_timeout_s: float) -> SerialLinePtt:
        check_keys("serial", config, {"port", "line", "invert"})
        port = config.get("port")
        if not isinstance(port, str) or not port.strip():
            raise PttConfigError('PTT method "serial" needs "port": the serial port or URL '
                                 f"that keys the gateway (got {port!r})")
        line = config.get("line", "RTS")
        if not isinstance(line, str) or line.upper() not in LINES:
            raise PttConfigError(f'PTT "line" must be "RTS" or "DTR", not {line!r}')
        invert = config.get("invert", False)
        if not isinstance(invert, bool):
            raise PttConfigError(f'PTT "invert" must be true or false, not {invert!r}')
        return cls(port, line, invert, tx_timeout_s=tx_timeout_s, clock=clock)

    # --- the hardware ---------------------------------------------------------------------

    def _key(self) -> TxState:
        self._write_line(True)
        return TxState.GRANTED  # a keyed gateway transmits: there is no floor to ask for

    def _unkey(self) -> None:
        self._write_line(False)

    def _close_hw(self, maybe_keyed: bool) -> None:
        try:
            self._write_line(False)  # always: whatever we believe, the line ends idle
        except RadioError as exc:
            self.log.warning("release on close failed: %s", exc)
        with self._port_lock:
            try:
                self._port.close()
            except (serial.SerialException, OSError):
                self.log.debug("close failed", exc_info=True)

    def _level(self, keyed: bool) -> bool:
        return keyed != self.invert  # electrical level: inverted interfaces key on low

    def _write_line(self, keyed: bool) -> None:
        with self._port_lock:
            try:
                setattr(self._port, self._attr, self._level(keyed))
            except (serial.SerialException, OSError, ValueError) as exc:
                if keyed:  # never leave a half-keyed line behind: try to drop it, then report
                    try:
                        setattr(self._port, self._attr, self._level(False))
                    except (serial.SerialException, OSError, ValueError):
                        pass
                raise _port_error(f"PTT {self.line} on {self.port_name} failed", exc) from exc


def _port_error(what: str, exc: BaseException) -> RadioError:
    """ENOTTY/EINVAL: the port cannot drive modem lines (config error); else: link lost."""
    if isinstance(exc, OSError) and exc.errno in (errno.ENOTTY, errno.EINVAL):
        return RadioError(f"{what}: this port has no RTS/DTR control ({exc})")
    return LinkLost(f"{what}: {exc}")
