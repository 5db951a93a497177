"""Unit status board model, filter proxy and widget, offscreen, with a fake clock."""

import pytest
from PySide6.QtCore import Qt

from console.catalog import load_status_tables, load_units
from console.state.units import UnitBoard, UnitInfo
from console.ui.status_board import PALETTE, SORT_ROLE, StatusBoard, UnitBoardFilter, UnitBoardModel
from tests.factories import make_entry

T0 = 1_800_000_000_000
UNITS = [UnitInfo("2104131", "99-4131", "TS 4131", "brandweer", "3110001"),
         UnitInfo("2200101", "99-101", "Ambu 101", "ambulance", "3120001", dipp=True),
         UnitInfo("2301001", "RR-1001", "Noodhulp 1001", "politie", "3130001")]
M = UnitBoardModel


class Clock:
    def __init__(self):
        self.ms = T0

    def __call__(self):
        return self.ms


@pytest.fixture(scope="module")
def tables():
    return load_status_tables()


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def board(tables):
    return UnitBoard(UNITS, tables)


@pytest.fixture
def model(board, clock):
    return UnitBoardModel(board, clock)


def status(issi, value, ms=T0):
    return make_entry("radio.status", {"radio": "r1", "from_issi": issi, "to": "1",
                                       "value": value, "is_emergency": value == 0}, hlc_ms=ms)


def cell(model, issi, col, role=Qt.ItemDataRole.DisplayRole):
    return model.index(model.row_of(issi), col).data(role)


def test_model_passes_qtmodeltester_after_inserts_and_changes(model, board, qtmodeltester):
    qtmodeltester.check(model)
    for e in (status("2104131", 0x8001), status("999", 0x8002), status("2301001", 0),
              make_entry("radio.location", {"radio": "r", "from_issi": "2200101",
                                            "lat": 52.1, "lon": 4.25})):
        board.apply(e)
    model.sync()
    qtmodeltester.check(model)
    assert model.rowCount() == 4


def test_columns_show_status_duration_position_and_unverified_mark(model, board, clock):
    board.apply(status("2104131", 0x8002, T0))  # ter plaatse: verified (M)
    board.apply(status("2200101", 0x8002, T0))  # aankomst incident: L
    board.apply(make_entry("radio.location", {"radio": "r", "from_issi": "2200101",
                                              "lat": 52.123456, "lon": 4.5}, hlc_ms=T0))
    model.sync()
    clock.ms = T0 + 754_000
    assert cell(model, "2104131", M.STATUS) == "2 Ter plaatse"
    assert cell(model, "2200101", M.STATUS) == "2 Aankomst incident ?"
    assert "not verified" in cell(model, "2200101", M.STATUS, Qt.ItemDataRole.ToolTipRole)
    assert cell(model, "2200101", M.CANONICAL) == "ter plaatse"
    assert cell(model, "2104131", M.IN_STATUS) == "12:34"
    assert cell(model, "2200101", M.POSITION) == "52.12346, 4.50000"
    assert cell(model, "2200101", M.DIPP) == "DIPP"
    assert cell(model, "2301001", M.STATUS) == "" and cell(model, "2301001", M.IN_STATUS) == ""
    bg = cell(model, "2104131", M.STATUS, Qt.ItemDataRole.BackgroundRole)
    assert bg == PALETTE["ter_plaatse"][0]


def test_unknown_value_raw_hex_and_emergency_row_is_red(model, board):
    board.apply(status("555", 0x8123))
    board.apply(status("2301001", 0))
    model.sync()
    assert cell(model, "555", M.STATUS) == "status 0x8123"
    assert cell(model, "555", M.DISCIPLINE) == "unknown"
    red = PALETTE["noodsignaal"][0]
    assert all(cell(model, "2301001", c, Qt.ItemDataRole.BackgroundRole) == red
               for c in range(model.columnCount()))


def test_sync_signals_only_changed_rows(model, board, qtbot):
    changed = []
    model.dataChanged.connect(lambda a, b, roles: changed.append((a.row(), b.row())))
    board.apply(status("2301001", 0x8001))
    model.sync()
    assert changed == [(2, 2)]
    model.sync()  # nothing new: nothing signalled
    assert changed == [(2, 2)]


def test_refresh_times_signals_the_duration_column(model, qtbot):
    with qtbot.waitSignal(model.dataChanged) as blocker:
        model.refresh_times()
    top, bottom = blocker.args[0], blocker.args[1]
    assert (top.column(), bottom.column(), bottom.row()) == (M.IN_STATUS, M.IN_STATUS, 2)


def test_proxy_filters_discipline_status_and_text(model, board, qtmodeltester):
    for e in (status("2104131", 0x8001), status("2200101", 0x8001), status("777", 0x8001)):
        board.apply(e)
    model.sync()
    proxy = UnitBoardFilter()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)

    def shown():
        return sorted(proxy.index(r, 0).data() for r in range(proxy.rowCount()))

    proxy.set_discipline("brandweer")
    assert shown() == ["2104131"]
    proxy.set_discipline("")  # heard on the air, discipline unknown
    assert shown() == ["777"]
    proxy.set_discipline(None)
    proxy.set_canonical("aanrijdend")  # brandweer 1 and ambulance 1 both mean aanrijdend
    assert shown() == ["2104131", "2200101"]
    proxy.set_canonical(None)
    proxy.set_search("noodHULP")
    assert shown() == ["2301001"]
    proxy.set_search("99-10")
    assert shown() == ["2200101"]
    proxy.set_search("2104")
    assert shown() == ["2104131"]


