"""The alarm banner, offscreen: stacked rows with alias and ISSI, acknowledge by button and
F12, hidden when nothing is open, flashing, OVERDUE after the (fake) clock passes 30 s."""

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QMainWindow, QVBoxLayout, QWidget

from console.state.alarms import AlarmBoard
from console.ui.alarm_banner import AlarmBanner, AlarmRow
from console.ui.theme import ALARM_RED
from tests.factories import make_entry

T0 = 1_800_000_000_000
ALIASES = {"2041001": "13-4131", "2041002": "17-101"}


class Clock:
    def __init__(self, ms=T0):
        self.ms = ms

    def __call__(self):
        return self.ms


def emergency(issi, *, radio="r1", kind="radio.status", ms=T0, **extra):
    payload = {"radio": radio, "from_issi": issi, "to": "2040001", "value": 0,
               "is_emergency": True, **extra}
    if kind == "radio.call_incoming":
        payload = {"radio": radio, "cc_instance": 1, "calling_issi": issi, "called": "3110001",
                   "is_group": True, "priority": 15, "is_emergency": True}
    return make_entry(kind, payload, hlc_ms=ms)


@pytest.fixture
def setup(qtbot):
    board, clock = AlarmBoard(), Clock()
    window = QMainWindow()
    body = QWidget()
    layout = QVBoxLayout(body)
    banner = AlarmBanner(board, alias_of=ALIASES.get, radio_alias=lambda r: f"Portofoon {r}",
                         clock_ms=clock)
    layout.addWidget(banner)
    layout.addWidget(QLabel("rest of the console"), 1)
    window.setCentralWidget(body)
    window.resize(1280, 900)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return board, clock, banner, window


def texts(row: AlarmRow) -> str:
    return " | ".join(w.text() for w in row.findChildren(QLabel) if not w.isHidden())


def test_hidden_while_nothing_is_open(setup):
    board, _, banner, _ = setup
    banner.sync()
    assert not banner.isVisible() and not banner.timer.isActive()


def test_stacked_alarms_newest_on_top_each_with_alias_issi_and_button(setup):
    board, clock, banner, _ = setup
    board.apply(make_entry("radio.talkgroup", {"radio": "r2", "gssi": "3120001",
                                               "group_type": 0}, hlc_ms=T0 - 5000))
    board.apply(make_entry("radio.location", {
        "radio": "r2", "from_issi": "2041002", "to": "x", "lat": 52.3702157, "lon": 4.8951679,
        "velocity_kmh": None, "direction_deg": None, "is_emergency": False}, hlc_ms=T0 - 4000))
    first = emergency("2041001")
    second = emergency("2041002", radio="r2", ms=T0 + 1000)
    third = emergency("2049999", kind="radio.call_incoming", ms=T0 + 2000)
    for e in (first, second, third):
        board.apply(e)
    board.apply(emergency("2041001", ms=T0 + 3000))  # a repeat: counted, not stacked
    clock.ms = T0 + 5000
    banner.sync()
    assert banner.isVisible()
    rows = banner.rows()
    assert [r.alarm_id for r in rows] == [third.id, second.id, first.id]
    assert [r.unit.text() for r in rows] == ["2049999", "17-101 (2041002)", "13-4131 (2041001)"]
    assert all(r.button.isVisible() and r.button.height() >= 44 for r in rows)
    assert all(r.unit.font().pointSize() >= 18 and r.title.font().pointSize() >= 18
               for r in rows)
    assert "EMERGENCY CALL" in texts(rows[0]) and "3110001" in texts(rows[0])
    middle = texts(rows[1])
    assert "EMERGENCY — status 0" in middle and "3120001" in middle
    assert "Portofoon r2" in middle and "52.37022, 4.89517 (9 s ago)" in middle
    assert "2 times" in texts(rows[2]) and "Last position: unknown" in texts(rows[2])
    assert banner.header.text() == "3 open emergencies, newest on top"
    assert banner.header.isVisible()
    clock.ms = T0 + 30_000
    banner.sync()
    assert banner.header.text().endswith("· 1 OVERDUE")  # the oldest may be a scroll away
    assert banner.width() >= banner.window().width() - 40  # full width


