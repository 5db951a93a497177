"""Radio panel, talkgroup selector and panel grid: offscreen widgets, fake clock, and one
end-to-end run through the real desk, driver and simulated radios."""

import dataclasses
import time
from dataclasses import dataclass

import pytest
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QLineEdit

from console.state.radio_activity import CONSOLE_TALKER, Call, RadioTraffic, Transmission
from console.ui.radio_panel import RadioPanel, RadioPanelGrid
from console.ui.talkgroup_selector import TalkgroupSelector
from drivers.base import RadioState, TxState

T0 = 1_800_000_000_000


@dataclass(frozen=True)
class Tg:  # the catalog's TalkgroupInfo duck type
    gssi: str
    alias: str
    discipline: str
    region: str
    notes: str = ""


PLAN = [Tg("3100001", "RR-RMG-1", "multi", "RR"),
        Tg("3110001", "RR-BRW-1", "brandweer", "RR"),
        Tg("3110010", "RR-BRW-10", "brandweer", "RR"),
        Tg("3120001", "RR-AMB-1", "ambulance", "RR"),
        Tg("4130001", "ZZ-POL-1", "politie", "ZZ"),
        Tg("4140001", "ZZ-KMAR-1", "kmar", "ZZ")]
ALIASES = {"2041234": "TS 13-4131"}


class FakeClock:
    def __init__(self, now=1000.0):
        self.now = now

    def __call__(self):
        return self.now


def state(**kw):
    base = RadioState("2040001", "/dev/serial/by-id/radio-1", "motorola", linked=True,
                      signal_dbm=-73, battery_percent=80, operating_mode=0,
                      talkgroup="3110001")
    return dataclasses.replace(base, **kw)


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def panel(qtbot, clock):
    p = RadioPanel("2040001", "Meldkamer 1", talkgroups=PLAN, alias_of=ALIASES.get,
                   clock=clock)
    qtbot.addWidget(p)
    p.show()
    return p


def test_header_shows_link_signal_battery_mode(panel):
    panel.set_state(state(), None)
    assert panel.title.text() == "Meldkamer 1" and "radio-1" in panel.port.text()
    assert (panel.link.text(), panel.signal.text(), panel.battery.text(), panel.mode.text()) \
        == ("connected", "-73 dBm", "80 %", "TMO")
    panel.set_state(state(operating_mode=1, linked=False), None)
    assert panel.mode.text() == "DMO"
    assert panel.link.text() == "LINK LOST" and "background" in panel.link.styleSheet()
    assert not panel.ptt.isEnabled()


def test_a_ptt_problem_is_shown_and_keeps_ptt_off(panel):
    panel.set_state(state(), None)
    assert panel.ptt.isEnabled() and not panel.ptt_problem.isVisible()
    panel.set_ptt_problem("PTT {'method': 'cm109'} unusable: unknown PTT method 'cm109'")
    assert panel.ptt_problem.isVisible() and "cannot be used" in panel.ptt_problem.text()
    assert "cm109" in panel.ptt_problem.toolTip() and not panel.ptt.isEnabled()
    panel.set_state(state(signal_dbm=-80), None)  # a new snapshot does not turn it back on
    assert not panel.ptt.isEnabled()
    panel.set_ptt_problem(None)
    assert panel.ptt.isEnabled() and not panel.ptt_problem.isVisible()


@pytest.mark.parametrize(("tx", "text"), [
    (TxState.IDLE, "Idle"), (TxState.REQUESTING, "Requesting…"),
    (TxState.QUEUED, "QUEUED — do not talk yet"), (TxState.GRANTED, "TALK"),
    (TxState.REFUSED, "REFUSED"), (TxState.OTHER_TALKER, "Other party talking")])
def test_every_floor_state_has_its_label(panel, tx, text):
    panel.set_state(state(tx_state=tx), 1042.0)
    assert panel.tx.text() == text
    assert ("TALK" in panel.tx.text()) == (tx == TxState.GRANTED)  # queued is not talk
    assert panel._timer.isActive() == (tx in (TxState.REQUESTING, TxState.QUEUED,
                                             TxState.GRANTED))


def test_time_out_countdown_from_the_injected_clock(qtbot, panel, clock):
    clock.now = 1000.0
    panel.set_state(state(tx_state=TxState.GRANTED), 1042.0)
    assert panel.countdown.text() == "time-out in 42 s"
    clock.now = 1030.5
    qtbot.waitUntil(lambda: panel.countdown.text() == "time-out in 12 s", timeout=2000)
    panel.set_state(state(tx_state=TxState.IDLE), None)
    assert panel.countdown.text() == "" and not panel._timer.isActive()
    panel.set_state(state(tx_state=TxState.GRANTED), None)  # deadline unknown: no number
    assert panel.countdown.text() == "" and not panel._timer.isActive()


