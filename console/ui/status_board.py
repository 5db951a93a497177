"""The unit status board widget: table, filters, DIPP welfare line, inline alias.

The widget never writes the journal: it asks (``alias_requested``,
``dipp_toggle_requested``), the controller journals, and the projection shows the result.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import (
    QModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from console.state.status_tables import CANONICAL, DISCIPLINES
from console.ui.labels import labelled
from console.ui.shortcuts import local_shortcut
from console.ui.unit_board_model import (  # noqa: F401  (re-exported)
    DISPLAY,
    EDIT,
    MIN_TARGET,
    PALETTE,
    SORT_ROLE,
    UnitBoardFilter,
    UnitBoardModel,
    canonical_text,
    mmss,
)

LOG = logging.getLogger(__name__)

class _AliasDelegate(QStyledItemDelegate):
    """Hands the edited alias to the widget instead of writing it into the model."""

    def __init__(self, committed: Callable[[QModelIndex, str], None], parent=None):
        super().__init__(parent)
        self._committed = committed

    def setModelData(self, editor, model, index) -> None:
        self._committed(index, editor.text())


class StatusBoard(QWidget):
    alias_requested = Signal(str, str)  # issi, alias ("" = back to the unit list's alias)
    dipp_toggle_requested = Signal(str, bool)  # issi, new DIPP mark

    def __init__(self, model: UnitBoardModel, parent=None, *, dipp_minutes: float = 10):
        super().__init__(parent)
        self.model, self.dipp_minutes = model, dipp_minutes
        self.proxy = UnitBoardFilter(self)
        # The proxy only filters (the model sorts itself once a second, see
        # UnitBoardModel.sort); dynamic, so a unit whose status changed leaves or enters a
        # status filter at once.
        self.proxy.setDynamicSortFilter(True)
        self.proxy.setSourceModel(model)

        self.fictitious = QLabel(self.tr("FICTITIOUS DEMO DATA"))
        self.fictitious.setStyleSheet("background:#6A1B9A;color:white;font-weight:bold;"
                                      "padding:4px")
        self.fictitious.hide()
        self.discipline_box = QComboBox()
        self.discipline_box.addItem(self.tr("All disciplines"), None)
        for d in DISCIPLINES:
            self.discipline_box.addItem(d, d)
        self.discipline_box.addItem(self.tr("unknown"), "")
        self.status_box = QComboBox()
        self.status_box.addItem(self.tr("All statuses"), None)
        for c in CANONICAL:
            self.status_box.addItem(canonical_text(c), c)
        self.status_box.addItem(self.tr("no known status"), "")
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search ISSI, alias, call sign"))
        self.search.setClearButtonEnabled(True)
        self.dipp_button = QPushButton(self.tr("DIPP on/off"))
        self.dipp_button.setToolTip(self.tr("Mark the selected unit as working in a DIPP "
                                            "area (Ctrl+D)"))
        for w in (self.discipline_box, self.status_box, self.search, self.dipp_button):
            w.setMinimumHeight(MIN_TARGET)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        # Most recently heard first: the units that are busy now are the ones to see.
        self.table.sortByColumn(UnitBoardModel.LAST_HEARD, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # Not EditKeyPressed: F2 is a push-to-talk key (radio 2).
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked)
        self.table.setItemDelegateForColumn(model.ALIAS, _AliasDelegate(self._alias_edited,
                                                                        self.table))
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.watchdog = QLabel()
        self.watchdog.setWordWrap(True)

        filters = QHBoxLayout()
        for w in (self.discipline_box, self.status_box):
            filters.addWidget(w)
        filters.addWidget(self.search, 1)
        filters.addWidget(self.dipp_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.fictitious)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.watchdog)

        self.discipline_box.currentIndexChanged.connect(
            lambda: self.proxy.set_discipline(self.discipline_box.currentData()))
        self.status_box.currentIndexChanged.connect(
            lambda: self.proxy.set_canonical(self.status_box.currentData()))
        self.search.textChanged.connect(self.proxy.set_search)
        self.dipp_button.clicked.connect(self.toggle_dipp)
        local_shortcut("Ctrl+L", self, self.edit_alias)
        local_shortcut("Ctrl+D", self, self.toggle_dipp)
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        self.refresh()

    def set_fictitious(self, fictitious: bool) -> None:
        """Show that the unit list is demo data (catalog.is_fictitious)."""
        self.fictitious.setVisible(fictitious)

    def selected_issi(self) -> str | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.row_at(self.proxy.mapToSource(index).row()).issi

    def select_issi(self, issi: str) -> bool:
        row = self.model.row_of(issi)
        index = self.proxy.mapFromSource(self.model.index(row, self.model.ALIAS)) if (
            row is not None) else QModelIndex()
        if index.isValid():
            self.table.setCurrentIndex(index)
        return index.isValid()

    def edit_alias(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            alias = index.siblingAtColumn(self.model.ALIAS)
            self.table.setCurrentIndex(alias)
            self.table.edit(alias)

    def toggle_dipp(self) -> None:
        issi = self.selected_issi()
        if issi is not None:
            row = self.model.board.unit(issi)
            self.dipp_toggle_requested.emit(issi, not (row and row.dipp))

    def _alias_edited(self, index: QModelIndex, text: str) -> None:
        row = self.model.row_at(self.proxy.mapToSource(index).row())
        if text.strip() != row.alias:
            self.alias_requested.emit(row.issi, text.strip())

    def refresh(self) -> None:
        """Once a second: durations, order, and the DIPP welfare check (C2000.md)."""
        self.model.refresh_times()
        self.model.resort()
        silent = self.model.board.silent_dipp_units(self.model.clock_ms(), self.dipp_minutes)
        minutes = f"{self.dipp_minutes:g}"
        if silent:
            names = ", ".join(labelled(r.issi, r.alias or r.callsign) for r in silent)
            self.watchdog.setText(self.tr("Not heard > %1 min: %2").replace(
                "%1", minutes).replace("%2", names))
            self.watchdog.setStyleSheet("background:#C62828;color:white;padding:4px")
        else:
            self.watchdog.setText(self.tr("DIPP: every unit heard within %1 min").replace(
                "%1", minutes))
            self.watchdog.setStyleSheet("")
