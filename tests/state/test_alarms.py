"""AlarmBoard: raised by any of three emergency sources, merged per unit, closed only by an
acknowledgement, shown before commit (fast path) without ever doubling, rebuilt on restart."""


import orjson
import pytest

from console.journal.reader import JournalReader
from console.journal.store import JournalStore, append_all
from console.state.alarms import AlarmBoard, is_overdue
from console.state.projection import ProjectionHost
from tests.factories import make_entry

T0 = 1_800_000_000_000


def status(issi="2041234", radio="r1", emergency=True, value=0):
    return "radio.status", {"radio": radio, "from_issi": issi, "to": "2040001", "value": value,
                            "is_emergency": emergency}


def call(issi="2041234", radio="r1", group="3110001", emergency=True):
    return "radio.call_incoming", {"radio": radio, "cc_instance": 3, "calling_issi": issi,
                                   "called": group, "is_group": True,
                                   "priority": 15 if emergency else 0,
                                   "is_emergency": emergency}


def location(issi="2041234", radio="r1", lat=52.3702157, lon=4.8951679, emergency=True):
    return "radio.location", {"radio": radio, "from_issi": issi, "to": "2040001", "lat": lat,
                              "lon": lon, "velocity_kmh": None, "direction_deg": None,
                              "is_emergency": emergency}


def talkgroup(radio="r1", gssi="3120001"):
    return "radio.talkgroup", {"radio": radio, "gssi": gssi, "group_type": 0}


def ack(alarm_id, operator="anna"):
    return "alarm.acknowledged", {"alarm_id": alarm_id}


def feed(board, *items, start=T0, step=1000, operator="system"):
    out = []
    for i, (kind, payload) in enumerate(items):
        op = "anna" if kind == "alarm.acknowledged" else operator
        e = make_entry(kind, payload, hlc_ms=start + i * step, operator=op)
        board.apply(e)
        out.append(e)
    return out


@pytest.mark.parametrize("item, source, gssi", [
    (status(), "status", "3120001"),  # the talkgroup the radio was in
    (call(group="3100001"), "call", "3100001"),  # an emergency call names its group
    (location(), "location", "3120001"),
])
def test_each_source_raises_an_alarm(item, source, gssi):
    board = AlarmBoard()
    _, raised = feed(board, talkgroup(), item)
    [alarm] = board.open_alarms()
    assert (alarm.alarm_id, alarm.issi, alarm.radio, alarm.gssi, alarm.source) == (
        raised.id, "2041234", "r1", gssi, source)
    assert alarm.raised_ms == alarm.last_ms == raised.hlc_ms
    assert alarm.count == 1 and not alarm.provisional and alarm.acknowledged_by is None


def test_ordinary_traffic_raises_nothing():
    board = AlarmBoard()
    feed(board, status(emergency=False, value=3), call(emergency=False),
         location(emergency=False), ("operator.note", {"text": "status 0 genoemd"}))
    assert board.open_alarms() == []


def test_last_known_position_comes_from_ordinary_reports_and_follows_the_unit():
    board = AlarmBoard()
    feed(board, location(lat=52.1, lon=4.1, emergency=False), status())
    [alarm] = board.open_alarms()
    assert (alarm.lat, alarm.lon, alarm.position_ms) == (52.1, 4.1, T0)
    feed(board, location(lat=52.2, lon=4.2, emergency=False), start=T0 + 5000)
    [alarm] = board.open_alarms()
    assert (alarm.lat, alarm.lon, alarm.position_ms, alarm.count) == (52.2, 4.2, T0 + 5000, 1)


def test_unit_without_position_has_none():
    board = AlarmBoard()
    feed(board, status())
    [alarm] = board.open_alarms()
    assert (alarm.lat, alarm.lon, alarm.position_ms) == (None, None, None)


def test_repeat_from_the_same_unit_updates_the_open_alarm():
    board = AlarmBoard()
    first, _, _ = feed(board, status(radio="r1"), talkgroup(radio="r2", gssi="3100001"),
                       location(radio="r2", lat=51.9, lon=4.4))
    [alarm] = board.open_alarms()
    assert alarm.alarm_id == first.id
    assert (alarm.count, alarm.raised_ms, alarm.last_ms) == (2, T0, T0 + 2000)
    assert (alarm.source, alarm.radio, alarm.gssi) == ("location", "r2", "3100001")
    assert (alarm.lat, alarm.lon) == (51.9, 4.4)


