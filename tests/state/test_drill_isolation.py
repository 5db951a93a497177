"""A drill never changes live state, and live work never changes a drill's: a journal that
mixes both (as the shared journal of earlier versions did) folds into two clean worlds."""

from __future__ import annotations

import orjson

from console.catalog import load_status_tables
from console.core import ConsoleData, build_projections
from console.state.alarms import AlarmBoard
from console.state.units import UnitInfo
from tests.chains import Chain

DRILL_UNIT, LIVE_UNIT = "2301050", "2104131"
DATA = ConsoleData(units=[UnitInfo(LIVE_UNIT, "99-4131", "TS 4131", "brandweer")],
                   tables=load_status_tables())


def mixed_journal() -> list:
    """Every kind of entry, once for the drill and once for real, interleaved in time."""
    c = Chain("pos-a")
    for drill, unit, radio, group in ((True, DRILL_UNIT, "sim1", "3999999"),
                                      (False, LIVE_UNIT, "r1", "3110001")):
        c.add("console.started", {"training": drill}, drill=drill)
        c.add("radio.link_established", {"radio": radio, "port": "/dev/x"}, drill=drill)
        c.add("radio.signal", {"radio": radio, "raw": 20, "dbm": -70}, drill=drill)
        c.add("radio.talkgroup", {"radio": radio, "gssi": group, "group_type": 1}, drill=drill)
        c.add("radio.status", {"radio": radio, "from_issi": unit, "to": "1", "value": 0x8000 + 9,
                               "is_emergency": False}, drill=drill)  # talk request (urgent)
        c.add("radio.status", {"radio": radio, "from_issi": unit, "to": "1", "value": 0,
                               "is_emergency": True}, drill=drill)
        c.add("radio.location", {"radio": radio, "from_issi": unit, "lat": 52.1, "lon": 4.6,
                                 "is_emergency": False}, drill=drill)
        c.add("radio.call_incoming", {"radio": radio, "cc_instance": 1, "calling_issi": unit,
                                      "called": group, "is_group": True, "priority": 0,
                                      "is_emergency": False}, drill=drill)
        c.add("radio.tx_grant", {"radio": radio, "cc_instance": 1, "grant": 0,
                                 "talker_issi": unit, "own_transmission": False}, drill=drill)
        c.add("radio.text", {"radio": radio, "from_issi": unit, "to": "1", "text": "hallo",
                             "protocol_id": 130}, drill=drill)
        hold = c.add("command.hold", {"radio": radio, "gssi": group}, operator="anna",
                     drill=drill)
        c.add("command.result", {"command_id": hold.id, "command": "hold", "radio": radio,
                                 "outcome": "ok"}, drill=drill)
        c.add("unit.alias_set", {"issi": unit, "alias": "OEF" if drill else "Echt"},
              operator="anna", drill=drill)
        c.add("operator.note", {"text": "drill note" if drill else "real note"},
              operator="anna", drill=drill)
    return c.entries


def folded(drill: bool):
    host = build_projections(DATA, drill=drill)
    host.apply_all(mixed_journal())
    return host


def dump(host) -> str:
    return orjson.dumps({n: p.snapshot() for n, p in host.projections.items()}).decode()


def test_every_projection_of_live_work_is_free_of_the_drill():
    host = folded(drill=False)
    text = dump(host)
    for trace in (DRILL_UNIT, "sim1", "3999999", "OEF", "drill note"):
        assert trace not in text
    p = host.projections
    assert [a.issi for a in p["alarms"].open_alarms()] == [LIVE_UNIT]
    assert not p["alarms"].open_alarms()[0].drill
    assert p["units"].unit(DRILL_UNIT) is None and p["units"].unit(LIVE_UNIT).alias == "Echt"
    assert set(p["radio_health"].radios) == {"r1"}
    assert set(p["radio_activity"].radios) == {"r1"}
    assert [r.issi for r in p["talk_requests"].queue()] == [LIVE_UNIT]
    assert p["holds"].held == {"r1": "3110001"}
    assert all(not row.drill for row in p["journal_tail"].rows)
    assert host.other_world == len(mixed_journal()) // 2


def test_a_drill_shows_only_drill_state():
    host = folded(drill=True)
    text = dump(host)
    for trace in ("r1", "3110001", "Echt", "real note"):
        assert trace not in text
    p = host.projections
    assert [(a.issi, a.drill) for a in p["alarms"].open_alarms()] == [(DRILL_UNIT, True)]
    assert p["holds"].held == {"sim1": "3999999"}
    assert all(row.drill for row in p["journal_tail"].rows)


def test_a_real_emergency_is_never_merged_into_a_drill_alarm_or_the_reverse():
    board = AlarmBoard()
    c = Chain("pos-a")
    unit = "2301050"
    drill_alarm = c.add("radio.status", {"radio": "r1", "from_issi": unit, "to": "1",
                                         "value": 0, "is_emergency": True}, drill=True)
    board.apply(drill_alarm)
    real = c.add("radio.status", {"radio": "r1", "from_issi": unit, "to": "1", "value": 0,
                                  "is_emergency": True})
    board.raise_provisional(real.id, "r1", real.kind, real.payload, real.hlc_ms, drill=False)
    shown = {a.alarm_id: a.drill for a in board.open_alarms()}
    assert shown == {drill_alarm.id: True, real.id: False}  # provisional: two alarms
    board.apply(real)
    assert {a.alarm_id: a.drill for a in board.open_alarms()} == shown  # committed: still two
    again = c.add("radio.status", {"radio": "r1", "from_issi": unit, "to": "1", "value": 0,
                                   "is_emergency": True}, drill=True)
    board.apply(again)  # a drill repeat merges into the drill alarm, not the real one
    counts = {a.alarm_id: a.count for a in board.open_alarms()}
    assert counts == {drill_alarm.id: 2, real.id: 1}
