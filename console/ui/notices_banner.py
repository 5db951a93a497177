"""Start-up notices on screen: what could not be used, and what was done instead.

One line per notice, under the alarms (an alarm always stays on top). Errors (a journal
set aside) are red and stay until a centralist presses "Seen"; warnings (a radio entry or
a data file skipped) are yellow and can be put away. Never a modal dialog: the console
works behind them.

Compact: six notices one under the other took half of a 1366x768 screen and pushed the
unit board off it. The first ``COLLAPSED_ROWS`` (errors first) are shown; the others wait
behind a button beside them that says how many there are, under the count of errors not
yet seen, and that (``TOGGLE_KEY``) shows them all, in a scroll within a share of the
window. The notices never take the room an alarm needs (``_alarm_room``).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from console.notices import Notice, NoticeCode, Severity
from console.ui.alarm_banner import MIN_BANNER_HEIGHT, AlarmBanner, min_height_besides
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
    NoticeCode.CLOCK_BEHIND: QT_TRANSLATE_NOOP(
        "NoticesBanner", "This computer's clock is %1 behind the journal"),
    NoticeCode.HISTORY_UNREADABLE: QT_TRANSLATE_NOOP(
        "NoticesBanner", "The journal's history could not be read to the end: %1"),
    NoticeCode.SIMULATED_RADIOS_REFUSED: QT_TRANSLATE_NOOP(
        "NoticesBanner", "Training started without simulated radios: %1"),
    NoticeCode.OTHER: QT_TRANSLATE_NOOP("NoticesBanner", "%1"),
}
STYLES = {
    Severity.ERROR: f"background:{ALARM_RED}; color:white; font-weight:bold; padding:3px 6px;",
    Severity.WARNING: "background:#ffd600; color:black; padding:3px 6px;",
}
ERRORS_STYLE = f"background:{ALARM_RED}; color:white; font-weight:bold; padding:4px 8px;"
BUTTON_HEIGHT = 44  # a large target
COLLAPSED_ROWS = 2  # notices shown before "show all"
MAX_SHARE_OF_WINDOW = 0.25  # the notices take at most this; shown all, the rest scrolls
TOGGLE_KEY = "Ctrl+B"


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
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._rows: list[NoticeRow] = []
        self._expanded = False
        self._watched: tuple[QWidget, QWidget | None] | None = None  # (window, parent)
        self._busy = self._again = False

        self._list = QWidget()
        self._layout = QVBoxLayout(self._list)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(2)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(self._list)

        # Beside the rows (below them would cost a row's height): how many errors wait to
        # be seen, and the button that shows the other notices and says how many there
        # are. Shown whenever a notice is not on screen: none is ever out of sight unsaid.
        self.side = QWidget()
        self.side.setObjectName("noticesSide")
        self.errors_label = QLabel()
        self.errors_label.setObjectName("noticesErrors")
        self.errors_label.setStyleSheet(ERRORS_STYLE)
        self.errors_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.toggle_button = QPushButton()
        self.toggle_button.setObjectName("noticesToggle")
        self.toggle_button.setMinimumHeight(BUTTON_HEIGHT)
        self.toggle_button.setToolTip(self.tr("Show or hide the other start-up notices (%1)")
                                      .replace("%1", TOGGLE_KEY))
        self.toggle_button.clicked.connect(self.toggle)
        # Parented to the button: only active while there is something to show or hide.
        self.shortcut = QShortcut(QKeySequence(TOGGLE_KEY), self.toggle_button)
        self.shortcut.activated.connect(self.toggle)
        side = QVBoxLayout(self.side)
        side.setContentsMargins(0, 0, 0, 0)
        side.setSpacing(2)
        side.addWidget(self.errors_label)
        side.addWidget(self.toggle_button)
        side.addStretch(1)
        self.side.hide()

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.side, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    # --- public -----------------------------------------------------------------------
    def show_notices(self, notices: list[Notice]) -> None:
        """Add ``notices`` (errors first; the caller has logged them)."""
        for notice in notices:
            row = NoticeRow(notice, self._list)
            row.seen.connect(lambda r=row: self._put_away(r))
            self._rows.append(row)
        # A stable sort: errors first, each group in the order it came.
        self._rows.sort(key=lambda r: r.notice.severity != Severity.ERROR)
        for i, row in enumerate(self._rows):
            self._layout.insertWidget(i, row)
        self._update()

    def rows(self) -> list[NoticeRow]:
        """Every notice not yet put away, in screen order (shown or behind "show all")."""
        return list(self._rows)

    def shown_rows(self) -> list[NoticeRow]:
        return [row for row in self._rows if not row.isHidden()]

    @property
    def expanded(self) -> bool:
        return self._expanded

    @Slot()
    def toggle(self) -> None:
        """Show every notice, or only the first ones again."""
        self._expanded = not self._expanded
        self._update()

    # --- rows -------------------------------------------------------------------------
    def _put_away(self, row: NoticeRow) -> None:
        LOG.info("notice put away: %s", row.notice.log_line())
        self._rows.remove(row)
        self._layout.removeWidget(row)
        row.hide()
        row.deleteLater()
        self.acknowledged.emit(row.notice)
        self._update()

    def _update(self) -> None:
        """Rows shown, the side panel and the height, after any change. Re-entered from
        the resizes it causes (a side panel shown narrows the rows): once more after."""
        if self._busy:
            self._again = True
            return
        self._busy = True
        try:
            for _ in range(3):  # settles in two: the width, then the heights at that width
                self._again = False
                self._fit()
                if not self._again:
                    break
        finally:
            self._busy = False

    def _fit(self) -> None:
        self._watch()
        rows = self._rows
        if not rows:
            self.side.hide()
            self.hide()
            return
        errors = sum(r.notice.severity == Severity.ERROR for r in rows)
        self.errors_label.setText(self.tr("Errors not yet seen: %1").replace("%1", str(errors)))
        self.errors_label.setVisible(errors > 0)  # before measuring: the panel's width
        room = self._room()
        # Collapsed: as many of the first COLLAPSED_ROWS as fit whole, at least one. A row
        # that would only show in part goes behind the button instead, and is counted.
        first, spacing = min(COLLAPSED_ROWS, len(rows)), self._layout.spacing()
        width = self._rows_width(side=False)
        if len(rows) > first or _whole(self._heights(width, first), room, spacing) < first:
            width = self._rows_width(side=True)
            collapsed = max(1, _whole(self._heights(width, first), room, spacing))
            side = True
        else:
            collapsed, side = first, False
        self._expanded = self._expanded and side  # nothing left to show: collapsed
        shown = len(rows) if self._expanded else collapsed
        for i, row in enumerate(rows):
            row.setVisible(i < shown)
        if self._expanded:
            self.toggle_button.setText(self.tr("Show fewer (%1)").replace("%1", TOGGLE_KEY))
        else:
            self.toggle_button.setText(self.tr("+%1 more — show all (%2)")
                                       .replace("%1", str(len(rows) - shown))
                                       .replace("%2", TOGGLE_KEY))
        self.side.setVisible(side)
        self.setVisible(True)
        heights = self._heights(width, shown)
        content = sum(heights) + spacing * (shown - 1)
        height = content
        if self._expanded and room is not None:  # all of them: a scroll within the room
            height = max(min(content, room), heights[0])
        if (self.scroll.minimumHeight(), self.scroll.maximumHeight()) != (height, height):
            self.scroll.setFixedHeight(height)  # a relayout of the window: only on a change

    # --- size -------------------------------------------------------------------------
    def _watch(self) -> None:
        window, parent = self.window(), self.parentWidget()
        if window is not self and (window, parent) != self._watched:
            window.installEventFilter(self)  # a resized window
            if parent is not None and parent is not window:
                parent.installEventFilter(self)  # a banner above that grew or appeared
            self._watched = (window, parent)

    def _room(self) -> int | None:
        """Height the rows may take: a share of the window, and never past what the rest
        of the window leaves, room for the alarms included (measured as alarm_banner.py
        does). None outside a window (nothing to share)."""
        window, parent = self.window(), self.parentWidget()
        if window is self or parent is None or parent.layout() is None:
            return None
        column = parent.layout()
        rest = (window.height() - parent.height() + min_height_besides(column, self)
                + self._alarm_room(column))
        return min(window.height() - rest, int(window.height() * MAX_SHARE_OF_WINDOW))

    def _rows_width(self, side: bool) -> int:
        """The rows' width: the banner's, less the side panel when it is shown."""
        beside = self.side.sizeHint().width() + self.layout().spacing() if side else 0
        return max(1, self.width() - beside)

    def _heights(self, width: int, count: int) -> list[int]:
        """Heights of the first ``count`` rows at ``width`` (their lines wrap)."""
        heights = []
        for row in self._rows[:count]:
            row.ensurePolished()  # the style sheet's padding is part of the height
            height = row.heightForWidth(width)
            heights.append(height if height >= 0 else row.sizeHint().height())
        return heights

    def _alarm_room(self, layout: QLayout) -> int:
        """What an alarm banner in ``layout`` may still need beyond what it has: room for
        several alarms at its smallest (header, MIN_BANNER_HEIGHT, and the line that says
        the alarm tone failed, which may come with the first alarm). An alarm that comes
        after the notices must find it free: the alarm banner takes what the rest leaves,
        and showing it lays the window out at once, which then grows past the screen."""
        for i in range(layout.count()):
            item = layout.itemAt(i)
            banner = item.widget()
            if isinstance(banner, AlarmBanner):
                inner = banner.layout().spacing()
                smallest = (banner.header.sizeHint().height() + inner + MIN_BANNER_HEIGHT
                            + inner + banner.sound_label.sizeHint().height())
                if item.isEmpty():  # hidden: its gap in the column is not counted yet
                    return smallest + max(0, layout.spacing())
                return max(0, smallest - item.minimumSize().height())
        return 0

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self._update()  # wrapped lines: the height follows the width

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._watched is not None and (
                (watched is self._watched[0] and event.type() == QEvent.Type.Resize)
                or (watched is self._watched[1] and event.type() == QEvent.Type.LayoutRequest)):
            self._update()
        return super().eventFilter(watched, event)


def _whole(heights: list[int], room: int | None, spacing: int) -> int:
    """How many of the leading ``heights`` fit whole in ``room`` (all of them: None)."""
    if room is None:
        return len(heights)
    used = count = 0
    for height in heights:
        used += height + (spacing if count else 0)
        if used > room:
            break
        count += 1
    return count
