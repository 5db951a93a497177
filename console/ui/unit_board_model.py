"""The unit board's item model and its filter proxy.

The model is fed at up to 200 events/s with 300+ units, so ``sync()`` inserts new rows and
signals changed ones; it never resets (a reset loses the centralist's selection and scroll
position mid-sentence), and it sorts its own rows once a second (a dynamically sorting proxy
cost more than the rest of the screen under load).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from console.state.units import UnitBoard, UnitRow
from console.ui.models import ROOT, Index, TableModel, hhmmss

LOG = logging.getLogger(__name__)

DISPLAY, EDIT, TOOLTIP = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole,
                          Qt.ItemDataRole.ToolTipRole)
BACKGROUND, FOREGROUND = Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
MIN_TARGET = 40  # px: big targets, operated under stress (C2000.md, user requests)

# Mid-tone fills with their own text colour read the same on dark and light themes.
_GROUPS = {
    ("#C62828", "#FFFFFF"): ("noodsignaal",),
    ("#E65100", "#FFFFFF"): ("spraakaanvraag_urgent",),
    ("#F9A825", "#000000"): ("spraakaanvraag", "privegesprek_aanvraag", "informatievraag",
                             "eigen_initiatief"),
    ("#1565C0", "#FFFFFF"): ("aanrijdend", "aanrijdend_bestemming", "alarmering_ontvangen",
                             "opdracht_verstrekt"),
    ("#6A1B9A", "#FFFFFF"): ("ter_plaatse", "aankomst_bestemming"),
    ("#2E7D32", "#FFFFFF"): ("beschikbaar", "binnenkort_beschikbaar"),
    ("#00695C", "#FFFFFF"): ("op_post",),
    ("#6D4C41", "#FFFFFF"): ("vertraagd_inzetbaar",),
    ("#616161", "#FFFFFF"): ("buiten_dienst",),
}
PALETTE = {c: (QColor(bg), QColor(fg)) for (bg, fg), names in _GROUPS.items() for c in names}
EMERGENCY = PALETTE["noodsignaal"]


def mmss(ms: int) -> str:
    seconds = max(0, ms) // 1000
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


def canonical_text(canonical: str | None) -> str:
    return canonical.replace("_", " ") if canonical else ""


class UnitBoardModel(TableModel):
    COLUMNS = (QT_TRANSLATE_NOOP("UnitBoardModel", "ISSI"),
               QT_TRANSLATE_NOOP("UnitBoardModel", "Alias"),
               QT_TRANSLATE_NOOP("UnitBoardModel", "Call sign"),
               QT_TRANSLATE_NOOP("UnitBoardModel", "Discipline"),
               QT_TRANSLATE_NOOP("UnitBoardModel", "Status"),
               QT_TRANSLATE_NOOP("UnitBoardModel", "Canonical"),
               QT_TRANSLATE_NOOP("UnitBoardModel", "In status"),
               QT_TRANSLATE_NOOP("UnitBoardModel", "Last heard"),
               QT_TRANSLATE_NOOP("UnitBoardModel", "Position"),
               QT_TRANSLATE_NOOP("UnitBoardModel", "DIPP"))
    ISSI, ALIAS, CALLSIGN, DISCIPLINE, STATUS, CANONICAL, IN_STATUS, LAST_HEARD, POSITION, \
        DIPP = range(10)

    def __init__(self, board: UnitBoard, clock_ms: Callable[[], int], parent=None):
        super().__init__(parent)
        self.board, self.clock_ms = board, clock_ms
        self._rows: list[UnitRow] = []
        self._index: dict[str, int] = {}  # issi -> row: O(1) per changed unit
        self._sort: tuple[int, Qt.SortOrder] = (-1, Qt.SortOrder.AscendingOrder)
        self.sync()

    def sync(self) -> None:
        """Catch up with the board: append new units, signal changed rows (in runs)."""
        new: list[UnitRow] = []
        changed: list[int] = []
        for row in self.board.units():
            i = self._index.get(row.issi)
            if i is None:
                new.append(row)
            elif self._rows[i] is not row:  # rows are immutable: a new object = a change
                self._rows[i] = row
                changed.append(i)
        changed.sort()
        last = len(self.COLUMNS) - 1
        start = prev = None
        for i in [*changed, None]:
            if start is not None and (i is None or i != prev + 1):
                self.dataChanged.emit(self.index(start, 0), self.index(prev, last))
                start = None
            if start is None:
                start = i
            prev = i
        if new:
            first = len(self._rows)
            self.beginInsertRows(ROOT, first, first + len(new) - 1)
            for n, row in enumerate(new, first):
                self._index[row.issi] = n
                self._rows.append(row)
            self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the rows themselves: one Python sort of ~300 keys instead of thousands of
        proxy comparisons through data(); the proxy only filters."""
        self._sort = (column, order)
        self.resort()

    def resort(self) -> None:
        column, order = self._sort
        if column < 0 or not self._rows:
            return
        ordered = sorted(self._rows, key=lambda r: self._sort_key(r, column),
                         reverse=order == Qt.SortOrder.DescendingOrder)
        if all(a is b for a, b in zip(ordered, self._rows, strict=True)):
            return
        self.layoutAboutToBeChanged.emit()
        old = self._rows
        self._rows = ordered
        self._index = {row.issi: n for n, row in enumerate(ordered)}
        before = self.persistentIndexList()  # keep the selection on its unit
        after = [self.index(self._index[old[i.row()].issi], i.column()) for i in before]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    def refresh_times(self) -> None:
        """The clock moved: the "In status" durations changed (called once a second)."""
        if self._rows:
            self.dataChanged.emit(self.index(0, self.IN_STATUS),
                                  self.index(len(self._rows) - 1, self.IN_STATUS), [DISPLAY])

    def row_at(self, row: int) -> UnitRow:
        return self._rows[row]

    def row_of(self, issi: str) -> int | None:
        return self._index.get(issi)

    def _row_count(self) -> int:
        return len(self._rows)

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == self.ALIAS:
            flags |= Qt.ItemFlag.ItemIsEditable  # edited in place; the widget journals it
        return flags

    def data(self, index: Index, role=DISPLAY):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, col = self._rows[index.row()], index.column()
        if role == DISPLAY:
            return self._display(row, col)
        if role == EDIT:
            return row.alias if col == self.ALIAS else self._display(row, col)
        if role == SORT_ROLE:
            return self._sort_key(row, col)
        if role == TOOLTIP:
            return self._tooltip(row, col)
        if role in (BACKGROUND, FOREGROUND):
            colours = EMERGENCY if row.emergency else (
                PALETTE.get(row.canonical or "") if col in (self.STATUS, self.CANONICAL)
                else None)
            return colours[role == FOREGROUND] if colours else None
        return None

    def _display(self, row: UnitRow, col: int) -> str:
        if col == self.DISCIPLINE:
            return row.discipline or self.tr("unknown")
        if col == self.STATUS:
            if row.status_value is None:
                return ""
            text = row.status_text if row.status_number is None else (
                f"{row.status_number} {row.status_text}")
            return text + (" ?" if row.canonical and not row.verified else "")
        if col == self.IN_STATUS:
            return mmss(self.clock_ms() - row.status_since_ms) if row.status_since_ms else ""
        if col == self.POSITION:
            return "" if row.lat is None else f"{row.lat:.5f}, {row.lon:.5f}"
        return (row.issi, row.alias, row.callsign, "", "", canonical_text(row.canonical), "",
                hhmmss(row.last_heard_ms), "", "DIPP" if row.dipp else "")[col]

    def _sort_key(self, row: UnitRow, col: int) -> int | str:
        if col == self.ISSI:
            return int(row.issi) if row.issi.isdigit() else -1
        if col == self.STATUS:
            return -1 if row.status_number is None else row.status_number
        if col == self.IN_STATUS:  # longest in status first when ascending
            return row.status_since_ms or 2**62
        if col == self.LAST_HEARD:
            return row.last_heard_ms
        return self._display(row, col).casefold()

    def _tooltip(self, row: UnitRow, col: int) -> str | None:
        if col == self.STATUS and row.status_value is not None:
            raw = f"0x{row.status_value:04X}"
            if row.canonical is None:
                return self.tr("Unknown status value %1").replace("%1", raw)
            if not row.verified:
                return self.tr("meaning not verified (%1)").replace("%1", raw)
            return raw
        if col == self.POSITION and row.position_ms:
            return self.tr("Position of %1").replace("%1", hhmmss(row.position_ms))
        if col == self.ALIAS:
            return self.tr("Ctrl+L or double-click to set the alias")
        return None


class UnitBoardFilter(QSortFilterProxyModel):
    """Filter by discipline ("" = unknown), canonical status ("" = none), free text."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.discipline: str | None = None
        self.canonical: str | None = None
        self.search = ""
        self.setSortRole(SORT_ROLE)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sourceModel().sort(column, order)  # see UnitBoardModel.sort

    def _change(self, attr: str, value: object) -> None:
        self.beginFilterChange()
        setattr(self, attr, value)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_discipline(self, discipline: str | None) -> None:
        self._change("discipline", discipline)

    def set_canonical(self, canonical: str | None) -> None:
        self._change("canonical", canonical)

    def set_search(self, text: str) -> None:
        self._change("search", text.strip().casefold())

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        row = self.sourceModel().row_at(source_row)
        if self.discipline is not None and (row.discipline or "") != self.discipline:
            return False
        if self.canonical is not None and (row.canonical or "") != self.canonical:
            return False
        s = self.search
        return not s or s in row.issi or s in row.alias.casefold() or (
            s in row.callsign.casefold())


