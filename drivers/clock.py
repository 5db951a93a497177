"""The one clock: every session, radio, PTT line, the desk, the journal and the UI take one.

``SystemClock`` reads the machine; ``FakeClock`` is moved by hand, so time-outs, resync and
escalation are tested without waiting and without wall-clock bounds. This module has no
dependencies: the console's journal and projections may import it (pyproject.toml).

Two time lines, as everywhere on Linux: ``monotonic()`` (seconds, for durations and
deadlines; never jumps) and ``wall_ms()`` (milliseconds since the epoch, for what is shown
and journaled; may step back when NTP corrects the machine).
"""

from __future__ import annotations

import heapq
import itertools
import threading
import time
from collections.abc import Callable
from typing import Any, Protocol


def wall_ms() -> int:
    """Milliseconds since the epoch from the machine's clock (the one definition)."""
    return time.time_ns() // 1_000_000


class Cancellable(Protocol):
    def cancel(self) -> None: ...


class Clock(Protocol):
    def monotonic(self) -> float: ...

    def wall_ms(self) -> int: ...

    def wait(self, event: threading.Event, timeout: float | None) -> bool:
        """Wait until ``event`` is set or ``timeout`` seconds of this clock passed;
        True when the event was set."""

    def wait_for(self, condition: threading.Condition, predicate: Callable[[], Any],
                 timeout: float | None) -> Any:
        """``condition.wait_for`` on this clock: the caller holds ``condition``; returns the
        last value of ``predicate`` (falsy when the time ran out)."""

    def call_later(self, delay_s: float, fn: Callable[[], None]) -> Cancellable:
        """Run ``fn`` once, ``delay_s`` seconds from now, on a thread of the clock's own."""


class SystemClock:
    def monotonic(self) -> float:
        return time.monotonic()

    def wall_ms(self) -> int:
        return wall_ms()

    def wait(self, event: threading.Event, timeout: float | None) -> bool:
        return event.wait(timeout)

    def wait_for(self, condition: threading.Condition, predicate: Callable[[], Any],
                 timeout: float | None) -> Any:
        return condition.wait_for(predicate, timeout)

    def call_later(self, delay_s: float, fn: Callable[[], None]) -> Cancellable:
        timer = threading.Timer(delay_s, fn)
        timer.daemon = True
        timer.start()
        return timer


SYSTEM_CLOCK = SystemClock()


class _Call:
    __slots__ = ("due", "fn", "cancelled")

    def __init__(self, due: float, fn: Callable[[], None]):
        self.due, self.fn, self.cancelled = due, fn, False

    def cancel(self) -> None:
        self.cancelled = True


class FakeClock:
    """Time moves only with :meth:`advance`; waiting threads and due calls follow it.

    ``wait`` blocks the caller (a driver thread) until the event is set or the fake time
    passed the deadline; calls scheduled with ``call_later`` run in the thread that
    advances, in due order, so a test knows they ran when ``advance`` returns.
    """

    def __init__(self, start_s: float = 1000.0, wall_start_ms: int = 1_767_222_000_000):
        self._now = start_s
        self._wall_offset_ms = wall_start_ms - int(start_s * 1000)
        self._cond = threading.Condition()
        self._calls: list[tuple[float, int, _Call]] = []
        self._order = itertools.count()
        self.waiters = 0  # threads blocked in wait() or wait_for(): tests wait for them

    def monotonic(self) -> float:
        with self._cond:
            return self._now

    def wall_ms(self) -> int:
        with self._cond:
            return int(self._now * 1000) + self._wall_offset_ms

    def set_wall_ms(self, ms: int) -> None:
        """Step the wall clock (NTP correction, a wrongly set machine); monotonic stays."""
        with self._cond:
            self._wall_offset_ms = ms - int(self._now * 1000)

    def wait(self, event: threading.Event, timeout: float | None) -> bool:
        with self._cond:
            deadline = None if timeout is None else self._now + timeout
            self._waiting(+1)
            try:
                while not event.is_set() and (deadline is None or self._now < deadline):
                    # A short real wait: an event set by another thread has no hook into
                    # this condition, so it is re-checked now and then.
                    self._cond.wait(0.01)
            finally:
                self._waiting(-1)
            return event.is_set()

    def wait_for(self, condition: threading.Condition, predicate: Callable[[], Any],
                 timeout: float | None) -> Any:
        deadline = None if timeout is None else self.monotonic() + timeout
        with self._cond:
            self._waiting(+1)
        try:
            while not (result := predicate()):
                if deadline is not None and self.monotonic() >= deadline:
                    return result
                condition.wait(0.01)  # notified by the caller's side, or re-checked
            return result
        finally:
            with self._cond:
                self._waiting(-1)

    def wait_for_waiters(self, count: int, timeout: float = 5.0) -> bool:
        """For tests: block (real time) until ``count`` threads wait on this clock, so an
        ``advance`` cannot slip in before the wait it should end has begun."""
        with self._cond:
            return self._cond.wait_for(lambda: self.waiters >= count, timeout)

    def _waiting(self, delta: int) -> None:
        """Caller holds _cond."""
        self.waiters += delta
        self._cond.notify_all()

    def call_later(self, delay_s: float, fn: Callable[[], None]) -> Cancellable:
        call = _Call(self.monotonic() + delay_s, fn)
        with self._cond:
            heapq.heappush(self._calls, (call.due, next(self._order), call))
        return call

    def advance(self, seconds: float) -> None:
        """Move time on; run every call that fell due, in order, in this thread."""
        with self._cond:
            target = self._now + seconds
        while True:
            with self._cond:
                if not self._calls or self._calls[0][0] > target:
                    self._now = max(self._now, target)
                    self._cond.notify_all()
                    return
                due, _, call = heapq.heappop(self._calls)
                self._now = max(self._now, due)
                self._cond.notify_all()
            if not call.cancelled:
                call.fn()