def test_talkgroup_shows_alias_and_gssi_and_pending_change(panel):
    panel.set_state(state(talkgroup="3110001", desired_talkgroup="3120001"), None)
    assert panel.talkgroup.text() == "RR-BRW-1 (3110001)"
    assert "RR-AMB-1 (3120001)" in panel.pending.text()
    panel.set_state(state(talkgroup="9999999", desired_talkgroup="9999999"), None)
    assert panel.talkgroup.text() == "9999999" and panel.pending.text() == ""


def test_hold_toggle(qtbot, panel):
    asked = []
    panel.hold_requested.connect(lambda rid, g: asked.append((rid, g)))
    assert panel.hold.minimumHeight() >= 44 and panel.hold.minimumWidth() >= 44
    panel.set_state(state(), None)
    qtbot.mouseClick(panel.hold, Qt.MouseButton.LeftButton)
    panel.set_held("3110001")
    assert panel.hold.isChecked() and "RR-BRW-1" in panel.hold.text()
    qtbot.mouseClick(panel.hold, Qt.MouseButton.LeftButton)
    panel.set_held(None)
    assert asked == [("2040001", "3110001"), ("2040001", None)]
    assert not panel.hold.isChecked() and panel.hold.text() == "Hold"


def test_rx_line_and_last_transmissions(panel):
    hist = (Transmission("2041234", "3110001", T0, T0 + 8000),
            Transmission(CONSOLE_TALKER, "3110001", T0 + 9000, T0 + 14000, operator="anna"),
            Transmission(CONSOLE_TALKER, "3110001", T0 + 15000, T0 + 16000, operator="anna",
                         granted=False),
            Transmission("2049999", "3110001", T0 + 20000))
    panel.set_activity(RadioTraffic("2040001", "2049999", Call(1, "3110001"), "3110001", hist))
    assert panel.rx.text() == "Talking: 2049999"  # no alias known: the ISSI alone
    rows = [panel.history.item(i).text() for i in range(panel.history.count())]
    assert rows[0].endswith("2049999  now")
    assert "Console (anna)  1 s  (not granted)" in rows[1]
    assert rows[2].endswith("Console (anna)  5 s")
    assert rows[3].endswith("TS 13-4131 (2041234)  8 s")
    panel.set_activity(RadioTraffic("2040001", "2041234", Call(2, "3110001", 15, True)))
    assert panel.rx.text() == "EMERGENCY CALL — Talking: TS 13-4131 (2041234)"
    panel.set_activity(RadioTraffic("2040001"))
    assert panel.rx.text() == "" and panel.history.count() == 0


def test_outcome_line(panel):
    panel.show_outcome("+CME ERROR 34: parameter out of range", False)
    assert "34" in panel.outcome.text() and "color" in panel.outcome.styleSheet()
    panel.show_outcome("OK", True)
    assert panel.outcome.styleSheet() == ""


def test_ptt_button_speaks_for_its_radio(qtbot, panel):
    panel.set_state(state(), None)
    log = []
    panel.ptt_pressed.connect(lambda r: log.append(("press", r)))
    panel.ptt_released.connect(lambda r: log.append(("release", r)))
    qtbot.mousePress(panel.ptt, Qt.MouseButton.LeftButton)
    qtbot.mouseRelease(panel.ptt, Qt.MouseButton.LeftButton)
    assert log == [("press", "2040001"), ("release", "2040001")]


# --- talkgroup selector ---------------------------------------------------------------------

@pytest.fixture
def selector(qtbot):
    s = TalkgroupSelector(PLAN)
    qtbot.addWidget(s)
    s.show()
    return s


@pytest.mark.parametrize(("typed", "expected"), [
    ("311", ["3110001", "3110010"]),  # GSSI substring
    ("rr-brw-1", ["3110001", "3110010"]),  # alias, any case; the exact one first
    ("BRW-10", ["3110010"]),
    ("ambul", ["3120001"]),  # discipline
    ("zz", ["4130001", "4140001"]),  # region
    ("kmar zz", ["4140001"]),  # every word must match, in any field
    ("nothing", [])])
def test_selector_filters(qtbot, selector, typed, expected):
    qtbot.keyClicks(selector.search, typed)
    assert selector.match_gssis() == expected
    assert selector.list.isVisible()


def test_exact_gssi_or_alias_sorts_first(qtbot, selector):
    qtbot.keyClicks(selector.search, "3110010")
    assert selector.match_gssis()[0] == "3110010"


