"""Hundreds of simulated radios (issue 8): they start, answer and stop, or are refused.

Seen before: 200 radios failed with ``filedescriptor out of range in select()`` (the radio
threads and pyserial both waited in ``select()``, which cannot take a descriptor above
1024), and 500 hung at start, the radio threads spinning on that error. Here descriptor
numbers are pushed above 1024 first, so every radio and every port opened is past it.
"""

from __future__ import annotations

import logging
import os
import resource
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import serial

from drivers.pei import families, transport
from drivers.pei.poll_serial import PollSerial
from drivers.sim import open_files
from drivers.sim.fleet import SimFleet
from drivers.sim.fleet_process import FleetProcess
from drivers.sim.open_files import OPENER_FDS, RADIO_FDS, TooManyRadios, open_fd_count
from drivers.sim.radio import SimRadio
from tests.drivers.conftest import PeiClient

ROOT = Path(__file__).resolve().parents[2]
COUNT = 300
ISSIS = [str(2040001 + i) for i in range(COUNT)]
CAPS = families.capabilities("motorola", rtscts=False)
LOG = logging.getLogger(__name__)


@pytest.fixture
def high_fds():
    """Descriptors 0..1024 all taken (dups of /dev/null), so whatever opens next is above
    1024; the soft open-file limit raised for it (and put back after)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = 1100 + COUNT * (RADIO_FDS + OPENER_FDS) + open_files.SPARE_FDS
    if hard != resource.RLIM_INFINITY and hard < want:
        pytest.skip(f"this system allows {hard} open files; the test needs {want}")
    if soft != resource.RLIM_INFINITY and soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
    base = os.open(os.devnull, os.O_RDONLY)
    dups = [base]
    try:
        while dups[-1] <= 1024:
            dups.append(os.dup(base))
        yield dups
    finally:
        for fd in dups:
            os.close(fd)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def open_radio(device: str) -> serial.SerialBase:
    return transport.open_port(device, CAPS, LOG)  # as the console opens a radio


def test_300_radios_start_answer_and_stop_with_descriptors_above_1024(tmp_path, high_fds):
    before = open_fd_count()
    fleet = SimFleet(tmp_path, ISSIS, seed=1).start()
    try:
        radios = list(fleet.radios.values())
        assert len(radios) == COUNT and all(Path(r.device).exists() for r in radios)
        assert min(r._pty.master_fd for r in radios) > 1024  # past what select() can take
        assert open_fd_count() - before == COUNT * RADIO_FDS
        for radio in (radios[0], radios[COUNT // 2], radios[-1]):
            port = open_radio(radio.device)
            try:
                assert isinstance(port, PollSerial) and port.fileno() > 1024
                client = PeiClient(port)
                assert client.command("AT")[-1] == "OK"
                answer = client.command("AT+CNUMF?")  # its own identity: the right radio
                assert answer[-1] == "OK" and any(radio.issi in a for a in answer)
            finally:
                port.close()
    finally:
        fleet.close()
    assert not any(os.path.lexists(r.device) for r in radios)
    assert not any(r._thread.is_alive() for r in radios)
    assert open_fd_count() == before  # every pty and wake pipe closed


def test_a_port_above_1024_ends_its_wait_on_cancel_and_reports_an_unplug(tmp_path, high_fds):
    radio = SimRadio("2040001", tmp_path).start()
    port = open_radio(radio.device)
    try:
        assert port.fileno() > 1024
        got: list[bytes] = []
        port.timeout = 30  # without cancel_read this read would wait that long
        reader = threading.Thread(target=lambda: got.append(port.read(1)))
        reader.start()
        port.cancel_read()  # the session's wake-up (drivers/pei/session.py)
        reader.join(timeout=10)  # a safety net: cancel_read ends the wait at once
        assert not reader.is_alive() and got == [b""]
        radio.unplug()
        port.timeout = 2
        with pytest.raises(serial.SerialException):  # an OSError: the session's link loss
            port.read(1)
    finally:
        port.close()
        radio.close()


def test_the_child_process_fleet_starts_300_radios_and_closes(tmp_path):
    fleet = FleetProcess(ISSIS, link_dir=tmp_path, seed=1).start()
    try:
        assert sorted(fleet.devices) == ISSIS
        # the last radios' descriptors are above 1024 in the child (4 each, 1200 in all)
        for issi in (ISSIS[0], ISSIS[-1]):
            port = open_radio(fleet.devices[issi])
            try:
                assert PeiClient(port).command("AT")[-1] == "OK"
            finally:
                port.close()
    finally:
        fleet.close()
    assert fleet.returncode == 0 and not fleet.alive
    assert not any(os.path.lexists(fleet.devices[issi]) for issi in ISSIS)


REFUSALS = """
import resource, sys, tempfile
resource.setrlimit(resource.RLIMIT_NOFILE, (256, 256))
from drivers.sim.fleet import SimFleet
from drivers.sim.fleet_process import FleetProcess, FleetProcessError
from drivers.sim.open_files import TooManyRadios
radios = [str(2040001 + i) for i in range(100)]
for name, make in [
        ("in-process", lambda: SimFleet(tempfile.mkdtemp(), radios)),
        ("parent", lambda: FleetProcess(radios).start()),
        ("child", lambda: FleetProcess(radios, opener_fds_per_radio=0).start())]:
    try:
        make()
        print(name, "started")
    except TooManyRadios as exc:
        print(name, type(exc).__name__, isinstance(exc, (FleetProcessError, SimFleet)), exc)
