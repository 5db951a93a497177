"""TalkRequests: the spraakaanvraag queue (urgent first, then oldest), answer and clear."""


import orjson
import pytest

from console.catalog import load_status_tables
from console.state.talk_requests import TalkRequests
from console.state.units import UnitInfo
from tests.factories import make_entry

T0 = 1_800_000_000_000
UNITS = [UnitInfo("2104131", "99-4131", "TS 4131", "brandweer"),
         UnitInfo("2200101", "99-101", "Ambu 101", "ambulance"),
         UnitInfo("2301001", "RR-1001", "Noodhulp", "politie")]
# spraakaanvraag / urgent numbers per discipline (resources/status_codes, C2000.md)
ASK = {"2104131": (8, 9), "2200101": (8, 9), "2301001": (6, 7)}


@pytest.fixture
def requests():
    return TalkRequests(UNITS, load_status_tables())


def ask(issi, ms, urgent=False, radio="r1"):
    value = 0x8000 + ASK[issi][urgent] if issi in ASK else 0x8008
    return make_entry("radio.status", {"radio": radio, "from_issi": issi, "to": "1",
                                       "value": value, "is_emergency": False}, hlc_ms=ms)


def feed(reqs, *entries):
    for e in entries:
        reqs.apply(e)
    return reqs


def test_urgent_first_then_oldest_first(requests):
    feed(requests, ask("2104131", T0 + 2), ask("2200101", T0 + 1),
         ask("2301001", T0 + 3, urgent=True))
    assert [(r.issi, r.urgent) for r in requests.queue()] == [
        ("2301001", True), ("2200101", False), ("2104131", False)]


def test_repeat_keeps_time_and_upgrades_to_urgent(requests):
    feed(requests, ask("2200101", T0), ask("2104131", T0 + 1),
         ask("2104131", T0 + 5, urgent=True), ask("2104131", T0 + 9))
    first = requests.queue()[0]
    assert (first.issi, first.urgent, first.since_ms, first.last_ms, first.repeats) == (
        "2104131", True, T0 + 1, T0 + 9, 2)


def test_other_statuses_and_unknown_units_do_not_queue(requests):
    feed(requests, make_entry("radio.status", {"radio": "r", "from_issi": "2104131",
                                               "value": 0x8002, "is_emergency": False}),
         ask("555", T0))  # not in the unit list: its table is unknown
    assert requests.queue() == []


def test_brandweer_7_and_8_both_queue(requests):
    # C2000.md: sources disagree whether 7 or 8 is the talk request; both are queued
    feed(requests, make_entry("radio.status", {"radio": "r", "from_issi": "2104131",
                                               "value": 0x8007, "is_emergency": False}))
    assert [r.issi for r in requests.queue()] == ["2104131"]


def test_answer_and_clear_remove_and_are_remembered(requests):
    feed(requests, ask("2104131", T0, radio="r2"), ask("2200101", T0 + 1, urgent=True))
    assert requests.request("2104131").radio == "r2"
    feed(requests,
         make_entry("talk_request.answered", {"issi": "2104131"}, hlc_ms=T0 + 30_000,
                    operator="anna"),
         make_entry("talk_request.cleared", {"issi": "2200101"}, hlc_ms=T0 + 40_000,
                    operator="bert"),
         make_entry("talk_request.cleared", {"issi": "2301001"}))  # not queued: ignored
    assert requests.queue() == []
    assert [(h.issi, h.outcome, h.operator, h.waited_ms, h.urgent)
            for h in requests.history] == [("2104131", "answered", "anna", 30_000, False),
                                           ("2200101", "cleared", "bert", 39_999, True)]


def test_snapshot_round_trip(requests):
    feed(requests, ask("2104131", T0), ask("2200101", T0 + 1, urgent=True),
         make_entry("talk_request.answered", {"issi": "2104131"}, hlc_ms=T0 + 2))
    other = TalkRequests(UNITS, load_status_tables())
    other.restore(orjson.loads(orjson.dumps(requests.snapshot())))
    assert other.queue() == requests.queue()
    assert list(other.history) == list(requests.history)
