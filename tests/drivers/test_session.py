"""Session against a scripted peer on a real pseudo-terminal (os.openpty).

The peer is deliberately dumb: it answers each received command line from a script, so
every test states exactly what the "radio" says. No sleeps: waits are deadline-bounded
Event/Condition waits, and time-outs are asserted on a FakeClock (tests/drivers/fake_time.py).
"""

from __future__ import annotations

import os
import select
import threading
from collections.abc import Callable

import pytest
import serial

from drivers import events as ev
from drivers.clock import SYSTEM_CLOCK, FakeClock
from drivers.errors import CommandRejected, LinkLost, NoResponse, RadioError
from drivers.pei import commands
from drivers.pei.cme import cme_meaning
from drivers.pei.session import Session
from tests.drivers.fake_time import answered_or_timed_out, silent_radio, through_io_thread

Answer = bytes | Callable[[str], bytes | None] | None


def reply(*lines: str) -> bytes:
    """V.250 verbose framing: CR LF text CR LF per item (PEI.md §2)."""
    return b"".join(b"\r\n" + text.encode("latin-1") + b"\r\n" for text in lines)


class FakePeer:
    """A scripted radio on the master side of a pty; ``path`` is the slave device.

    ``script`` maps a command line (exact, or a prefix ending in "*") to bytes to send back,
    or None for silence. Unknown commands get ``default``. AT+CMGS user data (up to Ctrl-Z)
    is recorded as its own item.
    """

    def __init__(self, script: dict[str, Answer] | None = None, default: Answer = b"") -> None:
        self.script = dict(script or {})
        self.default = default
        self.master, slave = os.openpty()
        self.path = os.ttyname(slave)
        self._slave = slave  # held until the driver opened it, so the pty stays alive
        self.received: list[tuple[str, int]] = []  # (item, bytes written before it)
        self.written = 0
        self.cond = threading.Condition()
        self._stop_r, self._stop_w = os.pipe()
        self._buf = b""
        self._thread = threading.Thread(target=self._run, daemon=True, name="fake-peer")
        self._thread.start()

    def send(self, data: bytes) -> None:
        with self.cond:
            os.write(self.master, data)
            self.written += 1

    def wait_for(self, prefix: str, timeout: float = 2.0) -> bool:
        with self.cond:
            return self.cond.wait_for(
                lambda: any(item.startswith(prefix) for item, _ in self.received), timeout)

    def items(self) -> list[str]:
        with self.cond:
            return [item for item, _ in self.received]

    def unplug(self) -> None:
        """Pull the cable: stop answering and close the master side."""
        os.write(self._stop_w, b"x")
        self._thread.join(2)
        for fd in (self._slave, self.master):
            try:
                os.close(fd)
            except OSError:
                pass

    def close(self) -> None:
        try:
            os.write(self._stop_w, b"x")
        except OSError:
            pass
        self._thread.join(2)
        for fd in (self.master, self._slave, self._stop_r, self._stop_w):
            try:
                os.close(fd)
            except OSError:
                pass

    def _answer(self, item: str) -> Answer:
        if item in self.script:
            return self.script[item]
        for key, value in self.script.items():
            if key.endswith("*") and item.startswith(key[:-1]):
                return value
        return self.default

    def _run(self) -> None:
        while True:
            try:
                ready, _, _ = select.select([self.master, self._stop_r], [], [])
            except (OSError, ValueError):
                return
            if self._stop_r in ready:
                return
            try:
                data = os.read(self.master, 4096)
            except OSError:
                return
            self._buf += data
            while True:
                cut = min((i for i in (self._buf.find(b"\r"), self._buf.find(b"\x1a"))
                           if i >= 0), default=-1)
                if cut < 0:
                    break
                raw, self._buf = self._buf[:cut], self._buf[cut + 1:]
                item = raw.strip(b"\n").decode("latin-1")
                if not item:
                    continue
                with self.cond:
                    self.received.append((item, self.written))
                    self.cond.notify_all()
                answer = self._answer(item)
                if callable(answer):
                    answer = answer(item)
                if answer:
                    self.send(answer)


class Collector:
    def __init__(self) -> None:
        self.events: list[ev.Event] = []
        self.cond = threading.Condition()

    def __call__(self, event: ev.Event) -> None:
        with self.cond:
            self.events.append(event)
            self.cond.notify_all()

    def wait_for(self, kind: type, timeout: float = 2.0) -> bool:
        with self.cond:
            return self.cond.wait_for(
                lambda: any(isinstance(e, kind) for e in self.events), timeout)


OK = reply("OK")


