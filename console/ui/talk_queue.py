"""The spraakaanvraag queue on screen: who asked to talk, urgent first, how long they wait.

``sync()`` moves rows instead of resetting, so the selected request stays selected while
new ones arrive (the centralist is about to press Answer on it). Buttons and keys only ask
(``answer_requested`` / ``clear_requested``); the controller journals the outcome.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from console.state.talk_requests import TalkRequest, TalkRequests
from console.state.units import UnitBoard
from console.ui.labels import labelled
from console.ui.models import ROOT, Index, TableModel
from console.ui.shortcuts import local_shortcut
from console.ui.status_board import mmss

LOG = logging.getLogger(__name__)

DISPLAY = Qt.ItemDataRole.DisplayRole
URGENT_BG, URGENT_FG = QColor("#C62828"), QColor("#FFFFFF")
MIN_BUTTON = 44  # px


class TalkQueueModel(TableModel):
    COLUMNS = (QT_TRANSLATE_NOOP("TalkQueueModel", "Priority"),
               QT_TRANSLATE_NOOP("TalkQueueModel", "Unit"),
               QT_TRANSLATE_NOOP("TalkQueueModel", "Waiting"),
               QT_TRANSLATE_NOOP("TalkQueueModel", "Radio"))
    PRIORITY, UNIT, WAITING, RADIO = range(4)

    def __init__(self, requests: TalkRequests, clock_ms: Callable[[], int],
                 board: UnitBoard | None = None, parent=None):
        super().__init__(parent)
        self.requests, self.clock_ms, self.board = requests, clock_ms, board
        self._rows: list[TalkRequest] = []
        self.sync()

    def sync(self) -> None:
        """Make the rows equal ``requests.queue()`` with removes, moves and inserts."""
        target = self.requests.queue()
        before = list(self._rows)
        wanted = {r.issi for r in target}
        for i in range(len(self._rows) - 1, -1, -1):
            if self._rows[i].issi not in wanted:
                self.beginRemoveRows(ROOT, i, i)
                del self._rows[i]
                self.endRemoveRows()
        for i, req in enumerate(target):
            here = [r.issi for r in self._rows]
            if i < len(here) and here[i] == req.issi:
                self._rows[i] = req
            elif req.issi in here:  # it moved up (became urgent, or others left)
                j = here.index(req.issi)
                self.beginMoveRows(ROOT, j, j, ROOT, i)
                self._rows.insert(i, self._rows.pop(j))
                self.endMoveRows()
                self._rows[i] = req
            else:
                self.beginInsertRows(ROOT, i, i)
                self._rows.insert(i, req)
                self.endInsertRows()
        if self._rows != before:  # urgency may change in place (the same unit, new row)
            self.tick()

    def tick(self) -> None:
        """Waiting times move on: repaint the rows (once a second, not per refresh)."""
        if self._rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._rows) - 1, len(self.COLUMNS) - 1))

    def issi_at(self, row: int) -> str | None:
        return self._rows[row].issi if 0 <= row < len(self._rows) else None

    def _row_count(self) -> int:
        return len(self._rows)

    def unit_text(self, issi: str) -> str:
        """Alias and raw ISSI side by side, always (C2000.md: aliases go stale)."""
        row = self.board.unit(issi) if self.board is not None else None
        name = (row.alias or row.callsign) if row is not None else ""
        return labelled(issi, name)

    def data(self, index: Index, role=DISPLAY):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        req, col = self._rows[index.row()], index.column()
        if role == DISPLAY:
            if col == self.PRIORITY:
                return self.tr("URGENT") if req.urgent else self.tr("normal")
            if col == self.UNIT:
                return self.unit_text(req.issi)
            if col == self.WAITING:
                return mmss(self.clock_ms() - req.since_ms)
            return req.radio
        if role == Qt.ItemDataRole.BackgroundRole and req.urgent and col == self.PRIORITY:
            return URGENT_BG
        if role == Qt.ItemDataRole.ForegroundRole and req.urgent and col == self.PRIORITY:
            return URGENT_FG
        if role == Qt.ItemDataRole.ToolTipRole and req.repeats:
            return self.tr("Asked %1 times").replace("%1", str(req.repeats + 1))
        return None


class TalkQueue(QWidget):
    answer_requested = Signal(str)  # issi
    clear_requested = Signal(str)  # issi

    def __init__(self, model: TalkQueueModel, parent=None):
        super().__init__(parent)
        self.model = model
        self.table = QTableView()
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.answer_button = QPushButton(self.tr("Answer"))
        self.answer_button.setToolTip(self.tr("Answer the selected request (Enter)"))
        self.clear_button = QPushButton(self.tr("Clear"))
        self.clear_button.setToolTip(self.tr("Remove the selected request unanswered (Delete)"))
        for b in (self.answer_button, self.clear_button):
            b.setMinimumHeight(MIN_BUTTON)
        buttons = QHBoxLayout()
        buttons.addWidget(self.answer_button)
        buttons.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

        self.answer_button.clicked.connect(self.answer)
        self.clear_button.clicked.connect(self.clear)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            local_shortcut(key, self, self.answer)
        local_shortcut(Qt.Key.Key_Delete, self, self.clear)
        model.rowsInserted.connect(self._keep_a_selection)
        model.rowsRemoved.connect(self._keep_a_selection)
        self.timer = QTimer(self)  # waiting times tick even when nothing arrives
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.model.tick)
        self.timer.start()
        self._keep_a_selection()

    def selected_issi(self) -> str | None:
        """The selected request, or the head of the queue (Enter answers the first)."""
        index = self.table.currentIndex()
        return self.model.issi_at(index.row() if index.isValid() else 0)

    def answer(self) -> None:
        issi = self.selected_issi()
        if issi is not None:
            self.answer_requested.emit(issi)

    def clear(self) -> None:
        issi = self.selected_issi()
        if issi is not None:
            self.clear_requested.emit(issi)

    def _keep_a_selection(self) -> None:
        has_rows = self.model.rowCount() > 0
        self.answer_button.setEnabled(has_rows)
        self.clear_button.setEnabled(has_rows)
        if has_rows and not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.model.index(0, 0))
