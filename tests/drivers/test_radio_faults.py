"""PeiRadio against misbehaving "radios": garbage, silence, a radio that stops answering,
rejected start commands (STYLE.md #6 torture: only RadioErrors come out, within the timeout).
Time-outs that a test bounds run on a FakeClock (tests/drivers/fake_time.py).
"""

from __future__ import annotations

import os
import threading

import pytest

from drivers import events as ev
from drivers.clock import FakeClock
from drivers.errors import RadioError
from drivers.pei import trace, transport
from drivers.pei.radio import PeiRadio
from tests.drivers.fake_time import silent_radio
from tests.drivers.test_radio_e2e import Sink
from tests.drivers.test_session import FakePeer, reply

QUICK = dict(rtscts=False, command_timeout_s=0.2, init_timeout_s=0.6, heartbeat_s=0.3,
             heartbeat_misses=2, poll_signal_s=30.0, poll_battery_s=30.0,
             reconnect_min_s=0.05, reconnect_max_s=0.2)

OK = reply("OK")


@pytest.fixture
def peer_radio():
    made: list = []

    def make(script=None, default=OK, **overrides):
        peer = FakePeer(script, default)
        sink = Sink()
        radio = PeiRadio("f1", peer.path, sink=sink, **{**QUICK, **overrides})
        made.append((radio, peer))
        return radio, peer, sink

    yield make
    for radio, peer in made:
        radio.stop()
        peer.close()


@pytest.mark.parametrize("answer", [
    None,  # silence
    b"\x00\xff\x13\x80\xfe\x07\x9b\x11" * 16,  # line noise
    b"\r\nOKAY\r\n+CME ERR\r\n+CTSDSR: 13,,\r\nzz\r\n",  # almost-protocol
], ids=["silence", "noise", "near-miss"])
def test_garbage_or_silent_radio_gives_only_radio_errors_within_the_timeout(peer_radio, answer):
    clock = FakeClock()
    radio, peer, sink = peer_radio(default=answer, clock=clock)
    start, outcome = clock.monotonic(), []

    def starting() -> None:
        try:
            radio.start(timeout=1.0)
        except Exception as exc:
            outcome.append(exc)

    starter = threading.Thread(target=starting)
    starter.start()
    assert peer.wait_for("AT")  # the first attempt's AT is on the wire, not answered
    assert clock.wait_for_waiters(2)  # start() and the AT's caller both wait on the clock
    clock.advance(1.0)
    starter.join(5)
    assert not starter.is_alive() and outcome and isinstance(outcome[0], RadioError)
    assert clock.monotonic() - start < 1.5
    lost = sink.wait(lambda e: isinstance(e, ev.LinkLost), timeout=2)
    assert "AT" in lost.reason  # the first attempt failed at "AT until OK" (PEI.md §4)
    with pytest.raises(RadioError):
        radio.select_talkgroup("1000001")


def test_radio_that_stops_answering_is_a_lost_link(peer_radio):
    clock = FakeClock()
    radio, peer, sink = peer_radio(clock=clock)
    radio.start(timeout=2)  # every command answered: no time needs to pass
    assert clock.wait_for_waiters(1)  # the supervisor waits for the heartbeat to fall due
    peer.default = None  # mute: every further command goes unanswered
    mark, seen = sink.mark(), len(peer.items())
    muted = clock.monotonic()
    clock.advance(QUICK["heartbeat_s"])  # the heartbeat falls due
    silent_radio(clock, peer, step_s=QUICK["command_timeout_s"], seen=seen,
                 until=lambda: any(isinstance(e, ev.LinkLost) for e in sink.events()[mark:]))
    lost = sink.wait(lambda e: isinstance(e, ev.LinkLost), timeout=3, start=mark)
    # heartbeat 0.3 s + 2 misses x 0.2 s, plus scheduling slack
    assert clock.monotonic() - muted < 1.5 and "no answer" in lost.reason
    peer.default = OK  # it recovers: the same path is re-opened and re-initialised
    assert clock.wait_for_waiters(1)  # the supervisor backs off before reconnecting
    clock.advance(QUICK["reconnect_min_s"])
    sink.wait(lambda e: isinstance(e, ev.LinkRestored), timeout=3, start=mark)


def test_rejected_optional_start_commands_do_not_stop_the_start(peer_radio):
    script = {"AT+CSCS=*": reply("+CME ERROR: 4"), "AT+GM*": reply("+CME ERROR: 4"),
              "AT+CTSP=*": reply("+CME ERROR: 38"), "AT+CNUMF?": reply("ERROR")}
    radio, peer, sink = peer_radio(script)
    radio.start(timeout=2)
    assert radio.state().linked
    tried = [i for i in peer.items() if i.startswith("AT+CSCS")]
    assert tried == ['AT+CSCS="8859-1"', "AT+CSCS=8859-1"]  # quoted, then unquoted (§4)


def test_first_at_cme_35_is_cleared(peer_radio):
    answers = iter([reply("+CME ERROR: 35")] * 2)
    radio, peer, sink = peer_radio({"AT": lambda item: next(answers, OK)})
    radio.start(timeout=2)
    assert peer.items()[:3] == ["AT", "AT", "AT"]


