"""A clock step back (issue 8, case 5): order follows the HLC, shown times the wall clock.

The journal is written at T and reopened with the clock an hour behind. New entries are
ordered after the old ones (HLC), keep the wall clock's time beside it (``wall_ms``), show
that time (``event_ms``) marked as out of order in the tail, and every chain verifies,
old entries (without ``wall_ms``) and old files (before m005) included.
"""

import sqlite3
from dataclasses import replace

import orjson
import pytest
from sqlite_utils import Database

from console.app import main as vangnet
from console.journal.clock_notice import duration_text, local_times
from console.journal.entry import (
    CLOCK_STEP_MS,
    GENESIS_HASH,
    entry_hash,
    new_entry_id,
    seal,
)
from console.journal.kinds import event_ms
from console.journal.migrations import journal as migrations
from console.journal.reader import JournalReader
from console.journal.recover import VERIFIED, recover
from console.journal.store import JournalStore
from console.journal.verify import verify
from console.notices import NoticeCode, Severity
from console.state.journal_tail import JournalTail
from console.state.projection import ProjectionHost
from tests.chains import Chain
from tests.journal.test_clock import FakeWall
from tests.journal.test_set_aside import digest

T = 1_800_000_000_000
SECOND, MINUTE, HOUR = 1000, 60_000, 3_600_000
BEHIND = HOUR + 3 * MINUTE  # the clock at reopen, behind the newest entry


def notes(store, wall, n, label):
    """``n`` notes, one a second on ``wall``, each awaited (its stamp read that second)."""
    out = []
    for i in range(n):
        out.append(store.append("operator.note", {"text": f"{label} {i}"},
                                operator="anna").result(5))
        wall.ms += SECOND
    return out


@pytest.fixture
def stepped(tmp_path):
    """(path, entries before, entries after, the reopened store's notice, walls after)."""
    path, wall = tmp_path / "journal.db", FakeWall(T)
    with JournalStore(path, "pos-1", wall_ms=wall) as store:
        before = notes(store, wall, 3, "before")
        assert store.clock_notice is None
    wall.ms = before[-1].hlc_ms - BEHIND  # restart with the clock 1 h 3 min behind
    walls = [wall.ms + i * SECOND for i in range(3)]
    with JournalStore(path, "pos-1", wall_ms=wall) as store:
        notice = store.clock_notice
        after = notes(store, wall, 3, "after")
    return path, before, after, notice, walls


def tail_of(path) -> JournalTail:
    tail = JournalTail()
    with JournalReader(path) as reader:
        ProjectionHost([tail]).rebuild(reader)
    return tail


def test_after_a_step_back_entries_are_ordered_by_hlc_and_keep_the_wall_time(stepped):
    _, before, after, _, walls = stepped
    assert [e.wall_ms for e in before] == [None] * 3  # the clocks agreed: nothing extra
    assert [e.wall_ms for e in after] == walls
    hlcs = [e.hlc for e in before + after]
    assert hlcs == sorted(hlcs) and len(set(hlcs)) == 6  # after the old ones, in order
    assert {e.hlc_ms for e in after} == {before[-1].hlc_ms}  # the HLC time stands still
    assert [event_ms(e) for e in before] == [T, T + SECOND, T + 2 * SECOND]
    assert [event_ms(e) for e in after] == walls  # shown: the clock's time, not the HLC's
    assert [e.seq for e in before + after] == [1, 2, 3, 4, 5, 6]


def test_the_journal_holds_and_verifies_what_was_stamped(stepped, capsys):
    path, before, after, _, _ = stepped
    with JournalReader(path) as reader:
        held = list(reader.entries())
        by_hlc = list(reader.entries_by_hlc(None, False))
    assert held == before + after and [e.wall_ms for e in held] == [e.wall_ms for e in
                                                                    before + after]
    assert by_hlc == before + after
    assert all(e.computed_hash() == e.hash for e in held)
    report = verify(path)
    assert report.ok and report.entries == 6, report.summary()
    assert vangnet(["verify", str(path)]) == 0  # as `vangnet verify` runs it
    assert "intact: 6 entries" in capsys.readouterr().out


def test_the_tail_marks_the_times_out_of_order(stepped):
    path, before, after, _, walls = stepped
    tail = tail_of(path)
    assert [r.ms for r in tail.rows] == [event_ms(e) for e in before] + walls
    assert [r.stepped for r in tail.rows] == [False] * 3 + [True] * 3
    again = JournalTail()  # through JSON, as checkpoints and stored snapshots go
    again.restore(orjson.loads(orjson.dumps(tail.snapshot())))
    assert list(again.rows) == list(tail.rows)


def test_a_snapshot_from_before_the_mark_restores():
    tail = JournalTail()
    old = [{"id": "x", "ms": T, "console": "pos-1", "operator": "anna",
            "kind": "operator.note", "summary": "s", "drill": False}]  # no "stepped"
    tail.restore(old)
    assert [(r.id, r.stepped) for r in tail.rows] == [("x", False)]


