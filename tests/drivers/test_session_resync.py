"""Session robustness: a final result that arrives after its command timed out, and when a
command's timeout starts (at its write, not its submission).

PEI.md §2: one command in flight, unsolicited lines interleave, and the radio answers in
order; a late ``OK`` must not complete the next command. Scripted peer on a real pty
(tests/drivers/test_session.py); no sleeps, only deadline-bounded waits; bounds on time are
asserted on a FakeClock (tests/drivers/fake_time.py).
"""

from __future__ import annotations

from concurrent.futures import TimeoutError as FutureTimeout

import pytest
import serial

from drivers import events as ev
from drivers.clock import FakeClock
from drivers.errors import CommandRejected, LinkLost, NoResponse
from drivers.pei.session import Session
from tests.drivers.fake_time import silent_radio, through_io_thread
from tests.drivers.test_session import Collector, FakePeer, reply

OK = reply("OK")
CSQ = reply("+CSQ: 20,99", "OK")
CBC = reply("+CBC: 0,80", "OK")


@pytest.fixture
def make_session():
    made: list[tuple[Session, FakePeer]] = []

    def make(script=None, default=OK, timeout: float = 0.3, **kwargs):
        peer = FakePeer(script, default)
        ser = serial.serial_for_url(peer.path, do_not_open=True)
        ser.timeout = 0.05
        ser.open()
        sink, errors = Collector(), []
        session = Session(ser, name=peer.path, on_event=sink, command_timeout=timeout,
                          on_link_error=errors.append, **kwargs)
        session.start()
        made.append((session, peer))
        return session, peer, sink, errors

    yield make
    for session, peer in made:
        session.close()
        peer.close()


def held_back(late: bytes, answers: dict[str, bytes | None]):
    """Peer answer: ``late`` (a timed-out command's result) goes out just before the answer
    to the NEXT command written, i.e. after that command has left the PC."""
    pending = [late]

    def answer(item: str) -> bytes:
        own = answers.get(item, OK)
        if own is None:  # the command that times out
            return b""
        return (pending.pop() if pending else b"") + own

    return answer


# --- 1. late final result after a timeout --------------------------------------------------

def test_late_ok_does_not_complete_the_next_command(make_session):
    answers = {"AT+SLOW": None, "AT+CSQ?": CSQ, "AT+NEXT": reply("+CME ERROR: 4")}
    session, peer, _, _ = make_session(default=held_back(OK, answers))
    with pytest.raises(NoResponse):
        session.command("AT+SLOW", timeout=0.2)
    with pytest.raises(CommandRejected) as info:
        session.command("AT+NEXT")  # its own answer is the rejection, not the late OK
    assert info.value.code == 4
    assert session.command("AT+CSQ?").first(ev.Signal).dbm == -73  # still paired
    assert peer.items()[:3] == ["AT+SLOW", "AT+CSQ?", "AT+NEXT"]  # resync probe between


def test_resync_probe_differs_from_the_command_that_timed_out(make_session):
    # The poll AT+CSQ? times out and its answer comes late: the probe must not be AT+CSQ?
    # too, or the late +CSQ would pass for the probe's answer.
    answers = {"AT+CSQ?": CSQ, "AT+CBC?": CBC, "AT+NEXT": reply("ERROR")}
    late, seen = held_back(CSQ, answers), []

    def answer(item: str) -> bytes:
        seen.append(item)
        return b"" if seen == ["AT+CSQ?"] else late(item)  # the first poll: no answer yet

    session, peer, _, _ = make_session(default=answer)
    with pytest.raises(NoResponse):
        session.command("AT+CSQ?", timeout=0.2)
    with pytest.raises(CommandRejected):
        session.command("AT+NEXT")
    assert peer.items() == ["AT+CSQ?", "AT+CBC?", "AT+NEXT"]


