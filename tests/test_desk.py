"""The Desk through the real stack: journal file, PEI driver, simulated radio on a pty.
Time-outs run on a FakeClock (``fake_rig``): the desk, the driver and the PTT share it."""

import threading
from contextlib import contextmanager

import pytest

from console.desk import Desk, RadioConfig
from console.journal.reader import JournalReader
from console.journal.store import JournalStore
from drivers.clock import SYSTEM_CLOCK, FakeClock
from drivers.ptt.base import PttState
from drivers.sim.radio import SimRadio

GROUPS = [("3110001", "RR-BRW-1"), ("3110002", "RR-BRW-2"), ("3120001", "RR-AMB-1")]
RID = "2040001"


@contextmanager
def running_desk(tmp_path, clock=SYSTEM_CLOCK, ptt=None, training=True):
    sim = SimRadio(RID, tmp_path, talkgroups=GROUPS, gssi="3110001").start()
    store = JournalStore(tmp_path / "j.db", "pos-1").open()
    desk = Desk(store, [RadioConfig(RID, str(sim.device), alias="Tafel 1",
                                    options={"rtscts": False}, ptt=ptt or {})],
                training=training, tx_timeout_s=60.0, clock=clock)
    linked = threading.Event()
    desk.add_state_listener(lambda rid, st: st.linked and st.issi and linked.set())
    desk.start()
    try:
        assert linked.wait(10), "radio did not link"
        yield sim, store, desk
    finally:
        desk.stop()
        sim.close()
        store.close()


@pytest.fixture
def rig(tmp_path):
    with running_desk(tmp_path) as parts:
        yield parts


@pytest.fixture
def fake_rig(tmp_path):
    clock = FakeClock()
    with running_desk(tmp_path, clock) as (sim, store, desk):
        yield sim, store, desk, clock


class Saved:
    """Entries as the journal commits them; wait for one that matches."""

    def __init__(self, store):
        self.entries, self.cond = [], threading.Condition()
        store.add_listener(self.add)

    def add(self, entries):
        with self.cond:
            self.entries.extend(entries)
            self.cond.notify_all()

    def wait(self, predicate, timeout=10.0):
        with self.cond:
            assert self.cond.wait_for(lambda: any(predicate(e) for e in self.entries),
                                      timeout), [e.kind for e in self.entries]
            return next(e for e in self.entries if predicate(e))


def journal(store):
    store.flush()
    with JournalReader(store.path) as reader:
        return list(reader.entries())


def test_command_and_outcome_are_journaled(rig):
    sim, store, desk = rig
    out = desk.select_talkgroup("2040001", "3110002", operator="anna").result(10)
    assert out.ok and out.command == "talkgroup_select"
    sim.wait_for_command("AT+CTGS=1,3110002", 5)
    entries = journal(store)
    command = next(e for e in entries if e.kind == "command.talkgroup_select")
    result = next(e for e in entries if e.kind == "command.result")
    assert command.operator == "anna" and command.payload == {"radio": "2040001",
                                                              "gssi": "3110002"}
    assert result.payload["command_id"] == command.id and result.payload["outcome"] == "ok"
    assert command.position < result.position and all(e.drill for e in entries)


def test_rejected_command_carries_the_error_and_its_meaning(rig):
    _, store, desk = rig
    out = desk.select_talkgroup("2040001", "9999999", operator="anna").result(10)
    assert out.outcome == "rejected" and out.code == 34
    assert "range" in out.meaning.lower()
    result = [e for e in journal(store) if e.kind == "command.result"][-1]
    assert result.payload["code"] == 34


def test_hold_brings_the_radio_back_to_its_group(rig):
    sim, store, desk = rig
    assert desk.set_hold("2040001", "3110001", operator="anna").result(10).ok
    mark = len(sim.commands_received)
    sim.talkgroup = "3120001"  # someone turns the knob on the radio itself
    sim.emit_raw(b"\r\n+CTGS: 1,3120001\r\n")
    sim.wait_for_command("AT+CTGS=1,3110001", 10, after=mark)
    selects = [e for e in journal(store) if e.kind == "command.talkgroup_select"]
    assert selects[-1].operator == "system"
    assert desk.set_hold("2040001", None, operator="anna").result(10).ok
    assert desk.held_group("2040001") is None


def test_emergency_reaches_listeners_with_the_entry_id(rig):
    sim, store, desk = rig
    got = []
    seen = threading.Event()
    desk.add_emergency_listener(lambda *a: (got.append(a), seen.set()))
    sim.emit_emergency_status("2301050")
    assert seen.wait(5)
    alarm_id, radio, kind, payload = got[0]
    assert (radio, kind, payload["from_issi"], payload["value"]) == (
        "2040001", "radio.status", "2301050", 0)
    assert any(e.id == alarm_id for e in journal(store))  # same id as the journaled entry