@pytest.fixture
def make_session():
    made: list[tuple[Session, FakePeer]] = []

    def make(script: dict[str, Answer] | None = None, default: Answer = OK,
             timeout: float = 1.0, link_errors: list[str] | None = None,
             clock=SYSTEM_CLOCK):
        peer = FakePeer(script, default)
        ser = serial.serial_for_url(peer.path, do_not_open=True)
        ser.timeout = 0.05
        ser.open()
        sink = Collector()
        session = Session(ser, name=peer.path, on_event=sink, command_timeout=timeout,
                          on_link_error=(link_errors.append if link_errors is not None
                                         else lambda reason: None), clock=clock)
        session.start()
        made.append((session, peer))
        return session, peer, sink

    yield make
    for session, peer in made:
        session.close()
        peer.close()


def test_command_completes_on_ok_with_its_information_events(make_session):
    session, _, sink = make_session({"AT+CTGS?": reply("+CTGS: 1,1000001", "OK")})
    response = session.command(commands.ctgs_query())
    assert response.command == "AT+CTGS?"
    assert response.first(ev.Talkgroup) == ev.Talkgroup(gssi="1000001", group_type=1)
    assert sink.events == [ev.Talkgroup(gssi="1000001", group_type=1)]  # also published


def test_one_command_in_flight_and_queue_order(make_session):
    session, peer, _ = make_session({"AT+A": None})  # A is answered by hand below
    first = session.submit("AT+A", timeout=3)
    assert peer.wait_for("AT+A")
    later = [session.submit(f"AT+{name}", timeout=3) for name in "BCD"]
    # nothing else may be written while A waits for its final result
    assert not peer.wait_for("AT+B", timeout=0.2)
    peer.send(OK)
    for future in [first, *later]:
        future.result(timeout=2)
    with peer.cond:
        # each command arrived only after the previous one's OK had been written
        assert peer.received == [("AT+A", 0), ("AT+B", 1), ("AT+C", 2), ("AT+D", 3)]


def test_timeout_gives_no_response_within_the_timeout(make_session):
    # a real radio answers the resync probe AT+CSQ? with +CSQ: (PEI.md §4; session.py)
    clock = FakeClock()
    session, peer, sink = make_session({"AT+SLOW": None, "AT+CSQ?": reply("+CSQ: 20,99", "OK")},
                                       clock=clock)
    future = session.submit("AT+SLOW", timeout=0.3)
    assert peer.wait_for("AT+SLOW")
    clock.advance(0.25)
    through_io_thread(peer, sink)  # the I/O thread has looked at the clock since
    assert not future.done()  # 0.25 s after the write: still waiting
    clock.advance(0.05)
    with pytest.raises(NoResponse):
        future.result(timeout=5)
    assert session.command("AT").command == "AT"  # the session still works afterwards


def test_cme_error_is_rejected_with_code_and_meaning(make_session):
    session, _, _ = make_session({"AT+CTGS=1,99": reply("+CME ERROR: 34")})
    with pytest.raises(CommandRejected) as info:
        session.command(commands.ctgs_select("99"))
    assert (info.value.code, info.value.family) == (34, "CME")
    assert info.value.meaning == cme_meaning(34) and info.value.meaning


@pytest.mark.parametrize("answer,family,code", [
    (reply("ERROR"), None, None), (reply("+CMS ERROR: 500"), "CMS", 500)])
def test_other_final_errors_complete_the_command(make_session, answer, family, code):
    session, _, _ = make_session({"AT+X": answer})
    with pytest.raises(CommandRejected) as info:
        session.command("AT+X")
    assert (info.value.family, info.value.code) == (family, code)


def test_unsolicited_inside_a_response_is_published_and_response_completes(make_session):
    # PEI.md §2: an indication may arrive between the information lines and the OK.
    answer = reply("+CTGS: 1,1000002", "+CTXG: 1,3,0,0,1,2040123402040001", "OK")
    session, _, sink = make_session({"AT+CTGS?": answer})
    response = session.command("AT+CTGS?")
    assert response.first(ev.Talkgroup).gssi == "1000002"
    grant = next(e for e in sink.events if isinstance(e, ev.TxGrant))
    assert grant.grant == 3 and grant.talker_issi == "2040001"


def test_unsolicited_without_a_command_is_published(make_session):
    session, peer, sink = make_session()
    peer.send(reply("+CTSDSR: 13,2040001,0,2041234,0,16") + b"8002\r\n")
    assert sink.wait_for(ev.Status)
    status = next(e for e in sink.events if isinstance(e, ev.Status))
    assert (status.from_issi, status.value) == ("2040001", 0x8002)


def test_async_form_returns_a_future(make_session):
    session, _, _ = make_session({"AT+CSQ?": reply("+CSQ: 20,99", "OK")})
    future = session.submit(commands.csq())
    assert future.result(timeout=2).first(ev.Signal).dbm == -73


def test_sync_repeats_at_through_cme_35(make_session):
    answers = iter([reply("+CME ERROR: 35"), reply("+CME ERROR: 35"), OK])
    session, peer, _ = make_session({"AT": lambda item: next(answers)})
    session.sync(3.0)
    assert peer.items() == ["AT", "AT", "AT"]


