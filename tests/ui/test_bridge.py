"""The bridge's typed signals carry the core's objects from a worker thread to the GUI
thread as they are (STYLE.md #5)."""

import threading

from PySide6.QtCore import QThread

from console.journal.health import JournalHealth
from console.ui.bridge import DeskBridge, JournalBridge
from tests.factories import make_entry


class Listened:
    """Stands in for the operations service and the desk: keeps each listener it is given
    under the name of the ``add_*_listener`` call."""

    def __init__(self):
        self.listeners = {}

    def __getattr__(self, name):
        if not name.startswith("add_"):
            raise AttributeError(name)
        return lambda fn: self.listeners.setdefault(name[4:-9], []).append(fn)


def from_a_thread(fn, *args):
    worker = threading.Thread(target=fn, args=args)
    worker.start()
    worker.join()


def test_entries_and_health_arrive_on_the_gui_thread_unchanged(qtbot, qapp):
    ops = Listened()
    bridge = JournalBridge(ops)
    entries = [make_entry("radio.status", {"radio": "r1", "value": 0, "from_issi": None}),
               make_entry("operator.note", {"text": "x"})]
    health = JournalHealth(False, "disk_full", "no space", 5)
    threads = []
    bridge.entries_committed.connect(lambda _: threads.append(QThread.currentThread()))
    with qtbot.waitSignal(bridge.entries_committed) as got:
        from_a_thread(ops.listeners["entries"][0], entries)
    assert got.args[0] == entries and all(a is b for a, b in zip(got.args[0], entries, strict=True))
    assert threads == [qapp.thread()]
    with qtbot.waitSignal(bridge.health_changed) as got:
        from_a_thread(ops.listeners["health"][0], health)
    assert got.args[0] is health


def test_an_emergency_payload_is_not_converted(qtbot):
    desk = Listened()
    bridge = DeskBridge(desk)
    payload = {"radio": "r1", "from_issi": None, "missing_parts": (1, 2), 3: "odd key"}
    with qtbot.waitSignal(bridge.emergency) as got:
        from_a_thread(desk.listeners["emergency"][0], "a1", "r1", "radio.status", payload)
    assert got.args == ["a1", "r1", "radio.status", payload] and got.args[3] is payload
