"""Talk-request queue model and widget: order, urgent marking, Answer/Clear by button and key."""

import pytest
from PySide6.QtCore import Qt

from console.catalog import load_status_tables
from console.state.talk_requests import TalkRequests
from console.state.units import UnitBoard, UnitInfo
from console.ui.talk_queue import TalkQueue, TalkQueueModel
from tests.factories import make_entry

T0 = 1_800_000_000_000
UNITS = [UnitInfo("2104131", "99-4131", "TS 4131", "brandweer"),
         UnitInfo("2200101", "99-101", "Ambu 101", "ambulance"),
         UnitInfo("2301001", "RR-1001", "Noodhulp", "politie")]
ASK = {"2104131": (8, 9), "2200101": (8, 9), "2301001": (6, 7)}


class Clock:
    ms = T0

    def __call__(self):
        return self.ms


@pytest.fixture
def setup():
    tables = load_status_tables()
    board, reqs, clock = UnitBoard(UNITS, tables), TalkRequests(UNITS, tables), Clock()
    return board, reqs, clock, TalkQueueModel(reqs, clock, board)


def ask(setup, issi, ms, urgent=False):
    board, reqs, _, model = setup
    e = make_entry("radio.status", {"radio": "r1", "from_issi": issi, "to": "1",
                                    "value": 0x8000 + ASK[issi][urgent],
                                    "is_emergency": False}, hlc_ms=ms)
    board.apply(e)
    reqs.apply(e)
    model.sync()


def done(setup, kind, issi):
    setup[1].apply(make_entry(kind, {"issi": issi}))
    setup[3].sync()


def rows(model):
    return [tuple(model.index(r, c).data() for c in range(3)) for r in range(model.rowCount())]


def test_order_marking_and_waiting(setup, qtmodeltester):
    model, clock = setup[3], setup[2]
    qtmodeltester.check(model)
    ask(setup, "2104131", T0)
    ask(setup, "2200101", T0 + 1000)
    ask(setup, "2301001", T0 + 2000, urgent=True)  # jumps to the head
    clock.ms = T0 + 65_000
    model.sync()
    assert rows(model) == [("URGENT", "Noodhulp (2301001)", "01:03"),
                           ("normal", "TS 4131 (2104131)", "01:05"),
                           ("normal", "Ambu 101 (2200101)", "01:04")]
    assert model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole).name() == "#c62828"
    ask(setup, "2200101", T0 + 3000, urgent=True)  # upgrade moves it up, keeps its time
    assert [r[1] for r in rows(model)] == ["Ambu 101 (2200101)", "Noodhulp (2301001)",
                                          "TS 4131 (2104131)"]
    qtmodeltester.check(model)
    done(setup, "talk_request.answered", "2301001")
    assert model.rowCount() == 2
    qtmodeltester.check(model)


@pytest.fixture
def widget(setup, qtbot):
    w = TalkQueue(setup[3])
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_buttons_are_big_and_disabled_when_empty(widget):
    assert widget.answer_button.height() >= 44 and widget.clear_button.height() >= 44
    assert not widget.answer_button.isEnabled()


def test_answer_and_clear_by_button(widget, setup, qtbot):
    ask(setup, "2104131", T0)
    ask(setup, "2200101", T0 + 1)
    with qtbot.waitSignal(widget.answer_requested) as blocker:
        widget.answer_button.click()
    assert blocker.args == ["2104131"]  # nothing chosen: the head of the queue
    widget.table.selectRow(1)
    with qtbot.waitSignal(widget.clear_requested) as blocker:
        widget.clear_button.click()
    assert blocker.args == ["2200101"]


def test_enter_answers_and_delete_clears(widget, setup, qtbot):
    ask(setup, "2104131", T0)
    ask(setup, "2301001", T0 + 1)
    widget.table.setFocus()
    widget.table.selectRow(1)
    with qtbot.waitSignal(widget.answer_requested) as blocker:
        qtbot.keyClick(widget.table, Qt.Key.Key_Return)
    assert blocker.args == ["2301001"]
    with qtbot.waitSignal(widget.clear_requested) as blocker:
        qtbot.keyClick(widget.table, Qt.Key.Key_Delete)
    assert blocker.args == ["2301001"]


def test_selection_stays_on_the_request_when_an_urgent_one_arrives(widget, setup):
    ask(setup, "2104131", T0)
    widget.table.selectRow(0)
    ask(setup, "2200101", T0 + 5, urgent=True)
    assert widget.selected_issi() == "2104131"
    done(setup, "talk_request.cleared", "2104131")
    assert widget.selected_issi() == "2200101"


def test_a_refresh_with_nothing_new_repaints_nothing_and_the_tick_moves_the_times(setup, qtbot):
    model, clock = setup[3], setup[2]
    ask(setup, "2104131", T0)
    changed = []
    model.dataChanged.connect(lambda first, last: changed.append((first.row(), last.row())))
    model.sync()  # every screen refresh calls this; the queue did not change
    assert changed == []
    clock.ms = T0 + 61_000
    model.tick()  # once a second
    assert changed == [(0, 0)]
    assert rows(model)[0][2] == "01:01"
    ask(setup, "2200101", T0 + 1000, urgent=True)  # a change: the rows are signalled
    assert len(changed) == 2
