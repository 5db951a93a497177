"""UnitBoard: statuses per discipline, heard ISSIs, aliases, DIPP watchdog, snapshots."""


import orjson
import pytest

from console.catalog import load_status_tables
from console.state.units import UnitBoard, UnitInfo
from tests.factories import make_entry

T0 = 1_800_000_000_000
UNITS = [UnitInfo("2104131", "99-4131", "TS 4131", "brandweer", "3110001"),
         UnitInfo("2200101", "99-101", "Ambu 101", "ambulance", "3120001", dipp=True),
         UnitInfo("2301001", "RR-1001", "Noodhulp 1001", "politie", "3130001", dipp=True)]


@pytest.fixture(scope="module")
def tables():
    return load_status_tables()


@pytest.fixture
def board(tables):
    return UnitBoard(UNITS, tables)


def status(issi, value, ms, radio="r1", **extra):
    return make_entry("radio.status", {"radio": radio, "from_issi": issi, "to": "2040001",
                                       "value": value, "is_emergency": value == 0, **extra},
                      hlc_ms=ms)


def feed(board, *entries):
    for e in entries:
        board.apply(e)
    return board


def test_listed_units_are_on_the_board_before_they_are_heard(board):
    assert [r.issi for r in board.units()] == ["2104131", "2200101", "2301001"]
    row = board.unit("2104131")
    assert (row.alias, row.callsign, row.discipline, row.last_heard_ms) == (
        "TS 4131", "99-4131", "brandweer", 0)


def test_status_text_and_canonical_follow_the_units_discipline(board):
    # the same value means different things per discipline (C2000.md)
    feed(board, status("2104131", 0x8003, T0), status("2200101", 0x8003, T0),
         status("2301001", 0x8003, T0))
    got = {r.issi: (r.status_number, r.status_text, r.canonical, r.verified)
           for r in board.units()}
    assert got == {"2104131": (3, "Ingerukt", "binnenkort_beschikbaar", False),
                   "2200101": (3, "Vertrek met patiënt", "aanrijdend_bestemming", False),
                   "2301001": (3, "Ter plaatse", "ter_plaatse", False)}
    feed(board, status("2104131", 0x8002, T0 + 1))
    assert board.unit("2104131").verified is True


def test_unknown_issi_appears_without_alias_or_discipline(board):
    feed(board, status("0999001", 0x8002, T0))
    row = board.unit("999001")  # leading zero normalised away
    assert (row.alias, row.discipline, row.status_text, row.canonical, row.listed) == (
        "", None, "status 0x8002", None, False)
    assert len(board) == 4


@pytest.mark.parametrize("kind,payload", [
    ("radio.location", {"from_issi": "555", "lat": 52.1, "lon": 4.3}),
    ("radio.text", {"from_issi": "555", "text": "hallo"}),
    ("radio.call_incoming", {"calling_issi": "555", "called": "3100001", "is_group": True}),
    ("radio.tx_grant", {"talker_issi": "555", "own_transmission": False}),
])
def test_every_kind_of_traffic_makes_a_unit_heard(board, kind, payload):
    feed(board, make_entry(kind, {"radio": "r1", **payload}, hlc_ms=T0 + 5))
    assert board.unit("555").last_heard_ms == T0 + 5


def test_own_transmission_and_our_radios_group_are_not_a_unit(board):
    feed(board, make_entry("radio.tx_grant", {"radio": "r1", "talker_issi": "2040001",
                                              "own_transmission": True}),
         make_entry("radio.talkgroup", {"radio": "r1", "gssi": "3100005", "group_type": 1}))
    assert board.unit("2040001") is None
    assert all(r.talkgroup is None for r in board.units())


def test_talkgroup_is_the_group_the_unit_was_heard_calling_in(board):
    feed(board, make_entry("radio.call_incoming", {
        "radio": "r1", "cc_instance": 1, "calling_issi": "2104131", "called": "3100002",
        "is_group": True, "priority": 0, "is_emergency": False}))
    assert board.unit("2104131").talkgroup == "3100002"


def test_alias_set_overrides_and_empty_alias_reverts(board):
    feed(board, make_entry("unit.alias_set", {"issi": "2104131", "alias": "TS Zuid"}),
         make_entry("unit.alias_set", {"issi": "777", "alias": "Onbekende TS"}))
    assert board.unit("2104131").alias == "TS Zuid"
    assert board.unit("777").alias == "Onbekende TS"
    feed(board, make_entry("unit.alias_set", {"issi": "2104131", "alias": ""}))
    assert board.unit("2104131").alias == "TS 4131"


def test_status_since_is_kept_when_the_same_status_repeats(board):
    feed(board, status("2104131", 0x8001, T0), status("2104131", 0x8001, T0 + 60_000))
    row = board.unit("2104131")
    assert (row.status_since_ms, row.last_heard_ms) == (T0, T0 + 60_000)
    feed(board, status("2104131", 0x8002, T0 + 90_000))
    assert board.unit("2104131").status_since_ms == T0 + 90_000


def test_emergency_value_zero(board):
    feed(board, status("2301001", 0, T0))
    row = board.unit("2301001")
    assert row.emergency and row.canonical == "noodsignaal"
    feed(board, status("2301001", 0x8001, T0 + 1))
    assert not board.unit("2301001").emergency


def test_positions(board):
    feed(board, make_entry("radio.location", {"radio": "r1", "from_issi": "2200101",
                                              "lat": 52.37, "lon": 4.89}, hlc_ms=T0 + 7))
    row = board.unit("2200101")
    assert (row.lat, row.lon, row.position_ms) == (52.37, 4.89, T0 + 7)


def test_silent_dipp_units_with_a_fake_clock(board):
    feed(board, status("2200101", 0x8001, T0), status("2301001", 0x8002, T0 + 6 * 60_000),
         status("2104131", 0x8001, T0))  # not DIPP: never in the watchdog
    now = T0 + 11 * 60_000
    assert [r.issi for r in board.silent_dipp_units(now, 10)] == ["2200101"]
    assert [r.issi for r in board.silent_dipp_units(now, 5)] == ["2200101", "2301001"]
    feed(board, make_entry("unit.dipp_set", {"issi": "2200101", "dipp": False}),
         make_entry("unit.dipp_set", {"issi": "2104131", "dipp": True}))
    assert [r.issi for r in board.silent_dipp_units(now, 10)] == ["2104131"]
    feed(board, status("2104131", 0x8006, now))  # buiten dienst: no welfare check
    later = [r.issi for r in board.silent_dipp_units(now + 60 * 60_000, 10)]
    assert later == ["2301001"]


def test_never_heard_dipp_units_are_not_reported(board):
    assert board.silent_dipp_units(T0 + 10**9, 10) == []


def test_snapshot_round_trip_through_json(board, tables):
    feed(board, status("2104131", 0x8002, T0), status("2104131", 0x8002, T0 + 9),
         status("999", 0, T0 + 10),
         make_entry("radio.location", {"radio": "r", "from_issi": "999", "lat": 1.5, "lon": 2.5}),
         make_entry("unit.alias_set", {"issi": "999", "alias": "Vreemde"}),
         make_entry("unit.dipp_set", {"issi": "2104131", "dipp": True}))
    state = orjson.loads(orjson.dumps(board.snapshot()))
    other = UnitBoard(UNITS, tables)
    other.restore(state)
    assert other.units() == board.units()
    assert other.snapshot() == board.snapshot()
    # later entries fold on top of the restored state exactly as on the original
    for b in (board, other):
        feed(b, make_entry("unit.alias_set", {"issi": "999", "alias": ""}, position=10**6))
    assert other.units() == board.units()
