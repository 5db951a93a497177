"""Composition root of a running console: start-up and shutdown order live here only.

Start: settings → journal (migrate, open) → projections rebuilt from the journal →
window → training fleet (simulated radios behind pseudo-terminals) → desk with radios.
Stop (window closed or Ctrl+C): radios first (PTT released), then the fleet, then a last
entry and snapshots, then the journal is flushed and closed.
"""

from __future__ import annotations

import logging
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from console.desk import Desk, RadioConfig
from console.journal.kinds import CONSOLE_STARTED, CONSOLE_STOPPED
from console.journal.reader import JournalReader
from console.journal.store import JournalError, JournalStore
from console.state.journal_tail import JournalTail
from console.state.projection import ProjectionHost
from console.state.radio_health import RadioHealthBoard
from console.ui.controller import ConsoleController

LOG = logging.getLogger(__name__)
VERSION = "0.1.0"


@dataclass
class ConsoleSession:
    store: JournalStore
    controller: ConsoleController
    desk: Desk
    fleet: object | None = None
    _tmp: tempfile.TemporaryDirectory | None = field(default=None, repr=False)
    _stopped: bool = False

    @property
    def window(self):
        return self.controller.window

    def shutdown(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        LOG.info("shutting down")
        self.desk.stop()
        if self.fleet is not None:
            self.fleet.close()
        try:
            self.store.append(CONSOLE_STOPPED, {}, operator=self.controller.operator,
                              drill=self.controller.training).result(5)
            self.controller.save_snapshots()
        except (JournalError, TimeoutError) as exc:
            LOG.error("could not journal the shutdown: %s", exc)
        self.store.close()
        if self._tmp is not None:
            self._tmp.cleanup()


def start_console(db_path: Path, *, console_id: str, operator: str, training: bool,
                  sim_radios: int = 4, trace_dir: Path | None = None,
                  traffic_rate: float = 1.0, snapshot_every: int = 2000) -> ConsoleSession:
    """Build and start everything; needs a QApplication to exist."""
    store = JournalStore(db_path, console_id).open()
    host = ProjectionHost([JournalTail(), RadioHealthBoard()])
    try:
        with JournalReader(db_path) as reader:
            replayed = host.rebuild(reader)
        LOG.info("projections rebuilt (%d entries replayed after snapshots)", replayed)
    except (OSError, sqlite3.Error) as exc:  # the banner already says why
        LOG.error("journal %s unreadable, starting with an empty screen: %s", db_path, exc)
    controller = ConsoleController(store, host, operator=operator, training=training,
                                   snapshot_every=snapshot_every)
    store.append(CONSOLE_STARTED, {"version": VERSION, "training": training},
                 operator=operator, drill=training)
    fleet, tmp, radios = None, None, []
    if training and sim_radios > 0:
        fleet, tmp, radios = start_training_fleet(sim_radios, traffic_rate)
    desk = Desk(store, radios, training=training, trace_dir=trace_dir)
    desk.start()
    return ConsoleSession(store, controller, desk, fleet, tmp)


def start_training_fleet(count: int, rate: float):
    """Simulated radios behind pseudo-terminals; the desk opens them like real ones."""
    from drivers.sim.fleet import SimFleet  # training only: real consoles never load it

    tmp = tempfile.TemporaryDirectory(prefix="vangnet-sim-")
    issis = [str(2040001 + i) for i in range(count)]
    fleet = SimFleet(tmp.name, radios=issis, seed=2024, rate=rate).start()
    radios = [RadioConfig(issi, str(fleet.radios[issi].device), "pei.motorola",
                          alias=f"Sim {n + 1}", options={"rtscts": False})
              for n, issi in enumerate(issis)]
    if rate > 0:
        fleet.start_traffic(rate)
    return fleet, tmp, radios
