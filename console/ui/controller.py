"""Wires journal, projections, desk and widgets; runs on the GUI thread only.

Data flows one way (ARCHITECTURE.md): committed entries → projections → models → views.
Operator intents leave the widgets as signals; the controller hands them to the desk
(radio commands) or journals them (acknowledgements, aliases, talk requests, reads).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QLabel

from console.core import ConsoleData, ConsoleOptions, status_choices
from console.journal.health import JournalError
from console.journal.kinds import event_ms
from console.notices import Notice, NoticeCode, Severity
from console.operations import Operations
from console.state.alarms import AlarmBoard
from console.state.projection import ProjectionHost
from console.state.radio_activity import RadioActivity
from console.state.units import UnitBoard
from console.ui.alarm_banner import AlarmBanner
from console.ui.bridge import DeskBridge, JournalBridge
from console.ui.main_window import MainWindow
from console.ui.messages_pane import MessagesModel, MessagesPane
from console.ui.models import JournalTailModel, RadioHealthModel, hhmmss
from console.ui.ptt import PttKeys
from console.ui.radio_panel import RadioPanel, RadioPanelGrid
from console.ui.status_board import StatusBoard, UnitBoardModel
from console.ui.talk_queue import TalkQueue, TalkQueueModel
from drivers.clock import wall_ms

LOG = logging.getLogger(__name__)
REFRESH_MS = 25  # the shortest time between two screen refreshes under load
# Entries of a long history folded per turn of the event loop (~20 ms at 50,000/s): the
# screen stays responsive while it folds.
HISTORY_SLICE = 1000


class ConsoleController(QObject):
    note_finished = Signal(Future, str)  # the append future, the text it carried
    journal_failed = Signal(str, str)  # kind, problem: an operator action was not saved
    applied = Signal(list)  # entries, after every model and view was updated (benchmarks)
    alarm_shown = Signal(str)  # alarm id, after the banner showed it (benchmarks)
    history_folded = Signal(int)  # entries folded, once a history read after start is done

    def __init__(self, ops: Operations, host: ProjectionHost, desk: Any, data: ConsoleData,
                 options: ConsoleOptions, *, sound: Any = None,
                 clock_ms: Callable[[], int] | None = None,
                 clock: Callable[[], float] = time.monotonic):
        super().__init__()
        self.ops, self.host, self.desk, self.data = ops, host, desk, data
        self.options = options
        self.operator, self.training = options.operator, options.training
        self.sound = sound
        self.clock_ms = clock_ms or wall_ms
        self._since_snapshot = 0
        self._pending: list = []
        self._refresh_queued = False
        self._last_refresh = 0.0  # monotonic time of the last screen refresh
        self._snapshot_due: list[str] = []
        self._rebuild: Any = None
        self._stopped = False
        self._history_started = 0.0
        p = host.projections
        self.alarms: AlarmBoard = p["alarms"]
        self.units: UnitBoard = p["units"]
        self.activity: RadioActivity = p["radio_activity"]

        self.tail_model = JournalTailModel(p["journal_tail"], self)
        self.health_model = RadioHealthModel(p["radio_health"], self)
        self.unit_model = UnitBoardModel(self.units, self.clock_ms, self)
        self.talk_model = TalkQueueModel(p["talk_requests"], self.clock_ms, self.units, self)
        self.messages_model = MessagesModel(p["messages"], self.alias_of, self)

        self.banner = AlarmBanner(self.alarms, alias_of=self.alias_of,
                                  radio_alias=desk.alias, clock_ms=self.clock_ms,
                                  escalate_after_s=options.escalate_after_s)
        self.radio_grid = RadioPanelGrid()
        for radio_id in desk.configs:
            self._add_panel(radio_id, clock)
        self.board = StatusBoard(self.unit_model, dipp_minutes=options.dipp_minutes)
        self.board.set_fictitious(data.fictitious)
        self.talk_queue = TalkQueue(self.talk_model)
        self.messages = MessagesPane(
            self.messages_model, [(r, desk.alias(r)) for r in desk.configs],
            self._recipients(), data.templates, max_chars=options.max_text_chars,
            status_choices=status_choices(data.tables))
        self.window = MainWindow(
            banner=self.banner, radios=self.radio_grid, board=self.board,
            talk_queue=self.talk_queue, messages=self.messages, tail_model=self.tail_model,
            health_model=self.health_model, db_path=ops.journal_path, training=self.training)

        self.journal_bridge = JournalBridge(ops, self)
        self.journal_bridge.entries_committed.connect(self.on_entries)
        self.journal_bridge.health_changed.connect(self.window.show_health)
        self.desk_bridge = DeskBridge(desk, self)
        self.desk_bridge.emergency.connect(self.on_emergency)
        self.desk_bridge.radio_state.connect(self.on_radio_state)
        self._connect_intents()
        self.ptt_keys = PttKeys(list(desk.configs), self.radio_grid.selected_id,
                                radio_keys=dict(zip(desk.configs, options.ptt_keys,
                                                    strict=False)) or None,
                                selected_keys=options.ptt_selected_keys, parent=self)
        self.ptt_keys.ptt_pressed.connect(self.ptt_press)
        self.ptt_keys.ptt_released.connect(self.ptt_release)
        self.ptt_keys.install()
        self.window.help.set_ptt_keys(options.ptt_keys[:len(desk.configs)],
                                      options.ptt_selected_keys)
        if data.plan_fictitious:
            self.window.statusBar().addPermanentWidget(QLabel(
                self.tr("Talkgroup plan: FICTITIOUS demo data")))
        self.window.show_health(ops.health)
        self._refresh_all()

    # -- construction helpers -------------------------------------------------------------
    def _add_panel(self, radio_id: str, clock: Callable[[], float]) -> None:
        panel = RadioPanel(radio_id, self.desk.alias(radio_id), talkgroups=self.data.talkgroups,
                           alias_of=self.alias_of, clock=clock)  # the board says "fictitious"
        self.radio_grid.add_panel(panel)
        panel.set_ptt_problem(self.desk.ptt_error(radio_id))
        panel.talkgroup_requested.connect(self.select_talkgroup)
        panel.hold_requested.connect(self.set_hold)
        panel.ptt_pressed.connect(self.ptt_press)
        panel.ptt_released.connect(self.ptt_release)

    def _recipients(self) -> list[tuple[str, str]]:
        """(number, alias): the form shows "alias (number)" and resolves a typed alias."""
        return ([(u.issi, u.alias) for u in self.data.units]
                + [(g.gssi, g.alias) for g in self.data.talkgroups])

    def _connect_intents(self) -> None:
        ops = self.ops
        self.banner.acknowledge_requested.connect(ops.acknowledge)
        self.banner.ticked.connect(self._update_sound)
        self.board.alias_requested.connect(ops.set_alias)
        self.board.dipp_toggle_requested.connect(ops.set_dipp)
        self.talk_queue.answer_requested.connect(ops.answer_talk_request)
        self.talk_queue.clear_requested.connect(ops.clear_talk_request)
        self.messages.send_text_requested.connect(self.send_text)
        self.messages.send_status_requested.connect(self.send_status)
        self.messages.mark_read_requested.connect(ops.mark_read)
        # The listener runs on whichever thread failed; the signal brings it here.
        ops.add_failure_listener(self.journal_failed.emit)
        self.window.save_button.clicked.connect(self.save_note)
        self.window.answer_first_talk_request.connect(self._answer_first)
        self.note_finished.connect(self._on_note_finished)
        self.journal_failed.connect(self._on_journal_failed)

    # -- lookups ----------------------------------------------------------------------------
    def alias_of(self, issi: str) -> str | None:
        row = self.units.unit(issi) if issi else None
        return row.alias if row is not None and row.alias else None

    # -- journal → screen -------------------------------------------------------------------
    @Slot(list)
    def on_entries(self, entries: list) -> None:
        """Fold at once (cheap); repaint once per turn of the event loop, not per commit:
        under load many commits wait in the queue and share one refresh."""
        self.host.apply_all(entries)
        self._pending.extend(entries)
        if not self._refresh_queued:
            self._refresh_queued = True
            # At once when the screen is idle; under load at most one refresh per
            # REFRESH_MS, so redrawing cannot starve the event loop (alarms take the
            # fast path and are never delayed by this).
            since = (time.monotonic() - self._last_refresh) * 1000
            QTimer.singleShot(max(0, int(REFRESH_MS - since)), self._flush_pending)
        self._since_snapshot += len(entries)
        if (self._since_snapshot >= self.options.snapshot_every and not self._snapshot_due
                and not self.folding_history):  # a part-way fold is no snapshot
            self._since_snapshot = 0
            self._snapshot_due = list(self.host.projections)
            QTimer.singleShot(0, self._save_next_snapshot)

    # -- a long history folding after the start ---------------------------------------------
    @property
    def folding_history(self) -> bool:
        return self.host.rebuilding is not None

    def fold_history(self, rebuild: Any, still_open: list) -> None:
        """Go on folding ``rebuild`` (ProjectionHost.start_rebuild) a slice per turn of
        the event loop. Meanwhile the alarms show ``still_open`` (the history's
        unacknowledged emergencies) and everything new; the other views wait for it."""
        self._rebuild = rebuild
        self._history_started = time.monotonic()
        self.alarms.begin_history(still_open)
        self.window.history.show_progress(rebuild.done, rebuild.total)
        self.banner.sync()
        self._update_sound()
        QTimer.singleShot(0, self._fold_history_slice)

    def _fold_history_slice(self) -> None:
        if self._stopped:  # a timer of a console already shut down
            return
        rebuild = self._rebuild
        try:
            done = rebuild.step(HISTORY_SLICE)
        except Exception as exc:  # a damaged page: keep what was read, say so
            LOG.error("journal history could not be read past entry %d: %s", rebuild.done,
                      exc)
            self.window.notices.show_notices([Notice(
                NoticeCode.HISTORY_UNREADABLE, str(self.ops.journal_path),
                f"history read only up to entry {rebuild.done:,}: {exc}; "
                "`vangnet recover` reads what is left", Severity.ERROR)])
            done = True
        if not done:
            self.window.history.show_progress(rebuild.done, rebuild.total)
            QTimer.singleShot(0, self._fold_history_slice)
            return
        self.alarms.end_history()
        self.window.history.finish()
        LOG.info("history folded: %d entries in %.1f s", rebuild.done,
                 time.monotonic() - self._history_started)
        self._refresh_all()
        self.history_folded.emit(rebuild.done)

    def _flush_pending(self) -> None:
        if self._stopped:  # a timer of a console already shut down
            return
        self._last_refresh = time.monotonic()
        entries, self._pending = self._pending, []
        self._refresh_queued = False
        self._refresh_all({e.payload.get("radio") for e in entries})
        self.applied.emit(entries)

    def _save_next_snapshot(self) -> None:
        """One projection per turn of the event loop: no long stall of the screen."""
        if self._stopped:  # a timer of a console already shut down
            return
        if not self._snapshot_due:
            return
        name = self._snapshot_due.pop()
        stored, (position, state) = self.host.snapshot_of(name)
        self.ops.save_snapshot(stored, position, state)
        if self._snapshot_due:
            QTimer.singleShot(0, self._save_next_snapshot)

    def _refresh_all(self, radios: set | None = None) -> None:
        if self.folding_history:  # a part-way fold is not shown: only the alarms
            self.banner.sync()
            self._update_sound()
            return
        for model in (self.tail_model, self.health_model, self.unit_model, self.talk_model,
                      self.messages_model):
            model.sync()
        for panel in self.radio_grid.panels():
            if radios is None or panel.radio_id in radios:
                panel.set_activity(self.activity.of(panel.radio_id))
        self.banner.sync()
        self._update_sound()

    @Slot(str, str, str, object)
    def on_emergency(self, alarm_id: str, radio: str, kind: str, payload: dict) -> None:
        """Fast path: shown before (and even without) the journal commit."""
        self.alarms.raise_provisional(alarm_id, radio, kind, payload, self.clock_ms(),
                                      drill=self.training)
        self.banner.sync()
        self._update_sound()
        self.alarm_shown.emit(alarm_id)

    @Slot(str, object)
    def on_radio_state(self, radio_id: str, state: Any) -> None:
        try:
            panel = self.radio_grid.panel(radio_id)
        except KeyError:
            return
        panel.set_ptt_problem(self.desk.ptt_error(radio_id))  # known once the radio started
        panel.set_state(state, self.desk.tx_deadline(radio_id))
        panel.set_held(self.desk.held_group(radio_id))

    def refresh_sound(self) -> None:
        self._update_sound()

    def _update_sound(self) -> None:
        if self.sound is not None:
            self.sound.update(self.alarms)
            self.banner.set_sound_problem(self.sound.problem())

    def save_snapshots(self) -> None:
        """All at once (shutdown); during work _flush_pending saves one per turn."""
        self._since_snapshot, self._snapshot_due = 0, []
        if self.folding_history:
            return  # a part-way fold is no snapshot: the next start reads the history again
        for name, (position, state) in self.host.snapshots().items():
            self.ops.save_snapshot(name, position, state)

    # -- operator intents -------------------------------------------------------------------
    @Slot(str, str)
    def _on_journal_failed(self, kind: str, problem: str) -> None:
        self.window.statusBar().showMessage(
            self.tr("NOT saved: %1").replace("%1", f"{kind} ({problem})"), 15000)

    def _outcome_to_panel(self, outcome: Any) -> None:
        try:
            panel = self.radio_grid.panel(outcome.radio)
        except KeyError:
            return
        if outcome.ok and not outcome.saved:
            panel.show_outcome(self.tr("%1: done, but NOT saved in the journal").replace(
                "%1", outcome.command), False)
        elif outcome.ok:
            panel.show_outcome(self.tr("%1: done").replace("%1", outcome.command), True)
        else:
            text = outcome.meaning or outcome.detail or outcome.outcome
            if outcome.code is not None:
                text = f"+CME ERROR {outcome.code}: {text}"
            panel.show_outcome(f"{outcome.command}: {text}", False)

    @Slot(str, str)
    def select_talkgroup(self, radio_id: str, gssi: str) -> None:
        self.desk_bridge.when_done(
            self.desk.select_talkgroup(radio_id, gssi, operator=self.operator),
            self._outcome_to_panel)

    @Slot(str, object)
    def set_hold(self, radio_id: str, gssi: str | None) -> None:
        def done(outcome: Any) -> None:
            self._outcome_to_panel(outcome)
            self.radio_grid.panel(radio_id).set_held(self.desk.held_group(radio_id))
        self.desk_bridge.when_done(self.desk.set_hold(radio_id, gssi, operator=self.operator),
                                   done)

    @Slot(str)
    def ptt_press(self, radio_id: str) -> None:
        self.desk_bridge.when_done(self.desk.ptt_press(radio_id, operator=self.operator),
                                   self._outcome_to_panel)

    @Slot(str)
    def ptt_release(self, radio_id: str) -> None:
        self.desk_bridge.when_done(self.desk.ptt_release(radio_id, operator=self.operator),
                                   self._outcome_to_panel)

    @Slot(str, str, str)
    def send_text(self, radio_id: str, to: str, text: str) -> None:
        self.desk_bridge.when_done(self.desk.send_text(radio_id, to, text, operator=self.operator),
                                   self._sent)

    @Slot(str, str, int)
    def send_status(self, radio_id: str, to: str, value: int) -> None:
        self.desk_bridge.when_done(
            self.desk.send_status(radio_id, to, value, operator=self.operator), self._sent)

    def _sent(self, outcome: Any) -> None:
        if outcome.ok and not outcome.saved:  # on the air, but not in the journal: keep it
            self.messages.send_failed(self.tr("sent, but NOT saved in the journal"))
        elif outcome.ok:
            self.messages.send_accepted()
        else:
            self.messages.send_failed(outcome.meaning or outcome.detail or outcome.outcome)

    def _answer_first(self) -> None:
        issi = self.talk_model.issi_at(0)
        if issi is not None:
            self.ops.answer_talk_request(issi)

    @Slot()
    def save_note(self) -> None:
        text = self.window.note.text().strip()
        if not text:
            return
        future = self.ops.add_note(text)
        if future is None:  # already being saved, or the journal is closed (said above)
            return
        self.window.note_state.setText(self.tr("saving…"))
        # The callback runs on the journal writer; the signal carries it to this thread.
        future.add_done_callback(lambda f: self.note_finished.emit(f, text))

    @Slot(Future, str)
    def _on_note_finished(self, future: Future, text: str) -> None:
        exc = future.exception()
        if exc is not None:  # the text stays in the box: nothing typed is lost
            problem = exc.problem if isinstance(exc, JournalError) else str(exc)
            self.window.note_state.setText(self.tr("NOT saved: %1").replace("%1", problem))
            return
        if self.window.note.text().strip() == text:
            self.window.note.clear()
        self.window.note_state.setText(
            self.tr("saved %1").replace("%1", hhmmss(event_ms(future.result()))))

    def shutdown(self) -> None:
        self._stopped = True
        self.ptt_keys.uninstall()
        if self.folding_history and self._rebuild.closing is not None:
            self._rebuild.closing.close()  # left part-way: read again at the next start
        if self.sound is not None:
            self.sound.silence()
