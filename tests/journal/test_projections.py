"""Projections rebuilt after a restart (from snapshots plus the tail) equal the state before."""

from console.journal.reader import JournalReader
from console.journal.store import JournalStore, append_all
from console.state.journal_tail import JournalTail
from console.state.projection import ProjectionHost
from console.state.radio_health import RadioHealthBoard


def radio_traffic(n):
    for i in range(n):
        radio = f"r{i % 3}"
        yield "radio.signal", {"radio": radio, "raw": 20 + i % 5, "dbm": -73 + i % 5}
        yield "radio.battery", {"radio": radio, "percent": 100 - i % 50}
        if i % 7 == 0:
            yield "radio.link_lost", {"radio": radio, "port": f"/dev/r{i % 3}", "reason": "eof"}
        if i % 7 == 1:
            yield "radio.link_restored", {"radio": radio, "port": f"/dev/r{i % 3}"}
        yield "operator.note", {"text": f"note {i}"}


def host():
    return ProjectionHost([JournalTail(size=50), RadioHealthBoard()])


def test_restart_from_snapshot_equals_full_replay(tmp_path):
    path = tmp_path / "j.db"
    live = host()
    store = JournalStore(path, "pos-1").open()
    store.add_listener(live.apply_all)
    append_all(store, radio_traffic(40), operator="system")
    store.flush()
    for name, (position, state) in live.snapshots().items():  # mid-way snapshot
        store.save_snapshot(name, position, state).result(5)
    append_all(store, radio_traffic(25), operator="system")
    store.close()
    before = live.snapshots()

    restarted, scratch = host(), host()
    with JournalReader(path) as reader:
        replayed = restarted.rebuild(reader)
        total = scratch.rebuild(reader, use_snapshots=False)
    assert restarted.snapshots() == before == scratch.snapshots()
    assert replayed < total  # the snapshot was used, not a full replay
    board = restarted.projections["radio_health"]
    assert set(board.radios) == {"r0", "r1", "r2"}


def test_broken_entry_does_not_stop_other_projections():
    class Exploding:
        name = "exploding"

        def apply(self, entry):
            raise ValueError("bug in a projection")

        def snapshot(self):
            return None

        def restore(self, state):
            pass

    from console.journal.entry import seal
    h = ProjectionHost([Exploding(), JournalTail()])
    e = seal(id="x", console="c", seq=1, hlc=(1, 0), operator="o", kind="operator.note",
             payload={"text": "t"}, drill=False, prev_hash="0" * 64)
    from dataclasses import replace
    h.apply(replace(e, position=1))
    assert [r.summary for r in h.projections["journal_tail"].rows] == ["t"]
