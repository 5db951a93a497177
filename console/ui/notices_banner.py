"""Start-up notices on screen: what could not be used, and what was done instead.

One line per notice, under the alarms (an alarm always stays on top). Errors (a journal
set aside) are red and stay until a centralist presses "Seen"; warnings (a radio entry or
a data file skipped) are yellow and can be put away. Never a modal dialog: the console
works behind them.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from console.notices import Notice, NoticeCode, Severity
from console.ui.theme import ALARM_RED

LOG = logging.getLogger(__name__)

CONTEXT = "NoticesBanner"
SENTENCES: dict[NoticeCode, str] = {
    NoticeCode.SETTINGS_UNREADABLE: QT_TRANSLATE_NOOP(
        "NoticesBanner", "Settings file not usable, standard settings for now: %1"),
    NoticeCode.SETTING_INVALID: QT_TRANSLATE_NOOP(
        "NoticesBanner", "Setting not usable, standard value used: %1"),
    NoticeCode.SETTING_UNKNOWN: QT_TRANSLATE_NOOP(
        "NoticesBanner", "Unknown setting, kept in the file but not used: %1"),
    NoticeCode.SETTINGS_NOT_WRITTEN: QT_TRANSLATE_NOOP(
        "NoticesBanner", "Settings file could not be written: %1"),
    NoticeCode.CONSOLE_ID_NEW: QT_TRANSLATE_NOOP(
        "NoticesBanner", "This position's id could not be read: its journal starts a new "
                         "chain under a new id: %1"),
    NoticeCode.DATA_ROWS_SKIPPED: QT_TRANSLATE_NOOP(
        "NoticesBanner", "Some rows of a data file were not used: %1"),
    NoticeCode.RADIO_SKIPPED: QT_TRANSLATE_NOOP(
        "NoticesBanner", "Radio not started: %1"),
    NoticeCode.DATA_FILE_SKIPPED: QT_TRANSLATE_NOOP(
        "NoticesBanner", "Data file not used: %1"),
    NoticeCode.LOG_UNAVAILABLE: QT_TRANSLATE_NOOP(
        "NoticesBanner", "Log file cannot be written, logging to the terminal only: %1"),
    NoticeCode.JOURNAL_SET_ASIDE: QT_TRANSLATE_NOOP(
        "NoticesBanner", "The journal could not be used: it was set aside untouched and a new "
                         "journal was started. The old file: %1"),
    NoticeCode.RECOVERED: QT_TRANSLATE_NOOP(
        "NoticesBanner", "Entries not saved at the last stop were saved now: %1"),
    NoticeCode.OTHER: QT_TRANSLATE_NOOP("NoticesBanner", "%1"),
}
STYLES = {
    Severity.ERROR: f"background:{ALARM_RED}; color:white; font-weight:bold; padding:6px;",
    Severity.WARNING: "background:#ffd600; color:black; padding:6px;",
}
BUTTON_HEIGHT = 44  # a large target


def sentence(notice: Notice) -> str:
    text = QCoreApplication.translate(CONTEXT, SENTENCES.get(notice.code, "%1"))
    text = text.replace("%1", notice.subject)
    return f"{text} — {notice.detail}" if notice.detail else text


class NoticeRow(QWidget):
    seen = Signal()

    def __init__(self, notice: Notice, parent: QWidget | None = None):
        super().__init__(parent)
        self.notice = notice
        self.setAutoFillBackground(True)
        self.setStyleSheet(STYLES[notice.severity])
        self.label = QLabel(sentence(notice))
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.button = QPushButton(
            QCoreApplication.translate("NoticesBanner", "Seen")
            if notice.severity == Severity.ERROR
            else QCoreApplication.translate("NoticesBanner", "Close"))
        self.button.setMinimumHeight(BUTTON_HEIGHT)
        self.button.clicked.connect(self.seen.emit)
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 2, 6, 2)
        row.addWidget(self.label, 1)
        row.addWidget(self.button, 0, Qt.AlignmentFlag.AlignVCenter)


class NoticesBanner(QWidget):
    """The notices of this start; hidden when there are none (left)."""

    acknowledged = Signal(object)  # the Notice a centralist put away

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("noticesBanner")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(2)
        self._rows: list[NoticeRow] = []
        self.hide()

    def show_notices(self, notices: list[Notice]) -> None:
        """Add ``notices`` (errors first; the caller has logged them)."""
        for notice in sorted(notices, key=lambda n: n.severity != Severity.ERROR):
            row = NoticeRow(notice, self)
            row.seen.connect(lambda r=row: self._put_away(r))
            self._layout.addWidget(row)
            self._rows.append(row)
        self.setVisible(bool(self._rows))

    def rows(self) -> list[NoticeRow]:
        return list(self._rows)

    def _put_away(self, row: NoticeRow) -> None:
        LOG.info("notice put away: %s", row.notice.log_line())
        self._rows.remove(row)
        self._layout.removeWidget(row)
        row.hide()
        row.deleteLater()
        self.acknowledged.emit(row.notice)
        self.setVisible(bool(self._rows))