def test_rejected_probe_is_retried_with_another(make_session):
    # The timed-out command's result never comes; the radio rejects AT+CSQ? (its rejection
    # could be that late result), so the next probe decides.
    script = {"AT+SLOW": None, "AT+CSQ?": reply("+CME ERROR: 4"), "AT+CBC?": CBC,
              "AT+NEXT": reply("+CME ERROR: 5")}
    session, peer, _, _ = make_session(script, timeout=0.2)
    with pytest.raises(NoResponse):
        session.command("AT+SLOW")
    with pytest.raises(CommandRejected) as info:
        session.command("AT+NEXT")
    assert info.value.code == 5
    assert peer.items() == ["AT+SLOW", "AT+CSQ?", "AT+CBC?", "AT+NEXT"]


def test_late_result_while_idle_needs_no_probe(make_session):
    session, peer, sink, _ = make_session({"AT+SLOW": None})
    with pytest.raises(NoResponse):
        session.command("AT+SLOW", timeout=0.2)
    peer.send(OK + reply("+CTOM: 1"))  # the late OK, then a marker we can wait for
    assert sink.wait_for(ev.OperatingMode)
    assert session.command("AT+NEXT").command == "AT+NEXT"
    assert peer.items() == ["AT+SLOW", "AT+NEXT"]


def test_silent_radio_during_resync_is_a_lost_link(make_session):
    clock = FakeClock()
    session, peer, _, errors = make_session(default=None, timeout=0.2, clock=clock)
    first = session.submit("AT+X")
    silent_radio(clock, peer, until=first.done, step_s=0.2, seen=0)
    with pytest.raises(NoResponse):
        first.result()
    seen = len(peer.items())
    second = session.submit("AT+Y")
    elapsed = silent_radio(clock, peer, until=second.done, step_s=0.2, seen=seen)
    with pytest.raises(LinkLost):
        second.result()
    assert elapsed < 1.0  # resync bound: 2 x 0.2 s, plus slack
    assert session.dead.wait(2) and errors and "no answer" in errors[0]
    assert "AT+Y" not in peer.items()
    assert peer.items() == ["AT+X", "AT+CSQ?", "AT+CBC?"]


# --- 2. timeouts count from the write --------------------------------------------------------

def test_queued_command_timeout_counts_from_its_write(make_session):
    session, peer, _, _ = make_session({"AT+A": None, "AT+B": CBC}, timeout=2.0)
    first = session.submit("AT+A")
    assert peer.wait_for("AT+A")
    second = session.submit("AT+B", timeout=0.2)
    with pytest.raises(FutureTimeout):
        second.result(timeout=0.5)  # longer than its timeout in the queue: not expired
    assert "AT+B" not in peer.items()
    peer.send(OK)
    first.result(timeout=2)
    assert second.result(timeout=2).first(ev.Battery).percent == 80


def test_blocking_caller_waits_behind_a_slow_command(make_session):
    session, peer, _, _ = make_session({"AT+A": None, "AT+CSQ?": CSQ}, timeout=0.5)
    first = session.submit("AT+A")
    assert peer.wait_for("AT+A")
    assert session.command("AT+B", timeout=0.2).command == "AT+B"
    with pytest.raises(NoResponse):
        first.result(timeout=1)
    assert peer.items() == ["AT+A", "AT+CSQ?", "AT+B"]


def test_queue_wait_is_bounded(make_session):
    clock = FakeClock()
    session, peer, sink, _ = make_session({"AT+A": None}, timeout=0.2, queue_timeout=0.3,
                                          clock=clock)
    session.submit("AT+A", timeout=5.0)
    assert peer.wait_for("AT+A")
    queued = session.submit("AT+B")
    clock.advance(0.25)
    through_io_thread(peer, sink)  # the I/O thread has looked at the clock since
    assert not queued.done()  # 0.25 s in the queue: still waiting
    clock.advance(0.05)
    with pytest.raises(NoResponse, match="queue"):
        queued.result(timeout=5)
    assert "AT+B" not in peer.items()