def test_the_clock_catching_up_ends_the_mark(tmp_path):
    path, wall = tmp_path / "journal.db", FakeWall(T)
    with JournalStore(path, "pos-1", wall_ms=wall) as store:
        old = notes(store, wall, 1, "old")[0]
        wall.ms = old.hlc_ms - SECOND  # behind by less than a step: kept, not marked
        slight = notes(store, wall, 1, "slight")[0]
        wall.ms = old.hlc_ms - CLOCK_STEP_MS - 1
        behind = notes(store, wall, 1, "behind")[0]
        wall.ms = old.hlc_ms + 5 * SECOND  # caught up: the clocks agree again
        caught_up = notes(store, wall, 1, "caught up")[0]
    assert slight.wall_ms == old.hlc_ms - SECOND
    assert behind.wall_ms == old.hlc_ms - CLOCK_STEP_MS - 1
    assert caught_up.wall_ms is None and caught_up.hlc_ms == old.hlc_ms + 5 * SECOND
    assert [r.stepped for r in tail_of(path).rows] == [False, False, True, False]
    assert verify(path).ok


def test_the_start_says_the_clock_is_behind(stepped, tmp_path):
    path, before, _, notice, _ = stepped
    assert notice.code == NoticeCode.CLOCK_BEHIND and notice.severity == Severity.WARNING
    assert notice.subject == "1 h 3 min"
    newest, now = local_times(before[-1].hlc_ms, before[-1].hlc_ms - BEHIND)
    assert f"last time in the journal {newest}, this computer's clock {now}" in notice.detail
    assert "⚠ marks times out of order" in notice.detail
    # Logged once, by start_console with every notice it shows (tests/ui/test_clock_step_tail)
    assert notice.log_line().startswith("clock_behind: 1 h 3 min")


@pytest.mark.parametrize("offset, said", [(-CLOCK_STEP_MS, False), (0, False),
                                          (CLOCK_STEP_MS, False), (HOUR, False),
                                          (-CLOCK_STEP_MS - 1, True)])
def test_only_a_clock_behind_by_more_than_a_step_is_said(tmp_path, offset, said):
    path = tmp_path / "journal.db"
    with JournalStore(path, "pos-1", wall_ms=lambda: T) as store:
        assert store.clock_notice is None  # a new journal: nothing to be behind
        store.append("operator.note", {}, operator="anna").result(5)
    with JournalStore(path, "pos-1", wall_ms=lambda: T + offset) as store:
        assert (store.clock_notice is not None) == said


@pytest.mark.parametrize("ms, text", [(2_500, "2 s"), (59_999, "59 s"), (250_000, "4 min 10 s"),
                                      (HOUR + 3 * MINUTE + 59_000, "1 h 3 min"),
                                      (26 * HOUR, "26 h 0 min")])
def test_how_far_behind_is_said(ms, text):
    assert duration_text(ms) == text


def test_local_times_carry_the_date_only_across_days():
    same = local_times(T, T - HOUR)
    assert all(len(t) == 8 for t in same)  # HH:MM:SS
    apart = local_times(T, T - 3 * 24 * HOUR)
    assert all(len(t) == 19 for t in apart) and apart[0] != apart[1]


# -- the hash ---------------------------------------------------------------------------
def test_an_entry_without_wall_ms_hashes_as_before():
    fields = ["id-1", "pos-1", 1, T, 0, "anna", "operator.note", {"text": "x"}, False,
              GENESIS_HASH]  # the hashed fields as they always were
    plain = seal(id="id-1", console="pos-1", seq=1, hlc=(T, 0), operator="anna",
                 kind="operator.note", payload={"text": "x"}, drill=False,
                 prev_hash=GENESIS_HASH)
    assert plain.wall_ms is None and plain.hash == entry_hash(fields)
    with_wall = replace(plain, wall_ms=T - HOUR)
    assert with_wall.computed_hash() == entry_hash([*fields, T - HOUR]) != plain.hash


@pytest.mark.parametrize("sql", ["UPDATE entries SET wall_ms = wall_ms + 1 WHERE seq = 5",
                                 "UPDATE entries SET wall_ms = NULL WHERE seq = 5",
                                 "UPDATE entries SET wall_ms = 1 WHERE seq = 2"])
def test_a_changed_wall_time_is_named(stepped, tmp_path, sql):
    from tests.journal.test_tamper import tampered
    path, before, after, _, _ = stepped
    bad = tampered(path, tmp_path / "bad.db", sql)
    report = verify(bad)
    seq = int(sql.rsplit("=", 1)[1])
    assert not report.ok and report.bad_entry == (before + after)[seq - 1].id
    assert "changed" in report.problem


# -- a journal from before m005 ---------------------------------------------------------
OLD_INSERT = ("INSERT INTO entries (id, console, seq, hlc_ms, hlc_counter, operator, kind,"
              " payload, drill, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)")


