"""Driving a PEI session or radio on a drivers.clock.FakeClock: time-outs come from
``advance()``, never from the wall clock, so a test asserts the fake seconds that passed.

Bytes on a pseudo-terminal still take real time to cross; for those the helpers wait on a
condition (with a generous bound that only a broken build reaches), never on elapsed time.
"""

from __future__ import annotations

import itertools
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

from drivers import events as ev
from drivers.clock import FakeClock

FakePeer = Collector = Any  # tests/drivers/test_session.py (which imports this module)

_markers = itertools.count(100)
SLICE_S = 0.02  # real seconds per look while waiting on something without a notification


def through_io_thread(peer: FakePeer, sink: Collector, rounds: int = 2) -> None:
    """Pass unsolicited lines through the session's I/O thread, one after the other. When the
    second is published, the thread has run a whole loop, and with it its time-out check,
    after this call began: a clock advanced before it has been seen."""
    for _ in range(rounds):
        marker = next(_markers)
        peer.send(f"\r\n+CTOM: {marker}\r\n".encode())
        with sink.cond:
            assert sink.cond.wait_for(lambda m=marker: any(
                isinstance(e, ev.OperatingMode) and e.value == m for e in sink.events), 5)


def answered_or_timed_out(clock: FakeClock, future: Future, timeout_s: float) -> float:
    """Let the radio answer (that takes real time); if it leaves the command unfinished,
    let ``timeout_s`` pass on the fake clock. Returns the fake seconds that passed."""
    start = clock.monotonic()
    try:
        future.exception(timeout=0.5)
    except FutureTimeout:
        clock.advance(timeout_s)
    future.exception(timeout=5)  # finished now, one way or the other
    return clock.monotonic() - start


def silent_radio(clock: FakeClock, peer: FakePeer, until, step_s: float, *, seen: int,
                 limit: int = 20) -> float:
    """The radio answers nothing: each command it receives after the first ``seen`` times
    out after ``step_s`` of the fake clock, until ``until()``. The clock moves only once the
    next command is on the wire, so the fake time is the driver's own schedule. Take
    ``seen = len(peer.items())`` BEFORE what sends the first command. Returns the fake
    seconds passed."""
    start = clock.monotonic()
    for _ in range(limit):
        if not _wait(peer, lambda n=seen: until() or len(peer.received) > n):
            raise AssertionError(f"neither done nor another command; radio got {peer.items()}")
        if until():
            return clock.monotonic() - start
        seen = len(peer.items())
        clock.advance(step_s)
    raise AssertionError(f"still not done after {limit} commands: {peer.items()}")


def _wait(peer: FakePeer, predicate, timeout_s: float = 5.0) -> bool:
    for _ in range(int(timeout_s / SLICE_S)):
        with peer.cond:
            if peer.cond.wait_for(predicate, SLICE_S):
                return True
    return False
