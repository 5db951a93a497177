"""One panel per attached radio, and the grid that holds them.

A panel is thin (STYLE.md #10): it is given data (a RadioState snapshot from the desk, the
radio's RadioActivity entry, the held group, command outcomes) and says what the operator
wants through signals. It never sees the desk, the store or a driver, so ``RadioState`` is
duck-typed here (console/ui must not import drivers) and floor states are compared by
their string values, as console/journal/kinds.py names them.

Floor states follow PEI.md §7.3: only "granted" says TALK; "queued" is shown as a warning
because it is explicitly not permission to talk.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from console.journal.kinds import (
    TX_GRANTED,
    TX_IDLE,
    TX_KEYED,
    TX_OTHER_TALKER,
    TX_QUEUED,
    TX_REFUSED,
    TX_REQUESTING,
)
from console.ui.labels import identity_label
from console.ui.models import hhmmss
from console.ui.ptt import PttButton
from console.ui.talkgroup_selector import TalkgroupLike, TalkgroupSelector, talkgroup_text
from console.ui.theme import ALARM_RED

LOG = logging.getLogger(__name__)

TICK_MS = 250  # countdown refresh while keyed (~4 Hz); the timer is off otherwise
# Window shortcuts of the grid, as the help overlay lists them (console/ui/help_overlay.py)
SEARCH_SHORTCUT = "Ctrl+G"  # focus the talkgroup search of the selected radio
HOLD_SHORTCUT = "Ctrl+H"  # hold / release the selected radio's group
SELECT_SHORTCUT = "Ctrl+%d"  # Ctrl+1 ... Ctrl+8 select radio n
TX_LOOK = {  # floor state -> (text, background, foreground)
    TX_IDLE: (QT_TRANSLATE_NOOP("RadioPanel", "Idle"), "#37474f", "#e0e0e0"),
    TX_REQUESTING: (QT_TRANSLATE_NOOP("RadioPanel", "Requesting…"), "#f9a825", "#000000"),
    TX_QUEUED: (QT_TRANSLATE_NOOP("RadioPanel", "QUEUED — do not talk yet"), "#e65100",
                "#ffffff"),
    TX_GRANTED: (QT_TRANSLATE_NOOP("RadioPanel", "TALK"), "#2e7d32", "#ffffff"),
    TX_REFUSED: (QT_TRANSLATE_NOOP("RadioPanel", "REFUSED"), ALARM_RED, "#ffffff"),
    TX_OTHER_TALKER: (QT_TRANSLATE_NOOP("RadioPanel", "Other party talking"), "#1565c0",
                      "#ffffff"),
}
DMO_MODES = (1, 3, 5, 6)  # +CTOM values that are direct mode (PEI.md §4)


def _label(name: str, text: str = "") -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    return label


class RadioPanel(QFrame):
    talkgroup_requested = Signal(str, str)  # radio id, GSSI
    hold_requested = Signal(str, object)  # radio id, GSSI or None (released)
    ptt_pressed = Signal(str)
    ptt_released = Signal(str)
    selected = Signal(str)

    def __init__(self, radio_id: str, alias: str, *, talkgroups: Sequence[TalkgroupLike],
                 alias_of: Callable[[str], str | None], clock: Callable[[], float],
                 fictitious: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.radio_id, self.alias = radio_id, alias
        self._alias_of, self._clock = alias_of, clock
        self._groups = {tg.gssi: tg for tg in talkgroups}
        self._state: Any = None
        self._deadline: float | None = None
        self._activity: Any = None
        self._held: str | None = None
        self._ptt_problem: str | None = None
        self._is_selected = False
        self.setObjectName("radioPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)

        self.title = _label("radioTitle", alias)
        self.title.setStyleSheet("font-weight:bold; font-size:15pt;")
        self.port = _label("radioPort")
        self.link = _label("radioLink")
        self.signal = _label("radioSignal")
        self.battery = _label("radioBattery")
        self.mode = _label("radioMode")
        head = QHBoxLayout()  # two short rows keep two panels side by side on 1920 px
        head.addWidget(self.title)
        head.addWidget(self.port, 1)
        health = QHBoxLayout()
        for w in (self.link, self.signal, self.battery, self.mode):
            health.addWidget(w)
        health.addStretch(1)

        self.talkgroup = _label("radioTalkgroup")
        self.talkgroup.setStyleSheet("font-size:14pt; font-weight:bold;")
        self.pending = _label("radioTalkgroupPending")
        self.hold = QPushButton(self.tr("Hold"))
        self.hold.setObjectName("holdButton")
        self.hold.setCheckable(True)
        self.hold.setMinimumSize(44, 44)
        self.hold.setToolTip(self.tr("Keep this radio on its talkgroup"))
        self.hold.setStyleSheet("QPushButton { padding:4px 12px; } QPushButton:checked {"
                                " background:#3d6fb6; color:white; }")  # pinned is obvious
        group_row = QHBoxLayout()
        group_row.addWidget(self.talkgroup, 1)
        group_row.addWidget(self.pending)
        group_row.addWidget(self.hold)
        self.selector = TalkgroupSelector(talkgroups, fictitious=fictitious)

        self.tx = _label("txState")
        self.tx.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.tx.setMinimumHeight(48)
        self.countdown = _label("txCountdown")
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.ptt = PttButton(self.tr("PTT (hold)"))
        self.ptt.setObjectName("pttButton")
        self.ptt.setMinimumHeight(64)
        self.ptt_problem = _label("pttProblem")
        self.ptt_problem.setWordWrap(True)
        self.ptt_problem.setStyleSheet(f"color:{ALARM_RED}; font-weight:bold;")
        self.ptt_problem.hide()
        self.rx = _label("rxLine")
        self.rx.setStyleSheet("font-size:13pt;")
        self.outcome = _label("commandOutcome")
        self.outcome.setWordWrap(True)
        self.history = QListWidget()
        self.history.setObjectName("lastTransmissions")
        self.history.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.history.setMaximumHeight(140)

        lay = QVBoxLayout(self)
        lay.addLayout(head)
        lay.addLayout(health)
        lay.addLayout(group_row)
        lay.addWidget(self.selector)
        lay.addWidget(self.tx)
        lay.addWidget(self.countdown)
        lay.addWidget(self.ptt)
        lay.addWidget(self.ptt_problem)
        lay.addWidget(self.rx)
        lay.addWidget(self.outcome)
        lay.addWidget(_label("historyTitle", self.tr("Last transmissions")))
        lay.addWidget(self.history)

        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)
        self.selector.talkgroup_chosen.connect(
            lambda gssi: self.talkgroup_requested.emit(self.radio_id, gssi))
        self.hold.clicked.connect(self._on_hold_clicked)
        self.ptt.ptt_pressed.connect(lambda: self.ptt_pressed.emit(self.radio_id))
        self.ptt.ptt_released.connect(lambda: self.ptt_released.emit(self.radio_id))
        for child in self.findChildren(QWidget):  # any press inside selects the radio
            child.installEventFilter(self)
        self.set_selected(False)
        self._show_link(None)
        self._show_tx()
        self._show_talkgroup()

    # --- data in ----------------------------------------------------------------------
    def set_state(self, state: Any, tx_deadline: float | None) -> None:
        """A new snapshot from the desk (drivers.base.RadioState, duck-typed)."""
        self._state, self._deadline = state, tx_deadline
        # The device name is what a technician recognises; the full path is in the tooltip.
        self.port.setText(state.port.rsplit("/", 1)[-1])
        self.port.setToolTip(state.port)
        self._show_link(state.linked)
        self.signal.setText("" if state.signal_dbm is None else f"{state.signal_dbm} dBm")
        self.battery.setText("" if state.battery_percent is None
                             else f"{state.battery_percent} %")
        mode = state.operating_mode
        self.mode.setText("" if mode is None else ("DMO" if mode in DMO_MODES else "TMO"))
        # disabling releases a held PTT
        self.ptt.setEnabled(bool(state.linked) and self._ptt_problem is None)
        self._show_talkgroup()
        self._show_tx()

    def set_activity(self, activity: Any) -> None:
        """The radio's RadioActivity entry (console.state.radio_activity.RadioTraffic)."""
        if activity is self._activity:  # folds replace, never mutate: nothing changed
            return
        self._activity = activity
        self._show_rx()
        self._show_history()

    def set_held(self, gssi: str | None) -> None:
        self._held = gssi
        self.hold.setChecked(gssi is not None)
        self._show_talkgroup()

    def set_ptt_problem(self, reason: str | None) -> None:
        """Why this radio has no push-to-talk (the desk's ``ptt_error``), or None. Said in
        plain words on the panel from the start; the technical reason is the tooltip."""
        if reason == self._ptt_problem:
            return  # asked again with every snapshot
        self._ptt_problem = reason
        self.ptt_problem.setVisible(reason is not None)
        self.ptt_problem.setText("" if reason is None else self.tr(
            "No push-to-talk from the console on this radio: its PTT setting cannot be "
            "used. Talk on the radio itself and call a technician."))
        self.ptt_problem.setToolTip(reason or "")
        self.ptt.setToolTip(self.ptt_problem.text())
        self.ptt.setEnabled(reason is None and bool(getattr(self._state, "linked", True)))

    def set_selected(self, selected: bool) -> None:
        self._is_selected = selected
        colour, width = ("#3d6fb6", 4) if selected else ("#555555", 1)
        self.setStyleSheet(f"QFrame#radioPanel {{ border:{width}px solid {colour};"
                           " border-radius:6px; }")

    def is_selected(self) -> bool:
        return self._is_selected

    def show_outcome(self, text: str, ok: bool) -> None:
        self.outcome.setText(text)
        self.outcome.setStyleSheet("" if ok else f"color:{ALARM_RED}; font-weight:bold;")

    def focus_talkgroup_search(self) -> None:
        self.selector.focus_search()

    def toggle_hold(self) -> None:
        if self.hold.isEnabled():
            self.hold.click()

    # --- presentation -------------------------------------------------------------------
    def who(self, issi: str) -> str:
        """The raw ISSI always shows next to its alias (C2000.md: aliases go stale)."""
        return identity_label(issi, self._alias_of)

    def group_text(self, gssi: str | None) -> str:
        if not gssi:
            return self.tr("no talkgroup")
        tg = self._groups.get(gssi)
        return talkgroup_text(tg) if tg else gssi

    def tx_state(self) -> str:
        return str(getattr(self._state, "tx_state", TX_IDLE) or TX_IDLE)

    def _show_link(self, linked: bool | None) -> None:
        if linked:
            self.link.setText(self.tr("connected"))
            self.link.setStyleSheet("color:#66bb6a;")
        elif linked is None:
            self.link.setText(self.tr("not started"))
            self.link.setStyleSheet("")
        else:
            self.link.setText(self.tr("LINK LOST"))
            self.link.setStyleSheet(f"background:{ALARM_RED}; color:white; font-weight:bold;"
                                    " padding:2px 6px;")

    def _show_talkgroup(self) -> None:
        current = getattr(self._state, "talkgroup", None)
        desired = getattr(self._state, "desired_talkgroup", None)
        self.talkgroup.setText(self.group_text(current))
        self.pending.setText(self.tr("→ %1…").replace("%1", self.group_text(desired))
                             if desired and desired != current else "")
        held = self._held
        self.hold.setEnabled(held is not None or current is not None)
        if held is None:
            self.hold.setText(self.tr("Hold"))
        else:
            self.hold.setText(self.tr("Held: %1").replace("%1", self.group_text(held)))

    def _show_tx(self) -> None:
        state = self.tx_state()
        text, bg, fg = TX_LOOK.get(state, (state, "#37474f", "#e0e0e0"))
        self.tx.setText(self.tr(text))
        self.tx.setStyleSheet(f"background:{bg}; color:{fg}; font-size:20pt;"
                              " font-weight:bold; border-radius:4px;")
        if state in TX_KEYED and self._deadline is not None:
            self._tick()
            if not self._timer.isActive():
                self._timer.start()
        else:
            self._timer.stop()
            self.countdown.setText("")

    def _tick(self) -> None:
        if self._deadline is None or self.tx_state() not in TX_KEYED:
            self._timer.stop()
            self.countdown.setText("")
            return
        left = max(0, math.ceil(self._deadline - self._clock()))
        self.countdown.setText(self.tr("time-out in %1 s").replace("%1", str(left)))

    def _show_rx(self) -> None:
        a = self._activity
        talker = getattr(a, "talker", None)
        call = getattr(a, "call", None)
        if talker:
            text = self.tr("Talking: %1").replace("%1", self.who(talker))
        elif call is not None:
            text = self.tr("Call in %1, nobody talking").replace("%1", self.group_text(call.gssi))
        else:
            text = ""
        emergency = bool(call is not None and call.emergency)
        if emergency:
            text = self.tr("EMERGENCY CALL — %1").replace("%1", text)
        self.rx.setText(text)
        self.rx.setStyleSheet(f"font-size:13pt; background:{ALARM_RED}; color:white;"
                              if emergency else "font-size:13pt;")

    def _show_history(self) -> None:
        self.history.clear()
        for t in reversed(getattr(self._activity, "history", ())):  # newest on top
            if t.own:
                talker = self.tr("Console (%1)").replace("%1", t.operator or "?")
            else:
                talker = self.who(t.talker)
            if t.end_ms is None:
                length = self.tr("now")
            else:
                length = self.tr("%1 s").replace("%1", str(round((t.end_ms - t.start_ms) / 1000)))
            line = f"{hhmmss(t.start_ms)}  {talker}  {length}"
            if t.own and not t.granted:
                line += "  " + self.tr("(not granted)")
            self.history.addItem(line)

    def _on_hold_clicked(self, checked: bool) -> None:
        current = getattr(self._state, "talkgroup", None)
        if checked and current is None:
            self.hold.setChecked(False)  # nothing to hold on yet
            return
        # The button shows what the desk holds (set_held), not what was clicked.
        self.hold.setChecked(not checked)
        self.hold_requested.emit(self.radio_id, current if checked else None)

    # --- selection --------------------------------------------------------------------
    def mousePressEvent(self, event) -> None:
        self.selected.emit(self.radio_id)
        super().mousePressEvent(event)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        # Focus on the PTT button too (Tab): Space keys the *selected* radio, which must
        # be the one whose button has the focus.
        if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin) or (
                event.type() == QEvent.Type.FocusIn and obj is self.ptt):
            self.selected.emit(self.radio_id)
        return False


