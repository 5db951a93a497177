"""SimFleet: the console's radios plus a fictitious fleet of units that make traffic.

Model (decided for the demo; C2000 fleetmaps are not public, C2000.md):

* Each console radio is a :class:`SimRadio` with its own ISSI and a selected talkgroup.
* Individual SDS go to the addressed ISSI only (TETRA). In C2000 statuses go to the
  meldkamer, so a unit's **status, position (LIP), text and emergency status** go to ONE
  "dispatch" radio (configurable, default the first radio).
* **Group calls and emergency calls** are heard on EVERY radio whose selected talkgroup is
  the unit's home talkgroup — and on no other radio, which is exactly the New Year's Eve
  problem (an emergency is only heard inside its own talkgroup, C2000.md). Radios that
  leave the group get ``+CTCR``; radios that join during a call get a late entry.
* Status values: the discipline's status number ``n`` is sent as ``STATUS_BASE + n``
  (network-specific range, PEI.md §8.5). C2000's real mapping is UNVERIFIED.

``step()`` emits exactly one event (deterministic for a seed); ``start_traffic(rate)`` runs
a thread that calls it ``rate`` times per second (Event.wait pacing, no sleeps).
``status()`` and ``emergency()`` inject one unit's traffic on cue; ``play(cues)`` runs a timed
script of them (a benchmark's load, a drill) and records in ``played`` when each was written.
:mod:`drivers.sim.fleet_process` runs the same fleet in a child process.

Hundreds of radios: before any radio is made the fleet checks the open-file limit (and
raises it if it may, :mod:`drivers.sim.open_files`); a number that cannot run is refused
with :class:`~drivers.sim.open_files.TooManyRadios`, and a radio that fails to start
anyway closes the ones already running, so a fleet never runs half.
"""

from __future__ import annotations

import logging
import os
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from drivers.sim.demo_data import Unit, load_talkgroups, load_units
from drivers.sim.movement import Mover
from drivers.sim.open_files import OPENER_FDS, RADIO_FDS, TooManyRadios, ensure_open_files
from drivers.sim.radio import SimRadio

LOG = logging.getLogger(__name__)

# Placeholder mapping, see module docstring; console/state/status_tables.DEFAULT_OFFSET is
# the console's side of it (tests/test_rules_agree.py keeps the two equal).
STATUS_BASE = 0x8000
STATUS_CYCLES = {  # C2000.md tables, in the order a job runs through them
    "brandweer": (1, 2, 3, 4, 5),  # uitgerukt, ter plaatse, ingerukt, beschikbaar, kazerne
    "ambulance": (0, 1, 2, 3, 4, 5, 6),  # alarmering ... einde rit
    "politie": (2, 3, 1),  # aanrijdend, ter plaatse, beschikbaar (UNVERIFIED table)
    "kmar": (2, 3, 1),  # assumed like politie
}
TEXTS = ("Ter plaatse, verzoek extra eenheid", "Patiënt overgedragen", "Weg versperd, omrijden",
         "Terug naar post", "Graag contact via vaste lijn")
WEIGHTS = {"status": 43, "location": 30, "voice": 20, "text": 4, "talk_request": 2,
           "emergency": 1}
# Request-to-talk status numbers (normal, urgent) per C2000.md; politie/kmar UNVERIFIED.
TALK_NUMBERS = {"brandweer": (8, 9), "ambulance": (8, 9), "politie": (6, 7), "kmar": (6, 7)}
REASON_EMERGENCY = 2  # LIP reason for sending: emergency condition detected (PEI.md §9.1)
CAUSE_USER, CAUSE_PREEMPTED, CAUSE_HANG_TIME = 1, 9, 13


@dataclass(frozen=True, slots=True)
class FleetEvent:
    """What one step did: kind, the unit, and the radios that received it."""
    kind: str  # status, location, text, talk_request, emergency, group_call, talker_change, call_end
    unit: str  # ISSI of the unit
    radios: tuple[str, ...]
    detail: tuple = ()


@dataclass(frozen=True, slots=True)
class Cue:
    """One scripted event for :meth:`SimFleet.play`: ``at_s`` seconds after the start.

    ``kind`` is "status" (``value`` from ``unit``) or "emergency" (see
    :meth:`SimFleet.emergency`); ``radio`` is the console radio that receives the SDS
    (default: the dispatch radio).
    """
    at_s: float
    kind: str
    unit: str
    value: int = 0
    radio: str | None = None