def test_sync_on_silence_fails_within_its_deadline(make_session):
    # after the first AT times out the session resyncs before the next (session.py); a
    # radio silent through that is a lost link, which can come before sync's own deadline
    clock = FakeClock()
    session, peer, _ = make_session(default=None, timeout=0.2, clock=clock)
    outcome: list[BaseException] = []
    syncing = threading.Thread(target=lambda: _raised(lambda: session.sync(0.5), outcome))
    seen = len(peer.items())
    syncing.start()
    elapsed = silent_radio(clock, peer, until=lambda: bool(outcome), step_s=0.2, seen=seen)
    syncing.join(5)
    assert isinstance(outcome[0], NoResponse | LinkLost), outcome
    assert elapsed < 1.0


def _raised(fn, into: list) -> None:
    try:
        fn()
    except Exception as exc:
        into.append(exc)
    else:
        into.append(None)


def test_cmgs_sends_command_and_user_data_in_one_go_tolerating_a_prompt(make_session):
    # a "> " prompt (PEI.md §2, [U]) is tolerated; +CMGS: <instance> is the answer
    session, peer, _ = make_session({"AT+CMGS=2040001,16": b"\r\n> ",
                                     "8002": reply("+CMGS: 0", "OK")})
    line, data = commands.cmgs("2040001", "8002", 16)
    response = session.command(line, data=data)
    assert response.first(ev.SdsAccepted).sds_instance == 0
    assert peer.items() == ["AT+CMGS=2040001,16", "8002"]


GARBAGE = [
    b"\x00\xff\x13\x80\xfe\x07\x9b\x11" * 8,
    b"OKAY\r\n+CME ERR\r\n",
    b"\r\n+CTSDSR: 13,,,\r\nzz\r\n",
    b"+CME ERROR: abc\r\n",
    "\r\nÖK\r\n".encode("latin-1"),
    b"\r\nOK",  # never terminated
]


@pytest.mark.parametrize("garbage", GARBAGE, ids=range(len(GARBAGE)))
def test_garbage_answers_give_only_radio_errors_within_the_timeout(make_session, garbage):
    clock = FakeClock()
    session, peer, _ = make_session(default=garbage, timeout=0.2, clock=clock)
    future = session.submit("AT+CSQ?")
    assert peer.wait_for("AT+CSQ?")
    elapsed = answered_or_timed_out(clock, future, 0.2)
    with pytest.raises(RadioError):
        future.result()
    assert elapsed < 0.6


def test_link_error_fails_pending_commands_with_link_lost(make_session):
    errors: list[str] = []
    session, peer, _ = make_session({"AT+HOLD": None}, link_errors=errors)
    future = session.submit("AT+HOLD", timeout=5)
    assert peer.wait_for("AT+HOLD")
    peer.unplug()
    with pytest.raises(LinkLost):
        future.result(timeout=2)
    assert session.dead.wait(2) and errors
    with pytest.raises(LinkLost):
        session.command("AT")


def test_close_fails_queued_commands(make_session):
    session, peer, _ = make_session({"AT+HOLD": None})
    future = session.submit("AT+HOLD", timeout=5)
    assert peer.wait_for("AT+HOLD")
    session.close()
    with pytest.raises(LinkLost):
        future.result(timeout=2)


def test_command_on_the_io_thread_is_refused(make_session):
    results: list[BaseException] = []
    done = threading.Event()
    session, peer, _ = make_session()

    def sink(event: ev.Event) -> None:
        try:
            session.command("AT")
        except AssertionError as exc:
            results.append(exc)
        done.set()

    session._on_event = sink
    peer.send(reply("+CTOM: 1"))
    assert done.wait(2)
    assert results and "I/O thread" in str(results[0])


class _ExplodingHandler(list):
    def append(self, reason: str) -> None:
        raise RuntimeError("link error handler failed")


def test_failing_link_error_handler_still_marks_the_session_dead(make_session):
    escaped: list = []
    before = threading.excepthook
    threading.excepthook = escaped.append  # what escapes the I/O thread would land here
    try:
        session, peer, _ = make_session(link_errors=_ExplodingHandler())
        peer.unplug()
        assert session.dead.wait(2)
        session._thread.join(2)
    finally:
        threading.excepthook = before
    assert not escaped


def test_wake_tolerates_a_port_closed_under_it(make_session):
    session, _, _ = make_session()

    def closed_meanwhile() -> None:  # pyserial's cancel_read once close() ran concurrently
        raise TypeError("an integer is required (got type NoneType)")

    session._ser.cancel_read = closed_meanwhile
    session.close()  # wakes the I/O thread: must not raise
    with pytest.raises(LinkLost):
        session.command("AT")
