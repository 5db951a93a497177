"""Messages pane: SDS texts and statuses with their delivery state, newest on top, and
the inline send form (:mod:`console.ui.sds_form`) under the list.

An SDS the radio driver could not read is an "Unreadable message" from its sender (unread,
amber, the reason and raw data in the tooltip) and a concatenated text that timed out with
parts missing says so in its text cell: nothing a unit sent is silently lost.

The model wraps the Qt-free Messages projection (STYLE.md #10); the pane is thin: it turns
clicks into signals and leaves journal and radio to the controller.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from console.state import messages as ms
from console.state.messages import Message, Messages
from console.ui.labels import AliasOf, identity_label
from console.ui.models import ROOT, Index, TableModel, hhmmss
from console.ui.sds_form import SendForm, big_button
from console.ui.theme import ALARM_RED

LOG = logging.getLogger(__name__)

GREEN, AMBER = "#2e7d32", "#f9a825"
TEXT_COLUMN = 3
RAW_SHOWN = 96  # hex digits of an unreadable message's data in the tooltip

# English texts the projection writes; translated here (PEI.md §8.1, §8.4, §8.5).
REASONS = (
    QT_TRANSLATE_NOOP("MessagesModel", "rejected by the radio"),
    QT_TRANSLATE_NOOP("MessagesModel", "no answer from the radio"),
    QT_TRANSLATE_NOOP("MessagesModel", "radio not connected"),
    QT_TRANSLATE_NOOP("MessagesModel", "not supported"),
    QT_TRANSLATE_NOOP("MessagesModel", "transmission failed (+CMGS status 5)"),
    QT_TRANSLATE_NOOP("MessagesModel", "destination not registered"),
    QT_TRANSLATE_NOOP("MessagesModel", "queue full"),
    QT_TRANSLATE_NOOP("MessagesModel", "message too long"),
    QT_TRANSLATE_NOOP("MessagesModel", "destination memory full"),
    QT_TRANSLATE_NOOP("MessagesModel", "protocol or encoding not supported"),
    QT_TRANSLATE_NOOP("MessagesModel", "forwarded to external network"),
    QT_TRANSLATE_NOOP("MessagesModel", "sent to group"),
)


class MessagesModel(TableModel):
    """Newest message on top; mirrors the Messages projection incrementally."""

    COLUMNS = (QT_TRANSLATE_NOOP("MessagesModel", "Time"),
               QT_TRANSLATE_NOOP("MessagesModel", "In/Out"),
               QT_TRANSLATE_NOOP("MessagesModel", "From / To"),
               QT_TRANSLATE_NOOP("MessagesModel", "Text"),
               QT_TRANSLATE_NOOP("MessagesModel", "State"))
    STATE_COLUMN = 4
    IdRole = Qt.ItemDataRole.UserRole

    def __init__(self, messages: Messages, alias_of: AliasOf, parent=None):
        super().__init__(parent)
        self._messages, self.alias_of = messages, alias_of
        self._ids: list[str] = list(reversed(messages.messages))
        self._seen = messages.version

    def sync(self) -> None:
        if self._messages.version == self._seen:  # called on every refresh turn
            return
        wanted = list(reversed(self._messages.messages))
        keep = set(wanted)
        row = len(self._ids) - 1
        while row >= 0:  # evicted messages: remove runs of rows from the bottom up
            if self._ids[row] in keep:
                row -= 1
                continue
            first = row
            while first > 0 and self._ids[first - 1] not in keep:
                first -= 1
            self.beginRemoveRows(ROOT, first, row)
            del self._ids[first:row + 1]
            self.endRemoveRows()
            row = first - 1
        new = len(wanted) - len(self._ids)
        if new < 0 or wanted[new:] != self._ids:  # restored from a snapshot: start over
            self.beginResetModel()
            self._ids, self._seen = wanted, self._messages.version
            self.endResetModel()
            return
        if new:
            self.beginInsertRows(ROOT, 0, new - 1)
            self._ids[:0] = wanted[:new]
            self.endInsertRows()
        changed = [r for r in range(new, len(self._ids))
                   if self._messages.messages[self._ids[r]].changed > self._seen]
        if changed:
            self.dataChanged.emit(self.index(changed[0], 0),
                                  self.index(changed[-1], len(self.COLUMNS) - 1))
        self._seen = self._messages.version

    def message_at(self, row: int) -> Message | None:
        if 0 <= row < len(self._ids):
            return self._messages.messages.get(self._ids[row])
        return None

    def unread_count(self) -> int:
        return self._messages.unread_count()

    def _row_count(self) -> int:
        return len(self._ids)

    def data(self, index: Index, role=Qt.ItemDataRole.DisplayRole):
        m = self.message_at(index.row()) if index.isValid() else None
        if m is None:
            return None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cells(m)[col]
        if role == self.IdRole:
            return m.message_id
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(m)
        if role == Qt.ItemDataRole.FontRole and m.direction == "in" and not m.read:
            font = QFont()
            font.setBold(True)  # unread: the operator has not acknowledged it yet
            return font
        if col == TEXT_COLUMN and role in (Qt.ItemDataRole.BackgroundRole,
                                           Qt.ItemDataRole.ForegroundRole):
            if m.kind == ms.UNREADABLE or m.incomplete:  # look twice: something is missing
                return QColor(AMBER if role == Qt.ItemDataRole.BackgroundRole else "#000000")
            return None
        if col == self.STATE_COLUMN and role in (Qt.ItemDataRole.BackgroundRole,
                                                 Qt.ItemDataRole.ForegroundRole):
            colours = {ms.DELIVERED: (GREEN, "#ffffff"), ms.CONSUMED: (GREEN, "#ffffff"),
                       ms.FAILED: (ALARM_RED, "#ffffff"), ms.RETRYING: (AMBER, "#000000")}
            pair = colours.get(m.state)
            if pair:
                return QColor(pair[0] if role == Qt.ItemDataRole.BackgroundRole else pair[1])
        return None

    def _cells(self, m: Message) -> tuple[str, ...]:
        direction = self.tr("In") if m.direction == "in" else self.tr("Out")
        if m.kind == ms.STATUS:
            value = m.value if m.value is not None else 0
            text = self.tr("Status %1").replace("%1", f"{value} (0x{value:04X})")
        elif m.kind == ms.UNREADABLE:
            text = self.tr("Unreadable message")
        elif m.incomplete:
            text = m.text + " " + self.tr("(incomplete: %1 of %2 parts missing)").replace(
                "%1", str(len(m.missing_parts))).replace("%2", str(m.parts))
        else:
            text = m.text
        return (hhmmss(m.hlc_ms), direction, identity_label(m.peer, self.alias_of), text,
                self.state_words(m))

    def state_words(self, m: Message) -> str:
        if m.state == ms.SENT_TO_RADIO:
            if m.message_reference is None:
                return self.tr("sent to radio")
            return self.tr("sent to radio (ref %1)").replace("%1", str(m.message_reference))
        if m.state == ms.SENT:
            if m.reason:
                return self._reason(m.reason)
            # "+CMGS: n,4" is over the air, not delivered (PEI.md §8.1)
            return self.tr("sent") if m.kind == ms.STATUS else self.tr("sent, not yet delivered")
        if m.state == ms.FAILED:
            if m.delivery_status is not None and m.reason.startswith("delivery failed"):
                return self.tr("failed: delivery failed (0x%1)").replace(
                    "%1", f"{m.delivery_status:02X}")
            return self.tr("failed: %1").replace("%1", self._reason(m.reason))
        words = {ms.SENDING: self.tr("sending"), ms.RETRYING: self.tr("retrying"),
                 ms.DELIVERED: self.tr("delivered"), ms.CONSUMED: self.tr("read/consumed"),
                 ms.RECEIVED: self.tr("new"), ms.READ: self.tr("read")}
        return words.get(m.state, m.state)

    def _reason(self, reason: str) -> str:
        for english in REASONS:
            if reason.startswith(english):
                return self.tr(english) + reason[len(english):]
        return reason

    def _tooltip(self, m: Message) -> str:
        parts = [self.tr("Radio %1").replace("%1", identity_label(m.radio, self.alias_of)),
                 self.tr("from %1 to %2").replace("%1", identity_label(
                     m.from_issi or m.radio, self.alias_of)).replace(
                     "%2", identity_label(m.to, self.alias_of))]
        parts.append(self.state_words(m))  # in full: the cell may be cut off
        if m.kind == ms.UNREADABLE:
            parts.append(self.tr("Not understood: %1").replace("%1", m.reason or "?"))
            raw = m.raw if len(m.raw) <= RAW_SHOWN else m.raw[:RAW_SHOWN] + "…"
            parts.append(self.tr("Raw data: %1").replace("%1", raw or "-"))
        elif m.incomplete:
            parts.append(self.tr("Missing parts: %1").replace(
                "%1", ", ".join(str(n) for n in m.missing_parts)))
        if m.direction == "out" and m.operator:
            parts.append(self.tr("sent by %1").replace("%1", m.operator))
        if m.drill:
            parts.append(self.tr("Drill entry"))
        return "\n".join(parts)


class MessagesPane(QWidget):
    """The list with an unread counter, Reply / Mark read, and the send form below it."""

    send_text_requested = Signal(str, str, str)  # radio id, to, text
    send_status_requested = Signal(str, str, int)  # radio id, to, value
    mark_read_requested = Signal(str)  # message id

    def __init__(self, model: MessagesModel, radios: list[tuple[str, str]],
                 recipients: list[tuple[str, str]], templates: list[str], *,
                 max_chars: int = 160, status_choices: list[tuple[int, str]] | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.unread_label = QLabel()
        self.unread_label.setObjectName("unreadLabel")
        self.table = QTableView()
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()  # at most 500 rows: measuring them is cheap
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(4, 260)  # a long failure reason is in the tooltip in full
        self.table.verticalHeader().hide()
        self.table.doubleClicked.connect(lambda index: self.reply_to(index.row()))
        self.reply_button = big_button(self.tr("Reply"), self._reply_to_current)
        self.mark_read_button = big_button(self.tr("Mark read"), self.mark_selected_read)
        self.form = SendForm(radios, recipients, templates, max_chars=max_chars,
                             status_choices=status_choices)
        self.form.send_text_requested.connect(self.send_text_requested)
        self.form.send_status_requested.connect(self.send_status_requested)
        top = QHBoxLayout()
        top.addWidget(self.unread_label, 1)
        top.addWidget(self.reply_button)
        top.addWidget(self.mark_read_button)
        box = QVBoxLayout(self)
        box.addLayout(top)
        box.addWidget(self.table, 1)
        box.addWidget(self.form)
        for signal in (model.rowsInserted, model.rowsRemoved, model.dataChanged,
                       model.modelReset):
            signal.connect(self._update_unread)
        self._update_unread()

    def send_accepted(self) -> None:
        self.form.send_accepted()

    def send_failed(self, reason: str) -> None:
        self.form.send_failed(reason)

    def mark_selected_read(self) -> None:
        rows = {i.row() for i in self.table.selectionModel().selectedRows()}
        for row in sorted(rows):
            m = self.model.message_at(row)
            if m is not None and m.direction == "in" and not m.read:
                self.mark_read_requested.emit(m.message_id)

    def reply_to(self, row: int) -> None:
        """Fill radio and recipient from a message; an unread one counts as read."""
        m = self.model.message_at(row)
        if m is None or not m.peer:
            return
        if m.direction == "in" and not m.read:
            self.mark_read_requested.emit(m.message_id)
        self.form.prepare_reply(m.radio, identity_label(m.peer, self.model.alias_of))

    def _reply_to_current(self) -> None:
        self.reply_to(self.table.currentIndex().row())

    def _update_unread(self, *_: object) -> None:
        n = self.model.unread_count()
        self.unread_label.setText(self.tr("%1 unread").replace("%1", str(n)))
        self.unread_label.setStyleSheet("font-weight: bold" if n else "")
        self.mark_read_button.setEnabled(n > 0)