def test_enter_chooses_the_top_match_and_arrows_move(qtbot, selector):
    with qtbot.waitSignal(selector.talkgroup_chosen) as sig:
        qtbot.keyClicks(selector.search, "brandweer")
        qtbot.keyClick(selector.search, Qt.Key.Key_Return)
    assert sig.args == ["3110001"]
    assert selector.search.text() == "" and not selector.list.isVisible()
    with qtbot.waitSignal(selector.talkgroup_chosen) as sig:
        qtbot.keyClicks(selector.search, "brandweer")
        qtbot.keyClick(selector.search, Qt.Key.Key_Down)
        qtbot.keyClick(selector.search, Qt.Key.Key_Down)
        qtbot.keyClick(selector.search, Qt.Key.Key_Return)
    assert sig.args == ["3110010"]


def test_enter_with_no_match_chooses_nothing_and_escape_clears(qtbot, selector):
    chosen = []
    selector.talkgroup_chosen.connect(chosen.append)
    qtbot.keyClicks(selector.search, "xyz")
    qtbot.keyClick(selector.search, Qt.Key.Key_Return)
    qtbot.keyClick(selector.search, Qt.Key.Key_Escape)
    assert chosen == [] and selector.search.text() == "" and not selector.list.isVisible()


def test_click_on_a_match_chooses_it(qtbot, selector):
    qtbot.keyClicks(selector.search, "zz")
    rect = selector.list.visualRect(selector.matches.index(1, 0))
    with qtbot.waitSignal(selector.talkgroup_chosen) as sig:
        qtbot.mouseClick(selector.list.viewport(), Qt.MouseButton.LeftButton,
                         pos=rect.center())
    assert sig.args == ["4140001"]


def test_fictitious_note_and_models(qtbot, qtmodeltester):
    s = TalkgroupSelector(PLAN, fictitious=True)
    qtbot.addWidget(s)
    s.show()
    assert s.fictitious_note.isVisible() and "FICTITIOUS" in s.fictitious_note.text()
    qtmodeltester.check(s.plan)
    qtmodeltester.check(s.matches)


# --- grid -----------------------------------------------------------------------------------

def test_grid_selection_and_search_shortcut(qtbot, clock):
    grid = RadioPanelGrid()
    qtbot.addWidget(grid)
    for n in range(3):
        grid.add_panel(RadioPanel(f"204000{n + 1}", f"Sim {n + 1}", talkgroups=PLAN,
                                  alias_of=ALIASES.get, clock=clock))
    grid.show()
    qtbot.waitExposed(grid)
    assert grid.selected_id() == "2040001" and grid.panel("2040001").is_selected()
    with qtbot.waitSignal(grid.selection_changed) as sig:
        qtbot.mouseClick(grid.panel("2040003").tx, Qt.MouseButton.LeftButton)
    assert sig.args == ["2040003"]
    assert [p.is_selected() for p in grid.panels()] == [False, False, True]
    grid.activateWindow()
    qtbot.waitUntil(grid.isActiveWindow, timeout=1000)
    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(grid.panel("2040003").ptt, Qt.Key.Key_G, ctrl)
    search = grid.panel("2040003").selector.search
    qtbot.waitUntil(search.hasFocus, timeout=1000)
    assert isinstance(search, QLineEdit)
    qtbot.keyClick(search, Qt.Key.Key_2, ctrl)  # Ctrl+2: the second radio
    assert grid.selected_id() == "2040002"
    qtbot.keyClick(search, Qt.Key.Key_9, ctrl)  # no ninth radio: nothing happens
    assert grid.selected_id() == "2040002"
    held = []
    grid.panel("2040002").hold_requested.connect(lambda r, g: held.append((r, g)))
    grid.panel("2040002").set_state(state(radio_id="2040002"), None)
    qtbot.keyClick(search, Qt.Key.Key_H, ctrl)  # Ctrl+H holds the selected radio's group
    assert held == [("2040002", "3110001")]


# --- end to end: panel -> desk -> PEI driver -> simulated radio and back --------------------

class Glue(QObject):
    """What the controller does: desk callbacks (any thread) -> queued signals -> panel."""

    state_changed = Signal(str, object)
    press_done = Signal(str)
    entries = Signal(object)


