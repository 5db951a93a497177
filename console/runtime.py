"""Composition root of a running console: start-up and shutdown order live here only.

Start: settings → journal (migrate, open; a file that is not a usable journal is set
aside and a new one begun) → projections rebuilt from the journal → window → entries held
at the last exit imported → training fleet (simulated radios behind pseudo-terminals) →
desk with radios. Stop (window closed or Ctrl+C): radios first (PTT released), then the
fleet, then a last entry and snapshots, then the journal is flushed and closed, and what
it could not save is written to a recovery file.
"""

from __future__ import annotations

import gc
import logging
import sqlite3
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from console import catalog
from console.alarm_sound import AlarmSound
from console.core import ConsoleData, ConsoleOptions, build_projections
from console.desk import Desk, RadioConfig
from console.journal.health import classify
from console.journal.kinds import CONSOLE_STARTED, CONSOLE_STOPPED
from console.journal.reader import JournalReader, hlc_source
from console.journal.store import JournalError, JournalStore
from console.journal.unsaved import import_unsaved, write_unsaved
from console.notices import Notice, NoticeCode, Severity
from console.operations import Operations
from console.resources import resource_path
from console.state.alarms import open_in_history
from console.state.messages import parse_templates
from console.ui.controller import ConsoleController
from drivers.clock import SYSTEM_CLOCK, Clock
from drivers.clock import wall_ms as system_wall_ms

LOG = logging.getLogger(__name__)
VERSION = "0.1.0"
GIL_SWITCH_INTERVAL_S = 0.001
# A history of up to this many entries after the snapshots folds before the window
# opens (~0.1 s); a longer one folds behind it (ConsoleController.fold_history).
START_FOLD = 5_000


