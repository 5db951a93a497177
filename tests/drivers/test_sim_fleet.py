"""The fleet of fictitious units and the demo resource files."""

from __future__ import annotations

import csv
from importlib import resources

import pytest

from drivers.events import CallIncoming, Location, Status, TxGrant
from drivers.pei.decoder import Decoder
from drivers.sim.demo_data import DISCIPLINES, load_talkgroups, load_units
from drivers.sim.fleet import STATUS_BASE, SimFleet


def test_demo_units_load():
    units = load_units()
    assert len(units) >= 300
    assert {u.discipline for u in units} == set(DISCIPLINES)
    assert any(u.dipp for u in units)
    assert all(len(u.issi) == 7 for u in units)
    plan = {t.gssi for t in load_talkgroups()}
    assert {u.talkgroup for u in units} <= plan


def test_demo_talkgroups_csv():
    text = resources.files("resources").joinpath("talkgroups", "demo.csv").read_text()
    rows = list(csv.DictReader(text.splitlines()))
    assert len(rows) >= 60
    assert list(rows[0]) == ["gssi", "alias", "discipline", "region", "kind", "notes"]
    assert all("FICTITIOUS DEMO DATA" in r["notes"] for r in rows)
    assert {r["kind"] for r in rows} == {"RMG", "discipline", "DMO"}
    assert {"RR-BRW-1", "RR-AMB-2", "RR-POL-3", "RR-RMG-1"} <= {r["alias"] for r in rows}
    assert len({r["gssi"] for r in rows}) == len(rows)


def test_units_file_must_say_fictitious(tmp_path):
    path = tmp_path / "real.toml"
    path.write_text('[[unit]]\nissi="1"\ncallsign="x"\ndiscipline="politie"\ntalkgroup="2"\n')
    with pytest.raises(ValueError, match="fictitious"):
        load_units(path)


def _run(tmp_path, seed, steps=40):
    with SimFleet(tmp_path, ["2040001", "2040002"], seed=seed) as fleet:
        events = [fleet.step() for _ in range(steps)]
        sent = {issi: r.sent_bytes() for issi, r in fleet.radios.items()}
    return events, sent


def test_step_is_deterministic_for_a_seed(tmp_path):
    first = _run(tmp_path / "a", 7)
    assert first == _run(tmp_path / "b", 7)
    assert first[0] != _run(tmp_path / "c", 8)[0]
    kinds = {e.kind for e in first[0]}
    assert {"status", "location", "group_call"} <= kinds


def test_step_emits_exactly_one_event(sim_fleet):
    event = sim_fleet.step("status")
    dispatch = sim_fleet.dispatch
    events = Decoder().feed(dispatch.sent_bytes())
    assert events == [Status(event.unit, dispatch.issi, event.detail[0], False)]
    assert event.detail[0] >= STATUS_BASE
    assert sim_fleet.radios["2040002"].sent_bytes() == b""


def test_location_goes_to_dispatch(sim_fleet):
    event = sim_fleet.step("location")
    (loc,) = Decoder().feed(sim_fleet.dispatch.sent_bytes())
    assert isinstance(loc, Location) and loc.from_issi == event.unit
    assert 51.8 < loc.lat < 52.0 and 4.3 < loc.lon < 4.7


def test_group_calls_are_heard_only_in_their_talkgroup(sim_fleet):
    second = sim_fleet.radios["2040002"]
    second.talkgroup = sim_fleet.dispatch.talkgroup  # both radios on one group
    event = sim_fleet.step("voice")
    assert event.kind == "group_call"
    gssi = event.detail[0]
    for radio in sim_fleet.radios.values():
        events = Decoder().feed(radio.sent_bytes())
        if radio.talkgroup == gssi:
            assert isinstance(events[0], CallIncoming) and events[0].called == gssi
            assert isinstance(events[1], TxGrant) and events[1].talker_issi == event.unit
        else:
            assert events == []


def test_emergency_reaches_dispatch_and_the_group(sim_fleet):
    unit = next(u for u in sim_fleet.units if u.talkgroup == sim_fleet.dispatch.talkgroup)
    sim_fleet._rng.seed(0)
    event = sim_fleet._emergency(unit)
    events = Decoder().feed(sim_fleet.dispatch.sent_bytes())
    assert events[0] == Status(unit.issi, sim_fleet.dispatch.issi, 0, True)
    assert isinstance(events[1], Location) and events[1].is_emergency
    assert isinstance(events[2], CallIncoming) and events[2].priority == 15
    assert event.radios == (sim_fleet.dispatch.issi,)


def test_traffic_thread_runs_and_stops(sim_fleet):
    import threading

    seen = threading.Event()
    sim_fleet.on_event = lambda event: seen.set()
    sim_fleet.start_traffic(rate=200)
    assert seen.wait(5)
    sim_fleet.stop_traffic()
    count = len(sim_fleet.events)
    assert count >= 1
    sim_fleet.step()
    assert len(sim_fleet.events) == count + 1


def test_status_on_cue_goes_to_the_radio_asked_for(sim_fleet):
    unit = sim_fleet.units[3].issi
    event = sim_fleet.status(unit, STATUS_BASE + 2, radio="2040002")
    assert event.radios == ("2040002",) and sim_fleet.events[-1] == event
    (status,) = Decoder().feed(sim_fleet.radios["2040002"].sent_bytes())
    assert status == Status(unit, "2040002", STATUS_BASE + 2, False)
    assert sim_fleet.dispatch.sent_bytes() == b""
    with pytest.raises(KeyError, match="no console radio"):
        sim_fleet.status(unit, STATUS_BASE, radio="2049999")


def test_emergency_on_cue_via_another_radio(sim_fleet):
    unit = next(u for u in sim_fleet.units if u.talkgroup != sim_fleet.dispatch.talkgroup
                and u.talkgroup != sim_fleet.radios["2040002"].talkgroup)
    event = sim_fleet.emergency(unit.issi, radio="2040002")
    assert event.kind == "emergency" and event.radios == ("2040002",)
    events = Decoder().feed(sim_fleet.radios["2040002"].sent_bytes())
    assert events[0] == Status(unit.issi, "2040002", 0, True)
    assert isinstance(events[1], Location) and events[1].is_emergency
    with pytest.raises(KeyError, match="no unit"):
        sim_fleet.emergency("999")


def test_cues_play_in_time_order_and_are_logged(sim_fleet):
    import threading

    from drivers.sim.fleet import Cue

    unit = sim_fleet.units[0].issi
    done = threading.Event()
    sim_fleet.on_event = lambda event: done.set() if event.kind == "emergency" else None
    sim_fleet.play([Cue(0.02, "emergency", unit), Cue(0.0, "status", unit, STATUS_BASE + 1)])
    assert done.wait(5)
    assert [index for index, _ in sim_fleet.played] == [1, 0]
    events = Decoder().feed(sim_fleet.dispatch.sent_bytes())
    assert events[0] == Status(unit, sim_fleet.dispatch.issi, STATUS_BASE + 1, False)
    assert events[1] == Status(unit, sim_fleet.dispatch.issi, 0, True)
    with pytest.raises(ValueError, match="cue kind"):
        sim_fleet.play([Cue(0.0, "voice", unit)])
