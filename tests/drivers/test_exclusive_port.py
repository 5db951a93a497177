"""One port, one holder: a second console on this computer is refused in plain words.

Two consoles (or a console and a terminal program) on one radio each read half of its
bytes. Ports are opened with an exclusive lock (POSIX flock): a second open of the same
port, in this process or another, fails with a RadioError naming the port; the first
keeps working; a reconnect reopens the port after the old handle is closed.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from drivers import events as ev
from drivers import registry
from drivers.clock import FakeClock
from drivers.errors import LinkLost, RadioError
from drivers.pei import transport
from drivers.pei.radio import PeiRadio
from drivers.ptt.serial_lines import SerialLinePtt
from tests.drivers.fake_time import silent_radio
from tests.drivers.test_radio_e2e import Sink
from tests.drivers.test_radio_faults import OK, QUICK
from tests.drivers.test_session import FakePeer

ROOT = Path(__file__).resolve().parents[2]
LOG = logging.getLogger("tests.exclusive")


@pytest.fixture
def caps():
    family = registry.info("pei.motorola").capabilities()
    return dataclasses.replace(family, rtscts=False)  # a pty has no handshake lines


@pytest.fixture
def pty_path():
    master, slave = os.openpty()  # the held slave fd (no lock) keeps the pty alive
    yield os.ttyname(slave)
    os.close(master)
    os.close(slave)


def test_a_second_open_is_refused_and_the_first_keeps_the_port(caps, pty_path):
    first = transport.open_port(pty_path, caps, LOG)
    try:
        with pytest.raises(RadioError) as info:
            transport.open_port(pty_path, caps, LOG)
        assert str(info.value) == f"port {pty_path} is in use by another program"
        assert not isinstance(info.value, LinkLost)  # not a radio that went away
        assert first.is_open
        first.write(b"AT\r")  # still the first one's port
    finally:
        first.close()
    again = transport.open_port(pty_path, caps, LOG)  # free once the holder closed it
    again.close()


def test_a_second_process_is_refused_with_the_port_named(caps, pty_path):
    held = transport.open_port(pty_path, caps, LOG)
    child = textwrap.dedent(f"""
        import dataclasses, logging, sys
        from drivers import registry
        from drivers.errors import RadioError
        from drivers.pei import transport
        caps = dataclasses.replace(registry.info("pei.motorola").capabilities(), rtscts=False)
        try:
            transport.open_port({pty_path!r}, caps, logging.getLogger("child"))
        except RadioError as exc:
            print(exc)
            sys.exit(3)
        print("opened")
    """)
    try:
        done = subprocess.run([sys.executable, "-c", child], cwd=ROOT, capture_output=True,
                              text=True, timeout=30)
    finally:
        held.close()
    assert (done.returncode, done.stdout.strip()) == (
        3, f"port {pty_path} is in use by another program"), done.stderr


def test_a_ptt_line_is_never_shared(pty_path):
    first = SerialLinePtt(pty_path)
    try:
        with pytest.raises(RadioError) as info:
            SerialLinePtt(pty_path)
        assert not isinstance(info.value, LinkLost)
        assert str(info.value) == (f"cannot open PTT port {pty_path}: port {pty_path} is in "
                                   "use by another program")
    finally:
        first.close()
    SerialLinePtt(pty_path).close()  # free again


def test_a_simulated_radio_opens_once(caps, sim_radio):
    """The simulator holds its slave fd without a lock: the driver's open is the one."""
    port = transport.open_port(sim_radio.device, caps, LOG)
    try:
        port.write(b"AT\r\n")
        port.timeout = 2.0
        assert b"OK" in port.read_until(b"OK\r\n")
        with pytest.raises(RadioError, match="in use by another program"):
            transport.open_port(sim_radio.device, caps, LOG)
    finally:
        port.close()


def test_a_reconnect_closes_the_old_handle_before_it_reopens(monkeypatch):
    """A radio that stops answering: the same path is reopened, and never while the old
    handle still holds it (the attempt would fail "in use" and wait a back-off)."""
    opened, refused = [], []
    real_open = transport.open_port

    def open_port(path, caps, log):
        still_open = [ser for ser in opened if ser.is_open]
        try:
            ser = real_open(path, caps, log)
        except RadioError as exc:
            refused.append(exc)
            raise
        opened.append(ser)
        assert not still_open, "reopened while the old handle was open"
        return ser

    monkeypatch.setattr(transport, "open_port", open_port)
    clock, peer, sink = FakeClock(), FakePeer(default=OK), Sink()
    radio = PeiRadio("f1", peer.path, sink=sink, clock=clock, **QUICK)
    try:
        radio.start(timeout=2)
        assert clock.wait_for_waiters(1)
        peer.default = None  # mute: the heartbeat goes unanswered, the link is lost
        mark, seen = sink.mark(), len(peer.items())
        clock.advance(QUICK["heartbeat_s"])
        silent_radio(clock, peer, step_s=QUICK["command_timeout_s"], seen=seen,
                     until=lambda: any(isinstance(e, ev.LinkLost) for e in sink.events()[mark:]))
        peer.default = OK
        assert clock.wait_for_waiters(1)  # the back-off before the reconnect
        clock.advance(QUICK["reconnect_min_s"])
        sink.wait(lambda e: isinstance(e, ev.LinkRestored), timeout=3, start=mark)
    finally:
        radio.stop()
        peer.close()
    assert len(opened) == 2 and not refused
    assert not any(ser.is_open for ser in opened)  # stop() closed the last one too
