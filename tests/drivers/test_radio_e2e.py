"""End to end: PeiRadio ↔ SimRadio over a real pseudo-terminal (PEI.md §4-§8).

Every wait is a deadline-bounded Condition wait; nothing sleeps.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from drivers import events as ev
from drivers.base import TxState
from drivers.pei.decode import decode_file
from drivers.pei.radio import PeiRadio
from drivers.sim.radio import SimRadio, Timing

OWN = "2041234"
OTHER = "2040001"
TG1, TG2 = "1000001", "1000002"


class Sink:
    """Thread-safe EventSink that remembers (radio id, event, arrival time)."""

    def __init__(self) -> None:
        self.items: list[tuple[str, ev.Event, float]] = []
        self.cond = threading.Condition()

    def __call__(self, radio_id: str, event: ev.Event) -> None:
        with self.cond:
            self.items.append((radio_id, event, time.monotonic()))
            self.cond.notify_all()

    def events(self, kind: type | None = None) -> list[ev.Event]:
        with self.cond:
            return [e for _, e, _ in self.items if kind is None or isinstance(e, kind)]

    def wait(self, predicate, timeout: float = 3.0, start: int = 0) -> ev.Event:
        """Wait for the first event (at index >= start) matching ``predicate``."""
        def found():
            return next((e for _, e, _ in self.items[start:] if predicate(e)), None)

        with self.cond:
            if not self.cond.wait_for(lambda: found() is not None, timeout):
                raise AssertionError(f"no matching event within {timeout} s")
            return found()

    def mark(self) -> int:
        with self.cond:
            return len(self.items)


FAST = dict(rtscts=False, command_timeout_s=1.0, init_timeout_s=3.0, heartbeat_s=5.0,
            poll_signal_s=30.0, poll_battery_s=30.0, reconnect_min_s=0.05,
            reconnect_max_s=0.4)


@pytest.fixture
def rig(tmp_path: Path):
    made: list = []

    def make(family: str = "motorola", **sim_kwargs):
        sim = SimRadio(OWN, tmp_path, family=family,
                       talkgroups=[(TG1, "TG-1"), (TG2, "TG-2")], gssi=TG1, **sim_kwargs)
        sim.start()
        sink = Sink()
        radio = PeiRadio("r1", sim.device, family=family, sink=sink,
                         trace_dir=tmp_path / "traces", **FAST)
        made.append((radio, sim))
        radio.start(timeout=5)
        return radio, sim, sink

    yield make
    for radio, sim in made:
        radio.stop()
        sim.close()


@pytest.mark.parametrize("family", ["motorola", "sepura"])
def test_session_start_follows_pei_order(rig, family):
    radio, sim, sink = rig(family, garbage_at_start=True)
    st = radio.state()
    assert st.linked and st.issi == OWN and st.talkgroup == TG1
    assert st.manufacturer and st.signal_dbm is not None and st.battery_percent is not None
    order = [c.lstrip("\x00") for c in sim.commands_received]
    firsts = [next(i for i, c in enumerate(order) if c.startswith(p))
              for p in ("AT", "ATE0", "AT+CSCS", "AT+GMI", "AT+CTSP", "AT+CNUMF?",
                        "AT+CTOM?", "AT+CTGS?", "AT+CSQ?", "AT+CBC?")]
    assert firsts == sorted(firsts)  # PEI.md §4 order
    cscs = next(c for c in order if c.startswith("AT+CSCS"))
    assert ('"' in cscs) == radio.capabilities.cscs_quoted
    assert isinstance(sink.events()[-1], ev.LinkConnected)


def test_trace_replays_to_the_published_events(rig, tmp_path):
    radio, sim, sink = rig()
    sim.emit_status(OTHER, 0x8003)
    sink.wait(lambda e: isinstance(e, ev.Status))
    radio.stop()
    (trace,) = (tmp_path / "traces").glob("*.trace")
    replayed = [d for d in decode_file(trace) if d["kind"] not in ("ok", "error")]
    published = [e.to_dict() for e in sink.events() if not e.kind.startswith("link_")]
    assert replayed == published


def test_select_talkgroup_and_its_confirmation(rig):
    radio, sim, sink = rig()
    mark = sink.mark()
    radio.select_talkgroup(TG2)
    sink.wait(lambda e: isinstance(e, ev.Talkgroup) and e.gssi == TG2, start=mark)
    assert radio.state().talkgroup == TG2 and sim.talkgroup == TG2
    assert radio.query_talkgroup() == TG2


def test_ptt_cycle_requesting_granted_release(rig):
    radio, sim, sink = rig()
    radio.ptt_press()
    assert radio.wait_state(lambda s: s.tx_state == TxState.GRANTED, 2)
    cc = radio.state().cc_instance
    assert sim.wait_for_command(f"AT+CTXD={cc},")
    assert [c for c in sim.commands_received if c.startswith(("AT+CTSDC", "ATD"))] == [
        "AT+CTSDC=0,0,0,1,1,0,1,1,0,0", f"ATD{TG1}"]
    radio.ptt_release()
    assert sim.wait_for_command(f"AT+CUTXC={cc}")
    assert radio.state().tx_state == TxState.IDLE
    assert radio.ptt_press() in (TxState.REQUESTING, TxState.GRANTED)  # same call reused
    assert sum(c.startswith("ATD") for c in sim.commands_received) == 1


def test_queued_is_not_permission(rig):
    radio, sim, sink = rig(floor_policy="queue", timing=Timing(queue_grant_s=60.0))
    radio.ptt_press()
    assert radio.wait_state(lambda s: s.tx_state == TxState.QUEUED, 2)
    assert not radio.wait_state(lambda s: s.tx_state == TxState.GRANTED, 0.2)
    radio.ptt_release()
    assert radio.state().tx_state == TxState.IDLE


def test_queued_then_granted(rig):
    radio, sim, sink = rig(floor_policy="queue", timing=Timing(queue_grant_s=0.1))
    radio.ptt_press()
    assert radio.wait_state(lambda s: s.tx_state == TxState.GRANTED, 2)
    grants = [e.grant for e in sink.events(ev.TxGrant)]
    assert grants == [2, 0]


def test_refused(rig):
    radio, sim, sink = rig(floor_policy="refuse")
    radio.ptt_press()
    assert radio.wait_state(lambda s: s.tx_state == TxState.REFUSED, 2)


def test_other_talker_is_not_our_floor(rig):
    radio, sim, sink = rig()
    cc = sim.emit_group_call(OTHER, TG1)
    assert radio.wait_state(lambda s: s.tx_state == TxState.OTHER_TALKER, 2)
    assert radio.state().cc_instance == cc
    sim.emit_talker_change(cc, None)  # +CDTXC: the floor is free again
    assert radio.wait_state(lambda s: s.tx_state == TxState.IDLE, 2)
    sim.emit_call_end(cc)
    assert radio.wait_state(lambda s: s.cc_instance is None, 2)


def test_status_and_emergency_in(rig):
    radio, sim, sink = rig()
    sim.emit_status(OTHER, 0x8002)
    sim.emit_emergency_status(OTHER)
    status = sink.wait(lambda e: isinstance(e, ev.Status) and e.value == 0x8002)
    alarm = sink.wait(lambda e: isinstance(e, ev.Status) and e.is_emergency)
    assert status.from_issi == alarm.from_issi == OTHER and alarm.value == 0


def test_status_out(rig):
    radio, sim, sink = rig()
    radio.send_status(OTHER, 0x8005)
    assert sim.wait_for_command("AT+CMGS=2040001,16")
    assert sim.commands_received[-2] == "AT+CTSDS=13,0"


def test_text_out_with_delivery_report(rig):
    radio, sim, sink = rig()
    reference = radio.send_text(OTHER, "Rijd naar Dam 1")
    sink.wait(lambda e: isinstance(e, ev.SdsSent) and e.message_reference == reference)
    report = sink.wait(lambda e: isinstance(e, ev.SdsReport))
    assert report.message_reference == reference and report.from_issi == OTHER
    assert "AT+CTSDS=12,0" in sim.commands_received
    second = radio.send_text(OTHER, "tweede")
    assert second != reference


def test_unplug_mid_call_reconnects_and_restores_talkgroup(rig, tmp_path):
    radio, sim, sink = rig()
    radio.select_talkgroup(TG2)
    radio.ptt_press()
    assert radio.wait_state(lambda s: s.tx_state == TxState.GRANTED, 2)
    mark = sink.mark()
    sim.unplug()
    # the pty read fails at once: a condition to wait for, not a time to bound
    sink.wait(lambda e: isinstance(e, ev.LinkLost), timeout=2, start=mark)
    assert radio.state().tx_state == TxState.IDLE and not radio.state().linked
    sim.talkgroup = TG1  # the radio came back on its default group
    before = len(sim.commands_received)
    sim.replug()
    sink.wait(lambda e: isinstance(e, ev.LinkRestored), timeout=5, start=mark)
    assert sim.wait_for_command(f"AT+CTGS=1,{TG2}", after=before)
    assert radio.wait_state(lambda s: s.talkgroup == TG2, 2) and sim.talkgroup == TG2
    assert len(list((tmp_path / "traces").glob("*.trace"))) == 2  # one per session start
    # no event lost after the reconnect
    restored = sink.mark()
    values = list(range(0x8100, 0x8100 + 25))
    for value in values:
        sim.emit_status(OTHER, value)
    sink.wait(lambda e: isinstance(e, ev.Status) and e.value == values[-1], start=restored)
    got = [e.value for e in sink.events(ev.Status)]
    assert got[-len(values):] == values


def test_radio_own_change_later_wins_over_the_console_wish(rig):
    radio, sim, sink = rig()
    radio.select_talkgroup(TG2)
    with sim.cond:  # the operator turns the knob on the radio (PEI.md §6)
        sim.talkgroup = TG1
    sim.emit_raw(b"\r\n+CTGS: 1,1000001\r\n")
    assert radio.wait_state(lambda s: s.desired_talkgroup == TG1, 2)
    mark = sink.mark()
    before = len(sim.commands_received)
    sim.unplug()
    sim.replug()
    sink.wait(lambda e: isinstance(e, ev.LinkRestored), timeout=5, start=mark)
    assert not any(c.startswith("AT+CTGS=1,") for c in sim.commands_received[before:])


def test_stop_releases_ptt(rig):
    radio, sim, sink = rig()
    radio.ptt_press()
    assert radio.wait_state(lambda s: s.tx_state == TxState.GRANTED, 2)
    cc = radio.state().cc_instance
    radio.stop()
    assert f"AT+CUTXC={cc}" in sim.commands_received
    assert not radio.state().linked


def test_operations_without_link_raise_radio_errors(tmp_path):
    from drivers.errors import RadioError

    radio = PeiRadio("r0", str(tmp_path / "absent"), **FAST)
    for op in (lambda: radio.select_talkgroup(TG1), radio.query_talkgroup, radio.ptt_press,
               lambda: radio.send_status(OTHER, 1), lambda: radio.send_text(OTHER, "x")):
        with pytest.raises(RadioError):
            op()


def test_stop_releases_ptt_then_hangs_up_the_call_it_set_up(rig):
    radio, sim, sink = rig()
    radio.ptt_press()  # no call yet: the console sets up a group call (PEI.md §7.1)
    assert radio.wait_state(lambda s: s.tx_state == TxState.GRANTED, 2)
    cc = radio.state().cc_instance
    radio.stop()
    sent = list(sim.commands_received)
    assert sent.index(f"AT+CUTXC={cc}") < sent.index("ATH")


def test_stop_hangs_up_own_call_after_ptt_release(rig):
    radio, sim, sink = rig()
    radio.ptt_press()
    assert radio.wait_state(lambda s: s.tx_state == TxState.GRANTED, 2)
    radio.ptt_release()
    radio.stop()
    assert "ATH" in sim.commands_received


def test_stop_leaves_calls_it_did_not_set_up_or_that_ended(rig):
    radio, sim, sink = rig()
    cc = sim.emit_group_call(OTHER, TG1)  # someone else's call
    assert radio.wait_state(lambda s: s.cc_instance == cc, 2)
    radio.stop()
    assert "ATH" not in sim.commands_received
    radio2, sim2, _ = rig()
    radio2.ptt_press()
    assert radio2.wait_state(lambda s: s.tx_state == TxState.GRANTED, 2)
    sim2.emit_call_end(radio2.state().cc_instance)  # the network ended our call
    assert radio2.wait_state(lambda s: s.cc_instance is None, 2)
    radio2.stop()
    assert "ATH" not in sim2.commands_received


def test_after_a_reconnect_the_call_is_forgotten_and_not_hung_up(rig):
    radio, sim, sink = rig()
    radio.ptt_press()
    assert radio.wait_state(lambda s: s.tx_state == TxState.GRANTED, 2)
    mark = sink.mark()
    sim.unplug()
    sink.wait(lambda e: isinstance(e, ev.LinkLost), timeout=2, start=mark)
    sim.replug()
    sink.wait(lambda e: isinstance(e, ev.LinkRestored), timeout=5, start=mark)
    assert radio.state().cc_instance is None
    radio.stop()
    assert "ATH" not in sim.commands_received
