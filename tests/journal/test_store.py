"""The journal store: durable futures, gap-free chains, group commit, non-blocking readers."""

import sqlite3
import threading

import pytest

from console.journal.reader import JournalReader
from console.journal.store import JournalError, JournalStore, append_all
from console.journal.verify import verify


def test_append_resolves_to_committed_entry(journal):
    entry = journal.append("operator.note", {"text": "Brand Coolsingel"}, operator="anna",
                           drill=True).result(5)
    assert (entry.seq, entry.operator, entry.drill, entry.position) == (1, "anna", True, 1)
    assert entry.computed_hash() == entry.hash
    with JournalReader(journal.path) as reader:
        assert [e.id for e in reader.entries()] == [entry.id]  # visible to a new reader


def test_sequence_is_gap_free_across_threads(journal):
    results, lock = [], threading.Lock()

    def worker(n):
        got = [journal.append("operator.note", {"w": n, "i": i}, operator=f"op{n}").result(10)
               for i in range(100)]
        with lock:
            results.extend(got)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(e.seq for e in results) == list(range(1, 601))
    assert verify(journal.path).ok


def test_entries_arriving_during_a_commit_share_the_next_transaction(journal):
    held, release, batches = threading.Event(), threading.Event(), []

    def listener(entries):
        batches.append(len(entries))
        if len(batches) == 1:
            held.set()
            release.wait(10)  # keeps the writer busy, as a slow fsync would

    journal.add_listener(listener)
    first = journal.append("operator.note", {"i": 0}, operator="a")
    assert held.wait(10)
    later = [journal.append("operator.note", {"i": i}, operator="a") for i in range(1, 51)]
    release.set()
    assert [f.result(10).seq for f in later] == list(range(2, 52))
    assert first.result().seq == 1
    assert batches == [1, 50]


def test_readers_never_block_the_writer(journal):
    journal.append("operator.note", {"i": 0}, operator="a").result(5)
    reader = sqlite3.connect(f"file:{journal.path}?mode=ro", uri=True, isolation_level=None)
    reader.execute("BEGIN")
    assert reader.execute("SELECT count(*) FROM entries").fetchone()[0] == 1  # snapshot held
    entry = journal.append("operator.note", {"i": 1}, operator="a").result(5)
    assert entry.seq == 2
    assert reader.execute("SELECT count(*) FROM entries").fetchone()[0] == 1  # still its view
    reader.execute("COMMIT")
    reader.close()


def test_entries_are_immutable_in_the_database(journal):
    journal.append("operator.note", {"i": 0}, operator="a").result(5)
    conn = sqlite3.connect(journal.path)
    with pytest.raises(sqlite3.IntegrityError, match="immutable"):
        conn.execute("UPDATE entries SET operator = 'x'")
    with pytest.raises(sqlite3.IntegrityError, match="immutable"):
        conn.execute("DELETE FROM entries")
    conn.close()


def test_restart_continues_the_chain(tmp_path):
    path = tmp_path / "j.db"
    with JournalStore(path, "pos-1") as store:
        append_all(store, [("operator.note", {"i": i}) for i in range(3)], operator="a")
    with JournalStore(path, "pos-1") as store:
        entry = store.append("operator.note", {"i": 3}, operator="a").result(5)
    assert entry.seq == 4
    report = verify(path)
    assert report.ok and report.consoles == {"pos-1": 4}


def test_bad_payload_and_closed_journal_fail_in_the_caller(tmp_path):
    store = JournalStore(tmp_path / "j.db", "pos-1").open()
    with pytest.raises((TypeError, ValueError)):
        store.append("operator.note", {"when": object()}, operator="a")
    # Non-finite numbers have no JSON form: stored (and returned) as null, never as text
    # that a reader would decode differently from the live entry.
    entry = store.append("operator.note", {"x": float("nan")}, operator="a").result(5)
    assert entry.payload == {"x": None}
    store.close()
    with pytest.raises(JournalError):
        store.append("operator.note", {}, operator="a")
    assert verify(store.path).ok


def test_nothing_queued_after_close_waits_forever(tmp_path):
    store = JournalStore(tmp_path / "j.db", "pos-1").open()
    store.close()
    with pytest.raises(JournalError):
        store.append("operator.note", {}, operator="a")
    with pytest.raises(JournalError):  # resolved at once, not left waiting
        store.save_snapshot("x", 0, {}).result(1)
