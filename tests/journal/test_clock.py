"""The hybrid logical clock never goes backwards; two consoles order consistently."""

from console.journal.entry import HybridLogicalClock
from console.journal.store import JournalStore


class FakeWall:
    def __init__(self, ms: int):
        self.ms = ms

    def __call__(self) -> int:
        return self.ms


def test_monotonic_when_wall_clock_jumps_back_an_hour():
    wall = FakeWall(1_800_000_000_000)
    hlc = HybridLogicalClock(wall)
    stamps = [hlc.now() for _ in range(3)]
    wall.ms -= 3_600_000
    stamps += [hlc.now() for _ in range(5)]
    wall.ms += 3_600_000 + 10
    stamps.append(hlc.now())
    assert stamps == sorted(stamps) and len(set(stamps)) == len(stamps)
    assert stamps[-1] == (1_800_000_000_010, 0)


def test_stamp_gives_the_wall_time_it_read():
    wall = FakeWall(1_800_000_000_000)
    hlc = HybridLogicalClock(wall)
    assert hlc.stamp() == (1_800_000_000_000, 0, 1_800_000_000_000)
    wall.ms -= 3_600_000
    assert hlc.stamp() == (1_800_000_000_000, 1, 1_800_000_000_000 - 3_600_000)
    assert hlc.now() == (1_800_000_000_000, 2)  # now() as before: (ms, counter)


def test_journal_entries_stay_ordered_across_clock_jump_and_restart(tmp_path):
    wall = FakeWall(1_800_000_000_000)
    store = JournalStore(tmp_path / "j.db", "pos-1", wall_ms=wall).open()
    first = [store.append("operator.note", {"i": i}, operator="a").result() for i in range(3)]
    store.close()
    wall.ms -= 3_600_000  # the machine comes back with its clock an hour early
    store = JournalStore(tmp_path / "j.db", "pos-1", wall_ms=wall).open()
    later = [store.append("operator.note", {"i": i}, operator="a").result() for i in range(3)]
    store.close()
    hlcs = [e.hlc for e in first + later]
    assert hlcs == sorted(hlcs) and len(set(hlcs)) == 6
    assert [e.seq for e in first + later] == [1, 2, 3, 4, 5, 6]


def test_two_consoles_order_consistently():
    wall_a, wall_b = FakeWall(1_000), FakeWall(5_000)  # b's clock runs ahead
    a, b = HybridLogicalClock(wall_a), HybridLogicalClock(wall_b)
    sent = b.now()
    received = a.observe(sent)  # a learns of b's entry, then writes its own
    assert received > sent
    local = a.now()
    assert local > received > sent
    # Same timestamps order by console id as tie-break, identically on every console.
    events = [((5_000, 1), "pos-b"), ((5_000, 1), "pos-a"), ((4_999, 9), "pos-c")]
    assert sorted(events) == sorted(reversed(events))
