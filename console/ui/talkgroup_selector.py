"""Searchable talkgroup selector: type part of a GSSI, alias, discipline or region.

A search field with a list of matches below it. The list lives inside the panel rather
than in a popup window so it never takes the keyboard focus away from the field, behaves
the same under touch, and raises no window-manager questions on a console PC. Up/Down move
through the matches, Enter takes the highlighted one (the top match when none is), a click
or tap takes the one touched, Escape clears.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any, Protocol

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QLabel, QLineEdit, QListView, QVBoxLayout, QWidget

from console.ui.labels import labelled

LOG = logging.getLogger(__name__)

Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()
GSSI_ROLE = Qt.ItemDataRole.UserRole + 1
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2
ALIAS_ROLE = Qt.ItemDataRole.UserRole + 3
VISIBLE_ROWS = 6


class TalkgroupLike(Protocol):
    """The catalog's TalkgroupInfo, as far as the selector needs it."""

    gssi: str
    alias: str
    discipline: str
    region: str


def talkgroup_text(tg: TalkgroupLike) -> str:
    return labelled(tg.gssi, tg.alias)


class TalkgroupPlanModel(QAbstractListModel):
    """The talkgroup plan as a read-only list; one row per group, in plan order."""

    def __init__(self, talkgroups: Sequence[TalkgroupLike], parent=None):
        super().__init__(parent)
        self._groups = list(talkgroups)

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._groups)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._groups):
            return None
        tg = self._groups[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{talkgroup_text(tg)}  ·  {tg.discipline}, {tg.region}"
        if role == GSSI_ROLE:
            return tg.gssi
        if role == ALIAS_ROLE:
            return tg.alias.casefold()
        if role == SEARCH_ROLE:
            return " ".join((tg.gssi, tg.alias, tg.discipline, tg.region)).casefold()
        if role == Qt.ItemDataRole.ToolTipRole:
            return getattr(tg, "notes", "") or None
        return None

    def group(self, gssi: str | None) -> TalkgroupLike | None:
        return next((g for g in self._groups if g.gssi == gssi), None)


class TalkgroupFilter(QSortFilterProxyModel):
    """Every typed word must occur (case-insensitive substring) in GSSI, alias, discipline
    or region; exact and prefix hits on GSSI or alias sort first, then plan order."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._words: list[str] = []
        self.setDynamicSortFilter(False)

    def set_text(self, text: str) -> None:
        if hasattr(self, "endFilterChange"):  # Qt >= 6.10; the older call is deprecated
            self.beginFilterChange()
            self._words = text.casefold().split()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._words = text.casefold().split()
            self.invalidateRowsFilter()
        self.sort(0)

    def filterAcceptsRow(self, row: int, parent: Index) -> bool:
        haystack = self.sourceModel().index(row, 0, parent).data(SEARCH_ROLE) or ""
        return all(word in haystack for word in self._words)

    def lessThan(self, left: Index, right: Index) -> bool:
        return (self._rank(left), left.row()) < (self._rank(right), right.row())

    def _rank(self, index: Index) -> int:
        if not self._words:
            return 2
        gssi, alias = index.data(GSSI_ROLE), index.data(ALIAS_ROLE)
        first = self._words[0]
        if first in (gssi, alias):
            return 0
        return 1 if gssi.startswith(first) or alias.startswith(first) else 2


class TalkgroupSelector(QWidget):
    talkgroup_chosen = Signal(str)  # GSSI

    def __init__(self, talkgroups: Sequence[TalkgroupLike], *, fictitious: bool = False,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.plan = TalkgroupPlanModel(talkgroups, self)
        self.matches = TalkgroupFilter(self)
        self.matches.setSourceModel(self.plan)
        self.matches.sort(0)

        self.search = QLineEdit()
        self.search.setObjectName("talkgroupSearch")
        self.search.setPlaceholderText(self.tr("Search talkgroup: GSSI, name, discipline, region"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumHeight(44)
        self.list = QListView()
        self.list.setObjectName("talkgroupMatches")
        self.list.setModel(self.matches)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the field keeps the keyboard
        self.list.setUniformItemSizes(True)
        self.list.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.list.setStyleSheet("QListView::item { padding: 6px 4px; }")  # finger-sized rows
        self.list.hide()
        self.fictitious_note = QLabel(self.tr("FICTITIOUS talkgroup plan (demo data)"))
        self.fictitious_note.setObjectName("fictitiousNote")
        self.fictitious_note.setStyleSheet("color:#ef6c00; font-weight:bold;")
        self.fictitious_note.setVisible(fictitious)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(self.search)
        lay.addWidget(self.list)
        lay.addWidget(self.fictitious_note)

        self.search.textEdited.connect(self._on_text)
        self.search.returnPressed.connect(self.choose_current)
        self.list.clicked.connect(self._choose_index)
        self.search.installEventFilter(self)

    def set_fictitious(self, fictitious: bool) -> None:
        self.fictitious_note.setVisible(fictitious)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()
        self._show_list()

    def match_gssis(self) -> list[str]:
        return [self.matches.index(r, 0).data(GSSI_ROLE) for r in range(self.matches.rowCount())]

    def choose_current(self) -> None:
        """Enter: the highlighted match, else the top one; nothing when nothing matches."""
        index = self.list.currentIndex()
        if not index.isValid() and self.search.text().strip():
            index = self.matches.index(0, 0)
        if index.isValid():
            self._choose_index(index)

    def _choose_index(self, index: Index) -> None:
        gssi = index.data(GSSI_ROLE)
        if not gssi:
            return
        self.search.clear()
        self.matches.set_text("")
        self.list.hide()
        LOG.debug("talkgroup %s chosen", gssi)
        self.talkgroup_chosen.emit(gssi)

    def _on_text(self, text: str) -> None:
        self.matches.set_text(text)
        self.list.setCurrentIndex(QModelIndex())
        if text.strip():
            self._show_list()
        else:
            self.list.hide()

    def _show_list(self) -> None:
        rows = max(1, min(VISIBLE_ROWS, self.matches.rowCount()))
        self.list.setFixedHeight(rows * max(self.list.sizeHintForRow(0), 28) + 4)
        self.list.show()

    def _move(self, step: int) -> None:
        count = self.matches.rowCount()
        if not count:
            return
        if not self.list.isVisible():
            self._show_list()
        row = self.list.currentIndex().row()
        row = 0 if row < 0 else max(0, min(count - 1, row + step))
        self.list.setCurrentIndex(self.matches.index(row, 0))

    def eventFilter(self, obj, event) -> bool:
        if obj is self.search and event.type() == event.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                self._move(1 if key == Qt.Key.Key_Down else -1)
                return True
            if key == Qt.Key.Key_Escape and (self.search.text() or self.list.isVisible()):
                self.search.clear()
                self._on_text("")
                return True
        if obj is self.search and event.type() == event.Type.FocusOut and not self.search.text():
            self.list.hide()
        return False
