"""The emergency banner: every open alarm, full width, flashing, until acknowledged.

It cannot be dismissed, only acknowledged: the button (or ``ACK_KEY`` for the newest alarm)
emits ``acknowledge_requested``; the controller journals ``alarm.acknowledged`` and calls
``sync()`` once that entry is applied, and only then does the alarm leave the screen.
Flashing is never the only cue: every row says EMERGENCY in words, and an alarm left
unacknowledged for ``escalate_after_s`` says OVERDUE with its age. Nothing here opens a
dialog: a modal window would cover the alarm.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QFont, QKeySequence, QPalette, QShortcut
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

from console.state.alarms import Alarm, AlarmBoard, is_overdue
from console.ui.labels import identity_label
from console.ui.models import hhmmss
from console.ui.theme import ALARM_RED

LOG = logging.getLogger(__name__)

FLASH_DARK = "#5a0000"
OVERDUE_STYLE = "background:#ffd600; color:black; font-weight:bold; padding:2px 8px;"
TAG_STYLE = "background:white; color:#b00020; font-weight:bold; padding:2px 8px;"
FLASH_INTERVAL_MS = 250  # two full on/off cycles a second: seen at once, under 3 flashes/s
MAX_SHARE_OF_WINDOW = 0.4
TITLE_MIN_WIDTH = 160  # px: the start of "NOODSIGNAAL — ..." stays readable
MIN_BANNER_HEIGHT = 96  # px of the newest alarm always shown, however small the window
BUTTON_HEIGHT = 52  # large touch and mouse target (>= 44 px)


def min_height_besides(layout: QLayout, widget: QWidget) -> int:
    """Minimum height of a vertical box layout's visible items other than ``widget``,
    with the layout's margins and spacing."""
    items = [layout.itemAt(i) for i in range(layout.count())]
    shown = [it for it in items if it.widget() is not widget and not it.isEmpty()]
    margins = layout.contentsMargins()
    gaps = len(shown) * max(0, layout.spacing())  # one gap to the widget as well
    return (sum(it.minimumSize().height() for it in shown) + gaps + margins.top()
            + margins.bottom())


def _font(point_size: int, bold: bool = False) -> QFont:
    font = QFont()
    font.setPointSize(point_size)
    font.setBold(bold)
    return font


class AlarmRow(QFrame):
    """One alarm: what, who, where; texts are set by the banner (one translation context)."""

    def __init__(self, alarm_id: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.bind(alarm_id)
        self.setAutoFillBackground(True)
        self.setFrameShape(QFrame.Shape.Box)
        self.setFont(_font(18))
        self.title = QLabel()
        self.title.setFont(_font(22, bold=True))
        self.unit = QLabel()
        self.unit.setObjectName("unit")
        self.unit.setFont(_font(22, bold=True))
        self.unit.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tags = QLabel()
        self.tags.setStyleSheet(TAG_STYLE)
        self.overdue = QLabel()
        self.overdue.setObjectName("overdue")
        self.overdue.setFont(_font(20, bold=True))
        self.overdue.setStyleSheet(OVERDUE_STYLE)
        self.details = QLabel()
        self.position = QLabel()
        self.button = QPushButton()
        self.button.setObjectName("acknowledge")
        self.button.setFont(_font(18, bold=True))
        self.button.setMinimumHeight(BUTTON_HEIGHT)
        self.button.setMinimumWidth(200)

        # On a narrow screen the long texts give way (clipped at the right), never the
        # unit, the tags or the Acknowledge button.
        for label in (self.details, self.position):
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.title.setMinimumWidth(TITLE_MIN_WIDTH)  # whole when there is room, else clipped
        top = QHBoxLayout()
        top.setSpacing(16)
        for widget in (self.title, self.unit, self.tags, self.overdue):
            top.addWidget(widget)
        top.addStretch(1)
        text = QVBoxLayout()
        text.addLayout(top)
        text.addWidget(self.details)
        text.addWidget(self.position)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 6, 10, 6)
        row.addLayout(text, 1)
        row.addWidget(self.button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.flash(True)

    def bind(self, alarm_id: str) -> None:
        """Give a row built ahead of need its alarm."""
        self.alarm_id = alarm_id
        self.setObjectName(f"alarm-{alarm_id}")

    def flash(self, on: bool) -> None:
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor(ALARM_RED if on else FLASH_DARK))
        palette.setColor(QPalette.ColorRole.WindowText, QColor("white"))
        self.setPalette(palette)


