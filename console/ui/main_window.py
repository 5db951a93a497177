"""The first window: journal tail, radio health, note entry, training and journal banners."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from console.journal.store import JournalHealth
from console.ui.models import JournalTailModel, RadioHealthModel
from console.ui.theme import ALARM_RED, TRAINING_ORANGE


def banner(text: str, colour: str) -> QLabel:
    label = QLabel(text)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    label.setStyleSheet(f"background:{colour}; color:white; font-weight:bold;"
                        " font-size:18pt; padding:8px;")
    return label


class MainWindow(QMainWindow):
    def __init__(self, tail_model: JournalTailModel, health_model: RadioHealthModel, *,
                 db_path: Path, training: bool):
        super().__init__()
        self.setWindowTitle(self.tr("Vangnet — fallback radio console"))
        self.training_banner = banner(
            self.tr("TRAINING — simulated radios, nothing here is a real incident"),
            TRAINING_ORANGE)
        self.training_banner.setVisible(training)
        self.journal_banner = banner("", ALARM_RED)
        self.journal_banner.setObjectName("journalBanner")
        self.journal_banner.hide()

        self.radios = self._table(health_model, "radioHealth")
        self.tail = self._table(tail_model, "journalTail")
        self.tail.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)

        self.note = QLineEdit()
        self.note.setObjectName("noteInput")
        self.note.setPlaceholderText(self.tr("Journal note (Ctrl+Enter saves)"))
        self.note.setMinimumHeight(44)
        self.save_button = QPushButton(self.tr("Save note"))
        self.save_button.setMinimumHeight(44)
        self.save_button.setToolTip(self.tr("Save note (Ctrl+Enter)"))
        self.note_state = QLabel("")
        self.note_state.setObjectName("noteState")
        note_row = QHBoxLayout()
        note_row.addWidget(self.note, 1)
        note_row.addWidget(self.save_button)
        note_row.addWidget(self.note_state)

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self._titled(self.tr("Radios"), self.radios))
        split.addWidget(self._titled(self.tr("Journal"), self.tail))
        split.setStretchFactor(1, 3)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(self.training_banner)
        layout.addWidget(self.journal_banner)
        layout.addWidget(split, 1)
        layout.addLayout(note_row)
        self.setCentralWidget(body)

        self.db_label = QLabel(self.tr("Journal: %1").replace("%1", str(db_path)))
        self.health_label = QLabel(self.tr("Saving: OK"))
        self.health_label.setObjectName("healthLabel")
        self.statusBar().addWidget(self.db_label, 1)
        self.statusBar().addPermanentWidget(self.health_label)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=self.save_button.click)
        QShortcut(QKeySequence("Ctrl+J"), self, activated=self.tail.setFocus)
        QShortcut(QKeySequence("Ctrl+N"), self, activated=self.note.setFocus)

    def _table(self, model, name: str) -> QTableView:
        view = QTableView()
        view.setObjectName(name)
        view.setModel(model)
        view.verticalHeader().hide()
        view.setAlternatingRowColors(True)
        view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        return view

    def _titled(self, title: str, widget: QWidget) -> QWidget:
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        head = QLabel(title)
        head.setStyleSheet("font-weight:bold;")
        lay.addWidget(head)
        lay.addWidget(widget)
        return box

    @Slot(object)
    def show_health(self, health: JournalHealth) -> None:
        if health.ok:
            self.journal_banner.hide()
            self.health_label.setText(self.tr("Saving: OK"))
            return
        reasons = {
            "disk_full": self.tr("the disk is full"),
            "read_only": self.tr("the journal file is read-only"),
            "io_error": self.tr("the disk reports an I/O error"),
            "locked": self.tr("another program holds the journal"),
            "cannot_open": self.tr("the journal file cannot be opened"),
        }
        reason = reasons.get(health.problem or "", self.tr("an unknown error"))
        self.journal_banner.setText(
            self.tr("JOURNAL CANNOT SAVE: %1. New entries are NOT being kept. "
                    "Keep notes on paper; saving resumes by itself.").replace("%1", reason))
        self.journal_banner.show()
        self.health_label.setText(self.tr("Saving: FAILING"))