def test_acknowledge_button_emits_the_id_and_the_row_goes_only_after_the_entry(setup, qtbot):
    board, _, banner, _ = setup
    one, two = emergency("2041001"), emergency("2041002", ms=T0 + 1)
    board.apply(one)
    board.apply(two)
    banner.sync()
    row = next(r for r in banner.rows() if r.alarm_id == one.id)
    with qtbot.waitSignal(banner.acknowledge_requested) as signal:
        qtbot.mouseClick(row.button, Qt.MouseButton.LeftButton)
    assert signal.args == [one.id]
    banner.sync()
    assert len(banner.rows()) == 2  # not dismissed by the click itself
    board.apply(make_entry("alarm.acknowledged", {"alarm_id": one.id}, operator="anna"))
    banner.sync()
    assert [r.alarm_id for r in banner.rows()] == [two.id]
    board.apply(make_entry("alarm.acknowledged", {"alarm_id": two.id}, operator="anna"))
    banner.sync()
    assert not banner.isVisible() and banner.rows() == []


def test_f12_acknowledges_the_newest(setup, qtbot):
    board, _, banner, window = setup
    board.apply(emergency("2041001"))
    newest = emergency("2041002", ms=T0 + 10)
    board.apply(newest)
    banner.sync()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert banner.ACK_KEY in banner.rows()[0].button.toolTip()
    with qtbot.waitSignal(banner.acknowledge_requested) as signal:
        qtbot.keyClick(window, Qt.Key.Key_F12)
    assert signal.args == [newest.id]


def test_overdue_after_30_s_on_the_fake_clock_and_flashing(setup, qtbot):
    board, clock, banner, _ = setup
    board.apply(emergency("2041001"))
    clock.ms = T0 + 29_000
    banner.sync()
    [row] = banner.rows()
    assert row.overdue.isHidden()
    clock.ms = T0 + 31_000  # the banner's own timer notices
    qtbot.waitUntil(lambda: not row.overdue.isHidden(), timeout=2000)
    assert row.overdue.text() == "OVERDUE — 31 s"
    clock.ms = T0 + 8 * 3_600_000  # an alarm left open over a restart: hours, not 28800 s
    qtbot.waitUntil(lambda: row.overdue.text() == "OVERDUE — 8 h", timeout=2000)
    clock.ms = T0 + 31_000

    def colour():
        return row.palette().color(QPalette.ColorRole.Window).name()

    qtbot.waitUntil(lambda: colour() != ALARM_RED.lower(), timeout=2000)
    qtbot.waitUntil(lambda: colour() == ALARM_RED.lower(), timeout=2000)
    with qtbot.waitSignal(banner.ticked, timeout=2000):
        pass


def test_escalation_delay_is_configurable(qtbot):
    board, clock = AlarmBoard(), Clock()
    banner = AlarmBanner(board, alias_of=lambda _: None, radio_alias=str, clock_ms=clock,
                         escalate_after_s=10)
    qtbot.addWidget(banner)
    board.apply(emergency("2041001"))
    clock.ms = T0 + 10_000
    banner.sync()
    assert banner.rows()[0].overdue.text() == "OVERDUE — 10 s"
    assert banner.rows()[0].unit.text() == "2041001"  # no alias: the ISSI alone


def test_provisional_and_drill_are_marked(setup):
    board, _, banner, _ = setup
    board.raise_provisional("p1", "r1", "radio.status", {
        "radio": "r1", "from_issi": "2041001", "to": "x", "value": 0, "is_emergency": True},
        T0, drill=True)
    banner.sync()
    [row] = banner.rows()
    assert row.alarm_id == "p1"
    assert "DRILL" in row.tags.text() and "not yet in the journal" in row.tags.text()


