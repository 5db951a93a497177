"""The console window: layout only; the controller builds the parts and wires them.

Top to bottom: the alarm stack (full width, above everything, never covered), the training
and journal banners, then the work area: radio panels | unit status board | talk requests
and messages, and below it the journal. The help overlay covers only the work area.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from console.journal.health import JournalHealth
from console.ui.help_overlay import HelpOverlay
from console.ui.history_progress import HistoryProgress
from console.ui.notices_banner import NoticesBanner
from console.ui.shortcuts import local_shortcut
from console.ui.theme import ALARM_RED, TRAINING_ORANGE


def make_banner(text: str, colour: str) -> QLabel:
    label = QLabel(text)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    label.setStyleSheet(f"background:{colour}; color:white; font-weight:bold;"
                        " font-size:16pt; padding:6px;")
    return label


def titled(title: str, widget: QWidget) -> QWidget:
    box = QWidget()
    lay = QVBoxLayout(box)
    lay.setContentsMargins(0, 0, 0, 0)
    head = QLabel(title)
    head.setStyleSheet("font-weight:bold;")
    lay.addWidget(head)
    lay.addWidget(widget, 1)
    return box


def table(model, name: str, widths: tuple[int, ...] = ()) -> QTableView:
    """A read-only table. Column widths are set once: ResizeToContents would measure every
    row on every insert, which at 200 entries/s costs more than everything else."""
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.verticalHeader().hide()
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    for column, width in enumerate(widths):
        header.resizeSection(column, width)
    return view


class MainWindow(QMainWindow):
    answer_first_talk_request = Signal()

    def __init__(self, *, banner: QWidget, radios: QWidget, board: QWidget,
                 talk_queue: QWidget, messages: QWidget, tail_model, health_model,
                 db_path: Path, training: bool):
        super().__init__()
        title = self.tr("Vangnet — fallback radio console")
        # A drill is never mistaken for real: the title (task bar, second screen) says it too.
        self.setWindowTitle(self.tr("TRAINING") + " — " + title if training else title)
        self.alarm_banner, self.board, self.talk_queue, self.messages = (
            banner, board, talk_queue, messages)
        self.training_banner = make_banner(
            self.tr("TRAINING — simulated radios, nothing here is a real incident"),
            TRAINING_ORANGE)
        self.training_banner.setVisible(training)
        self.journal_banner = make_banner("", ALARM_RED)
        self.journal_banner.setObjectName("journalBanner")
        self.journal_banner.hide()
        self.notices = NoticesBanner()  # what this start could not use, and what it did
        self.history = HistoryProgress()  # a long history still folding after a start

        self.tail = table(tail_model, "journalTail", (90, 110, 110, 190))
        self.tail.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.radio_health = table(health_model, "radioHealth", (110, 110, 90, 80, 70, 120, 100))
        self.note = QLineEdit()
        self.note.setObjectName("noteInput")
        self.note.setPlaceholderText(self.tr("Journal note (Ctrl+Enter saves)"))
        self.note.setMinimumHeight(44)
        self.save_button = QPushButton(self.tr("Save note"))
        self.save_button.setMinimumHeight(44)
        self.save_button.setToolTip(self.tr("Save note (Ctrl+Enter)"))
        self.note_state = QLabel("")
        self.note_state.setObjectName("noteState")

        radio_scroll = QScrollArea()
        radio_scroll.setWidgetResizable(True)
        radio_scroll.setWidget(radios)
        self.journal_box = journal_box = QWidget()
        jl = QVBoxLayout(journal_box)
        jl.setContentsMargins(0, 0, 0, 0)
        jl.addWidget(self.tail, 1)
        note_row = QHBoxLayout()
        note_row.addWidget(self.note, 1)
        note_row.addWidget(self.save_button)
        jl.addLayout(note_row)
        jl.addWidget(self.note_state)
        self.lower = QTabWidget()
        self.lower.addTab(journal_box, self.tr("Journal"))
        self.lower.addTab(self.radio_health, self.tr("Radio links"))

        # Three columns: radios (full height: they are what the desk radios were), units
        # above talk requests, messages above the journal.
        middle = QSplitter(Qt.Orientation.Vertical)
        middle.addWidget(titled(self.tr("Units"), board))
        middle.addWidget(titled(self.tr("Talk requests"), talk_queue))
        middle.setSizes([600, 300])
        right = QSplitter(Qt.Orientation.Vertical)
        # The send form is tall: at 1366x768 under an alarm it scrolls rather than push the
        # journal off the bottom of the screen.
        messages_scroll = QScrollArea()
        messages_scroll.setWidgetResizable(True)
        messages_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        messages_scroll.setWidget(messages)
        messages_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        messages_scroll.setMinimumWidth(  # it scrolls up and down only: as wide as before
            messages.minimumSizeHint().width()
            + messages_scroll.verticalScrollBar().sizeHint().width())
        right.addWidget(titled(self.tr("Messages"), messages_scroll))
        right.addWidget(self.lower)
        right.setSizes([700, 300])  # the send form whole at 1366x768, the journal below
        self.work_area = QSplitter(Qt.Orientation.Horizontal)
        self.work_area.addWidget(titled(self.tr("Radios"), radio_scroll))
        self.work_area.addWidget(middle)
        self.work_area.addWidget(right)
        self.work_area.setSizes([980, 560, 380])

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(banner)  # first: nothing may ever cover an alarm
        layout.addWidget(self.training_banner)
        layout.addWidget(self.journal_banner)
        layout.addWidget(self.notices)
        layout.addWidget(self.history)
        layout.addWidget(self.work_area, 1)
        self.setCentralWidget(body)
        self.help = HelpOverlay(self.work_area)

        self.db_label = QLabel(
            (self.tr("TRAINING journal (apart from live work): %1") if training
             else self.tr("Journal: %1")).replace("%1", str(db_path)))
        self.health_label = QLabel(self.tr("Saving: OK"))
        self.health_label.setObjectName("healthLabel")
        self.statusBar().addWidget(self.db_label, 1)
        self.statusBar().addPermanentWidget(QLabel(self.tr("F9: shortcuts")))
        self.statusBar().addPermanentWidget(self.health_label)
        self._shortcuts()

    def _shortcuts(self) -> None:
        def key(seq: str, slot) -> None:
            QShortcut(QKeySequence(seq), self, activated=slot)
        for seq in ("Ctrl+Return", "Ctrl+Enter"):  # only in the journal box: the SDS
            local_shortcut(seq, self.journal_box, self.save_button.click)  # form has its own
        key("Ctrl+J", self._focus_journal)
        key("Ctrl+N", self._focus_note)
        key("Ctrl+F", self._focus_board_search)
        key("Ctrl+T", self.answer_first_talk_request.emit)
        key("Ctrl+M", self._focus_message)
        key("F9", self.help.toggle)

    def _focus_journal(self) -> None:
        self.lower.setCurrentIndex(0)
        self.tail.setFocus()

    def _focus_note(self) -> None:
        self.lower.setCurrentIndex(0)
        self.note.setFocus()

    def _focus_board_search(self) -> None:
        search = getattr(self.board, "search", None)
        (search or self.board).setFocus()

    def _focus_message(self) -> None:
        form = getattr(self.messages, "form", None)
        edit = getattr(form, "text_edit", None)
        (edit or self.messages).setFocus()

    @Slot(JournalHealth)
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
            "damaged": self.tr("the journal file is damaged"),
        }
        reason = reasons.get(health.problem or "", self.tr("an unknown error"))
        self.journal_banner.setText(
            self.tr("JOURNAL CANNOT SAVE: %1. New entries are NOT being kept. "
                    "Keep notes on paper; saving resumes by itself.").replace("%1", reason))
        self.journal_banner.show()
        self.health_label.setText(self.tr("Saving: FAILING"))

