"""SimRadio: a TETRA PEI radio behind a pseudo-terminal, for tests, demos and drills.

The driver opens ``sim.device`` (a stable symlink, see :mod:`drivers.sim.pty_port`) with
pyserial like a real radio. One background thread per radio polls the pty master and a
wake pipe (``poll``, not ``select``: a fleet of hundreds has descriptor numbers above
1024); it parses commands (:mod:`drivers.sim.commands`), writes answers and runs timed
follow-ups (a queued floor grant, ``+CMGS: n,4,mr``, delivery reports) from a small
scheduler on the injected clock (drivers/clock.py; a FakeClock's ``advance`` wakes the radio
thread when something falls due), so nothing here sleeps or polls. Tests and the fleet
inject traffic "on cue" through the thread-safe emitters (:mod:`drivers.sim.emitters`).

What pyserial does when the radio is unplugged (measured, pyserial 3.5, Linux, master fd
closed while the driver holds the slave open): ``read()`` raises ``serial.SerialException``
("device reports readiness to read but returned no data ..."), also a read already blocked
in another thread; ``write()`` raises ``serial.SerialException`` ("write failed: [Errno 5]
Input/output error"); ``in_waiting`` raises a plain ``OSError`` (EIO). SerialException is an
OSError subclass, so catching OSError covers all three. The symlink disappears on unplug
(like /dev/serial/by-id) and comes back, pointing at a new /dev/pts/N, on :meth:`replug`.
Control lines: RTS/DTR ioctls raise ``OSError`` errno 25 on a pty (TESTBED.md), so the
driver must not touch them on a sim port.

``transcript`` records ``("rx", bytes)`` for what the radio received and ``("tx", bytes)``
for what it sent (radio's point of view).
"""

from __future__ import annotations

import heapq
import itertools
import logging
import math
import os
import select
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from drivers.clock import SYSTEM_CLOCK, Cancellable, Clock
from drivers.sim.at_input import AtInput, Line, UserData, UserDataAborted
from drivers.sim.commands import CommandsMixin, SimCall
from drivers.sim.emitters import EmittersMixin
from drivers.sim.pei_lines import TSI_PREFIX, line
from drivers.sim.pty_port import PtyPair, point_link, remove_link

LOG = logging.getLogger(__name__)

FAMILIES = ("motorola", "sepura")
FLOOR_POLICIES = ("grant", "queue", "refuse")
MAX_PENDING_OUTPUT = 1 << 20  # bytes kept for a driver that does not read; then dropped
_MAX_POLL_MS = 2**31 - 1  # poll()'s timeout is a C int


@dataclass
class Timing:
    """Delays of the radio's follow-up results, in seconds of the radio's clock."""
    queue_grant_s: float = 0.2  # "queue" policy: +CTXG ...,2 then the grant after this
    sds_sent_s: float = 0.02  # +CMGS: n  OK ... then +CMGS: n,4,mr after this
    delivery_report_s: float = 0.05  # then the SDS-REPORT from the target (deliver=True)
    cmgs_user_data_s: float = 5.0  # no Ctrl-Z within this -> +CME ERROR: 37
    call_setup_s: float = 0.0  # ATD ... OK, then +CTOCP/+CTCC after this


@dataclass
class _Scheduled:
    due: float
    seq: int
    fn: Callable[[], None] = field(compare=False)
    generation: int = field(compare=False, default=0)
    wake: Cancellable | None = field(compare=False, default=None)

    def __lt__(self, other: _Scheduled) -> bool:
        return (self.due, self.seq) < (other.due, other.seq)


