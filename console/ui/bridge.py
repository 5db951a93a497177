"""The only door from the Qt-free core into Qt: typed signals, queued to the GUI thread.

Listeners registered on the journal run on its writer thread; emitting a signal of an
object that lives in the GUI thread makes Qt queue the call there (AutoConnection).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from console.journal.store import JournalStore


class JournalBridge(QObject):
    entries_committed = Signal(object)  # list[Entry], in commit order
    health_changed = Signal(object)  # JournalHealth

    def __init__(self, store: JournalStore, parent: QObject | None = None):
        super().__init__(parent)
        store.add_listener(self.entries_committed.emit)
        store.add_health_listener(self.health_changed.emit)
