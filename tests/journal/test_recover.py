"""``vangnet recover``: what is still readable in a damaged journal, and what is not, said."""

import io
import shutil
import sqlite3

import orjson
import pytest

from console.journal.reader import JournalReader
from console.journal.recover import BROKEN, UNANCHORED, VERIFIED, main_recover, recover
from console.journal.store import JournalStore, append_all
from console.journal.verify import verify
from tests.journal.test_set_aside import cut, digest

N = 200
PAGE = 4096


@pytest.fixture
def originals(tmp_path):
    """A real journal of N notes, closed; (path, the entries as saved)."""
    path = tmp_path / "journal.db"
    with JournalStore(path, "pos-1") as store:
        saved = append_all(store, [("operator.note", {"text": f"note {i:03d}", "pad": "x" * 200})
                                   for i in range(N)], operator="anna")
    return path, saved


def assert_all_accounted_for(result, saved) -> None:
    """Nothing dropped in silence: each saved entry came back as it was, or its position
    is in an unreadable range."""
    by_id = {f.entry.id: f.entry for f in result.found}
    for e in saved:
        if e.id in by_id:
            assert by_id[e.id] == e and by_id[e.id].position == e.position
        else:
            assert any(a <= e.position <= b for a, b, _ in result.unreadable), e.position


def run(argv):
    out, err = io.StringIO(), io.StringIO()
    return main_recover([str(a) for a in argv], out, err), out.getvalue(), err.getvalue()


def test_a_truncated_journal_gives_back_its_readable_part(originals, tmp_path):
    path, saved = originals
    cut(path, 0.5)
    before = digest(path)
    result = recover(path)
    got = result.verified
    assert 0 < len(got) < N
    assert got == saved[:len(got)]  # the first entries, exactly as saved, chain verified
    assert_all_accounted_for(result, saved)
    assert [f.status for f in result.found[len(got):]] == [UNANCHORED] * (
        len(result.found) - len(got))  # read past the cut, but not linked to #1
    assert result.unreadable[0][0] == len(got) + 1 and max(
        b for _, b, _ in result.unreadable) == N
    assert f"(its chain head says #{N})" in result.problems[0]
    assert not result.complete
    assert digest(path) == before  # read, never written
    assert sorted(p.name for p in tmp_path.iterdir()) == ["journal.db"]


def test_the_command_writes_json_lines_and_says_what_is_lost(originals, tmp_path):
    path, saved = originals
    cut(path, 0.5)
    out = tmp_path / "out.jsonl"
    code, stdout, stderr = run([path, "--out", out])
    assert code == 1
    lines = [orjson.loads(line) for line in out.read_bytes().splitlines()]
    header, rest = lines[0], lines[1:]
    entries = [x for x in rest if x["type"] == "entry" and x["status"] == VERIFIED]
    assert header["type"] == "recovered" and header["verified"] == len(entries) > 0
    assert [x["entry"]["id"] for x in entries] == [e.id for e in saved[:len(entries)]]
    unreadable = [x["positions"] for x in rest if x["type"] == "unreadable"]
    assert unreadable[0][0] == len(entries) + 1 and max(b for _, b in unreadable) == N
    assert "unreadable: positions" in stderr and str(out) in stdout


def test_past_a_damaged_page_the_rest_is_read_and_marked_unanchored(originals):
    path, saved = originals
    data = bytearray(path.read_bytes())
    page = data.index(b"note 100") // PAGE
    data[page * PAGE:(page + 1) * PAGE] = bytes(PAGE)  # one leaf page lost
    path.write_bytes(bytes(data))
    result = recover(path)
    by_id = {f.entry.id: f for f in result.found}
    lost = [e for e in saved if e.id not in by_id]
    assert lost and saved[100] in lost and saved[-1].id in by_id
    first_lost = lost[0].seq
    assert [(a, b) for a, b, _ in result.unreadable] == [(lost[0].position, lost[-1].position)]
    assert_all_accounted_for(result, saved)
    for e in saved:
        if e.id in by_id:
            assert by_id[e.id].entry == e
            assert by_id[e.id].status == (VERIFIED if e.seq < first_lost else UNANCHORED)