"""

RAISED = """
import resource, tempfile
resource.setrlimit(resource.RLIMIT_NOFILE, (256, 4096))
from drivers.sim.fleet import SimFleet
fleet = SimFleet(tempfile.mkdtemp(), [str(2040001 + i) for i in range(100)]).start()
print("soft limit", resource.getrlimit(resource.RLIMIT_NOFILE)[0], "radios", len(fleet.radios))
fleet.close()
"""


def python(code: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)  # a safety net only
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.splitlines()


def test_a_fleet_this_system_cannot_run_is_refused_with_a_plain_message():
    said = python(REFUSALS)
    allows = "cannot run 100 simulated radios: this system allows 256 open files"
    assert said[0].startswith(f"in-process TooManyRadios False {allows}, each radio needs "
                              f"{RADIO_FDS + OPENER_FDS} (")
    assert said[1].startswith(f"parent FleetTooLarge True {allows}, each radio needs "
                              f"{OPENER_FDS} (")
    assert said[2].startswith(f"child FleetTooLarge True {allows}, each radio needs "
                              f"{RADIO_FDS} (")  # the child refused before making a radio


def test_the_soft_limit_is_raised_toward_the_hard_limit():
    soft, radios = python(RAISED)[0].split()[2::2]
    assert int(radios) == 100 and int(soft) >= 100 * (RADIO_FDS + OPENER_FDS)


def test_more_radios_than_free_pseudo_terminals_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(open_files, "_free_ptys", lambda: 10)
    with pytest.raises(TooManyRadios, match="cannot run 11 simulated radios: this system has "
                                            "10 free pseudo-terminals"):
        SimFleet(tmp_path, ISSIS[:11])
    assert not list(tmp_path.iterdir())  # refused before any radio was made


def test_the_descriptor_counts_per_radio_are_what_is_used(tmp_path):
    before = open_fd_count()
    radio = SimRadio("2040001", tmp_path).start()
    try:
        assert open_fd_count() - before == RADIO_FDS
        opened = open_fd_count()
        port = open_radio(radio.device)
        writer = transport.open_trace(tmp_path / "traces", radio.device, LOG)
        assert open_fd_count() - opened == OPENER_FDS
        writer.close()
        port.close()
    finally:
        radio.close()
    assert open_fd_count() == before