class AlarmBanner(QWidget):
    """Stack of open alarms, newest on top; hidden while none is open."""

    acknowledge_requested = Signal(str)  # alarm id
    ticked = Signal()  # every flash step while alarms are open (sound escalation hook)

    ACK_KEY = "F12"

    def __init__(self, board: AlarmBoard, *, alias_of: Callable[[str], str | None],
                 radio_alias: Callable[[str], str], clock_ms: Callable[[], int],
                 escalate_after_s: float = 30.0, ack_key: str | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ack_key = ack_key or self.ACK_KEY
        self.setObjectName("alarmBanner")
        self._board = board
        self._alias_of, self._radio_alias = alias_of, radio_alias
        self._clock_ms = clock_ms
        self.escalate_after_s = escalate_after_s
        self._rows: dict[str, AlarmRow] = {}
        self._alarms: dict[str, Alarm] = {}
        self._shown: tuple | None = None  # what sync() last put on screen
        self._spare: AlarmRow | None = None  # the next alarm's row, built while idle
        self._order: list[str] = []
        self.flash_on = True
        self._watched: QWidget | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

        self.header = QLabel()
        self.header.setObjectName("alarmHeader")
        self.header.setFont(_font(18, bold=True))
        self.header.setStyleSheet(f"background:{ALARM_RED}; color:white; padding:4px;")
        self.sound_label = QLabel()
        self.sound_label.setObjectName("alarmSoundProblem")
        self.sound_label.setStyleSheet("background:black; color:#ffd600; padding:4px;")
        self.sound_label.hide()
        self._list = QWidget()
        self._list_layout = QVBoxLayout(self._list)
        self._list_layout.setContentsMargins(0, 0, 0, 0)
        self._list_layout.setSpacing(4)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(self._list)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.header)
        layout.addWidget(self.scroll)
        layout.addWidget(self.sound_label)

        self.timer = QTimer(self)
        self.timer.setInterval(FLASH_INTERVAL_MS)
        self.timer.timeout.connect(self._tick)
        self.shortcut = QShortcut(QKeySequence(self.ack_key), self)
        self.shortcut.activated.connect(self.acknowledge_newest)
        self.hide()
        QTimer.singleShot(0, self._build_spare)

    # --- public -----------------------------------------------------------------------
    @Slot()
    def sync(self) -> None:
        """Mirror the board: call after entries or provisional alarms were applied."""
        alarms = self._board.open_alarms()
        # Called on every screen refresh; the stack changes a few times a minute. The times
        # shown move with the flash timer (_tick), so an unchanged stack is left alone.
        shown = (alarms, [self._alias_of(a.issi) if a.issi else None for a in alarms])
        if shown == self._shown:
            self._update_header(self._clock_ms())  # the overdue count moves with the clock
            return
        self._shown = shown
        self._alarms = {a.alarm_id: a for a in alarms}
        for gone in [i for i in self._rows if i not in self._alarms]:
            row = self._rows.pop(gone)
            self._list_layout.removeWidget(row)
            row.hide()
            row.deleteLater()
        for alarm in alarms:
            if alarm.alarm_id not in self._rows:
                self._rows[alarm.alarm_id] = self._new_row(alarm.alarm_id)
        order = [a.alarm_id for a in alarms]
        if order != self._order:
            for i, alarm_id in enumerate(order):  # newest on top
                self._list_layout.insertWidget(i, self._rows[alarm_id])
            self._order = order
        now = self._clock_ms()
        for alarm in alarms:
            self._fill(self._rows[alarm.alarm_id], alarm, now)
        self._update_header(now)
        if alarms:
            if not self.timer.isActive():
                self.timer.start()
            self.show()
        else:
            self.timer.stop()
            self.hide()
        self._fit_height()

    def set_sound_problem(self, text: str | None) -> None:
        """Say why there is no alarm tone (None: the tone works)."""
        self.sound_label.setText(self.tr("No alarm sound: %1").replace("%1", text or ""))
        self.sound_label.setVisible(bool(text))
        self._fit_height()

    def rows(self) -> list[AlarmRow]:
        """Rows in screen order, newest first."""
        return [self._rows[i] for i in self._order]

    @Slot()
    def acknowledge_newest(self) -> None:
        alarms = self._board.open_alarms()
        if alarms:
            self.acknowledge_requested.emit(alarms[0].alarm_id)

    # --- rows -------------------------------------------------------------------------
    def _new_row(self, alarm_id: str) -> AlarmRow:
        # A row built ahead of need: building one (widgets, fonts, style sheets) is the
        # slowest part of showing a new alarm, ~4x slower when the radios are busy.
        row = self._spare if self._spare is not None else self._build_row()
        self._spare = None
        row.bind(alarm_id)
        row.flash(self.flash_on)
        row.show()  # built hidden; the layout places it in this same turn
        QTimer.singleShot(0, self._build_spare)
        return row

    def _build_row(self) -> AlarmRow:
        row = AlarmRow("", self._list)
        row.hide()
        row.button.setText(self.tr("Acknowledge"))
        row.button.setToolTip(self.tr("Acknowledge this alarm (%1 acknowledges the newest)")
                              .replace("%1", self.ack_key))
        row.button.clicked.connect(lambda _checked=False, r=row:
                                   self.acknowledge_requested.emit(r.alarm_id))
        row.ensurePolished()
        return row

    def _build_spare(self) -> None:
        if self._spare is None:
            self._spare = self._build_row()

    def _fill(self, row: AlarmRow, alarm: Alarm, now: int) -> None:
        titles = {"status": self.tr("EMERGENCY — status 0"),
                  "call": self.tr("EMERGENCY CALL"),
                  "location": self.tr("EMERGENCY — location report")}
        row.title.setText(titles.get(alarm.source, self.tr("EMERGENCY")))
        row.unit.setText(self._unit_text(alarm.issi))
        tags = []
        if alarm.drill:
            tags.append(self.tr("DRILL"))
        if alarm.provisional:
            tags.append(self.tr("not yet in the journal"))
        row.tags.setText(" · ".join(tags))
        row.tags.setVisible(bool(tags))
        details = (self.tr("Talkgroup %1 · heard on %2 · raised %3")
                   .replace("%1", alarm.gssi or self.tr("unknown"))
                   .replace("%2", self._radio_alias(alarm.radio) or alarm.radio)
                   .replace("%3", hhmmss(alarm.raised_ms)))
        if alarm.count > 1:
            details += " · " + (self.tr("%1 times, last %2").replace("%1", str(alarm.count))
                                .replace("%2", hhmmss(alarm.last_ms)))
        row.details.setText(details)
        self._fill_times(row, alarm, now)

    def _fill_times(self, row: AlarmRow, alarm: Alarm, now: int) -> None:
        if alarm.lat is None or alarm.lon is None:
            row.position.setText(self.tr("Last position: unknown"))
        else:
            row.position.setText(
                self.tr("Last position: %1, %2 (%3 ago)")
                .replace("%1", f"{alarm.lat:.5f}").replace("%2", f"{alarm.lon:.5f}")
                .replace("%3", self._age(now - (alarm.position_ms or now))))
        overdue = is_overdue(alarm, now, self.escalate_after_s)
        if overdue:
            row.overdue.setText(self.tr("OVERDUE — %1")
                                .replace("%1", self._age(now - alarm.raised_ms)))
        row.overdue.setVisible(overdue)

    def _update_header(self, now: int) -> None:
        """With several alarms, say how many and how many are overdue: an overdue one
        may be a scroll away."""
        text = self.tr("%1 open emergencies, newest on top").replace("%1", str(len(self._alarms)))
        overdue = sum(is_overdue(a, now, self.escalate_after_s) for a in self._alarms.values())
        if overdue:
            text += " · " + self.tr("%1 OVERDUE").replace("%1", str(overdue))
        self.header.setText(text)
        self.header.setVisible(len(self._alarms) > 1)

    def _unit_text(self, issi: str | None) -> str:
        if issi is None:
            return self.tr("unknown unit")
        return identity_label(issi, self._alias_of)

    def _age(self, ms: int) -> str:
        seconds = max(0, ms // 1000)
        if seconds < 60:
            return self.tr("%1 s").replace("%1", str(seconds))
        if seconds < 3600:
            return self.tr("%1 min").replace("%1", str(seconds // 60))
        return self.tr("%1 h").replace("%1", str(seconds // 3600))

    # --- flashing, overdue, size --------------------------------------------------------
    @Slot()
    def _tick(self) -> None:
        self.flash_on = not self.flash_on
        now = self._clock_ms()
        for alarm_id, row in self._rows.items():
            row.flash(self.flash_on)
            alarm = self._alarms.get(alarm_id)
            if alarm is not None:
                self._fill_times(row, alarm, now)
        self._update_header(now)
        self.ticked.emit()

    def _fit_height(self) -> None:
        """Grow with the stack, up to a share of the window and never past what the rest of
        the window leaves; scroll beyond that. The window itself never grows for an alarm: a
        window taller than the screen hides its bottom, and each growth repaints it whole.
        Measured from the layouts' items: the window's own minimum is cached until its next
        relayout, and reading it here fed each growth back into the next."""
        window = self.window()
        if window is not self and window is not self._watched:
            window.installEventFilter(self)
            self._watched = window
        content = self._list.sizeHint().height()
        first = self.rows()[0].sizeHint().height() if self._rows else 0
        cap = content
        parent = self.parentWidget()
        if window is not self and parent is not None and parent.layout() is not None:
            overhead = min_height_besides(self.layout(), self.scroll)  # header, sound line
            # What the window keeps for everything else: its frame, status bar, the other
            # rows of the banner's own column at their minimum.
            rest = (window.height() - parent.height()
                    + min_height_besides(parent.layout(), self))
            limit = window.height() - rest - overhead
            share = int(window.height() * MAX_SHARE_OF_WINDOW) - overhead
            # The newest row whole if it fits; in a window too small for that, a scroll.
            cap = max(min(max(first, share), limit), min(first, MIN_BANNER_HEIGHT))
        height = min(content, cap)
        if (self.scroll.minimumHeight(), self.scroll.maximumHeight()) != (height, height):
            self.scroll.setFixedHeight(height)  # a relayout of the window: only on a change

    def _extras(self) -> int:
        """Height of the header and sound lines when shown."""
        return sum(w.sizeHint().height() for w in (self.header, self.sound_label)
                   if not w.isHidden())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._watched and event.type() == QEvent.Type.Resize:
            self._fit_height()
        return super().eventFilter(watched, event)
