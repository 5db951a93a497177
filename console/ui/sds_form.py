"""The inline SDS send form: a text (with templates) or a status to a unit or a group.

Never a modal dialog: it sits under the messages list, so a centralist can read an
incoming text while typing the answer. What was typed stays in the form until the
controller confirms the send (``send_accepted``); on failure it stays, with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from console.state.status_tables import DEFAULT_OFFSET
from console.ui.labels import labelled
from console.ui.theme import ALARM_RED

MAX_SSI = 0xFFFFFF  # ISSI and GSSI are 24-bit numbers (PEI.md §3)
TEMPLATE_GAP = "..."  # where a template wants the centralist to complete it
EMERGENCY_STATUS = 0  # pre-coded status 0 is the emergency (PEI.md §8.5)
TEXT_TAB, STATUS_TAB = 0, 1


def resolve_recipient(text: str, recipients: list[tuple[str, str]]) -> str | None:
    """Digits, a completion "label (id)" or an exact label; None when it names nobody."""
    t = text.strip()
    found = re.fullmatch(r"\d+", t) or re.search(r"\((\d+)\)\s*$", t)
    if found:
        digits = found.group(1) if found.groups() else found.group(0)
        return str(int(digits)) if 0 < int(digits) <= MAX_SSI else None
    by_label = {label.casefold(): ssi for ssi, label in recipients}
    return by_label.get(t.casefold()) if t else None


def not_latin1(text: str) -> list[str]:
    """Characters an SDS text cannot carry: coding scheme 1 is ISO 8859-1 (PEI.md §8.4)."""
    return sorted({c for c in text if ord(c) > 0xFF})


def big_button(text: str, slot: Callable[[], None]) -> QPushButton:
    button = QPushButton(text)
    button.setMinimumHeight(44)  # big targets under stress (C2000.md)
    button.clicked.connect(slot)
    return button


class SendForm(QWidget):
    send_text_requested = Signal(str, str, str)  # radio id, to, text
    send_status_requested = Signal(str, str, int)  # radio id, to, value

    def __init__(self, radios: list[tuple[str, str]], recipients: list[tuple[str, str]],
                 templates: list[str], *, max_chars: int = 160,
                 status_choices: list[tuple[int, str]] | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.max_chars = max_chars
        self._recipients: list[tuple[str, str]] = []
        self._pending: str | None = None  # handed to the controller; None once it answered
        self.radio_combo = QComboBox()
        self.recipient = QLineEdit()
        self.recipient.setPlaceholderText(self.tr("ISSI, GSSI, unit or talkgroup"))
        self.completer = QCompleter([], self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.recipient.setCompleter(self.completer)
        self.template_combo = QComboBox()
        self.template_combo.activated.connect(self._insert_template)
        self.text_edit = QPlainTextEdit()
        self.text_edit.setPlaceholderText(self.tr("Text (Ctrl+Enter sends)"))
        self.text_edit.setMaximumHeight(90)
        self.counter_label = QLabel()
        self.status_value = QSpinBox()
        self.status_value.setRange(0, 0xFFFF)
        self.status_value.setValue(DEFAULT_OFFSET)  # network-specific range (PEI.md §8.5)
        self.status_hex = QLabel()
        self.status_choice = QComboBox()
        # Long status texts must not widen the whole messages column: elide in the box.
        self.status_choice.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.status_choice.setMinimumContentsLength(16)
        self.status_choice.activated.connect(self._choose_status)
        self.mode_tabs = QTabWidget()
        self.mode_tabs.addTab(self._text_page(), self.tr("Text"))
        self.mode_tabs.addTab(self._status_page(), self.tr("Status"))
        self.error_label = QLabel()
        self.error_label.setObjectName("sendError")
        self.error_label.setStyleSheet(f"color: {ALARM_RED}; font-weight: bold")
        self.error_label.setWordWrap(True)
        self.send_state = QLabel()
        self.send_state.setWordWrap(True)
        self.send_button = big_button(self.tr("Send"), self.send)
        self.send_button.setToolTip(self.tr("Send (Ctrl+Enter)"))
        self._layout()
        for w in (self.radio_combo, self.recipient, self.text_edit, self.status_value,
                  self.template_combo, self.status_choice, self.send_button):
            w.setMinimumHeight(44)
            w.installEventFilter(self)
        for signal in (self.recipient.textChanged, self.text_edit.textChanged,
                       self.status_value.valueChanged, self.mode_tabs.currentChanged,
                       self.radio_combo.currentIndexChanged):
            signal.connect(self._validate)
        self.set_radios(radios)
        self.set_recipients(recipients)
        self.set_templates(templates)
        self.set_status_choices(status_choices or [])

    def _text_page(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        box.addWidget(self.template_combo)
        box.addWidget(self.text_edit)
        box.addWidget(self.counter_label)
        return page

    def _status_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        form.addRow(self.tr("Status table"), self.status_choice)
        row = QHBoxLayout()
        row.addWidget(self.status_value)
        row.addWidget(self.status_hex)
        form.addRow(self.tr("Raw value"), row)
        return page

    def _layout(self) -> None:
        form = QFormLayout()
        form.addRow(self.tr("Radio"), self.radio_combo)
        form.addRow(self.tr("To"), self.recipient)
        bottom = QHBoxLayout()
        bottom.addWidget(self.send_state, 1)
        bottom.addWidget(self.send_button)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(form)
        box.addWidget(self.mode_tabs)
        box.addWidget(self.error_label)
        box.addLayout(bottom)

    # -- configuration (the lead feeds these from the catalog and the radios' capabilities) --
    def set_radios(self, radios: list[tuple[str, str]]) -> None:
        """Attached radios as (radio id, alias)."""
        self.radio_combo.clear()
        for radio_id, alias in radios:
            self.radio_combo.addItem(labelled(radio_id, alias), radio_id)
        self._validate()

    def set_recipients(self, recipients: list[tuple[str, str]]) -> None:
        """Units and talkgroups as (ISSI or GSSI, label) for the completer."""
        self._recipients = list(recipients)
        self.completer.model().setStringList(  # type: ignore[attr-defined]
            [labelled(ssi, label) for ssi, label in self._recipients])

    def set_templates(self, templates: list[str]) -> None:
        self.template_combo.clear()
        self.template_combo.addItem(self.tr("Insert template…"))
        for t in templates:
            self.template_combo.addItem(t)

    def set_status_choices(self, choices: list[tuple[int, str]]) -> None:
        """Where status tables plug in: (raw value, meaning); without them, raw values only."""
        self.status_choice.clear()
        self.status_choice.addItem(self.tr("Raw value below"), None)
        for value, label in choices:
            self.status_choice.addItem(labelled(str(value), label), value)
        self.status_choice.setEnabled(bool(choices))

    def set_max_chars(self, max_chars: int) -> None:
        self.max_chars = max_chars
        self._validate()

    # -- operator actions -------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Ctrl+Enter sends from any field; it beats a window-wide shortcut on the same keys."""
        if event.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            assert isinstance(event, QKeyEvent)
            if (event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                    and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
                event.accept()
                if event.type() == QEvent.Type.KeyPress:
                    self.send()
                return True
        return super().eventFilter(watched, event)

    def send(self) -> None:
        if not self._validate():
            if self._pending is None and not self.error_label.text():
                self._show_problem(self.tr("Choose a recipient") if self.to() is None
                                   else self.tr("Type a text first"))
            return
        radio, to = self.radio_combo.currentData(), self.to() or ""
        self.send_state.setStyleSheet("")
        self.send_state.setText(self.tr("Sending…"))
        if self.mode_tabs.currentIndex() == TEXT_TAB:
            self._pending = self.text()
            self.send_text_requested.emit(radio, to, self._pending)
        else:
            self._pending = ""
            self.send_status_requested.emit(radio, to, self.status_value.value())
        self._validate()

    def send_accepted(self) -> None:
        """The controller took the send over; what was sent leaves the form."""
        if self._pending and self.text() == self._pending:
            self.text_edit.clear()  # only if unchanged: newer typing is never lost
        self._pending = None
        self.send_state.setStyleSheet("")
        self.send_state.setText(self.tr("Sent; the list shows its delivery state"))
        self._validate()

    def send_failed(self, reason: str) -> None:
        """Nothing typed is lost: the text stays, with the reason next to it."""
        self._pending = None
        self.send_state.setStyleSheet(f"color: {ALARM_RED}; font-weight: bold")
        self.send_state.setText(self.tr("NOT sent: %1").replace("%1", reason))
        self._validate()

    def prepare_reply(self, radio_id: str, recipient: str) -> None:
        index = self.radio_combo.findData(radio_id)
        if index >= 0:
            self.radio_combo.setCurrentIndex(index)
        self.recipient.setText(recipient)
        self.mode_tabs.setCurrentIndex(TEXT_TAB)
        self.text_edit.setFocus()

    # -- state ------------------------------------------------------------------------------
    def text(self) -> str:
        return self.text_edit.toPlainText().strip()

    def to(self) -> str | None:
        return resolve_recipient(self.recipient.text(), self._recipients)

    @property
    def pending(self) -> bool:
        return self._pending is not None

    def _insert_template(self, index: int) -> None:
        if index <= 0:
            return
        template = self.template_combo.itemText(index)
        self.template_combo.setCurrentIndex(0)
        cursor = self.text_edit.textCursor()
        start = cursor.position()
        cursor.insertText(template)  # at the cursor: nothing typed is replaced
        gap = template.find(TEMPLATE_GAP)
        if gap >= 0:  # select the gap so typing fills it in
            cursor.setPosition(start + gap)
            cursor.setPosition(start + gap + len(TEMPLATE_GAP), QTextCursor.MoveMode.KeepAnchor)
        self.text_edit.setTextCursor(cursor)
        self.text_edit.setFocus()

    def _choose_status(self, index: int) -> None:
        value = self.status_choice.itemData(index)
        if value is not None:
            self.status_value.setValue(int(value))

    def _validate(self, *_: object) -> bool:
        """Show the first problem inline; Send is enabled only when the form can go."""
        text, problem, is_text = self.text(), "", self.mode_tabs.currentIndex() == TEXT_TAB
        self.counter_label.setText(f"{len(text)} / {self.max_chars}")
        self.status_hex.setText(f"0x{self.status_value.value():04X}")
        bad = not_latin1(text)
        if self.radio_combo.count() == 0:
            problem = self.tr("No radio attached: nothing can be sent")
        elif self.recipient.text().strip() and self.to() is None:
            problem = self.tr("Recipient: type an ISSI or GSSI number, or choose a unit or "
                              "talkgroup from the list")
        elif is_text and bad:
            problem = self.tr("An SDS text carries only ISO 8859-1 (Latin-1) characters; "
                              "replace: %1").replace("%1", " ".join(bad))
        elif is_text and len(text) > self.max_chars:
            problem = self.tr("Too long: %1 characters, at most %2").replace(
                "%1", str(len(text))).replace("%2", str(self.max_chars))
        elif not is_text and self.status_value.value() == EMERGENCY_STATUS:
            problem = self.tr("Status 0 is the emergency status; it is not sent from here")
        self._show_problem(problem)
        ready = (not problem and self.to() is not None and self._pending is None
                 and (not is_text or bool(text)))
        self.send_button.setEnabled(ready)
        return ready

    def _show_problem(self, problem: str) -> None:
        self.error_label.setText(problem)
        self.error_label.setVisible(bool(problem))
