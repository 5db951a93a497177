"""Entries held in memory at exit: a recovery file, imported at the next start, never lost."""

import io
import shutil

import pytest

from console.journal.reader import JournalReader
from console.journal.store import JournalStore
from console.journal.unsaved import (
    IMPORTED,
    Unsaved,
    import_unsaved,
    pending_files,
    read_unsaved,
    write_unsaved,
)
from console.journal.verify import verify
from console.notices import NoticeCode

NOW = 1_796_169_600_000  # 2026-12-02T00:00:00Z


def held(n: int, drill: bool = False) -> list[Unsaved]:
    return [Unsaved(f"01a235e9-0000-7000-8000-{i:012d}", "radio.status",
                    {"radio": "r1", "from_issi": f"230{i:04d}", "heard_ms": NOW - 1000 + i},
                    "system", drill) for i in range(n)]


def entries(path):
    with JournalReader(path) as reader:
        return list(reader.entries())


def test_written_beside_the_journal_and_imported_once(tmp_path):
    journal = tmp_path / "journal.db"
    err = io.StringIO()
    path = write_unsaved(journal, "pos-1", held(3), NOW, fallback=tmp_path / "spare",
                         stderr=err)
    assert path == tmp_path / "journal.db.unsaved-20261202T000000Z.jsonl"
    assert f"3 entries the journal could not save are in {path}" in err.getvalue()
    header, items, bad = read_unsaved(path)
    assert items == held(3) and not bad and header["count"] == 3
    with JournalStore(journal, "pos-1") as store:
        result = import_unsaved(store, fallback=tmp_path / "spare")
        assert (result.saved, result.already, result.kept) == (3, 0, [])
        [notice] = result.notices()
        assert notice.code == NoticeCode.RECOVERED and "3 entries" in notice.detail
        assert notice.subject == f"{path}{IMPORTED}"
        assert import_unsaved(store, fallback=tmp_path / "spare").saved == 0  # done is done
    saved = entries(journal)
    assert [e.id for e in saved] == [i.id for i in held(3)]  # in order, under their ids
    assert [e.payload["heard_ms"] for e in saved] == [i.payload["heard_ms"] for i in held(3)]
    assert not path.exists() and (tmp_path / f"{path.name}{IMPORTED}").exists()
    assert verify(journal).ok


def test_an_import_cut_short_is_done_again_without_doubles(tmp_path):
    journal = tmp_path / "journal.db"
    path = write_unsaved(journal, "pos-1", held(4), NOW, stderr=io.StringIO())
    keep = tmp_path / "copy.jsonl"
    shutil.copyfile(path, keep)
    with JournalStore(journal, "pos-1") as store:
        import_unsaved(store)
        shutil.copyfile(keep, path)  # as if the rename never happened
        result = import_unsaved(store)
    assert (result.saved, result.already) == (0, 4)
    assert len(entries(journal)) == 4


def test_a_journal_that_cannot_save_keeps_the_file(tiny_fs):
    journal = tiny_fs.path / "journal.db"
    JournalStore(journal, "pos-1").open().close()
    path = write_unsaved(journal, "pos-1", held(2), NOW, stderr=io.StringIO())
    tiny_fs.remount("ro")
    store = JournalStore(journal, "pos-1").open()
    try:
        result = import_unsaved(store)
    finally:
        store.close()
        tiny_fs.remount("rw")
    assert result.saved == 0 and [p for p, _ in result.kept] == [path]
    assert [n.code for n in result.notices()] == [NoticeCode.OTHER]
    assert path.exists() and read_unsaved(path)[1] == held(2)  # not lost
    with JournalStore(journal, "pos-1") as store:  # the next start saves them
        assert import_unsaved(store).saved == 2


def test_a_full_disk_sends_the_file_to_the_fallback_and_stderr_says_where(tiny_fs, tmp_path):
    from tests.journal.test_disk_full import fill
    journal = tiny_fs.path / "journal.db"
    JournalStore(journal, "pos-1").open().close()
    filler = fill(tiny_fs.path)
    err = io.StringIO()
    spare = tmp_path / "spare"
    path = write_unsaved(journal, "pos-1", held(50), NOW, fallback=spare, stderr=err)
    assert path is not None and path.parent == spare and str(path) in err.getvalue()
    assert not list(tiny_fs.path.glob("*.jsonl*"))  # no half-written file left behind
    filler.unlink()
    assert pending_files(journal, spare) == [path]
    with JournalStore(journal, "pos-1") as store:
        assert import_unsaved(store, fallback=spare).saved == 50


def test_the_fallback_holds_only_what_names_this_journal(tmp_path):
    spare, a, b = tmp_path / "spare", tmp_path / "a", tmp_path / "b"
    for d in (spare, a, b):
        d.mkdir()
    mine = write_unsaved(a / "journal.db", "pos-1", held(1), NOW, stderr=io.StringIO())
    shutil.move(mine, spare / mine.name)  # where it goes when a/ cannot take it
    assert pending_files(a / "journal.db", spare) == [spare / mine.name]
    assert pending_files(b / "journal.db", spare) == []  # same name, another journal


def test_when_nothing_can_be_written_stderr_gets_the_entries(tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    err = io.StringIO()
    path = write_unsaved(blocker / "journal.db", "pos-1", held(2), NOW,
                         fallback=blocker / "spare", stderr=err)
    assert path is None
    text = err.getvalue()
    assert "2 entries could not be saved anywhere" in text
    assert all(i.id in text for i in held(2))


@pytest.mark.parametrize("junk", [b"", b"not json\n", b'{"format": "other"}\n'])
def test_a_file_that_is_not_a_recovery_file_is_kept_and_named(tmp_path, junk):
    journal = tmp_path / "journal.db"
    path = tmp_path / "journal.db.unsaved-20261202T000000Z.jsonl"
    path.write_bytes(junk)
    with JournalStore(journal, "pos-1") as store:
        result = import_unsaved(store)
    assert [p for p, _ in result.kept] == [path] and path.read_bytes() == junk