@dataclass
class ConsoleSession:
    store: JournalStore
    controller: ConsoleController
    desk: Desk
    fleet: object | None = None
    player: object | None = None
    _tmp: tempfile.TemporaryDirectory | None = field(default=None, repr=False)
    _stopped: bool = False
    # What the centralist must be told about this start (a journal set aside, entries
    # recovered from the last exit), for the screen's banner; each is logged already.
    notices: list[Notice] = field(default_factory=list)
    clock_ms: Callable[[], int] = system_wall_ms
    # Where the entries the journal could not save by exit went (shutdown), else None.
    unsaved_file: Path | None = None

    @property
    def window(self):
        return self.controller.window

    def shutdown(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        LOG.info("shutting down")
        self.controller.shutdown()  # PTT keys released, alarm sound silenced
        self.desk.stop()  # radios release PTT and hang up their own calls
        if self.fleet is not None:
            self.fleet.close()
        if self.player is not None:
            self.player.close()
        try:
            self.store.append(CONSOLE_STOPPED, {}, operator=self.controller.operator,
                              drill=self.controller.training).result(5)
            self.controller.save_snapshots()
        except (JournalError, TimeoutError) as exc:
            LOG.error("could not journal the shutdown: %s", exc)
        self.store.close()
        self._write_unsaved()
        if self._tmp is not None:
            self._tmp.cleanup()

    def _write_unsaved(self) -> None:
        """After the journal closed: what it never saved goes to a recovery file."""
        items = self.desk.take_unsaved()
        if items:
            self.unsaved_file = write_unsaved(self.store.path, self.store.console_id, items,
                                              self.clock_ms())


USER_UNITS, USER_TALKGROUPS = "units.csv", "talkgroups.csv"  # in the data dir (`vangnet import`)


def load_data(language: str = "nl", data_dir: Path | None = None) -> ConsoleData:
    """Unit list, status tables, talkgroup plan and SDS templates: the user's imported
    lists when there are any, else the shipped (fictitious) demo data."""
    def user_file(name: str) -> Path | None:
        path = data_dir / name if data_dir is not None else None
        return path if path is not None and path.exists() else None

    units = catalog.units_for_start(user_file(USER_UNITS))
    plan = catalog.talkgroups_for_start(user_file(USER_TALKGROUPS))
    templates_file = resource_path("sds_templates", f"{language}.toml")
    return ConsoleData(units=units.rows, tables=catalog.load_status_tables(),
                       talkgroups=plan.rows,
                       templates=parse_templates(templates_file.read_text("utf-8")),
                       fictitious=units.fictitious, plan_fictitious=plan.fictitious,
                       notices=units.notices + plan.notices)


def start_console(db_path: Path, *, console_id: str, operator: str, training: bool,
                  sim_radios: int = 4, trace_dir: Path | None = None,
                  traffic_rate: float = 1.0, options: ConsoleOptions | None = None,
                  data: ConsoleData | None = None, sound: bool = True,
                  clock_ms=None, radios: list[RadioConfig] | None = None,
                  clock: Clock = SYSTEM_CLOCK, fleet_process: bool = False,
                  notices: list[Notice] | None = None) -> ConsoleSession:
    """Build and start everything; needs a QApplication to exist. ``clock`` drives the
    desk, PTT and the panels' countdowns; ``clock_ms`` (default: the clock's) what the
    journal stamps and the screen compares alarm times with. ``fleet_process``: training's
    simulated radios run in a child process (the app does; tests drive them in-process).
    ``notices``: what the caller could not use (settings, radios, log); the screen shows
    them with the data's and the journal's own."""
    clock_ms = clock_ms or clock.wall_ms
    # The GUI thread takes the GIL back at every call into Python while it paints (each
    # model data() call); with the default 5 ms switch interval each can wait that long
    # behind a radio or journal thread. 1 ms keeps painting under load short (BENCHMARKS.md).
    sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)
    options = options or ConsoleOptions()
    options.operator, options.training = operator, training
    data = data or load_data()
    store, host, rebuild = open_journal(db_path, console_id, clock_ms, data, training)
    notices = [*(notices or []), *data.notices,
               *([store.set_aside.notice()] if store.set_aside else []),
               *([store.clock_notice] if store.clock_notice else [])]
    if trace_dir is not None:  # old wire traces (training makes new ones every run)
        from drivers.pei.trace import prune_trace_dir
        pruned = prune_trace_dir(trace_dir)
        if pruned:
            LOG.info("wire traces pruned: %d old files in %s", len(pruned), trace_dir)
    fleet, tmp, radios = None, None, list(radios or [])
    if training and sim_radios > 0:
        from drivers.sim.open_files import TooManyRadios  # training only
        try:
            fleet, tmp, radios = start_training_fleet(sim_radios, traffic_rate,
                                                      own_process=fleet_process)
        except TooManyRadios as exc:  # the rest of training starts, without radios
            notices.append(Notice(NoticeCode.SIMULATED_RADIOS_REFUSED,
                                  f"{sim_radios} simulated radios", str(exc), Severity.ERROR))
    desk = Desk(store, radios, training=training, trace_dir=trace_dir,
                tx_timeout_s=options.tx_timeout_s, clock=clock,
                held=host.projections["holds"].held)
    player = alarm_sound = None
    if sound:
        # The composition root is the one place the player is made. It plays from a child
        # process: PortAudio can abort() the process it runs in (drivers/audio/tone_process).
        from drivers.audio.tone_process import ProcessTonePlayer
        device = options.alarm_device
        player = ProcessTonePlayer(int(device) if device.isdigit() else (device or None))
        alarm_sound = AlarmSound(player, clock_ms, options.escalate_after_s)
    ops = Operations(store, operator=operator, drill=training)
    controller = ConsoleController(ops, host, desk, data, options, sound=alarm_sound,
                                   clock_ms=clock_ms, clock=clock.monotonic)
    if rebuild is not None and not rebuild.finished:
        controller.fold_history(rebuild, open_in_history(rebuild.closing, training,
                                                         host.position))
    # Only now, with the screen listening: an entry committed between the rebuild and
    # the controller's listener would never reach the screen.
    notices += import_unsaved(store).notices()
    store.append(CONSOLE_STARTED, {"version": VERSION, "training": training},
                 operator=operator, drill=training)
    if player is not None:
        player.on_change = lambda ok, why: controller.desk_bridge.sound_changed.emit(ok, why)
        controller.desk_bridge.sound_changed.connect(lambda *_: controller.refresh_sound())
        player.check()
    desk.start()
    # Everything built so far lives as long as the console: keep it out of the garbage
    # collector's full passes, which otherwise stall the screen for 60-120 ms under load
    # (BENCHMARKS.md, profile).
    gc.freeze()
    for notice in notices:
        (LOG.error if notice.severity == Severity.ERROR else LOG.warning)(notice.log_line())
    controller.window.notices.show_notices(notices)
    return ConsoleSession(store, controller, desk, fleet, player, tmp, notices=notices,
                          clock_ms=clock_ms)


