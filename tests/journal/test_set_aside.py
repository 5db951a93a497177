"""A file at the journal's path that is not a usable journal is set aside untouched and a new
journal is begun; a locked or read-only journal is not."""

import hashlib
import shutil
import sqlite3
import threading

import pytest

from console.journal.migrations import APPLICATION_ID
from console.journal.reader import JournalReader
from console.journal.set_aside import SIDECARS, examine, move_aside
from console.journal.store import JournalStore, append_all
from console.journal.verify import verify
from console.notices import NoticeCode, Severity
from tests.journal.test_disk_full import wait_health

DEC_2_2026 = 1_796_169_600_000  # 2026-12-02T00:00:00Z


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def cut(path, keep: float) -> None:
    """Cut the file short, as a copy that stopped half way or a full disk would."""
    with open(path, "r+b") as f:
        f.truncate(int(path.stat().st_size * keep))


def assert_new_journal_works(store: JournalStore) -> None:
    assert store.health.ok, store.health
    e = store.append("operator.note", {"text": "after"}, operator="anna").result(5)
    assert e.seq == 1
    with JournalReader(store.path) as reader:
        assert [x.id for x in reader.entries()] == [e.id]
    store.close()
    assert verify(store.path).ok


def open_and_check_set_aside(path, original: str, why: str) -> JournalStore:
    store = JournalStore(path, "pos-1", wall_ms=lambda: DEC_2_2026).open()
    moved = store.set_aside
    assert moved is not None and moved.original == path
    assert moved.moved_to.name == "journal.db.unusable-20261202T000000Z"
    assert digest(moved.moved_to) == original  # untouched
    assert why in moved.reason
    notice = moved.notice()
    assert notice.code == NoticeCode.JOURNAL_SET_ASIDE and notice.severity == Severity.ERROR
    assert notice.subject == str(moved.moved_to) and notice.detail == moved.reason
    return store


def test_garbage_is_set_aside_and_a_new_journal_begun(tmp_path):
    path = tmp_path / "journal.db"
    path.write_bytes(b"this was never a database\n" * 500)
    store = open_and_check_set_aside(path, digest(path), "not a usable SQLite database")
    assert_new_journal_works(store)


def test_a_truncated_journal_is_set_aside(filled_journal, tmp_path):
    path = tmp_path / "journal.db"
    shutil.copyfile(filled_journal, path)
    cut(path, 0.5)
    store = open_and_check_set_aside(path, digest(path), "malformed")
    assert_new_journal_works(store)


def test_another_programs_database_is_not_adopted(tmp_path):
    path = tmp_path / "journal.db"
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE patients (name TEXT, ward TEXT)")
        other.execute("INSERT INTO patients VALUES ('J. Jansen', '3B')")
    other.close()
    store = open_and_check_set_aside(path, digest(path), "tables: patients")
    assert_new_journal_works(store)
    with sqlite3.connect(store.set_aside.moved_to) as again:  # no tables added, no WAL
        assert again.execute("SELECT name FROM sqlite_master").fetchall() == [("patients",)]
        assert again.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    again.close()


def test_a_foreign_database_moves_with_its_wal(tmp_path):
    """A -wal left at the path must never meet the new journal: it moves too."""
    source = tmp_path / "other.db"
    other = sqlite3.connect(source, isolation_level=None)
    other.execute("PRAGMA journal_mode=WAL")
    other.execute("PRAGMA wal_autocheckpoint=0")
    other.execute("CREATE TABLE t (x)")
    other.execute("INSERT INTO t VALUES (42)")
    path = tmp_path / "journal.db"
    shutil.copyfile(source, path)
    shutil.copyfile(f"{source}-wal", f"{path}-wal")  # as a crash leaves them
    other.close()
    wal = digest(tmp_path / "journal.db-wal")
    store = open_and_check_set_aside(path, digest(path), "tables: t")
    assert digest(tmp_path / f"{store.set_aside.moved_to.name}-wal") == wal
    assert_new_journal_works(store)


def test_another_programs_application_id_is_set_aside(tmp_path):
    path = tmp_path / "journal.db"
    with sqlite3.connect(path) as other:
        other.execute("PRAGMA application_id = 1234")
    other.close()
    store = open_and_check_set_aside(path, digest(path), "application_id 0x000004d2")
    assert_new_journal_works(store)


