"""The console never runs without a journal: a file that is not one is set aside at start,
and what could not be saved by exit is saved at the next start."""

import shutil
import sqlite3
import tempfile

import pytest

from console.journal.reader import JournalReader
from console.journal.set_aside import examine
from console.journal.store import JournalStore, append_all
from console.journal.unsaved import IMPORTED
from console.journal.verify import verify
from console.notices import NoticeCode, Severity
from tests.journal.test_disk_full import fill
from tests.journal.test_set_aside import cut, digest
from tests.test_desk import Backlog

PAGE = 4096


def garbage(db):
    db.write_bytes(b"\x89PNG not a journal" * 400)


def truncated(db):
    with JournalStore(db, "pos-test") as store:
        append_all(store, [("operator.note", {"text": f"n{i}", "pad": "x" * 300})
                           for i in range(100)], operator="anna")
    cut(db, 0.5)


def foreign(db):
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE invoices (number INTEGER, total REAL)")
    conn.close()


def damaged_middle(db):
    """Opens and migrates fine; the rebuild's read of the entries finds the lost page."""
    with JournalStore(db, "pos-test") as store:
        append_all(store, [("operator.note", {"text": f"n{i:03d}", "pad": "x" * 300})
                           for i in range(100)], operator="anna")
    data = bytearray(db.read_bytes())
    page = data.index(b"n050") // PAGE
    data[page * PAGE:(page + 1) * PAGE] = bytes(PAGE)
    db.write_bytes(bytes(data))
    assert examine(db) is None


@pytest.mark.parametrize("make, why", [(garbage, "not a usable SQLite database"),
                                       (truncated, "malformed"), (foreign, "invoices"),
                                       (damaged_middle, "damaged")])
def test_a_bad_journal_is_set_aside_and_the_console_saves(console_factory, qtbot, tmp_path,
                                                          make, why):
    db = tmp_path / "journal.db"
    make(db)
    original = digest(db)
    session = console_factory(db)
    [notice] = [n for n in session.notices if n.code == NoticeCode.JOURNAL_SET_ASIDE]
    assert notice.severity == Severity.ERROR and why in notice.detail
    moved = tmp_path / notice.subject.rsplit("/", 1)[-1]
    assert moved.name.startswith("journal.db.unusable-") and digest(moved) == original
    w = session.window
    w.note.setText("Ambulance 17-123 ter plaatse")
    w.save_button.click()
    qtbot.waitUntil(lambda: w.note_state.text().startswith("saved"), timeout=5000)
    assert session.store.health.ok
    with JournalReader(db) as reader:
        assert "Ambulance 17-123 ter plaatse" in [e.payload.get("text")
                                                  for e in reader.entries()]
    session.shutdown()
    assert verify(db).ok


def test_a_good_journal_gives_no_notice(console_factory, tmp_path):
    db = tmp_path / "journal.db"
    console_factory(db).shutdown()
    assert console_factory(db).notices == []


def test_held_radio_events_go_to_a_recovery_file_and_come_back(console_factory, qtbot,
                                                               tiny_fs, tmp_path,
                                                               monkeypatch):
    """Full disk until exit: the held events are written where there is room (here the
    temp dir, the disk is full) and saved at the next start, under their own ids."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    db = tiny_fs.path / "journal.db"
    session = console_factory(db, training=True, sim_radios=1)
    radio = session.fleet.radios["2040001"]
    qtbot.waitUntil(lambda: bool(session.desk.radio_state("2040001")
                                 and session.desk.radio_state("2040001").linked),
                    timeout=10000)
    session.store.flush()
    backlog = Backlog(session.desk)
    filler = fill(tiny_fs.path)
    for n in range(5):
        radio.emit_status(f"230{n:04d}", 0x8002)
    assert backlog.wait(lambda n: n >= 5), backlog.count
    session.shutdown()
    path = session.unsaved_file
    assert path is not None and path.parent == tmp_path / "vangnet-unsaved"
    filler.unlink()

    again = console_factory(db, training=True, sim_radios=0)
    [notice] = [n for n in again.notices if n.code == NoticeCode.RECOVERED]
    assert notice.subject == f"{path}{IMPORTED}" and "entries held at the last exit" in \
        notice.detail
    again.store.flush()
    with JournalReader(db) as reader:
        statuses = [e for e in reader.entries() if e.kind == "radio.status"]
    assert sorted(e.payload["from_issi"] for e in statuses) == [f"230{n:04d}" for n in range(5)]
    assert all(e.drill and e.payload["heard_ms"] <= e.hlc_ms for e in statuses)
    assert not path.exists()
    again.shutdown()
    assert verify(db).ok


def test_a_read_only_journal_is_not_set_aside_at_start(console_factory, tiny_fs):
    db = tiny_fs.path / "journal.db"
    console_factory(db).shutdown()
    before = sorted(p.name for p in tiny_fs.path.iterdir())
    tiny_fs.remount("ro")
    try:
        session = console_factory(db)
        assert session.notices == [] and session.store.health.problem == "read_only"
        assert sorted(p.name for p in tiny_fs.path.iterdir()) == before
    finally:
        tiny_fs.remount("rw")


def test_a_set_aside_file_stays_readable_for_recover(console_factory, tmp_path):
    db = tmp_path / "journal.db"
    truncated(db)
    kept = tmp_path / "kept.db"
    shutil.copyfile(db, kept)
    session = console_factory(db)
    from console.journal.recover import recover
    moved = session.store.set_aside.moved_to
    assert recover(moved).verified == recover(kept).verified != []