CUE_KINDS = ("status", "emergency")


@dataclass
class _GroupCall:
    talker: str
    cc: dict[str, int] = field(default_factory=dict)  # radio ISSI -> CC instance there
    emergency: bool = False


class SimFleet:
    def __init__(
        self,
        link_dir: str | os.PathLike[str],
        radios: list[str] | tuple[str, ...] = ("2040001",),
        *,
        units: list[Unit] | None = None,
        units_path: str | None = None,
        talkgroups_path: str | None = None,
        radio_gssis: list[str] | None = None,
        dispatch: str | None = None,
        seed: int = 0,
        rate: float = 1.0,
        family: str = "motorola",
        radio_kwargs: dict | None = None,
        on_event: Callable[[FleetEvent], None] | None = None,
        opener_fds_per_radio: int = OPENER_FDS,
    ) -> None:
        """``opener_fds_per_radio``: descriptors this process will also use for each radio
        it opens (a console's port and trace); 0 when the radios are opened elsewhere."""
        self.units = units if units is not None else load_units(units_path)
        self.talkgroup_plan = load_talkgroups(talkgroups_path)
        tg_list = [(t.gssi, t.alias) for t in self.talkgroup_plan]
        gssis = radio_gssis or self._default_gssis(len(radios))
        ensure_open_files(len(radios), RADIO_FDS + opener_fds_per_radio)
        self.radios: dict[str, SimRadio] = {}
        try:
            for i, issi in enumerate(radios):
                self.radios[str(int(issi))] = SimRadio(
                    issi, link_dir, family=family, talkgroups=tg_list, gssi=gssis[i],
                    **(radio_kwargs or {}))
        except OSError as exc:  # out of descriptors after all (opened meanwhile elsewhere)
            self._close_radios()
            raise TooManyRadios(f"cannot run {len(radios)} simulated radios: radio "
                                f"{len(self.radios) + 1} could not be made ({exc})") from exc
        self.dispatch = self.radios[str(int(dispatch or radios[0]))]
        self.rate = rate
        self.on_event = on_event
        self.events: list[FleetEvent] = []
        self._rng = random.Random(seed)
        self._movers = {u.issi: Mover.random(self._rng, u.discipline) for u in self.units}
        self._status_pos = {u.issi: self._rng.randrange(len(STATUS_CYCLES[u.discipline]))
                            for u in self.units}
        self._calls: dict[str, _GroupCall] = {}  # GSSI -> call in progress
        self._lock = threading.RLock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.played: list[tuple[int, float]] = []  # (cue index, time.monotonic() at its write)
        self._play_stop = threading.Event()
        self._player: threading.Thread | None = None

    def _default_gssis(self, count: int) -> list[str]:
        """First home group of each discipline, then the other home groups in file order."""
        homes = list(dict.fromkeys(u.talkgroup for u in self.units))
        firsts = [next(u.talkgroup for u in self.units if u.discipline == d)
                  for d in dict.fromkeys(u.discipline for u in self.units)]
        order = firsts + [g for g in homes if g not in firsts]
        return [order[i % len(order)] for i in range(count)]

    # --- lifecycle ------------------------------------------------------------------------

    def start(self) -> SimFleet:
        for n, radio in enumerate(self.radios.values(), 1):
            try:
                radio.start()
            except (OSError, RuntimeError) as exc:  # no pty, no descriptor, no thread
                self._close_radios()
                raise TooManyRadios(f"cannot run {len(self.radios)} simulated radios: radio "
                                    f"{n} did not start ({exc}); none is running") from exc
        return self

    def __enter__(self) -> SimFleet:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.stop_traffic()
        self.stop_playing()
        self._close_radios()

    def _close_radios(self) -> None:
        for radio in self.radios.values():
            radio.close()

    def start_traffic(self, rate: float | None = None) -> None:
        """Run ``step()`` ``rate`` times per second on a background thread."""
        if rate is not None:
            self.rate = rate
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._traffic, name="sim-fleet", daemon=True)
        self._thread.start()

    def stop_traffic(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def _traffic(self) -> None:
        start, n = time.monotonic(), 0
        while True:
            n += 1
            due = start + n / max(self.rate, 1e-6)
            if self._stop.wait(max(0.0, due - time.monotonic())):
                return
            try:
                self.step()
            except Exception:
                LOG.exception("fleet step failed")

    # --- on cue ---------------------------------------------------------------------------

    def _console_radio(self, radio: str | None) -> SimRadio:
        if radio is None:
            return self.dispatch
        try:
            return self.radios[str(int(radio))]
        except (KeyError, ValueError):
            raise KeyError(f"no console radio {radio!r} in the fleet") from None

    def status(self, unit: str, value: int, radio: str | None = None) -> FleetEvent:
        """A status SDS ``value`` (raw, e.g. ``STATUS_BASE + n``) from ``unit`` to ``radio``."""
        target = self._console_radio(radio)
        with self._lock:
            target.emit_status(unit, value, to=target.issi)
            event = FleetEvent("status", unit, (target.issi,), (value,))
            self.events.append(event)
        if self.on_event is not None:
            self.on_event(event)
        return event

    def emergency(self, unit: str, radio: str | None = None) -> FleetEvent:
        """``unit`` presses its emergency button: status 0 and a LIP with reason
        "emergency" to ``radio`` (default dispatch), an emergency call in its home group."""
        with self._lock:
            event = self._emergency(self.unit(unit), self._console_radio(radio))
            self.events.append(event)
        if self.on_event is not None:
            self.on_event(event)
        return event

    def play(self, cues: list[Cue] | tuple[Cue, ...]) -> None:
        """Run ``cues`` on a background thread, each at its ``at_s`` after now; appends
        ``(index, time.monotonic())`` to :attr:`played` just before each one is written.
        A script still playing is stopped first."""
        for cue in cues:
            if cue.kind not in CUE_KINDS:
                raise ValueError(f"cue kind must be one of {CUE_KINDS}, not {cue.kind!r}")
        self.stop_playing()
        self._play_stop.clear()
        self._player = threading.Thread(target=self._play, args=(list(cues), time.monotonic()),
                                        name="sim-fleet-play", daemon=True)
        self._player.start()

    def stop_playing(self) -> None:
        self._play_stop.set()
        if self._player is not None:
            self._player.join(timeout=5)
            self._player = None

    @property
    def playing(self) -> bool:
        return self._player is not None and self._player.is_alive()

    def _play(self, cues: list[Cue], start: float) -> None:
        for index, cue in sorted(enumerate(cues), key=lambda item: item[1].at_s):
            if self._play_stop.wait(max(0.0, start + cue.at_s - time.monotonic())):
                return
            self.played.append((index, time.monotonic()))
            try:
                if cue.kind == "status":
                    self.status(cue.unit, cue.value, cue.radio)
                else:
                    self.emergency(cue.unit, cue.radio)
            except Exception:
                LOG.exception("cue %d (%s) failed", index, cue)

    # --- traffic ------------------------------------------------------------------------

    def unit(self, issi: str) -> Unit:
        """The fleet's unit ``issi``; KeyError if there is none."""
        for unit in self.units:
            if unit.issi == issi:
                return unit
        raise KeyError(f"no unit {issi!r} in the fleet")

    def listening(self, gssi: str) -> list[SimRadio]:
        """Console radios whose selected talkgroup is ``gssi`` (they hear its calls)."""
        return [r for r in self.radios.values() if r.talkgroup == gssi and r.plugged]

    def step(self, kind: str | None = None) -> FleetEvent:
        """Emit exactly one event; ``kind`` forces one of WEIGHTS (status, location, ...)."""
        with self._lock:
            rng = self._rng
            if kind is None:
                kind = rng.choices(list(WEIGHTS), weights=list(WEIGHTS.values()))[0]
            if kind == "voice":
                heard = [u for u in self.units if self.listening(u.talkgroup)]
                if not heard:
                    kind = "status"  # nobody would hear a call; keep one event per step
                else:
                    event = self._voice(rng.choice(heard))
            if kind != "voice":
                unit = rng.choice(self.units)
                event = getattr(self, f"_{kind}")(unit)
            self.events.append(event)
        if self.on_event is not None:
            self.on_event(event)
        return event

    def _status(self, unit: Unit) -> FleetEvent:
        cycle = STATUS_CYCLES[unit.discipline]
        self._status_pos[unit.issi] = (self._status_pos[unit.issi] + 1) % len(cycle)
        number = cycle[self._status_pos[unit.issi]]
        self.dispatch.emit_status(unit.issi, STATUS_BASE + number, to=self.dispatch.issi)
        return FleetEvent("status", unit.issi, (self.dispatch.issi,), (STATUS_BASE + number,))

    def _talk_request(self, unit: Unit) -> FleetEvent:
        """A spraakaanvraag (a third of them urgent); the unit's status cycle is untouched."""
        number = TALK_NUMBERS[unit.discipline][self._rng.random() < 1 / 3]
        self.dispatch.emit_status(unit.issi, STATUS_BASE + number, to=self.dispatch.issi)
        return FleetEvent("talk_request", unit.issi, (self.dispatch.issi,),
                          (STATUS_BASE + number,))

    def _location(self, unit: Unit, reason: int = 0, via: SimRadio | None = None) -> FleetEvent:
        via = via or self.dispatch
        mover = self._movers[unit.issi]
        mover.advance(self._rng)
        lat, lon = round(mover.lat, 5), round(mover.lon, 5)
        via.emit_location(unit.issi, lat, lon, mover.speed_kmh, mover.direction_deg,
                          reason=reason, to=via.issi)
        return FleetEvent("location", unit.issi, (via.issi,),
                          (lat, lon, mover.speed_kmh, round(mover.direction_deg, 1)))

    def _text(self, unit: Unit) -> FleetEvent:
        text = self._rng.choice(TEXTS)
        self.dispatch.emit_text(unit.issi, text, to=self.dispatch.issi,
                                message_reference=self._rng.randrange(256))
        return FleetEvent("text", unit.issi, (self.dispatch.issi,), (text,))

    def _emergency(self, unit: Unit, via: SimRadio | None = None) -> FleetEvent:
        """Emergency status + LIP with reason 2 to dispatch, emergency call in the group."""
        via = via or self.dispatch
        via.emit_emergency_status(unit.issi, to=via.issi)
        self._location(unit, reason=REASON_EMERGENCY, via=via)
        gssi = unit.talkgroup
        old = self._calls.pop(gssi, None)
        if old is not None:
            self._end(gssi, old, CAUSE_PREEMPTED)
        call = _GroupCall(unit.issi, emergency=True)
        for radio in self.listening(gssi):
            call.cc[radio.issi] = radio.emit_emergency_call(unit.issi, gssi)
        self._calls[gssi] = call
        radios = tuple(dict.fromkeys((via.issi, *call.cc)))
        return FleetEvent("emergency", unit.issi, radios, (gssi,))

    def _voice(self, unit: Unit) -> FleetEvent:
        gssi = unit.talkgroup
        call = self._calls.get(gssi)
        if call is not None:
            self._follow_talkgroup_changes(gssi, call)
        if call is None or not call.cc:
            call = _GroupCall(unit.issi)
            for radio in self.listening(gssi):
                call.cc[radio.issi] = radio.emit_group_call(unit.issi, gssi)
            self._calls[gssi] = call
            return FleetEvent("group_call", unit.issi, tuple(call.cc), (gssi,))
        if self._rng.random() < 0.25:
            del self._calls[gssi]
            self._end(gssi, call, CAUSE_HANG_TIME)
            return FleetEvent("call_end", call.talker, tuple(call.cc), (gssi,))
        call.talker = unit.issi
        for radio_issi, cc in call.cc.items():
            radio = self.radios[radio_issi]
            radio.emit_talker_change(cc, None)  # the previous talker lets go (+CDTXC) ...
            radio.emit_talker_change(cc, unit.issi)  # ... and the next one is granted
        return FleetEvent("talker_change", unit.issi, tuple(call.cc), (gssi,))

    def _follow_talkgroup_changes(self, gssi: str, call: _GroupCall) -> None:
        for radio_issi in list(call.cc):
            radio = self.radios[radio_issi]
            cc = call.cc[radio_issi]
            live = radio.calls.get(cc)
            if live is None or live.ended:  # hung up by the console (ATH), or replugged
                del call.cc[radio_issi]
            elif radio.talkgroup != gssi or not radio.plugged:
                radio.emit_call_end(call.cc.pop(radio_issi), CAUSE_USER)
        for radio in self.listening(gssi):
            if radio.issi not in call.cc:  # late entry into the running call
                priority = 15 if call.emergency else 0
                call.cc[radio.issi] = radio.emit_group_call(call.talker, gssi, priority)

    def _end(self, gssi: str, call: _GroupCall, cause: int) -> None:
        for radio_issi, cc in call.cc.items():
            self.radios[radio_issi].emit_call_end(cc, cause)