def test_panel_drives_a_simulated_radio_through_the_real_desk(console_factory, qtbot):
    from console.state.radio_activity import RadioActivity
    from console.ui.ptt import PttKeys

    session = console_factory(training=True, sim_radios=2)
    desk, rid = session.desk, "2040001"
    sim = session.fleet.radios[rid]
    plan = session.fleet.talkgroup_plan  # same duck type as the catalog's TalkgroupInfo
    panel = RadioPanel(rid, desk.alias(rid), talkgroups=plan, alias_of=ALIASES.get,
                       clock=time.monotonic, fictitious=True)
    qtbot.addWidget(panel)
    panel.show()
    activity = RadioActivity()
    glue, last = Glue(), {}

    def on_state(radio_id, st):
        if radio_id == rid:
            last[rid] = st
            panel.set_state(st, desk.tx_deadline(rid))

    glue.state_changed.connect(on_state)
    # the TOT is armed after the press's OK; its deadline may miss the state that came first
    glue.press_done.connect(lambda r: on_state(r, last.get(r) or desk.radio_state(r)))

    def on_entries(entries):
        for e in entries:
            activity.apply(e)
        panel.set_activity(activity.of(rid))

    glue.entries.connect(on_entries)
    desk.add_state_listener(glue.state_changed.emit)
    session.store.add_listener(glue.entries.emit)
    panel.set_state(desk.radio_state(rid), desk.tx_deadline(rid))

    def press(r):
        desk.ptt_press(r, operator="anna").add_done_callback(lambda _: glue.press_done.emit(r))

    panel.talkgroup_requested.connect(
        lambda r, g: desk.select_talkgroup(r, g, operator="anna"))
    keys = PttKeys([rid, "2040002"], lambda: rid)
    keys.ptt_pressed.connect(press)
    keys.ptt_released.connect(lambda r: desk.ptt_release(r, operator="anna"))
    keys.install()
    try:
        # 1. choose a talkgroup by typing: the radio gets AT+CTGS, the panel shows it after
        target = next(t for t in plan if t.gssi != sim.talkgroup and t.kind == "discipline")
        qtbot.keyClicks(panel.selector.search, target.alias)
        qtbot.keyClick(panel.selector.search, Qt.Key.Key_Return)
        sim.wait_for_command(f"AT+CTGS=1,{target.gssi}")
        qtbot.waitUntil(lambda: panel.talkgroup.text() == f"{target.alias} ({target.gssi})",
                        timeout=5000)

        # 2. PTT by key (F1 = first radio): AT+CTXD, TALK with a time-out; release: Idle
        panel.ptt.setFocus()
        mark = len(sim.commands_received)
        qtbot.keyPress(panel.ptt, Qt.Key.Key_F1)
        sim.wait_for_command("AT+CTXD", after=mark)
        qtbot.waitUntil(lambda: panel.tx.text() == "TALK", timeout=5000)
        qtbot.waitUntil(lambda: panel.countdown.text().startswith("time-out in "), timeout=5000)
        qtbot.keyRelease(panel.ptt, Qt.Key.Key_F1)
        qtbot.waitUntil(lambda: any(c.startswith("AT+CUTXC")  # the GUI must run: the
                                for c in sim.commands_received[mark:]),  # release
                    timeout=5000)  # is final after a short debounce
        qtbot.waitUntil(lambda: panel.tx.text() == "Idle", timeout=5000)
        assert panel.countdown.text() == ""
        qtbot.waitUntil(lambda: panel.history.count() == 1 and "Console (anna)"
                        in panel.history.item(0).text(), timeout=5000)

        # 3. a queuing network: QUEUED, never TALK, until the grant (kept far away here)
        sim.floor_policy = "queue"
        sim.timing.queue_grant_s = 60.0
        mark = len(sim.commands_received)
        qtbot.keyPress(panel.ptt, Qt.Key.Key_Space)  # Space keys the selected radio
        sim.wait_for_command("AT+CTXD", after=mark)
        qtbot.waitUntil(lambda: panel.tx.text() == "QUEUED — do not talk yet", timeout=5000)
        assert "TALK" not in panel.tx.text()
        qtbot.keyRelease(panel.ptt, Qt.Key.Key_Space)
        qtbot.waitUntil(lambda: any(c.startswith("AT+CUTXC")  # the GUI must run: the
                                for c in sim.commands_received[mark:]),  # release
                    timeout=5000)  # is final after a short debounce
        qtbot.waitUntil(lambda: panel.tx.text() == "Idle", timeout=5000)

        # 4. someone else talks in the group: the RX line names ISSI and alias
        sim.emit_group_call("2041234", target.gssi)
        qtbot.waitUntil(lambda: panel.rx.text() == "Talking: TS 13-4131 (2041234)",
                        timeout=5000)
        qtbot.waitUntil(lambda: panel.tx.text() == "Other party talking", timeout=5000)
    finally:
        keys.uninstall()
        session.shutdown()  # before glue and panel go: the desk and journal call into them