def test_ptt_cycle_and_transmit_time_out(fake_rig):
    sim, store, desk, clock = fake_rig  # a stuck key: the PTT releases by itself after 60 s
    saved = Saved(store)
    released = threading.Event()
    desk.add_state_listener(lambda rid, st: st.tx_state == "idle" and sim.commands_received
                            and any(c.startswith("AT+CUTXC") for c in sim.commands_received)
                            and released.set())
    out = desk.ptt_press("2040001", operator="anna").result(10)
    assert out.ok
    sim.wait_for_command("AT+CTXD", 5)
    deadline = desk.tx_deadline(RID)
    assert deadline == clock.monotonic() + 60.0
    clock.advance(59.0)  # the time-out runs inside advance(): not yet
    assert not any(c.startswith("AT+CUTXC") for c in sim.commands_received)
    assert desk.tx_deadline(RID) == deadline
    clock.advance(1.0)
    sim.wait_for_command("AT+CUTXC", 5)
    assert released.wait(5)
    saved.wait(lambda e: e.kind == "command.result" and e.payload.get("detail")
               == "transmit time-out")
    releases = [e for e in journal(store) if e.kind == "command.ptt_release"]
    assert releases and releases[-1].operator == "system"
    results = [e.payload for e in journal(store) if e.kind == "command.result"]
    assert any(r.get("detail") == "transmit time-out" for r in results)
    assert [r["outcome"] for r in results if r.get("detail") == "transmit time-out"] == ["ok"]
    assert desk.tx_deadline(RID) is None
    # locked out while the operator still holds the key; letting go ends it
    locked = desk.ptt_press(RID, operator="anna").result(10)
    assert locked.outcome == "error" and "time-out" in locked.meaning
    assert desk.ptt_release(RID, operator="anna").result(10).ok
    assert desk.ptt_press(RID, operator="anna").result(10).ok


def test_command_on_unknown_radio_fails_cleanly(rig):
    _, store, desk = rig
    out = desk.send_status("nope", "2301050", 0x8002, operator="anna").result(5)
    assert out.outcome == "link_lost" and "not attached" in out.detail


def test_gateway_radio_keys_its_control_line(tmp_path):
    """PTT method "serial": the desk keys RTS (loop:// wires RTS to CTS) instead of AT+CTXD;
    a lost radio drops the line."""
    sim = SimRadio("2040001", tmp_path, talkgroups=GROUPS, gssi="3110001").start()
    store = JournalStore(tmp_path / "j.db", "pos-1").open()
    desk = Desk(store, [RadioConfig("2040001", str(sim.device), options={"rtscts": False},
                                    ptt={"method": "serial", "port": "loop://", "line": "RTS"})],
                training=False)
    states = []
    desk.add_state_listener(lambda rid, st: states.append(st.tx_state))
    desk.start()
    try:
        line = desk.ptt_line("2040001")
        assert line is not None and not line.is_keyed and not line._port.cts  # idle on start
        assert desk.ptt_press("2040001", operator="anna").result(10).ok
        assert line.is_keyed and line._port.cts  # the electrical line is up
        assert "granted" in states
        assert desk.ptt_release("2040001", operator="anna").result(10).ok
        assert not line.is_keyed and not line._port.cts
        assert not any(c.startswith("AT+CTXD") for c in sim.commands_received)
        assert desk.ptt_press("2040001", operator="anna").result(10).ok
        assert line._port.cts and desk.tx_deadline("2040001") is not None
        lost = threading.Event()
        line.add_listener(lambda change: change.state is PttState.RELEASED and lost.set())
        sim.unplug()  # the radio's cable: the desk hears LinkLost and drops the line
        assert lost.wait(5)
        assert not line._port.cts and desk.tx_deadline("2040001") is None
    finally:
        desk.stop()
        sim.close()
        store.close()
    assert line.state.name == "CLOSED"


class Backlog:
    """Follows the desk's count of radio events waiting for the journal."""

    def __init__(self, desk):
        self.count, self.cond = 0, threading.Condition()
        desk.add_backlog_listener(self.changed)

    def changed(self, count):
        with self.cond:
            self.count = count
            self.cond.notify_all()

    def wait(self, predicate, timeout=10.0) -> bool:
        with self.cond:
            return self.cond.wait_for(lambda: predicate(self.count), timeout)


