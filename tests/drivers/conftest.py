"""Fixtures for driver tests: simulated radios over real pseudo-terminals.

* ``sim_radio`` — ONE running :class:`drivers.sim.radio.SimRadio` (ISSI 2040001, Motorola,
  echo on, floor policy "grant"). Open ``sim_radio.device`` with pyserial / the driver.
  Change it with indirect parametrisation:
  ``@pytest.mark.parametrize("sim_radio", [{"family": "sepura"}], indirect=True)``.
* ``sim_fleet`` — a :class:`drivers.sim.fleet.SimFleet`: TWO console radios (2040001 dispatch,
  2040002) plus the ~320 fictitious units of ``resources/units/demo.toml``, seed 1, traffic
  thread NOT running (call ``sim_fleet.step()``; ``start_traffic(rate)`` if wanted).
* ``pei_port`` — a small pyserial client on ``sim_radio`` for the simulator's own tests.

No test sleeps: waits use pyserial read timeouts or the simulator's Condition.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import serial

from drivers.sim.radio import SimRadio

SIM_TALKGROUPS = [("3110001", "RR-BRW-1"), ("3120001", "RR-AMB-1"), ("3100001", "RR-RMG-1")]
FINALS = ("OK", "ERROR", "+CME ERROR", "+CMS ERROR")


@pytest.fixture
def sim_radio(request: pytest.FixtureRequest, tmp_path) -> Iterator[SimRadio]:
    """One simulated PEI radio, started; ``.device`` is its stable symlink path."""
    kwargs = {"talkgroups": SIM_TALKGROUPS, **getattr(request, "param", {})}
    radio = SimRadio(kwargs.pop("issi", "2040001"), tmp_path, **kwargs).start()
    yield radio
    radio.close()


@pytest.fixture
def sim_fleet(request: pytest.FixtureRequest, tmp_path):
    """Two console radios and the demo units; no traffic thread (use ``step()``)."""
    from drivers.sim.fleet import SimFleet

    kwargs = {"radios": ["2040001", "2040002"], "seed": 1, **getattr(request, "param", {})}
    fleet = SimFleet(link_dir=tmp_path, **kwargs).start()
    yield fleet
    fleet.close()


class PeiClient:
    """Minimal line client for testing the simulator itself (the real driver is elsewhere)."""

    def __init__(self, port: serial.Serial) -> None:
        self.port = port

    def send(self, data: bytes) -> None:
        self.port.write(data)

    def read_line(self, timeout: float = 2.0) -> str:
        """Next non-empty line (CR LF or bare CR ended, e.g. an echo); '' on timeout."""
        self.port.timeout = timeout
        buf = bytearray()
        while True:
            b = self.port.read(1)
            if not b:
                return buf.decode("latin-1").strip()
            if b in (b"\r", b"\n"):
                if buf.strip():
                    return buf.decode("latin-1").strip()
                buf.clear()
                continue
            buf += b

    def command(self, text: str, payload: bytes = b"", timeout: float = 2.0) -> list[str]:
        """Send a command; return its lines up to and including the final result.

        Echo lines (starting with AT) are kept so tests can see them.
        """
        self.send(text.encode("latin-1") + b"\r\n" + payload)
        lines = []
        while True:
            got = self.read_line(timeout)
            if not got:
                raise TimeoutError(f"no final result for {text!r}; got {lines}")
            lines.append(got)
            if got.startswith(FINALS):
                return lines

    def expect(self, prefix: str, timeout: float = 2.0) -> str:
        """Skip lines until one starts with ``prefix``."""
        while True:
            got = self.read_line(timeout)
            if not got:
                raise TimeoutError(f"no {prefix!r} line")
            if got.startswith(prefix):
                return got


@pytest.fixture
def pei_port(sim_radio: SimRadio) -> Iterator[PeiClient]:
    port = serial.Serial(sim_radio.device, 38400, timeout=2)
    yield PeiClient(port)
    port.close()