def test_a_changed_entry_is_reported_broken(originals):
    path, saved = originals
    data = path.read_bytes()
    path.write_bytes(data.replace(b"note 050", b"note 999"))
    statuses = {f.entry.seq: f.status for f in recover(path).found}
    assert statuses[51] == BROKEN and statuses[50] == VERIFIED
    assert all(s == UNANCHORED for q, s in statuses.items() if q > 51)


def test_an_intact_journal_is_recovered_whole(originals, tmp_path):
    path, saved = originals
    code, stdout, _ = run([path, "--out", tmp_path / "all.jsonl"])
    assert code == 0 and f"{N} entries read: {N} verified" in stdout


def test_garbage_gives_nothing_and_says_so(tmp_path):
    path = tmp_path / "garbage.db"
    path.write_bytes(b"\x00garbage" * 300)
    code, _, stderr = run([path, "--out", tmp_path / "g.jsonl"])
    assert code == 1 and "cannot be read: file is not a database" in stderr


def test_a_file_with_its_wal_is_read_from_a_copy(tmp_path):
    """A crash leaves entries in the -wal; they count, and the set-aside files stay as
    they are (no -shm made beside them)."""
    live = tmp_path / "live.db"
    store = JournalStore(live, "pos-1").open()
    saved = append_all(store, [("operator.note", {"i": i}) for i in range(20)], operator="a")
    aside = tmp_path / "journal.db.unusable-20261202T000000Z"
    shutil.copyfile(live, aside)
    shutil.copyfile(f"{live}-wal", f"{aside}-wal")
    store.close()
    before = (digest(aside), digest(tmp_path / f"{aside.name}-wal"))
    assert recover(aside).verified == saved
    assert (digest(aside), digest(tmp_path / f"{aside.name}-wal")) == before
    assert not (tmp_path / f"{aside.name}-shm").exists()


def test_into_a_journal_ingests_the_verified_entries(originals, tmp_path):
    path, saved = originals
    cut(path, 0.5)
    archive = tmp_path / "archive.db"
    code, stdout, _ = run([path, "--out", tmp_path / "o.jsonl", "--into", archive])
    k = len(recover(path).verified)
    assert f"{k} entries ingested, 0 held already, 0 refused" in stdout
    assert code == 1  # the file was not whole
    with JournalReader(archive) as reader:
        assert [e.id for e in reader.entries()] == [e.id for e in saved[:k]]
    assert verify(archive).ok
    code, stdout, _ = run([path, "--out", tmp_path / "o2.jsonl", "--into", archive])
    assert f"0 entries ingested, {k} held already" in stdout  # idempotent


def test_into_a_journal_with_that_chain_refuses_the_clash(originals, tmp_path):
    """A new journal of the same console begins its chain again at #1: the old entries
    cannot join it (the chain would fork); they are refused and named, not mixed in."""
    path, _ = originals
    cut(path, 0.5)
    fresh = tmp_path / "fresh.db"
    with JournalStore(fresh, "pos-1") as store:
        store.append("operator.note", {"text": "new"}, operator="anna").result(5)
    code, stdout, _ = run([path, "--out", tmp_path / "o.jsonl", "--into", fresh])
    assert code == 1 and "refused pos-1 #1" in stdout and "integrity" in stdout
    assert verify(fresh).ok


def test_into_a_file_that_is_not_a_journal_touches_nothing(originals, tmp_path):
    path, _ = originals
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    before = digest(other)
    code, stdout, _ = run([path, "--out", tmp_path / "o.jsonl", "--into", other])
    assert code == 1 and "nothing ingested" in stdout and digest(other) == before


def test_a_long_journal_cut_in_its_first_pages_is_read_without_a_crash(tmp_path):
    """Found by hand: the first 30 kB of a 100,000-entry journal; its chain-head row read
    as nonsense (seq None) and recover crashed with a TypeError."""
    from benchmarks.history import write_journal

    path = write_journal(tmp_path / "long.db", 5000)
    with open(path, "rb") as f:
        head = f.read(30_000)
    cut_file = tmp_path / "cut.db"
    cut_file.write_bytes(head)
    code, out, err = run([cut_file, "-o", tmp_path / "out.jsonl"])
    assert code != 0 or "entries read" in err + out
    assert "Traceback" not in err and "None" not in err + out
    assert (tmp_path / "out.jsonl").exists()