def test_different_units_stack_newest_first():
    board = AlarmBoard()
    a, b, c = feed(board, status(issi="1"), call(issi="2"), location(issi="3"))
    assert [x.alarm_id for x in board.open_alarms()] == [c.id, b.id, a.id]


def test_unknown_units_merge_per_radio_only():
    board = AlarmBoard()
    feed(board, status(issi=None, radio="r1"), status(issi=None, radio="r1"),
         status(issi=None, radio="r2"))
    alarms = board.open_alarms()
    assert sorted((a.radio, a.count) for a in alarms) == [("r1", 2), ("r2", 1)]
    assert all(a.issi is None for a in alarms)


def test_acknowledgement_closes_and_keeps_history():
    board = AlarmBoard(history_size=3)
    raised = feed(board, *(status(issi=str(i)) for i in range(5)))
    feed(board, *(ack(e.id) for e in raised), start=T0 + 60_000)
    assert board.open_alarms() == []
    assert [a.issi for a in board.history] == ["2", "3", "4"]  # the last three, oldest first
    last = board.history[-1]
    assert (last.acknowledged_by, last.acknowledged_ms) == ("anna", T0 + 64_000)
    assert not last.open and board.get(raised[-1].id) == last


def test_acknowledging_twice_or_unknown_is_harmless():
    board = AlarmBoard()
    [raised] = feed(board, status())
    feed(board, ack(raised.id), ack(raised.id), ack("no-such-alarm"))
    assert board.open_alarms() == [] and len(board.history) == 1


def test_new_emergency_after_acknowledgement_raises_a_new_alarm():
    board = AlarmBoard()
    first, _, again = feed(board, status(), ack("placeholder"), status())
    assert [a.alarm_id for a in board.open_alarms()] == [first.id]  # merged, count 2
    feed(board, ack(first.id), status(), start=T0 + 10_000)
    [alarm] = board.open_alarms()
    assert alarm.alarm_id not in (first.id, again.id) and alarm.count == 1


def test_overdue_after_30_s_and_configurable():
    board = AlarmBoard()
    feed(board, status())
    [alarm] = board.open_alarms()
    assert not is_overdue(alarm, T0 + 29_999, 30)
    assert is_overdue(alarm, T0 + 30_000, 30)
    assert board.is_overdue(alarm, T0 + 10_000, 10) and not board.is_overdue(alarm, T0 + 9_000, 10)
    board.apply(make_entry(*ack(alarm.alarm_id), hlc_ms=T0 + 40_000))
    assert not is_overdue(board.history[-1], T0 + 90_000, 30)  # acknowledged: never overdue


# --- fast path -------------------------------------------------------------------------

def test_provisional_then_entry_is_one_alarm():
    board = AlarmBoard()
    kind, payload = status()
    entry = make_entry(kind, payload, hlc_ms=T0 + 40)
    board.raise_provisional(entry.id, "r1", kind, payload, T0)
    [shown] = board.open_alarms()
    assert (shown.alarm_id, shown.provisional, shown.raised_ms, shown.count) == (
        entry.id, True, T0, 1)
    assert board.snapshot()["open"] == []  # not in the journal yet: not in a snapshot
    board.apply(entry)
    [alarm] = board.open_alarms()
    assert (alarm.alarm_id, alarm.provisional, alarm.count) == (entry.id, False, 1)


def test_entry_then_late_provisional_is_ignored():
    board = AlarmBoard()
    kind, payload = call()
    entry = make_entry(kind, payload, hlc_ms=T0)
    board.apply(entry)
    board.raise_provisional(entry.id, "r1", kind, payload, T0 + 5)
    [alarm] = board.open_alarms()
    assert (alarm.alarm_id, alarm.provisional, alarm.count) == (entry.id, False, 1)
    board.apply(make_entry(*ack(entry.id)))
    board.raise_provisional(entry.id, "r1", kind, payload, T0 + 6)  # very late: still ignored
    assert board.open_alarms() == []