def test_polls_signal_and_battery(peer_radio):
    script = {"AT+CSQ?": reply("+CSQ: 25,99", "OK"), "AT+CBC?": reply("+CBC: 0,55", "OK")}
    radio, peer, sink = peer_radio(script, poll_signal_s=0.1, poll_battery_s=0.1)
    radio.start(timeout=2)
    mark = sink.mark()
    sink.wait(lambda e: isinstance(e, ev.Signal), start=mark)
    sink.wait(lambda e: isinstance(e, ev.Battery), start=mark)
    assert radio.state().signal_dbm == -63 and radio.state().battery_percent == 55


def test_failed_attempts_share_one_trace_file(peer_radio, tmp_path):
    radio, peer, sink = peer_radio(default=None, trace_dir=tmp_path)
    radio.start()
    sink.wait(lambda e: isinstance(e, ev.LinkLost), timeout=3)  # attempt 1 failed
    with peer.cond:
        peer.received.clear()
    assert peer.wait_for("AT", timeout=3)  # attempt 2 re-opened the port and is under way
    radio.stop()
    traces = list(tmp_path.glob("*.trace"))
    assert len(traces) == 1 and traces[0].read_text().count(" TX ") >= 2


def test_refused_talkgroup_reselect_after_reconnect_keeps_the_radio_linked(peer_radio):
    script = {"AT+CTGS?": reply("+CTGS: 1,1000001", "OK")}
    radio, peer, sink = peer_radio(script)
    radio.start(timeout=2)
    radio.select_talkgroup("1000002")  # accepted, but the radio stays on 1000001
    assert radio.state().desired_talkgroup == "1000002"
    mark = sink.mark()
    peer.default = None  # mute: the link is lost
    sink.wait(lambda e: isinstance(e, ev.LinkLost), timeout=3, start=mark)
    peer.script["AT+CTGS=1,1000002"] = reply("+CME ERROR: 25")  # now refused
    peer.default = OK
    sink.wait(lambda e: isinstance(e, ev.LinkRestored), timeout=3, start=mark)
    st = radio.state()
    assert st.linked and st.talkgroup == "1000001" and st.desired_talkgroup == "1000001"
    shown = sink.events(ev.Talkgroup)[-1]
    assert shown.gssi == "1000001"  # the event stream shows what the radio is on


def _open_fds_on(path: str) -> int:
    real = os.path.realpath(path)
    count = 0
    for fd in os.listdir("/proc/self/fd"):
        try:
            count += os.path.realpath(f"/proc/self/fd/{fd}") == real
        except OSError:
            pass
    return count


def test_trace_set_up_failure_neither_leaks_the_port_nor_stops_the_link(peer_radio, tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the trace folder should be")
    radio, peer, sink = peer_radio(trace_dir=blocker / "traces")
    radio.start(timeout=2)  # carries on without a trace
    assert radio.state().linked
    assert _open_fds_on(peer.path) <= 2  # the session's port (+ the peer's held slave)


def test_unexpected_connect_error_is_a_lost_link_and_retried(peer_radio, monkeypatch):
    real_open = transport.open_port
    calls: list[str] = []

    def open_port(path, caps, log):
        calls.append(path)
        if len(calls) == 1:
            raise ValueError("Not a valid baudrate: -5")  # what a bad override gives
        return real_open(path, caps, log)

    monkeypatch.setattr(transport, "open_port", open_port)
    radio, peer, sink = peer_radio()
    radio.start()
    lost = sink.wait(lambda e: isinstance(e, ev.LinkLost), timeout=3)
    assert "ValueError" in lost.reason
    sink.wait(lambda e: isinstance(e, ev.LinkConnected), timeout=3)
    assert radio.wait_state(lambda s: s.linked, 3)


def test_failing_trace_close_does_not_end_the_supervisor(peer_radio, tmp_path, monkeypatch):
    def broken_close(self):
        raise RuntimeError("trace close failed")

    monkeypatch.setattr(trace.TraceWriter, "close", broken_close)
    radio, peer, sink = peer_radio(trace_dir=tmp_path)
    radio.start(timeout=2)
    mark = sink.mark()
    peer.default = None  # mute: the link is lost, and the disconnect closes the trace
    sink.wait(lambda e: isinstance(e, ev.LinkLost), timeout=3, start=mark)
    peer.default = OK
    sink.wait(lambda e: isinstance(e, ev.LinkRestored), timeout=3, start=mark)


def test_stop_during_back_off_closes_the_trace(peer_radio, tmp_path):
    radio, peer, sink = peer_radio(default=None, trace_dir=tmp_path, reconnect_min_s=30.0,
                                   reconnect_max_s=30.0)
    radio.start()
    sink.wait(lambda e: isinstance(e, ev.LinkLost), timeout=3)  # now backing off 30 s
    (path,) = tmp_path.glob("*.trace")
    assert _open_fds_on(str(path)) == 1
    radio.stop()
    assert _open_fds_on(str(path)) == 0
