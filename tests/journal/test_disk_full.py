"""A full disk or a read-only journal: clear errors, nothing falsely saved, self-recovery."""

import threading

import pytest

from console.journal.reader import JournalReader
from console.journal.store import JournalError, JournalStore
from console.journal.verify import verify


def fill(directory, keep_free: int = 0):
    """Take all space but ``keep_free`` bytes with a filler file; returns its path."""
    filler = directory / "filler.bin"
    with open(filler, "wb", buffering=0) as f:
        try:
            while True:
                f.write(b"\0" * 4096)
        except OSError:
            pass
    if keep_free:
        with open(filler, "r+b") as f:
            f.truncate(max(0, filler.stat().st_size - keep_free))
    return filler


def wait_health(store, ok: bool, timeout: float = 5.0) -> bool:
    changed = threading.Event()
    store.add_health_listener(lambda h: h.ok == ok and changed.set())
    return store.health.ok == ok or changed.wait(timeout)


def test_disk_full_fails_clearly_and_recovers(tiny_fs):
    store = JournalStore(tiny_fs.path / "j.db", "pos-1", probe_interval_s=0.05).open()
    saved = [store.append("operator.note", {"i": 0}, operator="a").result(5)]
    filler = fill(tiny_fs.path)
    outcomes = [store.append("operator.note", {"i": i, "pad": "x" * 3000}, operator="a")
                for i in range(1, 200)]
    failures = []
    for f in outcomes:
        try:
            saved.append(f.result(10))
        except JournalError as exc:
            failures.append(exc)
    assert failures, "the disk never filled up"
    assert failures[0].problem == "disk_full"
    assert "disk is full" in str(failures[0]) or "full" in failures[0].detail
    assert not store.health.ok and store.health.problem == "disk_full"

    filler.unlink()  # space returns; nobody touches the console
    assert wait_health(store, True), "saving did not resume by itself"
    after = store.append("operator.note", {"i": "after"}, operator="a").result(5)
    store.close()
    assert after.seq == len(saved) + 1  # failed entries left no gap in the chain
    with JournalReader(store.path) as reader:
        stored = {e.id for e in reader.entries()}
    assert {e.id for e in saved} <= stored  # everything reported saved is there
    assert len(stored) == len(saved) + 1  # and nothing reported failed is
    assert verify(store.path).ok


def test_read_only_journal_fails_clearly_and_recovers(tiny_fs):
    path = tiny_fs.path / "j.db"
    with JournalStore(path, "pos-1") as store:
        first = store.append("operator.note", {"i": 0}, operator="a").result(5)
    tiny_fs.remount("ro")
    store = JournalStore(path, "pos-1", probe_interval_s=0.05).open()  # does not raise
    try:
        assert not store.health.ok and store.health.problem == "read_only"
        with pytest.raises(JournalError) as err:
            store.append("operator.note", {"i": 1}, operator="a").result(5)
        assert err.value.problem == "read_only"
        with JournalReader(path) as reader:  # still readable for the screen
            assert [e.id for e in reader.entries()] == [first.id]
        tiny_fs.remount("rw")
        assert wait_health(store, True), "saving did not resume by itself"
        assert store.append("operator.note", {"i": 2}, operator="a").result(5).seq == 2
    finally:
        store.close()
    assert verify(path).ok


def test_verify_reads_a_journal_on_read_only_media(tiny_fs):
    path = tiny_fs.path / "j.db"
    with JournalStore(path, "pos-1") as store:
        store.append("operator.note", {"i": 0}, operator="a").result(5)
    tiny_fs.remount("ro")
    report = verify(path)
    assert report.ok, report.summary()