def test_provisional_repeat_merges_into_the_open_alarm_and_counts_once():
    board = AlarmBoard()
    [first] = feed(board, status())
    kind, payload = location(lat=52.0, lon=5.0)
    repeat = make_entry(kind, payload, hlc_ms=T0 + 3000)
    board.raise_provisional(repeat.id, "r1", kind, payload, T0 + 2990)
    [shown] = board.open_alarms()
    assert (shown.alarm_id, shown.count, shown.lat, shown.provisional) == (
        first.id, 2, 52.0, False)
    board.apply(repeat)
    [alarm] = board.open_alarms()
    assert (alarm.alarm_id, alarm.count, alarm.lat, alarm.last_ms) == (
        first.id, 2, 52.0, T0 + 3000)


def test_provisional_alarms_of_two_units_stack_and_ignore_non_emergencies():
    board = AlarmBoard()
    board.raise_provisional("p1", "r1", *status(issi="1"), T0)
    board.raise_provisional("p2", "r2", *call(issi="2"), T0 + 1)
    board.raise_provisional("p3", "r2", *status(issi="3", emergency=False), T0 + 2)
    board.raise_provisional("p1", "r1", *status(issi="1"), T0 + 3)  # told twice
    assert [(a.alarm_id, a.count) for a in board.open_alarms()] == [("p2", 1), ("p1", 1)]


def test_provisional_alarm_can_be_acknowledged_before_its_entry_lands():
    board = AlarmBoard()
    board.raise_provisional("p1", "r1", *status(), T0)
    board.raise_provisional("p2", "r1", *status(), T0 + 500)  # merged into p1 on screen
    board.apply(make_entry(*ack("p1"), operator="bert", hlc_ms=T0 + 9000))
    assert board.open_alarms() == []
    assert (board.history[-1].alarm_id, board.history[-1].acknowledged_by) == ("p1", "bert")


def test_committed_alarm_acknowledged_takes_merged_provisionals_along():
    board = AlarmBoard()
    [first] = feed(board, status())
    board.raise_provisional("p-late", "r1", *status(), T0 + 500)
    board.apply(make_entry(*ack(first.id), hlc_ms=T0 + 9000))
    assert board.open_alarms() == []


# --- snapshots and restart --------------------------------------------------------------

def busy_board():
    board = AlarmBoard()
    raised = feed(board, talkgroup(), location(issi="9", emergency=False), status(issi="1"),
                  call(issi="2"), location(issi="1", lat=51.5, lon=3.6), status(issi="3"))
    feed(board, ack(raised[3].id), start=T0 + 20_000)
    return board


def test_snapshot_round_trip_through_json_is_equal():
    board = busy_board()
    state = orjson.loads(orjson.dumps(board.snapshot()))
    copy = AlarmBoard()
    copy.restore(state)
    assert copy.snapshot() == board.snapshot()
    assert copy.open_alarms() == board.open_alarms()
    assert copy.history == board.history and copy.positions == board.positions


def test_open_alarms_come_back_after_a_restart(tmp_path):
    path = tmp_path / "j.db"
    live = AlarmBoard()
    host = ProjectionHost([live])
    store = JournalStore(path, "pos-1").open()
    store.add_listener(host.apply_all)
    entries = append_all(store, [talkgroup(), status(issi="1"), call(issi="2"),
                                 location(issi="1", lat=52.5, lon=4.6), status(issi="3")],
                         operator="system")
    append_all(store, [ack(entries[2].id)], operator="anna")
    store.flush()
    store.save_snapshot("live.alarms", *host.snapshots()["live.alarms"]).result(5)
    append_all(store, [status(issi="4"), location(issi="4", emergency=False)],
               operator="system")
    store.close()
    before = live.open_alarms()
    assert [a.issi for a in before] == ["4", "3", "1"]

    for use_snapshots in (True, False):
        restarted = AlarmBoard()
        with JournalReader(path) as reader:
            ProjectionHost([restarted]).rebuild(reader, use_snapshots=use_snapshots)
        assert restarted.open_alarms() == before
        assert restarted.snapshot() == live.snapshot()
        assert restarted.history[-1].acknowledged_by == "anna"


def test_a_scan_group_report_is_not_the_radios_group():
    from console.state.alarms import AlarmBoard
    from tests.factories import make_entry
    board = AlarmBoard()
    board.apply(make_entry("radio.talkgroup", {"radio": "r1", "gssi": "3110001",
                                                "group_type": 1}))
    board.apply(make_entry("radio.talkgroup", {"radio": "r1", "gssi": "3120001",
                                                "group_type": 2}))  # scan priority 1
    assert board.talkgroups["r1"] == "3110001"