def test_sound_problem_line(setup):
    board, _, banner, _ = setup
    board.apply(emergency("2041001"))
    banner.sync()
    banner.set_sound_problem("Error querying device -1")
    assert banner.sound_label.isVisible()
    assert banner.sound_label.text() == "No alarm sound: Error querying device -1"
    banner.set_sound_problem(None)
    assert not banner.sound_label.isVisible()


def test_many_alarms_scroll_within_40_percent_of_the_window(setup):
    board, _, banner, window = setup
    for i in range(12):
        board.apply(emergency(f"20420{i:02d}", ms=T0 + i))
    banner.sync()
    assert len(banner.rows()) == 12
    assert banner.sizeHint().height() <= 0.4 * window.height() + 5
    assert banner.scroll.verticalScrollBar().maximum() > 0  # the rest is a scroll away
    assert banner.scroll.height() >= banner.rows()[0].sizeHint().height()  # one row whole
    window.resize(1280, 500)  # a smaller window: the cap follows
    assert banner.scroll.height() <= 0.4 * 500


def test_one_alarm_is_shown_whole(setup):
    board, _, banner, _ = setup
    board.apply(emergency("2041001"))
    banner.sync()
    assert banner.scroll.verticalScrollBar().maximum() == 0


def test_remapped_key(qtbot):
    board = AlarmBoard()
    banner = AlarmBanner(board, alias_of=lambda _: None, radio_alias=str, clock_ms=Clock(),
                         ack_key="Ctrl+F11")
    qtbot.addWidget(banner)
    board.apply(emergency("2041001"))
    banner.sync()
    assert banner.shortcut.key().toString() == "Ctrl+F11"
    assert "Ctrl+F11" in banner.rows()[0].button.toolTip()


MODAL = re.compile(r"\b(QMessageBox|Q\w*Dialog|QErrorMessage)\b")


def test_nothing_modal_can_cover_an_alarm():
    """No message boxes or dialogs anywhere in the console: a modal window would cover the
    alarm banner (and block its acknowledge button) exactly when it matters."""
    root = Path(__file__).resolve().parents[2] / "console"
    # The one exception: a refused second start's window, shown before its own process has
    # a console (so no alarm of its own to cover), low on the screen, below the running
    # console's alarms, and modal to nothing of that console.
    allowed = {"console/ui/already_running.py"}
    offenders = [str(p.relative_to(root.parent)) for p in root.rglob("*.py")
                 if MODAL.search(p.read_text("utf-8"))
                 and str(p.relative_to(root.parent)) not in allowed]
    assert not offenders


def test_a_refresh_with_nothing_new_keeps_the_rows_and_an_alias_change_shows(setup, monkeypatch):
    board, _, banner, _ = setup
    board.apply(emergency("2041003"))
    banner.sync()
    [row] = banner.rows()
    assert row.unit.text() == "2041003"
    fills = []
    original = banner._fill
    monkeypatch.setattr(banner, "_fill", lambda *a: (fills.append(a[1].alarm_id), original(*a)))
    banner.sync()  # every screen refresh calls this; nothing changed
    assert fills == []
    monkeypatch.setitem(ALIASES, "2041003", "13-4133")  # the centralist named the unit
    banner.sync()
    assert fills == [row.alarm_id] and row.unit.text() == "13-4133 (2041003)"


def test_the_next_alarms_row_is_built_while_idle(setup, qtbot):
    board, _, banner, _ = setup
    qtbot.waitUntil(lambda: banner._spare is not None)  # built in an idle turn
    spare = banner._spare
    board.apply(emergency("2041001"))
    banner.sync()
    [row] = banner.rows()
    assert row is spare and row.isVisible() and row.objectName() == f"alarm-{row.alarm_id}"
    qtbot.waitUntil(lambda: banner._spare not in (None, spare))  # and the one after that
    acked = []
    banner.acknowledge_requested.connect(acked.append)
    qtbot.mouseClick(row.button, Qt.MouseButton.LeftButton)
    assert acked == [row.alarm_id]
