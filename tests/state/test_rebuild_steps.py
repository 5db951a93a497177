"""A long history folds in steps after a start (ProjectionHost.start_rebuild): the result is
the same as a rebuild in one go; entries committed meanwhile wait and are folded after it;
the alarms show only what the journal holds open until the history is folded."""

import pytest

from console.core import ConsoleData, build_projections
from console.journal.reader import JournalReader
from console.journal.store import JournalStore, append_all
from console.state.alarms import open_in_history
from tests.state.test_alarms import ack, location, status, talkgroup

COMMAND_ID = "cmd-hold-1"


def history(store, n):
    """``n`` rounds of traffic: statuses, positions, an emergency every 10th round
    (acknowledged except the last), and a talkgroup hold with its result."""
    raised = []
    for i in range(n):
        items = [status(issi=str(2041000 + i % 7), emergency=False, value=0x8000 + i % 5),
                 location(issi=str(2041000 + i % 7), emergency=False, lat=52 + i / 1e4)]
        if i % 10 == 3:
            items.append(status(issi=str(2042000 + i), emergency=True))
        entries = append_all(store, items, operator="system")
        raised += [e for e in entries if e.payload.get("is_emergency")]
    for e in raised[:-1]:
        append_all(store, [ack(e.id)], operator="anna")
    hold = append_all(store, [("command.hold", {"radio": "r1", "gssi": "3120001"})],
                      operator="anna")[0]
    append_all(store, [("command.result", {"command_id": hold.id, "command": "hold",
                                           "radio": "r1", "outcome": "ok"})],
               operator="system")
    return raised


@pytest.fixture
def journal(tmp_path):
    path = tmp_path / "j.db"
    store = JournalStore(path, "pos-1").open()
    raised = history(store, 60)
    store.flush()
    yield path, store, raised
    store.close()


def fresh():
    return build_projections(ConsoleData())


def states(host):
    return {name: proj.snapshot() for name, proj in host.projections.items()}


def test_steps_fold_the_same_as_one_go(journal):
    path, _, _ = journal
    whole, stepped = fresh(), fresh()
    with JournalReader(path) as reader:
        total = whole.rebuild(reader)
        rebuild = stepped.start_rebuild(reader)
        steps = 0
        while not rebuild.step(7):
            steps += 1
            assert stepped.rebuilding is rebuild
    assert steps > 10 and rebuild.done == total and rebuild.total >= total
    assert stepped.rebuilding is None
    assert states(stepped) == states(whole)


def test_entries_committed_meanwhile_wait_and_fold_after_the_history(journal):
    path, store, _ = journal
    reference = fresh()
    stepped = fresh()
    with JournalReader(path) as reader:
        rebuild = stepped.start_rebuild(reader)
        rebuild.step(5)
        later = append_all(store, [status(issi="2049999", emergency=False, value=0x8002),
                                   ("operator.note", {"text": "tijdens inlezen"})],
                           operator="anna")
        stepped.apply_all(later)
        tail = stepped.projections["journal_tail"]
        assert "tijdens inlezen" not in [r.summary for r in tail.rows]  # it waits
        while not rebuild.step(50):
            pass
        reference.rebuild(reader)
    assert states(stepped) == states(reference)
    assert stepped.projections["units"].unit("2049999").status_value == 0x8002


def test_a_projection_of_few_kinds_is_complete_before_the_first_step(journal):
    path, _, _ = journal
    host = fresh()
    with JournalReader(path) as reader:
        host.start_rebuild(reader)
        assert host.projections["holds"].held == {"r1": "3120001"}


def test_alarms_show_only_what_the_journal_holds_open_until_folded(journal):
    path, store, raised = journal
    host = fresh()
    alarms = host.projections["alarms"]
    with JournalReader(path) as reader:
        rebuild = host.start_rebuild(reader)
        still_open = open_in_history(reader, False, host.position)
        assert [e.id for e in still_open] == [raised[-1].id]
        alarms.begin_history(still_open)
        rebuild.step(100)  # part-way: several acknowledged ones folded, still open
        assert len(alarms._open) > 1
        assert [(a.alarm_id, a.provisional) for a in alarms.open_alarms()] == [
            (raised[-1].id, False)]  # committed: never shown as "not yet in the journal"
        # a new emergency meanwhile shows at once; the old one is acknowledged
        new = append_all(store, [status(issi="2048888")], operator="system")[0]
        alarms.raise_provisional(new.id, "r1", new.kind, new.payload, 0)
        acknowledged = append_all(store, [ack(raised[-1].id)], operator="anna")
        host.apply_all([new, *acknowledged])
        assert [a.alarm_id for a in alarms.open_alarms()] == [new.id]
        while not rebuild.step(100):
            assert [a.alarm_id for a in alarms.open_alarms()] == [new.id]
    alarms.end_history()
    assert [(a.alarm_id, a.provisional) for a in alarms.open_alarms()] == [(new.id, False)]
    assert alarms.history[-1].alarm_id == raised[-1].id


def test_a_read_error_ends_the_rebuild_with_what_was_read(journal):
    path, _, _ = journal
    host = fresh()

    def failing():
        yield from reader_entries[:10]
        raise OSError("disk I/O error")

    with JournalReader(path) as reader:
        reader_entries = list(reader.entries_by_hlc(None, False))
        rebuild = host.start_rebuild(reader)
        rebuild._entries = failing()
        with pytest.raises(OSError):
            rebuild.step(100)
    assert rebuild.finished and host.rebuilding is None


def test_talkgroup_entries_reach_alarms_folded_in_steps(journal):
    path, store, _ = journal
    append_all(store, [talkgroup(gssi="3130001")], operator="system")
    host = fresh()
    with JournalReader(path) as reader:
        rebuild = host.start_rebuild(reader)
        while not rebuild.step(3):
            pass
    assert host.projections["alarms"].talkgroups["r1"] == "3130001"


def test_a_twin_folded_early_in_a_long_history_is_not_shown_twice():
    """More emergencies folded after it than the board remembers ids of (RECENT_IDS)."""
    from console.state.alarms import RECENT_IDS, AlarmBoard
    from tests.factories import make_entry

    board = AlarmBoard()
    first = make_entry(*status(issi="2041111"), hlc_ms=1)
    again = make_entry(*status(issi="2041111"), hlc_ms=2)  # the same unit: one alarm
    board.begin_history([first, again])
    board.apply(first)
    board.apply(again)
    for n in range(RECENT_IDS + 10):
        other = make_entry(*status(issi=str(2050000 + n)), hlc_ms=10 + 2 * n)
        board.apply(other)
        board.apply(make_entry(*ack(other.id), hlc_ms=11 + 2 * n))
    board.end_history()
    shown = board.open_alarms()
    assert [(a.alarm_id, a.count, a.provisional) for a in shown] == [(first.id, 2, False)]
