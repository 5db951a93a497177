"""The simulated fleet in its own process: only the pseudo-terminals' paths come across."""

from __future__ import annotations

import os
import signal
import threading

import pytest
import serial

from drivers.events import Location, Status
from drivers.pei.decoder import Decoder
from drivers.sim.fleet import STATUS_BASE, Cue
from drivers.sim.fleet_process import FleetProcess, FleetProcessError
from tests.drivers.conftest import PeiClient

RADIOS = ["2040001", "2040002"]


@pytest.fixture
def fleet():
    process = FleetProcess(RADIOS, seed=1).start()
    yield process
    process.close()


def read_events(port: serial.Serial, want: int, timeout: float = 5.0) -> list:
    """Decode what the radio sends until ``want`` events arrived or a read times out."""
    decoder, events = Decoder(), []
    port.timeout = timeout
    while len(events) < want:
        data = port.read(port.in_waiting or 1)
        if not data:
            break
        events += decoder.feed(data)
    return events


def test_a_radio_in_the_child_answers_and_raises_an_emergency(fleet):
    assert set(fleet.devices) == set(RADIOS) and fleet.dispatch == "2040001"
    assert len(fleet.units) >= 300
    port = serial.Serial(fleet.devices["2040001"], 38400, timeout=2)
    try:
        client = PeiClient(port)
        assert client.command("AT")[-1] == "OK"
        answer = client.command("AT+CTGS?")  # a real command, answered by the child
        assert answer[-1] == "OK" and any(a.startswith("+CTGS: 1,") for a in answer)
        unit = fleet.units[0]
        event = fleet.emergency(unit.issi)
        assert event.kind == "emergency" and event.unit == unit.issi
        assert event.radios[0] == "2040001"
        events = read_events(port, 2)
        assert events[0] == Status(unit.issi, "2040001", 0, True)
        assert isinstance(events[1], Location) and events[1].is_emergency
    finally:
        port.close()
    pid, device = fleet.pid, fleet.devices["2040001"]
    fleet.close()
    assert fleet.returncode == 0 and not fleet.alive
    assert not os.path.lexists(device)  # the child unplugged its radios on the way out
    with pytest.raises(FleetProcessError, match="not running"):
        fleet.emergency(unit.issi)
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_cues_play_in_the_child_and_report_when_they_were_written(fleet):
    unit = fleet.units[0].issi
    port = serial.Serial(fleet.devices["2040002"], 38400, timeout=2)
    try:
        fleet.play([Cue(0.0, "status", unit, STATUS_BASE + 3, "2040002"),
                    Cue(0.01, "emergency", unit, radio="2040002")])
        events = read_events(port, 2)
        assert events[0] == Status(unit, "2040002", STATUS_BASE + 3, False)
        assert events[1] == Status(unit, "2040002", 0, True)
        played = fleet.played()
        assert [index for index, _ in played] == [0, 1]
        assert played[0][1] <= played[1][1]
    finally:
        port.close()


def test_traffic_runs_in_the_child(fleet):
    port = serial.Serial(fleet.devices["2040001"], 38400, timeout=2)
    try:
        fleet.start_traffic(50)
        assert read_events(port, 1), "no traffic from the child"
        fleet.stop_traffic()
    finally:
        port.close()


def test_a_refused_request_is_an_error_and_the_child_keeps_running(fleet):
    with pytest.raises(FleetProcessError, match="no unit"):
        fleet.emergency("999")
    with pytest.raises(FleetProcessError, match="no console radio"):
        fleet.status(fleet.units[0].issi, STATUS_BASE, radio="2049999")
    event = fleet.status(fleet.units[0].issi, STATUS_BASE + 1)
    assert event.radios == ("2040001",) and fleet.alive


def test_a_killed_child_is_reported():
    ended, codes = threading.Event(), []

    def on_exit(code: int) -> None:
        codes.append(code)
        ended.set()

    fleet = FleetProcess(RADIOS, on_exit=on_exit).start()
    try:
        port = serial.Serial(fleet.devices["2040001"], 38400, timeout=2)
        os.kill(fleet.pid, signal.SIGKILL)
        assert ended.wait(10), "the parent never noticed"
        assert codes == [-signal.SIGKILL] and not fleet.alive
        with pytest.raises(FleetProcessError, match="signal 9"):
            fleet.start_traffic(1)
        with pytest.raises(serial.SerialException):  # to the console: the radio was unplugged
            port.read(1)
        port.close()
    finally:
        fleet.close()
    assert fleet.returncode == -signal.SIGKILL


def test_close_kills_a_child_that_does_not_exit():
    fleet = FleetProcess(RADIOS[:1]).start()
    link_dir = fleet.link_dir
    os.kill(fleet.pid, signal.SIGSTOP)  # hung: never reads the quit
    fleet.close(timeout=0.5)
    assert fleet.returncode == -signal.SIGKILL
    assert not link_dir.exists()


def test_a_fleet_that_cannot_start_says_why(tmp_path):
    units = tmp_path / "real.toml"
    units.write_text('[[unit]]\nissi="1"\ncallsign="x"\ndiscipline="politie"\ntalkgroup="2"\n')
    with pytest.raises(FleetProcessError, match="fictitious"):
        FleetProcess(RADIOS, units_path=units).start()
