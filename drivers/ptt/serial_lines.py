"""PTT keying through a serial port's RTS or DTR line (PEI.md §12.1).

Classic radio interfaces key the transmitter with RTS or DTR through a transistor stage;
this mirrors Direwolf ``ptt.c`` (``PTT /dev/ttyUSB0 RTS``, ``-`` inverts) and SvxLink
``PttSerialPin`` (``PTT_PIN=RTS``, ``!`` inverts). EN 300 392-5 is not involved.

Fail-safe rules (STYLE.md #14):

* Never keyed on open: the port is created with ``do_not_open=True`` and both lines are
  set to their idle level *before* ``open()`` (pyserial applies them during open; opening a
  Linux tty would otherwise assert RTS and DTR — pyserial issues #124/#729).
* Released on every exit path: ``keyed()`` releases on exceptions, ``on_link_lost()`` and
  ``close()`` release, and a transmit time-out (TOT) releases after ``tx_timeout_s``.
* After a TOT the PTT stays locked out until the operator releases (``set_tx(False)``);
  ``set_tx(True)`` meanwhile raises :class:`PttTimedOut` (SvxLink TX TIMEOUT behaviour).

The TOT uses an injected ``clock`` (default ``time.monotonic``) both in ``check_timeout()``
and in the watchdog thread, which waits on an Event between checks — tests use a fake clock.
Port errors surface as :class:`drivers.errors.LinkLost` (port gone) or
:class:`drivers.errors.RadioError` (port cannot drive control lines, e.g. errno 25 ENOTTY
on a pseudo-terminal, TESTBED.md).
"""

from __future__ import annotations

import enum
import errno
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import serial

from drivers.errors import LinkLost, RadioError

LOG = logging.getLogger(__name__)

LINES = ("RTS", "DTR")


class PttState(enum.Enum):
    RELEASED = "released"
    KEYED = "keyed"
    TIMED_OUT = "timed_out"
    ERROR = "error"
    CLOSED = "closed"


@dataclass(frozen=True, slots=True)
class PttChange:
    """Sent to the listener on every state change. ``deadline`` is on the injected clock."""
    state: PttState
    keyed_at: float | None = None
    deadline: float | None = None
    reason: str = ""


class PttTimedOut(RadioError):
    """Keying refused: the transmit time-out fired; release PTT before keying again."""


