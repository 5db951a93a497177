"""Wires journal, projections and the window; runs on the GUI thread only."""

from __future__ import annotations

import time
from concurrent.futures import Future

from PySide6.QtCore import QObject, Signal, Slot

from console.journal.kinds import OPERATOR_NOTE
from console.journal.store import JournalError, JournalStore
from console.state.journal_tail import JournalTail
from console.state.projection import ProjectionHost
from console.state.radio_health import RadioHealthBoard
from console.ui.bridge import JournalBridge
from console.ui.main_window import MainWindow
from console.ui.models import JournalTailModel, RadioHealthModel


class ConsoleController(QObject):
    note_finished = Signal(object, str)  # the append future, the text it carried

    def __init__(self, store: JournalStore, host: ProjectionHost, *, operator: str,
                 training: bool, snapshot_every: int = 2000):
        super().__init__()
        self.store, self.host = store, host
        self.operator, self.training = operator, training
        self._snapshot_every = snapshot_every
        self._since_snapshot = 0
        tail = host.projections["journal_tail"]
        board = host.projections["radio_health"]
        assert isinstance(tail, JournalTail) and isinstance(board, RadioHealthBoard)
        self.tail_model = JournalTailModel(tail, self)
        self.health_model = RadioHealthModel(board, self)
        self.window = MainWindow(self.tail_model, self.health_model, db_path=store.path,
                                 training=training)
        self.bridge = JournalBridge(store, self)
        self.bridge.entries_committed.connect(self.on_entries)
        self.bridge.health_changed.connect(self.window.show_health)
        self.window.save_button.clicked.connect(self.save_note)
        self.note_finished.connect(self._on_note_finished)
        self.window.show_health(store.health)

    @Slot(object)
    def on_entries(self, entries: list) -> None:
        self.host.apply_all(entries)
        self.tail_model.sync()
        self.health_model.sync()
        self._since_snapshot += len(entries)
        if self._since_snapshot >= self._snapshot_every:
            self.save_snapshots()

    def save_snapshots(self) -> None:
        self._since_snapshot = 0
        for name, (position, state) in self.host.snapshots().items():
            self.store.save_snapshot(name, position, state)

    @Slot()
    def save_note(self) -> None:
        text = self.window.note.text().strip()
        if not text:
            return
        self.window.note_state.setText(self.tr("saving…"))
        try:
            future = self.store.append(OPERATOR_NOTE, {"text": text}, operator=self.operator,
                                       drill=self.training)
        except JournalError as exc:
            self.window.note_state.setText(self.tr("NOT saved: %1").replace("%1", exc.problem))
            return
        # The callback runs on the journal writer; the signal carries it to this thread.
        future.add_done_callback(lambda f: self.note_finished.emit(f, text))

    @Slot(object, str)
    def _on_note_finished(self, future: Future, text: str) -> None:
        exc = future.exception()
        if exc is not None:  # the text stays in the box: nothing typed is lost
            problem = exc.problem if isinstance(exc, JournalError) else str(exc)
            self.window.note_state.setText(self.tr("NOT saved: %1").replace("%1", problem))
            return
        if self.window.note.text().strip() == text:
            self.window.note.clear()
        stamp = time.strftime("%H:%M:%S", time.localtime(future.result().hlc_ms / 1000))
        self.window.note_state.setText(self.tr("saved %1").replace("%1", stamp))