def test_an_empty_database_is_begun_in_place(tmp_path):
    path = tmp_path / "journal.db"
    sqlite3.connect(path).close()
    path.touch()
    with JournalStore(path, "pos-1") as store:
        assert store.set_aside is None
        store.append("operator.note", {}, operator="anna").result(5)
    assert verify(path).ok


def test_a_journal_of_an_older_vangnet_is_recognised_and_migrated(filled_journal):
    with sqlite3.connect(filled_journal) as conn:  # as before m004: no application_id
        conn.execute("PRAGMA application_id = 0")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm004_application_id'")
    conn.close()
    assert examine(filled_journal) is None
    with JournalStore(filled_journal, "pos-1") as store:
        assert store.set_aside is None
        assert store.append("operator.note", {}, operator="anna").result(5).seq == 31
    with sqlite3.connect(filled_journal) as conn:
        assert conn.execute("PRAGMA application_id").fetchone() == (APPLICATION_ID,)
    conn.close()
    assert verify(filled_journal).ok


def test_a_new_journal_says_it_is_one(tmp_path):
    path = tmp_path / "journal.db"
    JournalStore(path, "pos-1").open().close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA application_id").fetchone() == (APPLICATION_ID,)
    conn.close()


def test_a_locked_journal_is_not_set_aside(filled_journal):
    locker = sqlite3.connect(filled_journal, isolation_level=None)
    locker.execute("PRAGMA locking_mode=EXCLUSIVE")
    locker.execute("BEGIN EXCLUSIVE")
    before = digest(filled_journal)
    assert examine(filled_journal) is None
    store = JournalStore(filled_journal, "pos-1", probe_interval_s=0.05)
    locked = threading.Event()
    store.add_health_listener(lambda h: h.problem == "locked" and locked.set())
    store.open()  # waits out SQLite's busy timeout once
    try:
        assert locked.is_set() and store.set_aside is None
        assert digest(filled_journal) == before
        locker.execute("COMMIT")
        locker.close()
        assert wait_health(store, True), "saving did not resume once the lock was gone"
        assert store.append("operator.note", {}, operator="anna").result(5).seq == 31
    finally:
        store.close()


def test_a_read_only_journal_is_not_set_aside(tiny_fs):
    path = tiny_fs.path / "journal.db"
    with JournalStore(path, "pos-1") as store:
        store.append("operator.note", {}, operator="anna").result(5)
    tiny_fs.remount("ro")
    store = JournalStore(path, "pos-1").open()
    try:
        assert store.set_aside is None and store.health.problem == "read_only"
        assert sorted(p.name for p in tiny_fs.path.iterdir()) == ["journal.db"]
    finally:
        store.close()
        tiny_fs.remount("rw")


def test_garbage_on_a_read_only_disk_is_set_aside_once_it_can_be(tiny_fs):
    path = tiny_fs.path / "journal.db"
    path.write_bytes(b"\xff" * 9000)
    original = digest(path)
    tiny_fs.remount("ro")
    store = JournalStore(path, "pos-1", probe_interval_s=0.05).open()
    try:
        assert store.set_aside is None and store.health.problem == "read_only"
        tiny_fs.remount("rw")
        assert wait_health(store, True), "the writer never set the file aside"
        assert digest(store.set_aside.moved_to) == original
        assert store.append("operator.note", {}, operator="anna").result(5).seq == 1
    finally:
        store.close()


def test_set_aside_never_overwrites_an_earlier_one(tmp_path):
    path = tmp_path / "journal.db"
    first_bytes, second_bytes = b"first" * 100, b"second" * 100
    path.write_bytes(first_bytes)
    first = move_aside(path, "garbage", DEC_2_2026)
    path.write_bytes(second_bytes)
    second = move_aside(path, "garbage", DEC_2_2026)
    assert first.moved_to != second.moved_to and second.moved_to.name.endswith("-2")
    assert first.moved_to.read_bytes() == first_bytes
    assert second.moved_to.read_bytes() == second_bytes
    assert not path.exists() and not any(
        (tmp_path / f"journal.db{s}").exists() for s in SIDECARS)


@pytest.mark.parametrize("content", [b"", b"SQLite format 3\x00"])
def test_examine_reads_only(tmp_path, content):
    path = tmp_path / "journal.db"
    path.write_bytes(content)
    examine(path)
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["journal.db"]


def test_a_journal_appended_through_the_store_is_ours(filled_journal):
    assert examine(filled_journal) is None
    with JournalStore(filled_journal, "pos-1") as store:
        assert store.set_aside is None
        append_all(store, [("operator.note", {})], operator="anna")