class RadioPanelGrid(QWidget):
    """Radio panels in two columns; a click or tap in a panel selects that radio."""

    selection_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, columns: int = 2):
        super().__init__(parent)
        self._columns = columns
        self._panels: dict[str, RadioPanel] = {}
        self._selected: str | None = None
        self._layout = QGridLayout(self)
        self.shortcuts = [QShortcut(QKeySequence(SEARCH_SHORTCUT), self,
                                    activated=lambda: self._on_selected("focus_talkgroup_search")),
                          QShortcut(QKeySequence(HOLD_SHORTCUT), self,
                                    activated=lambda: self._on_selected("toggle_hold"))]
        for n in range(1, 9):
            self.shortcuts.append(QShortcut(QKeySequence(SELECT_SHORTCUT % n), self,
                                            activated=lambda n=n: self._select_nth(n)))

    def add_panel(self, panel: RadioPanel) -> RadioPanel:
        n = len(self._panels)
        self._panels[panel.radio_id] = panel
        self._layout.addWidget(panel, n // self._columns, n % self._columns)
        panel.selected.connect(self.select)
        if self._selected is None:
            self.select(panel.radio_id)
        return panel

    def panel(self, radio_id: str) -> RadioPanel:
        return self._panels[radio_id]

    def panels(self) -> list[RadioPanel]:
        return list(self._panels.values())

    def selected_id(self) -> str | None:
        return self._selected

    def select(self, radio_id: str) -> None:
        if radio_id not in self._panels or radio_id == self._selected:
            return
        self._selected = radio_id
        for rid, p in self._panels.items():
            p.set_selected(rid == radio_id)
        self.selection_changed.emit(radio_id)

    def _on_selected(self, method: str) -> None:
        if self._selected is not None:
            getattr(self._panels[self._selected], method)()

    def _select_nth(self, n: int) -> None:
        ids = list(self._panels)
        if n <= len(ids):
            self.select(ids[n - 1])
