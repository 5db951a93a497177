"""The first window, real widgets offscreen, fed by a real journal (and simulated radios)."""

import threading

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication

from console.journal.reader import JournalReader
from console.ui.models import JournalTailModel, RadioHealthModel
from tests.journal.test_disk_full import fill


def tail_texts(model: JournalTailModel) -> list[str]:
    return [model.index(r, 4).data() for r in range(model.rowCount())]


def test_entries_from_another_thread_appear_in_the_tail(console_factory, qtbot):
    session = console_factory()
    on_gui_thread = []
    session.controller.journal_bridge.entries_committed.connect(
        lambda _: on_gui_thread.append(QThread.currentThread() is QApplication.instance().thread()))

    def writer():
        for i in range(25):
            session.store.append("operator.note", {"text": f"melding {i}"}, operator="bert")

    t = threading.Thread(target=writer)
    t.start()
    t.join()
    model = session.controller.tail_model
    qtbot.waitUntil(lambda: "melding 24" in tail_texts(model), timeout=5000)
    assert tail_texts(model)[0] == "melding 24"  # newest on top
    assert {f"melding {i}" for i in range(25)} <= set(tail_texts(model))
    assert on_gui_thread and all(on_gui_thread)


def test_note_shows_saved_only_after_commit(console_factory, qtbot):
    session = console_factory()
    w = session.window
    qtbot.keyClicks(w.note, "Eenheid 99-4131 ter plaatse")
    w.save_button.click()
    assert not w.note_state.text().startswith("saved")  # not before the writer committed
    qtbot.waitUntil(lambda: w.note_state.text().startswith("saved"), timeout=5000)
    assert w.note.text() == ""
    session.store.flush()
    with JournalReader(session.store.path) as reader:
        notes = [e for e in reader.entries() if e.kind == "operator.note"]
    assert [(n.payload["text"], n.operator) for n in notes] == [
        ("Eenheid 99-4131 ter plaatse", "anna")]


def test_training_marker_and_simulated_radios(console_factory, qtbot):
    session = console_factory(training=True, sim_radios=2)
    assert session.window.training_banner.isVisible()
    health = session.controller.health_model
    qtbot.waitUntil(lambda: health.rowCount() == 2 and all(
        health.index(r, 1).data() == "connected" for r in range(2)), timeout=15000)
    assert {health.index(r, 0).data() for r in range(2)} == {"2040001", "2040002"}
    session.store.flush()
    with JournalReader(session.store.path) as reader:
        entries = list(reader.entries())
    assert entries and all(e.drill for e in entries)  # drill from the radio to the journal


def test_no_training_marker_in_live_mode(console_factory):
    assert not console_factory().window.training_banner.isVisible()


def test_disk_full_banner_and_recovery(console_factory, qtbot, tiny_fs):
    session = console_factory(tiny_fs.path / "journal.db")
    w = session.window
    session.store.flush()
    filler = fill(tiny_fs.path)
    text = "Brandweer vraagt extra ambulance " + "x" * 4000
    w.note.setText(text)
    w.save_button.click()
    qtbot.waitUntil(lambda: w.note_state.text().startswith("NOT saved"), timeout=5000)
    qtbot.waitUntil(w.journal_banner.isVisible, timeout=1000)
    assert "disk is full" in w.journal_banner.text()
    assert w.note.text() == text  # what the operator typed is still there
    filler.unlink()
    qtbot.waitUntil(lambda: not w.journal_banner.isVisible(), timeout=5000)
    w.save_button.click()
    qtbot.waitUntil(lambda: w.note_state.text().startswith("saved"), timeout=5000)


def test_read_only_journal_banner(console_factory, qtbot, tiny_fs, tmp_path):
    db = tiny_fs.path / "journal.db"
    console_factory(db).shutdown()
    tiny_fs.remount("ro")
    session = console_factory(db)
    qtbot.waitUntil(session.window.journal_banner.isVisible, timeout=1000)
    assert "read-only" in session.window.journal_banner.text()
    tiny_fs.remount("rw")
    qtbot.waitUntil(lambda: not session.window.journal_banner.isVisible(), timeout=5000)


def test_screen_after_restart_equals_screen_before(console_factory, qtbot, tmp_path):
    db = tmp_path / "restart.db"
    first = console_factory(db)
    for i in range(30):
        first.store.append("radio.signal", {"radio": f"r{i % 2}", "raw": i, "dbm": -113 + 2 * i},
                           operator="system")
    first.store.append("operator.note", {"text": "laatste"}, operator="anna").result(5)
    qtbot.waitUntil(lambda: "laatste" in tail_texts(first.controller.tail_model), timeout=5000)
    first.shutdown()
    with JournalReader(db) as reader:
        last = reader.last_position()
    # The shutdown entry's signal is still queued: wait until the screen has applied it.
    qtbot.waitUntil(lambda: first.controller.host.position == last, timeout=5000)
    before = first.controller.host.snapshots()
    second = console_factory(db)
    assert second.controller.host.snapshots() == before


def test_item_models_pass_qtmodeltester(console_factory, qtbot, qtmodeltester):
    session = console_factory(training=True, sim_radios=1)
    health = session.controller.health_model
    qtbot.waitUntil(lambda: health.rowCount() == 1, timeout=15000)
    assert isinstance(health, RadioHealthModel)
    qtmodeltester.check(session.controller.tail_model)
    qtmodeltester.check(health)


def test_snapshots_are_written_during_work_one_per_turn(console_factory, qtbot, tmp_path):
    from console.core import ConsoleOptions
    db = tmp_path / "snap.db"
    session = console_factory(db, options=ConsoleOptions(snapshot_every=10))
    for i in range(30):
        session.store.append("operator.note", {"text": f"n{i}"}, operator="anna")
    host = session.controller.host
    names = {host.snapshot_name(n) for n in host.projections}

    def saved() -> set:
        session.store.flush()
        with JournalReader(db) as reader:
            return set(reader.snapshots())
    qtbot.waitUntil(lambda: saved() == names, timeout=5000)


def test_the_start_entry_reaches_the_screen(console_factory, qtbot):
    model = console_factory().controller.tail_model
    qtbot.waitUntil(lambda: model.rowCount() >= 1 and model.index(0, 3).data()
                    == "console.started", timeout=3000)


def test_a_second_press_while_saving_saves_the_note_once(console_factory, qtbot):
    session = console_factory()
    w = session.window
    w.note.setText("Eenheid 99-4131 ter plaatse")
    w.save_button.click()
    w.save_button.click()  # impatient second press before the commit returned
    qtbot.waitUntil(lambda: w.note_state.text().startswith("saved"), timeout=5000)
    session.store.flush()
    with JournalReader(session.store.path) as reader:
        notes = [e for e in reader.entries() if e.kind == "operator.note"]
    assert len(notes) == 1


def test_help_shows_the_configured_ptt_keys(console_factory, qtbot):
    from console.core import ConsoleOptions
    session = console_factory(training=True, sim_radios=2, options=ConsoleOptions(
        ptt_keys=["F5", "F6"], ptt_selected_keys=["Pause"]))
    help_overlay = session.window.help
    help_overlay.toggle()  # what F9 does
    assert help_overlay.isVisible()
    assert [k.text() for k in help_overlay.key_labels[:2]] == ["F5 … F6", "Pause"]