class SerialLinePtt:
    def __init__(
        self,
        url_or_port: str,
        line: str = "RTS",
        invert: bool = False,
        tx_timeout_s: float = 180.0,
        clock: Callable[[], float] = time.monotonic,
        serial_factory: Callable[..., Any] = serial.serial_for_url,
        *,
        other_line_level: bool | None = False,
        listener: Callable[[PttChange], None] | None = None,
        watchdog_period_s: float = 0.5,
    ) -> None:
        line = line.upper()
        if line not in LINES:
            raise ValueError(f"line must be one of {LINES}")
        self.port_name, self.line, self.invert = url_or_port, line, invert
        self.tx_timeout_s, self.clock = tx_timeout_s, clock
        self.listener = listener
        self._attr = line.lower()
        self._other = "dtr" if line == "RTS" else "rts"
        self._lock = threading.RLock()
        self._state = PttState.RELEASED
        self._keyed_at: float | None = None
        self._stop = threading.Event()
        try:
            port = serial_factory(url_or_port, do_not_open=True)
            setattr(port, self._attr, self._level(False))  # idle BEFORE open: never keyed
            if other_line_level is not None:
                setattr(port, self._other, other_line_level)
            port.open()
        except (serial.SerialException, OSError, ValueError) as exc:
            raise _port_error(f"cannot open PTT port {url_or_port}", exc) from exc
        self._port = port
        self._watchdog = threading.Thread(target=self._watch, args=(watchdog_period_s,),
                                          name=f"ptt-watchdog[{url_or_port}]", daemon=True)
        self._watchdog.start()

    # --- public API --------------------------------------------------------------------------

    @property
    def state(self) -> PttState:
        return self._state

    @property
    def is_keyed(self) -> bool:
        return self._state is PttState.KEYED

    def remaining_s(self) -> float | None:
        """Seconds until the TOT releases, or None when not keyed."""
        with self._lock:
            if self._state is not PttState.KEYED or self._keyed_at is None:
                return None
            return max(0.0, self._keyed_at + self.tx_timeout_s - self.clock())

    def set_tx(self, on: bool) -> None:
        """Key (True) or release (False). Idempotent; releasing always rewrites the line."""
        with self._lock:
            if self._state is PttState.CLOSED:
                if on:
                    raise RadioError(f"PTT port {self.port_name} is closed")
                return
            if not on:
                self._write_line(False)
                change = self._enter(PttState.RELEASED, "released")
            elif self._state is PttState.KEYED:
                return
            elif self._state is PttState.TIMED_OUT:
                raise PttTimedOut("transmit time-out: release PTT before keying again")
            else:
                self._write_line(True)
                self._keyed_at = self.clock()
                change = self._enter(PttState.KEYED, "keyed")
        self._fire(change)

    @contextmanager
    def keyed(self) -> Iterator[SerialLinePtt]:
        """Key for the duration of the block; released on any exit, also on exceptions."""
        self.set_tx(True)
        try:
            yield self
        finally:
            self.set_tx(False)

    def check_timeout(self) -> bool:
        """Release if keyed for ``tx_timeout_s`` or longer (by ``clock``); True if it fired."""
        with self._lock:
            if self._state is not PttState.KEYED or self._keyed_at is None:
                return False
            if self.clock() - self._keyed_at < self.tx_timeout_s:
                return False
            LOG.warning("PTT %s keyed for %.0f s: transmit time-out, releasing",
                        self.port_name, self.clock() - self._keyed_at)
            try:
                self._write_line(False)
                change = self._enter(PttState.TIMED_OUT, "transmit time-out")
            except RadioError:
                change = PttChange(self._state, reason="release after time-out failed")
        self._fire(change)
        return True

    def on_link_lost(self, reason: str = "link lost") -> None:
        """The radio or port went away: release (best effort) and report it."""
        with self._lock:
            if self._state is PttState.CLOSED:
                return
            try:
                self._write_line(False)
                change = self._enter(PttState.RELEASED, reason)
            except RadioError:
                change = self._enter(PttState.ERROR, reason)
        self._fire(change)

    def close(self) -> None:
        """Release, stop the watchdog, close the port. Idempotent; never raises."""
        self._stop.set()
        with self._lock:
            if self._state is PttState.CLOSED:
                return
            try:
                self._write_line(False)
            except RadioError:
                LOG.warning("PTT %s: release on close failed", self.port_name)
            try:
                self._port.close()
            except (serial.SerialException, OSError):
                LOG.debug("PTT %s: close failed", self.port_name, exc_info=True)
            change = self._enter(PttState.CLOSED, "closed")
        if self._watchdog is not threading.current_thread():
            self._watchdog.join(timeout=2)
        self._fire(change)

    def __enter__(self) -> SerialLinePtt:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- internals ----------------------------------------------------------------------------

    def _level(self, keyed: bool) -> bool:
        return keyed != self.invert  # electrical level: inverted interfaces key on low

    def _write_line(self, keyed: bool) -> None:
        try:
            setattr(self._port, self._attr, self._level(keyed))
        except (serial.SerialException, OSError, ValueError) as exc:
            if keyed:  # never leave a half-keyed line behind: try to drop it, then report
                try:
                    setattr(self._port, self._attr, self._level(False))
                except (serial.SerialException, OSError, ValueError):
                    pass
            error = _port_error(f"PTT {self.line} on {self.port_name} failed", exc)
            self._state, self._keyed_at = PttState.ERROR, None
            self._fire(PttChange(PttState.ERROR, reason=str(error)))
            raise error from exc

    def _enter(self, state: PttState, reason: str) -> PttChange:
        if state is not PttState.KEYED:
            self._keyed_at = None
        self._state = state
        deadline = None if self._keyed_at is None else self._keyed_at + self.tx_timeout_s
        return PttChange(state, self._keyed_at, deadline, reason)

    def _fire(self, change: PttChange) -> None:
        LOG.debug("PTT %s: %s (%s)", self.port_name, change.state.value, change.reason)
        if self.listener is None:
            return
        try:
            self.listener(change)
        except Exception:
            LOG.exception("PTT listener failed")

    def _watch(self, period_s: float) -> None:
        while not self._stop.wait(period_s):
            try:
                self.check_timeout()
            except Exception:
                LOG.exception("PTT watchdog check failed")


def _port_error(what: str, exc: BaseException) -> RadioError:
    """ENOTTY/EINVAL: the port cannot drive modem lines (config error); else: link lost."""
    if isinstance(exc, OSError) and exc.errno in (errno.ENOTTY, errno.EINVAL):
        return RadioError(f"{what}: this port has no RTS/DTR control ({exc})")
    return LinkLost(f"{what}: {exc}")