def open_journal(db_path: Path, console_id: str, clock_ms: Callable[[], int],
                 data: ConsoleData, training: bool):
    """The journal and the projections' rebuild from it, begun. A history of up to
    ``START_FOLD`` entries after the snapshots is folded here, before the window; a longer
    one is begun again from the snapshots and goes on folding with the window open (the
    rebuild returned is not finished: ConsoleController.fold_history), so the window never
    shows a part-way fold. The store sets aside a file that is not a usable journal; one
    that opened but whose entries cannot all be read (a damaged page) is set aside here,
    before anything new is written to it."""
    store = JournalStore(db_path, console_id, wall_ms=clock_ms).open()
    host = build_projections(data, drill=training, source=hlc_source(db_path))
    for attempt in range(2):
        try:
            rebuild = _begin_rebuild(host, db_path)
            if (rebuild.total or 0) > START_FOLD:  # known long: straight behind the window
                LOG.info("projections: %d entries to fold with the window open",
                         rebuild.total)
            elif not rebuild.step(START_FOLD):
                host.reset()
                rebuild = _begin_rebuild(host, db_path)
                LOG.info("projections: a long history; it folds with the window open")
            else:
                LOG.info("projections rebuilt (%d entries replayed after snapshots)",
                         rebuild.done)
            return store, host, rebuild
        except (OSError, sqlite3.Error) as exc:
            host.reset()
            if attempt or classify(exc) != "damaged":  # the banner already says why
                LOG.error("journal %s unreadable, starting with an empty screen: %s",
                          db_path, exc)
                break
            store.close()
            store = JournalStore(db_path, console_id, wall_ms=clock_ms).open(
                unusable=f"damaged: {exc}")
    return store, host, None


def _begin_rebuild(host, db_path: Path):
    reader = JournalReader(db_path)
    try:
        rebuild = host.start_rebuild(reader)
    except BaseException:
        reader.close()
        raise
    rebuild.closing = reader  # closed when the rebuild finishes
    return rebuild


def start_training_fleet(count: int, rate: float, *, own_process: bool = False):
    """Simulated radios behind pseudo-terminals; the desk opens them like real ones. In
    their own process they do not compete with the screen for Python's GIL."""
    issis = [str(2040001 + i) for i in range(count)]
    tmp = None
    if own_process:
        from drivers.sim.fleet_process import FleetProcess  # training only

        fleet = FleetProcess(issis, seed=2024, rate=rate).start()
        devices = {issi: str(fleet.devices[issi]) for issi in issis}
    else:
        from drivers.sim.fleet import SimFleet  # training only: real consoles never load it

        tmp = tempfile.TemporaryDirectory(prefix="vangnet-sim-")
        fleet = SimFleet(tmp.name, radios=issis, seed=2024, rate=rate).start()
        devices = {issi: str(fleet.radios[issi].device) for issi in issis}
    radios = [RadioConfig(issi, devices[issi], "pei.motorola",
                          alias=f"Sim {n + 1}", options={"rtscts": False})
              for n, issi in enumerate(issis)]
    if rate > 0:
        fleet.start_traffic(rate)
    return fleet, tmp, radios
