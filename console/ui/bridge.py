"""The only door from the Qt-free core into Qt: typed signals, queued to the GUI thread.

Listeners registered on the journal run on its writer thread; emitting a signal of an
object that lives in the GUI thread makes Qt queue the call there (AutoConnection).

Signals name their Python type where PySide6 (6.11) carries it as it is: a plain class
(JournalHealth) goes through untouched, a ``list`` as a new list of the same objects.
``object`` remains where it must: a ``dict`` would become a QVariantMap (a copy, keys
sorted, and silently ``{}`` when a key is no string), ``str`` turns None into "", and the
desk's RadioState and CommandOutcome are driver-side types the Qt front may not import.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from console.journal.health import JournalHealth


class JournalBridge(QObject):
    entries_committed = Signal(list)  # list[Entry], in commit order
    health_changed = Signal(JournalHealth)

    def __init__(self, ops, parent: QObject | None = None):
        super().__init__(parent)
        ops.add_entries_listener(self.entries_committed.emit)
        ops.add_health_listener(self.health_changed.emit)


class DeskBridge(QObject):
    """The desk's fast path (radio threads) and command outcomes (worker threads) → GUI."""

    emergency = Signal(str, str, str, object)  # alarm id, radio id, journal kind, payload
    radio_state = Signal(str, object)  # radio id, RadioState snapshot (drivers.base)
    command_finished = Signal(object, object)  # CommandOutcome, callback(outcome) | None
    sound_changed = Signal(bool, str)  # alarm sound available, why not

    def __init__(self, desk, parent: QObject | None = None):
        super().__init__(parent)
        desk.add_emergency_listener(lambda *args: self.emergency.emit(*args))
        desk.add_state_listener(self.radio_state.emit)
        self.command_finished.connect(lambda outcome, then: then and then(outcome))

    def when_done(self, future, then=None) -> None:
        """Call ``then(outcome)`` on the GUI thread once the command's future resolved."""
        future.add_done_callback(lambda f: self.command_finished.emit(f.result(), then))