class SimRadio(CommandsMixin, EmittersMixin):
    """A simulated PEI radio. Start it with :meth:`start` (or use it as a context manager)."""

    def __init__(
        self,
        issi: str,
        link_dir: str | os.PathLike[str],
        *,
        tsi: str | None = None,
        family: str = "motorola",
        talkgroups: list[tuple[str, str]] | None = None,
        gssi: str | None = None,
        echo: bool = True,
        floor_policy: str = "grant",
        deliver: bool = True,
        garbage_at_start: bool = False,
        rssi: int = 20,
        battery_percent: int = 80,
        timing: Timing | None = None,
        name: str | None = None,
        clock: Clock = SYSTEM_CLOCK,
    ) -> None:
        if family not in FAMILIES:
            raise ValueError(f"family must be one of {FAMILIES}")
        if floor_policy not in FLOOR_POLICIES:
            raise ValueError(f"floor_policy must be one of {FLOOR_POLICIES}")
        self.issi = str(int(issi))
        self.tsi = tsi or TSI_PREFIX + self.issi.zfill(8)
        self.family = family
        self.talkgroups = list(talkgroups or [("1000001", "SIM-TG-1"), ("1000002", "SIM-TG-2")])
        self.talkgroup = gssi or self.talkgroups[0][0]
        self.echo_at_power_up = echo
        self.floor_policy = floor_policy
        self.deliver = deliver
        self.garbage_at_start = garbage_at_start
        self.rssi = rssi
        self.battery_percent = battery_percent
        self.timing = timing or Timing()
        self.clock = clock
        self.device = os.path.join(os.fspath(link_dir), name or f"radio-{self.issi}")
        self.log = logging.getLogger(f"{__name__}[{self.issi}]")

        self.transcript: list[tuple[str, bytes]] = []
        self.commands_received: list[str] = []
        self.sds_sent: list[tuple[str, int, str]] = []  # (called id, bits, hex) via AT+CMGS
        self.cond = threading.Condition(threading.RLock())
        self._lock = self.cond  # one lock for state, output and scheduler

        self._pty: PtyPair | None = None
        self._out = bytearray()
        self._timers: list[_Scheduled] = []
        self._seq = itertools.count()
        self._generation = 0  # bumps on unplug/replug: timers of an old link are dropped
        self._wake_r, self._wake_w = os.pipe()
        os.set_blocking(self._wake_r, False)
        self._stop = False
        self._thread: threading.Thread | None = None
        self._cc_numbers = itertools.count(1)
        self._power_up()

    # --- lifecycle ------------------------------------------------------------------------

    def start(self) -> SimRadio:
        with self._lock:
            self._plug()
        self._thread = threading.Thread(target=self._run, name=f"sim-radio-{self.issi}",
                                        daemon=True)
        self._thread.start()
        return self

    def __enter__(self) -> SimRadio:
        return self.start() if self._thread is None else self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the thread, close the pty and remove the symlink. Idempotent."""
        with self._lock:
            self._stop = True
        self._wake()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=5)
        with self._lock:
            self._unplug_now()
            for fd in (self._wake_r, self._wake_w):
                try:
                    os.close(fd)
                except OSError:
                    pass
            self._wake_r = self._wake_w = -1

    @property
    def plugged(self) -> bool:
        return self._pty is not None

    @property
    def slave_path(self) -> str | None:
        """The current /dev/pts/N (changes on every replug; use :attr:`device`)."""
        pty = self._pty
        return pty.slave_path if pty else None

    def unplug(self) -> None:
        """Pull the cable: close the master side. The driver's next read/write fails."""
        with self._lock:
            self._unplug_now()
        self._wake()

    def replug(self) -> None:
        """Plug in again: new pty pair, symlink re-pointed, power-up state.

        Echo is on again, CTSP registrations and calls are forgotten (the radio rebooted or
        re-enumerated); the selected talkgroup is kept, as radios store it.
        """
        with self._lock:
            self._unplug_now()
            self._power_up()
            self._plug()
        self._wake()

    def _power_up(self, *, keep_input: bool = False) -> None:
        self.echo = self.echo_at_power_up
        self.ctsp: list[tuple[int, ...]] = []
        self.ctom = 0
        self.ctsds: tuple[int, ...] = (12, 0)
        self.ctsdc: tuple[str, ...] = ()
        self.calls: dict[int, SimCall] = {}
        self._cmgs: tuple[str, int, object] | None = None
        self._sds_instance = itertools.count(0)
        if not keep_input:  # ATZ must not lose the commands behind it in the same read
            self._input = AtInput(b"\x00" if self.garbage_at_start else b"")

    def _plug(self) -> None:
        os.makedirs(os.path.dirname(self.device), exist_ok=True)
        self._pty = PtyPair.open()
        point_link(self.device, self._pty.slave_path)
        self.log.debug("plugged in at %s -> %s", self.device, self._pty.slave_path)

    def _unplug_now(self) -> None:
        self._generation += 1
        for item in self._timers:
            if item.wake is not None:
                item.wake.cancel()
        self._timers.clear()
        self._out.clear()
        remove_link(self.device)
        if self._pty is not None:
            self._pty.close()
            self.log.debug("unplugged %s", self._pty.slave_path)
            self._pty = None

    # --- output -----------------------------------------------------------------------------

    def _write(self, data: bytes) -> None:
        """Queue bytes for the driver (non-blocking); the thread flushes what remains."""
        with self._lock:
            if self._pty is None:
                self.log.debug("unplugged, dropped %r", data)
                return
            self.transcript.append(("tx", data))
            if len(self._out) + len(data) > MAX_PENDING_OUTPUT:
                self.log.warning("driver is not reading; dropped %d bytes", len(data))
                return
            self._out += data
            self._flush()
        self._wake()

    def _flush(self) -> None:
        if self._pty is None or not self._out:
            return
        try:
            n = os.write(self._pty.master_fd, self._out)
        except BlockingIOError:
            return
        except OSError as exc:
            self.log.warning("write to pty failed: %s", exc)
            self._out.clear()
            return
        del self._out[:n]

    def _send_line(self, text: str) -> None:
        self._write(line(text))

    # --- scheduler ----------------------------------------------------------------------------

    def _later(self, delay_s: float, fn: Callable[[], None]) -> None:
        """Run ``fn`` on the radio thread after ``delay_s`` unless the link changes first."""
        with self._lock:
            item = _Scheduled(self.clock.monotonic() + delay_s, next(self._seq), fn,
                              self._generation)
            if delay_s > 0:  # the clock wakes the radio thread when it falls due
                item.wake = self.clock.call_later(delay_s, self._wake)
            heapq.heappush(self._timers, item)
        self._wake()

    def _wake(self) -> None:
        try:
            os.write(self._wake_w, b"!")
        except (BlockingIOError, OSError):
            pass  # already woken, or closed

    def _run(self) -> None:
        poller = select.poll()
        poller.register(self._wake_r, select.POLLIN)
        watched: int | None = None  # the master fd registered with the poller
        while True:
            with self._lock:
                if self._stop:
                    return
                self._run_due_timers()
                timeout = None
                if self._timers:
                    # the clock's wake-up ends this early (a FakeClock's advance)
                    timeout = max(0.0, self._timers[0].due - self.clock.monotonic())
                master = self._pty.master_fd if self._pty else None
                want_write = bool(self._out)
            if watched is not None and watched != master:
                poller.unregister(watched)
            watched = master
            if master is not None:  # registering again changes the mask
                poller.register(master, select.POLLIN | (select.POLLOUT if want_write else 0))
            try:
                events = poller.poll(None if timeout is None
                                     else min(math.ceil(timeout * 1000), _MAX_POLL_MS))
            except OSError:
                continue
            # POLLHUP/POLLERR count as readable, as select() has them; POLLNVAL (closed
            # under us by unplug()) is dropped below when the state is read again.
            readable = {fd for fd, mask in events if mask & ~select.POLLOUT}
            if self._wake_r in readable:
                try:
                    os.read(self._wake_r, 4096)
                except OSError:
                    pass
            with self._lock:
                if self._pty is None or self._pty.master_fd != master:
                    continue
                self._flush()
                if master in readable:
                    self._read_master(master)

    def _run_due_timers(self) -> None:
        now = self.clock.monotonic()
        while self._timers and self._timers[0].due <= now:
            item = heapq.heappop(self._timers)
            if item.generation != self._generation:
                continue
            try:
                item.fn()
            except Exception:
                self.log.exception("scheduled action failed")

    def _read_master(self, fd: int) -> None:
        try:
            data = os.read(fd, 4096)
        except BlockingIOError:
            return
        except OSError as exc:
            self.log.debug("pty read failed: %s", exc)
            return
        if not data:
            return
        self.transcript.append(("rx", data))
        self._input.feed(data)
        while (item := self._input.pop()) is not None:
            try:
                if isinstance(item, Line):
                    self._on_line(item)
                elif isinstance(item, UserData):
                    self._on_user_data(item.text)
                elif isinstance(item, UserDataAborted):
                    self._on_user_data_aborted()
            except Exception:  # a simulator bug: answer it, keep the radio running
                self.log.exception("simulated radio failed on %r", item)
                self._send_line("+CME ERROR: 35")

    # --- test helpers ---------------------------------------------------------------------------

    def wait_for_command(self, prefix: str, timeout: float = 5.0, *, after: int = 0) -> str:
        """Block until a received command (index >= ``after``) starts with ``prefix``.

        Case-insensitive. Returns the command; raises TimeoutError. Uses the radio's
        Condition, so tests never sleep.
        """
        want = prefix.upper()

        def found() -> str | None:
            for cmd in self.commands_received[after:]:
                if cmd.upper().startswith(want):
                    return cmd
            return None

        with self.cond:
            if not self.cond.wait_for(lambda: found() is not None, timeout):
                raise TimeoutError(f"radio {self.issi}: no command {prefix!r} within {timeout}s")
            return found()  # type: ignore[return-value]

    def sent_bytes(self) -> bytes:
        """Everything the radio has sent so far, concatenated."""
        with self._lock:
            return b"".join(data for direction, data in self.transcript if direction == "tx")

    def _next_cc(self) -> int:
        return next(self._cc_numbers)

    def _notify(self) -> None:
        self.cond.notify_all()
