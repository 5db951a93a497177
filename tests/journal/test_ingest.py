"""Ingest of sealed entries from other consoles: verified, idempotent, never re-sealed."""

from dataclasses import replace

import pytest

from console.journal.entry import seal
from console.journal.reader import JournalReader
from console.journal.store import JournalStore
from console.journal.verify import verify
from tests.chains import Chain


@pytest.fixture
def store(tmp_path):
    s = JournalStore(tmp_path / "j.db", "pos-a").open()
    yield s
    s.close()


def notes(console, n, **kw):
    chain = Chain(console, **kw)
    for i in range(n):
        chain.add("operator.note", {"text": f"{console} {i}"}, operator="bram")
    return chain


def test_foreign_entries_are_stored_as_sealed_and_verify(store, tmp_path):
    chain = notes("pos-b", 3)
    result = store.ingest(chain.entries).result(5)
    assert [e.id for e in result.stored] == [e.id for e in chain.entries]
    assert result.duplicates == 0 and result.refused == []
    store.flush()
    with JournalReader(store.path) as reader:
        held = [e for e in reader.entries() if e.console == "pos-b"]
        assert reader.chain_heads()["pos-b"] == (3, chain.entries[-1].hash)
    # console id, seq, HLC and hash are the other console's own
    assert [(e.console, e.seq, e.hlc_ms, e.hash) for e in held] == [
        (e.console, e.seq, e.hlc_ms, e.hash) for e in chain.entries]
    assert all(e.position > 0 for e in result.stored)
    assert verify(store.path).ok


def test_the_same_entries_twice_are_a_no_op(store):
    chain = notes("pos-b", 4)
    store.ingest(chain.entries[:3]).result(5)
    again = store.ingest(chain.entries).result(5)  # overlapping batch: 3 known, 1 new
    assert again.duplicates == 3 and [e.seq for e in again.stored] == [4]
    assert store.ingest(chain.entries).result(5).stored == []
    store.flush()
    with JournalReader(store.path) as reader:
        assert reader.count() == 4


def test_same_id_or_seq_with_other_content_is_an_integrity_problem(store):
    chain = notes("pos-b", 2)
    store.ingest(chain.entries).result(5)
    forged = chain.entries[1]
    other = seal(id=forged.id, console="pos-b", seq=2, hlc=(forged.hlc_ms, 0),
                 operator="mallory", kind="operator.note", payload={"text": "changed"},
                 drill=False, prev_hash=forged.prev_hash)
    result = store.ingest([other]).result(5)
    assert result.stored == [] and [r.problem for r in result.integrity_problems] == [
        "integrity"]
    # an entry whose hash does not match its content
    tampered = replace(chain.entries[0], payload={"text": "edited"})
    assert store.ingest([tampered]).result(5).integrity_problems
    # an id that another console already used
    c = Chain("pos-c")
    c.add("operator.note", {"text": "x"}, entry_id=chain.entries[0].id)
    assert store.ingest(c.entries).result(5).integrity_problems


def test_a_gap_or_a_broken_link_is_refused_and_nothing_after_it_stored(store):
    chain = notes("pos-b", 4)
    gap = store.ingest([chain.entries[0], chain.entries[2], chain.entries[3]]).result(5)
    assert [e.seq for e in gap.stored] == [1]
    assert [(r.seq, r.problem) for r in gap.refused] == [(3, "gap"), (4, "gap")]
    stranger = notes("pos-x", 1).entries[0]
    broken = seal(id="z", console="pos-b", seq=2, hlc=(1, 0), operator="o",
                  kind="operator.note", payload={}, drill=False, prev_hash=stranger.hash)
    assert [r.problem for r in store.ingest([broken]).result(5).refused] == ["integrity"]
    assert [e.seq for e in store.ingest(chain.entries[1:]).result(5).stored] == [2, 3, 4]


def test_own_console_entries_are_not_taken_from_elsewhere(store):
    own = notes("pos-a", 1).entries
    assert [r.problem for r in store.ingest(own).result(5).refused] == ["own_console"]


def test_the_clock_observes_ingested_entries(store):
    future = notes("pos-b", 1, start_ms=4_000_000_000_000)  # a console far ahead
    store.ingest(future.entries).result(5)
    local = store.append("operator.note", {"text": "after"}, operator="anna").result(5)
    assert local.hlc > future.entries[0].hlc  # local entries sort after what is held


def test_listeners_get_ingested_entries_with_their_positions(store):
    seen = []
    store.add_listener(seen.extend)
    store.append("operator.note", {"text": "local"}, operator="anna").result(5)
    result = store.ingest(notes("pos-b", 2).entries).result(5)
    store.flush()
    assert [e.console for e in seen] == ["pos-a", "pos-b", "pos-b"]
    assert [e.position for e in seen] == [1, 2, 3] == [1, *[e.position for e in result.stored]]
    local = store.append("operator.note", {"text": "next"}, operator="anna").result(5)
    assert local.position == 4 and local.seq == 2