def test_radio_events_wait_for_a_full_disk_and_are_saved_after(tmp_path, tiny_fs):
    from tests.journal.test_disk_full import fill
    sim = SimRadio("2040001", tmp_path, talkgroups=GROUPS, gssi="3110001").start()
    store = JournalStore(tiny_fs.path / "j.db", "pos-1", probe_interval_s=0.05).open()
    desk = Desk(store, [RadioConfig("2040001", str(sim.device), options={"rtscts": False})],
                training=False)
    linked = threading.Event()
    desk.add_state_listener(lambda rid, st: st.linked and st.issi and linked.set())
    backlog = Backlog(desk)
    desk.start()
    try:
        assert linked.wait(10)
        store.flush()
        filler = fill(tiny_fs.path)
        for n in range(5):
            sim.emit_status(f"230{n:04d}", 0x8002)
        # >= : a signal or battery poll may fail in the same moment and wait too
        assert backlog.wait(lambda n: n >= 5), backlog.count
        filler.unlink()  # space returns; nobody touches the console
        assert backlog.wait(lambda n: n == 0)
        store.flush()
        saved = [e for e in journal(store) if e.kind == "radio.status"]
        assert sorted(e.payload["from_issi"] for e in saved) == [f"230{n:04d}" for n in range(5)]
        assert all(e.payload["heard_ms"] <= e.hlc_ms for e in saved)  # when it was heard
    finally:
        desk.stop()
        sim.close()
        store.close()


def test_release_right_after_press_leaves_no_time_out_armed(rig):
    _, store, desk = rig
    press = desk.ptt_press("2040001", operator="anna")
    release = desk.ptt_release("2040001", operator="anna")  # before the press job ran
    assert press.result(10).ok and release.result(10).ok
    assert desk.tx_deadline("2040001") is None


def test_a_rejected_select_does_not_move_the_hold(rig):
    _, _, desk = rig
    assert desk.set_hold("2040001", "3110001", operator="anna").result(10).ok
    assert desk.select_talkgroup("2040001", "9999999", operator="anna").result(10).outcome \
        == "rejected"
    assert desk.held_group("2040001") == "3110001"


def test_a_scan_group_report_is_not_leaving_the_held_group(rig):
    sim, store, desk = rig
    assert desk.set_hold("2040001", "3110001", operator="anna").result(10).ok
    mark = len(sim.commands_received)
    heard = threading.Event()
    store.add_listener(lambda es: any(e.payload.get("from_issi") == "2309999" for e in es)
                       and heard.set())
    sim.emit_raw(b"\r\n+CTGS: 2,3120001\r\n")  # scan group, priority 1 (PEI.md section 6)
    sim.emit_status("2309999", 0x8002)  # after it on the same line: a marker
    assert heard.wait(5)
    assert desk.send_status("2040001", "2309999", 0x8003, operator="anna").result(10).ok
    assert not any(c.startswith("AT+CTGS=1,3110001") for c in sim.commands_received[mark:])


def test_link_loss_releases_pei_ptt_and_disarms_the_time_out(fake_rig):
    sim, store, desk, clock = fake_rig
    assert desk.ptt_press(RID, operator="anna").result(10).ok
    ptt = desk.ptt(RID)
    assert ptt.is_keyed and ptt.method == "pei" and desk.ptt_line(RID) is None
    released = threading.Event()
    ptt.add_listener(lambda change: change.state is PttState.RELEASED and released.set())
    sim.unplug()
    assert released.wait(5)  # through the interface, on the desk's LinkLost
    assert desk.tx_deadline(RID) is None
    clock.advance(61.0)  # nothing left to time out
    store.flush()
    assert not [e for e in journal(store) if e.kind == "command.ptt_release"]


def test_stop_releases_every_ptt(tmp_path):
    with running_desk(tmp_path) as (sim, store, desk):
        assert desk.ptt_press(RID, operator="anna").result(10).ok
        ptt = desk.ptt(RID)
        assert ptt.is_keyed
        desk.stop()
        assert ptt.state is PttState.CLOSED
        assert any(c.startswith("AT+CUTXC") for c in sim.commands_received)
        assert desk.ptt(RID) is None


@pytest.mark.parametrize("ptt, named", [
    ({"method": "serial"}, "port"),
    ({"method": "serial", "port": "loop://", "line": "CTS"}, "line"),
    ({"method": "cm109"}, "unknown PTT method"),
    ({"method": "serial", "port": "/nonexistent/ttyUSB9"}, "/nonexistent/ttyUSB9"),
])
def test_a_bad_ptt_setting_is_named_and_the_radio_runs_without_ptt(tmp_path, ptt, named):
    with running_desk(tmp_path, ptt=ptt) as (sim, store, desk):
        assert desk.radio_state(RID).linked  # the radio itself works
        assert desk.ptt(RID) is None and named in desk.ptt_error(RID)
        out = desk.ptt_press(RID, operator="anna").result(10)
        assert out.outcome == "not_supported" and named in out.meaning
        assert not any(c.startswith(("AT+CTXD", "ATD")) for c in sim.commands_received)
        assert desk.select_talkgroup(RID, "3110002", operator="anna").result(10).ok
        result = [e for e in journal(store) if e.kind == "command.result"][0]
        assert result.payload["outcome"] == "not_supported"

