"""Item models over Qt-free projections; widgets stay thin (STYLE.md #10)."""

from __future__ import annotations

import time

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from console.state.journal_tail import JournalTail, TailRow
from console.state.radio_health import RadioHealth, RadioHealthBoard

Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()  # the invalid index: parent of every row in a table


class TableModel(QAbstractTableModel):
    """A flat table whose column titles are COLUMNS, translated in the subclass's context
    (QT_TRANSLATE_NOOP marks them for lupdate there)."""

    COLUMNS: tuple[str, ...] = ()

    def _row_count(self) -> int:
        raise NotImplementedError

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else self._row_count()

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return QCoreApplication.translate(type(self).__name__, self.COLUMNS[section])
        return None


def hhmmss(ms: int) -> str:
    return time.strftime("%H:%M:%S", time.localtime(ms / 1000)) if ms else ""


STEPPED_MARK = "⚠ "  # before a time the clock gave while it was behind the journal


class JournalTailModel(TableModel):
    """Newest entry on top; mirrors the JournalTail projection incrementally. A time out of
    order (the clock stepped back, TailRow.stepped) is marked, with a tooltip saying why."""

    COLUMNS = (QT_TRANSLATE_NOOP("JournalTailModel", "Time"),
               QT_TRANSLATE_NOOP("JournalTailModel", "Position"),
               QT_TRANSLATE_NOOP("JournalTailModel", "Operator"),
               QT_TRANSLATE_NOOP("JournalTailModel", "Kind"),
               QT_TRANSLATE_NOOP("JournalTailModel", "What"))

    def __init__(self, tail: JournalTail, parent=None):
        super().__init__(parent)
        self._tail = tail
        self._rows: list[TailRow] = list(reversed(tail.rows))
        self._generation = tail.generation

    def sync(self) -> None:
        if self._generation != self._tail.generation:  # re-folded: rows changed anywhere
            self._generation = self._tail.generation
            self.beginResetModel()
            self._rows = list(reversed(self._tail.rows))
            self.endResetModel()
            return
        top = self._rows[0].id if self._rows else None
        new = []
        for r in reversed(self._tail.rows):
            if r.id == top:
                break
            new.append(r)
        if new:
            self.beginInsertRows(QModelIndex(), 0, len(new) - 1)
            self._rows[:0] = new
            self.endInsertRows()
        limit = self._tail.rows.maxlen or len(self._rows)
        if len(self._rows) > limit:
            self.beginRemoveRows(QModelIndex(), limit, len(self._rows) - 1)
            del self._rows[limit:]
            self.endRemoveRows()

    def _row_count(self) -> int:
        return len(self._rows)

    def data(self, index: Index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            shown = STEPPED_MARK + hhmmss(row.ms) if row.stepped else hhmmss(row.ms)
            return (shown, row.console, row.operator, row.kind, row.summary)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            tips = [self.tr("Drill entry")] if row.drill else []
            if row.stepped and index.column() == 0:
                tips.append(self.tr("This computer's clock went back: time as the clock gave "
                                    "it, order as the journal holds it"))
            return "\n".join(tips) or None
        return None


class RadioHealthModel(TableModel):
    COLUMNS = (QT_TRANSLATE_NOOP("RadioHealthModel", "Radio"),
               QT_TRANSLATE_NOOP("RadioHealthModel", "Link"),
               QT_TRANSLATE_NOOP("RadioHealthModel", "Signal"),
               QT_TRANSLATE_NOOP("RadioHealthModel", "Battery"),
               QT_TRANSLATE_NOOP("RadioHealthModel", "Mode"),
               QT_TRANSLATE_NOOP("RadioHealthModel", "Talkgroup"),
               QT_TRANSLATE_NOOP("RadioHealthModel", "Last heard"))

    def __init__(self, board: RadioHealthBoard, parent=None):
        super().__init__(parent)
        self._board = board
        self._ids: list[str] = []
        self._shown: dict[str, RadioHealth] = {}
        self.sync()

    def sync(self) -> None:
        for radio_id, health in self._board.radios.items():
            if radio_id not in self._ids:
                n = len(self._ids)
                self.beginInsertRows(ROOT, n, n)
                self._ids.append(radio_id)
                self._shown[radio_id] = health
                self.endInsertRows()
            elif self._shown.get(radio_id) is not health:  # folds replace, never mutate
                self._shown[radio_id] = health
                row = self._ids.index(radio_id)
                self.dataChanged.emit(self.index(row, 0),
                                      self.index(row, len(self.COLUMNS) - 1))

    def _row_count(self) -> int:
        return len(self._ids)

    def _cells(self, h: RadioHealth) -> tuple[str, ...]:
        link = {"connected": self.tr("connected"), "lost": self.tr("LOST"),
                "unknown": self.tr("unknown")}[h.link]
        mode = {0: "TMO", 1: "DMO"}.get(h.mode, "" if h.mode is None else str(h.mode))
        return (h.radio, link, "" if h.dbm is None else f"{h.dbm} dBm",
                "" if h.battery is None else f"{h.battery} %", mode, h.gssi or "",
                hhmmss(h.last_heard_ms))

    def data(self, index: Index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        h = self._board.radios[self._ids[index.row()]]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cells(h)[index.column()]
        if role == Qt.ItemDataRole.BackgroundRole and index.column() == 1 and h.link == "lost":
            return QColor("#b00020")
        return None