def test_proxy_sorts_numerically_by_issi(model, board):
    board.apply(status("31", 0x8001))
    model.sync()
    proxy = UnitBoardFilter()
    proxy.setSourceModel(model)
    proxy.sort(M.ISSI)
    assert proxy.index(0, 0).data() == "31"
    assert isinstance(model.index(0, M.ISSI).data(SORT_ROLE), int)


@pytest.fixture
def widget(model, qtbot):
    w = StatusBoard(model, dipp_minutes=10)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_ctrl_l_edits_the_alias_inline_and_asks_for_it(widget, qtbot):
    assert widget.select_issi("2200101")
    widget.table.setFocus()
    qtbot.keyClick(widget.table, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    editor = widget.table.focusWidget()
    assert editor is not widget.table and editor.text() == "Ambu 101"
    editor.selectAll()
    qtbot.keyClicks(editor, "Ambu 101 Zuid")
    with qtbot.waitSignal(widget.alias_requested) as blocker:
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert blocker.args == ["2200101", "Ambu 101 Zuid"]
    assert widget.model.board.unit("2200101").alias == "Ambu 101"  # the widget wrote nothing


def test_double_click_on_alias_cell_opens_the_editor(widget, qtbot):
    proxy_index = widget.proxy.mapFromSource(
        widget.model.index(widget.model.row_of("2104131"), M.ALIAS))
    rect = widget.table.visualRect(proxy_index)
    qtbot.mouseClick(widget.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(widget.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    editor = widget.table.focusWidget()
    assert editor is not widget.table and editor.text() == "TS 4131"
    with qtbot.assertNotEmitted(widget.alias_requested):  # unchanged: nothing to journal
        qtbot.keyClick(editor, Qt.Key.Key_Return)


def test_dipp_toggle_asks_with_the_new_mark(widget, qtbot):
    widget.select_issi("2200101")
    with qtbot.waitSignal(widget.dipp_toggle_requested) as blocker:
        widget.dipp_button.click()
    assert blocker.args == ["2200101", False]
    widget.select_issi("2104131")
    widget.table.setFocus()
    with qtbot.waitSignal(widget.dipp_toggle_requested) as blocker:
        qtbot.keyClick(widget.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args == ["2104131", True]


def test_filter_widgets_drive_the_proxy_and_are_big(widget, qtbot):
    widget.search.setText("4131")
    assert widget.proxy.rowCount() == 1
    widget.discipline_box.setCurrentIndex(widget.discipline_box.findData("politie"))
    assert widget.proxy.rowCount() == 0
    for w in (widget.discipline_box, widget.status_box, widget.search, widget.dipp_button):
        assert w.height() >= 40


def test_dipp_watchdog_line(widget, board, clock):
    board.apply(status("2200101", 0x8001, T0))
    widget.model.sync()
    widget.refresh()
    assert "every unit heard" in widget.watchdog.text()
    clock.ms = T0 + 11 * 60_000
    widget.refresh()
    assert widget.watchdog.text() == "Not heard > 10 min: Ambu 101 (2200101)"


def test_fictitious_banner(widget):
    assert not widget.fictitious.isVisible()
    widget.set_fictitious(True)
    assert widget.fictitious.isVisible()


def test_scale_320_units_2000_statuses_in_batches_without_reset(tables, clock, qtbot):
    units = load_units()
    board = UnitBoard(units, tables)
    model = UnitBoardModel(board, clock)
    w = StatusBoard(model)
    qtbot.addWidget(w)
    w.table.sortByColumn(M.IN_STATUS, Qt.SortOrder.AscendingOrder)
    resets = []
    model.modelReset.connect(lambda: resets.append(1))
    issis = [u.issi for u in units] + [str(9_000_000 + i) for i in range(20)]  # 20 strangers
    for n in range(2000):
        board.apply(status(issis[(n * 7) % len(issis)], 0x8001 + n % 6, T0 + n * 5))
        if n % 20 == 19:
            model.sync()
    assert model.rowCount() == 340 and w.proxy.rowCount() == 340
    assert not resets
    for row in board.units():  # every row shows the board's latest status
        assert cell(model, row.issi, M.CANONICAL) == (row.canonical or "").replace("_", " ")
        assert row.status_text in cell(model, row.issi, M.STATUS)


def test_a_status_filter_follows_status_changes_at_once(model, board, qtbot):
    """Filter "aanrijdend": a unit leaves the filtered list when it is ter plaatse."""
    widget = StatusBoard(model)
    qtbot.addWidget(widget)
    board.apply(status("2104131", 0x8001))  # brandweer 1: uitgerukt (aanrijdend)
    model.sync()
    widget.proxy.set_canonical("aanrijdend")
    assert widget.proxy.rowCount() == 1
    board.apply(status("2104131", 0x8002, T0 + 1000))  # 2: ter plaatse
    model.sync()
    assert widget.proxy.rowCount() == 0


def test_f2_on_the_board_does_not_edit(model, qtbot):
    """F2 is push-to-talk on radio 2; it must not also open the alias editor."""
    from PySide6.QtWidgets import QAbstractItemView
    widget = StatusBoard(model)
    qtbot.addWidget(widget)
    triggers = widget.table.editTriggers()
    assert not triggers & QAbstractItemView.EditTrigger.EditKeyPressed
    assert triggers & QAbstractItemView.EditTrigger.DoubleClicked