def old_journal(path, n=3):
    """A journal as the version before m005 wrote it: no wall_ms column; its entries."""
    conn = sqlite3.connect(path, isolation_level=None)
    migrations.apply(Database(conn), stop_before="m005_wall_ms")
    entries, prev = [], GENESIS_HASH
    for seq in range(1, n + 1):
        e = seal(id=new_entry_id(), console="pos-1", seq=seq, hlc=(T + seq * SECOND, 0),
                 operator="anna", kind="operator.note", payload={"text": f"old {seq}"},
                 drill=False, prev_hash=prev, position=seq)
        conn.execute(OLD_INSERT, (e.id, e.console, e.seq, e.hlc_ms, e.hlc_counter, e.operator,
                                  e.kind, orjson.dumps(e.payload).decode(), 0, e.prev_hash,
                                  e.hash))
        entries.append(e)
        prev = e.hash
    conn.execute("INSERT INTO chain_heads VALUES ('pos-1', ?, ?)", (n, prev))
    conn.close()
    return entries


def column_names(path):
    conn = sqlite3.connect(path)
    try:
        return [tuple(r[1:]) for r in conn.execute("PRAGMA table_info(entries)")]
    finally:
        conn.close()


def test_a_journal_from_before_wall_ms_reads_and_verifies_as_it_is(tmp_path):
    path = tmp_path / "journal.db"
    old = old_journal(path)
    assert "wall_ms" not in {c[0] for c in column_names(path)}
    before = digest(path)
    assert verify(path).ok
    with JournalReader(path) as reader:
        assert list(reader.entries()) == old
        assert list(reader.entries_by_hlc(None, False)) == old
    found = recover(path)
    assert found.verified == old and found.complete
    lines = [orjson.loads(line) for line in found.json_lines()]
    assert [x["entry"]["wall_ms"] for x in lines if x["type"] == "entry"] == [None] * 3
    assert digest(path) == before  # read, never migrated


def test_the_migration_upgrades_an_old_journal(tmp_path):
    path, fresh = tmp_path / "journal.db", tmp_path / "fresh.db"
    old = old_journal(path)
    wall = FakeWall(old[-1].hlc_ms - BEHIND)
    with JournalStore(path, "pos-1", wall_ms=wall) as store:
        assert store.clock_notice is not None
        new = store.append("operator.note", {"text": "new"}, operator="anna").result(5)
    JournalStore(fresh, "pos-1").open().close()
    assert column_names(path) == column_names(fresh)  # upgraded schema == fresh schema
    assert new.seq == 4 and new.wall_ms == wall.ms and new.hlc > old[-1].hlc
    with JournalReader(path) as reader:
        assert list(reader.entries()) == [*old, new]
    assert verify(path).ok
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT name FROM _sqlite_migrations ORDER BY rowid DESC LIMIT 1"
                        ).fetchone() == ("m005_wall_ms",)
    conn.close()


# -- other consoles and recovery --------------------------------------------------------
def test_another_consoles_wall_time_is_ingested_as_sealed(tmp_path):
    chain = Chain("pos-b", start_ms=T)
    chain.add("operator.note", {"text": "b 1"})
    stepped = chain.add("operator.note", {"text": "b 2"}, same_ms=True, wall_ms=T - HOUR)
    with JournalStore(tmp_path / "j.db", "pos-a", wall_ms=lambda: T) as store:
        result = store.ingest(chain.entries).result(5)
        assert [e.wall_ms for e in result.stored] == [None, T - HOUR]
        forged = replace(stepped, wall_ms=T - 2 * HOUR)  # the wall time changed on the way
        assert store.ingest([forged]).result(5).integrity_problems
        stripped = replace(stepped, wall_ms=None)
        assert store.ingest([stripped]).result(5).integrity_problems
    with JournalReader(tmp_path / "j.db") as reader:
        held = [e for e in reader.entries() if e.console == "pos-b"]
    assert held == chain.entries and event_ms(held[1]) == T - HOUR
    assert verify(tmp_path / "j.db").ok
    assert [r.stepped for r in tail_of(tmp_path / "j.db").rows] == [False, True]


def test_recovery_reads_and_carries_the_wall_time(stepped, tmp_path):
    path, before, after, _, _ = stepped
    found = recover(path)
    assert found.complete and found.verified == before + after
    entries = [orjson.loads(line) for line in found.json_lines()][1:]
    assert [x["status"] for x in entries] == [VERIFIED] * 6
    assert [x["entry"]["wall_ms"] for x in entries] == [e.wall_ms for e in before + after]
    archive = tmp_path / "archive.db"
    with JournalStore(archive, "pos-archive") as store:
        assert len(store.ingest(found.verified).result(5).stored) == 6
    with JournalReader(archive) as reader:
        assert list(reader.entries()) == before + after
    assert verify(archive).ok
