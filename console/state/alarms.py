"""Open emergency alarms: a pure fold over the journal plus a fast-path overlay.

An alarm is raised by a unit's emergency (status 0, a priority-15 call, a location report
with reason "emergency") heard by ANY attached radio, and stays open until an
``alarm.acknowledged`` entry closes it. Its id is the id of the entry that raised it.

The desk shows an emergency on screen before its entry is committed (the alarm must appear
even when the disk is full), through :meth:`AlarmBoard.raise_provisional`. Those provisional
events are kept apart from the committed fold, as an overlay that :meth:`open_alarms` lays on
top: the snapshot therefore always equals a replay of committed entries, and the entry, when
it arrives, replaces its provisional twin instead of adding a second alarm.

While a long history still folds after a start (:meth:`ProjectionHost.start_rebuild`), the
committed fold is part-way and must not be shown (an alarm acknowledged later in the
history would ring). :meth:`begin_history` shows instead the alarms the journal holds open
(a quick look through the kind index, :func:`open_in_history`) and everything new as
provisional events; an acknowledgement made meanwhile hides its alarm at once
(:meth:`preview`) and is folded, as every entry, after the history.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from console.journal.entry import Entry
from console.journal.kinds import (
    ALARM_ACKNOWLEDGED,
    RADIO_CALL_INCOMING,
    RADIO_LOCATION,
    RADIO_STATUS,
    RADIO_TALKGROUP,
    event_ms,
    selected_gssi,
)
from console.state.rows import replace

LOG = logging.getLogger(__name__)

SOURCES = {RADIO_STATUS: "status", RADIO_CALL_INCOMING: "call", RADIO_LOCATION: "location"}
HISTORY_SIZE = 50
# Emergency entry ids already folded: a provisional event that arrives after its own
# entry (the fast path lost the race) must be recognised and dropped.
RECENT_IDS = 500


@dataclass(frozen=True, slots=True)
class Alarm:
    alarm_id: str
    issi: str | None  # None: the radio did not say who (the alarm still shows)
    radio: str  # console radio that heard it most recently
    gssi: str | None  # talkgroup it was heard in
    source: str  # status | call | location (most recent)
    raised_ms: int
    last_ms: int
    count: int = 1
    lat: float | None = None
    lon: float | None = None
    position_ms: int | None = None
    acknowledged_by: str | None = None
    acknowledged_ms: int | None = None
    provisional: bool = False  # shown before its entry was committed
    drill: bool = False  # raised by a simulated radio; never a real incident

    @property
    def open(self) -> bool:
        return self.acknowledged_ms is None


def is_emergency(kind: str, payload: dict[str, Any]) -> bool:
    return kind in SOURCES and bool(payload.get("is_emergency"))


def unit_of(kind: str, payload: dict[str, Any]) -> str | None:
    issi = payload.get("calling_issi" if kind == RADIO_CALL_INCOMING else "from_issi")
    return None if issi in (None, "") else str(issi)


def is_overdue(alarm: Alarm, now_ms: int, escalate_after_s: float) -> bool:
    """Open and not acknowledged within ``escalate_after_s`` of being first raised."""
    return alarm.open and now_ms - alarm.raised_ms >= escalate_after_s * 1000


class AlarmBoard:
    name = "alarms"

    def __init__(self, history_size: int = HISTORY_SIZE) -> None:
        self._open: dict[str, Alarm] = {}  # committed fold, in raising order
        self.history: list[Alarm] = []  # acknowledged, oldest first, at most history_size
        self.talkgroups: dict[str, str] = {}  # radio id -> current GSSI
        self.positions: dict[str, tuple[float, float, int]] = {}  # ISSI -> lat, lon, ms
        self._history_size = history_size
        self._folded: OrderedDict[str, None] = OrderedDict()  # recent emergency entry ids
        # alarm id -> (radio, kind, payload, now_ms, drill): shown, not yet committed
        self._pending: dict[str, tuple[str, str, dict[str, Any], int, bool]] = {}
        self.history_folding = False  # begin_history .. end_history
        self._acknowledged_early: set[str] = set()  # while the history folds
        self._folded_in_history: set[str] = set()  # emergency entries folded meanwhile
        self._from_history: set[str] = set()  # begin_history's alarms: committed ones

    # --- the fold -------------------------------------------------------------------
    def apply(self, entry: Entry) -> None:
        kind, p = entry.kind, entry.payload
        if kind == ALARM_ACKNOWLEDGED:
            self._acknowledge(str(p.get("alarm_id")), entry.operator, event_ms(entry))
        elif kind == RADIO_TALKGROUP and p.get("radio") is not None:
            if selected_gssi(p):
                self.talkgroups[str(p["radio"])] = selected_gssi(p)
        elif kind == RADIO_LOCATION:
            self._fold_position(p, event_ms(entry))
        if not is_emergency(kind, p):
            return
        if self.history_folding:  # the twin stays shown until the history is folded
            self._folded_in_history.add(entry.id)
        else:
            self._pending.pop(entry.id, None)  # the entry replaces its provisional twin
        if entry.id in self._folded:
            return
        self._folded[entry.id] = None
        while len(self._folded) > RECENT_IDS:
            self._folded.popitem(last=False)
        self._raise(self._open, entry.id, str(p.get("radio", "")), kind, p, event_ms(entry),
                    provisional=False, drill=entry.drill)
        LOG.info("emergency %s from %s on %s committed (entry %s)", SOURCES[kind],
                 unit_of(kind, p) or "unknown unit", p.get("radio"), entry.id)

    def _fold_position(self, p: dict[str, Any], ms: int) -> None:
        issi = unit_of(RADIO_LOCATION, p)
        if issi is None or p.get("lat") is None or p.get("lon") is None:
            return
        lat, lon = float(p["lat"]), float(p["lon"])
        self.positions[issi] = (lat, lon, ms)
        for alarm_id, alarm in self._open.items():  # the last known position follows
            if alarm.issi == issi:
                self._open[alarm_id] = replace(alarm, lat=lat, lon=lon, position_ms=ms)

    def _raise(self, alarms: dict[str, Alarm], alarm_id: str, radio: str, kind: str,
               p: dict[str, Any], ms: int, *, provisional: bool, drill: bool) -> None:
        """Raise a new alarm in ``alarms``, or update the open one of the same unit."""
        issi = unit_of(kind, p)
        if kind == RADIO_CALL_INCOMING and p.get("is_group", True) and p.get("called"):
            gssi: str | None = str(p["called"])  # an emergency call names its group
        else:
            gssi = self.talkgroups.get(radio)
        if kind == RADIO_LOCATION and p.get("lat") is not None and p.get("lon") is not None:
            lat, lon, pos_ms = float(p["lat"]), float(p["lon"]), ms
        else:
            lat, lon, pos_ms = self.positions.get(issi, (None, None, None)) if issi else (
                None, None, None)
        same = self._same_unit(alarms, issi, radio, drill)
        if same is not None:
            old = alarms[same]
            keep_pos = pos_ms is None or (old.position_ms or 0) > pos_ms
            alarms[same] = replace(
                old, radio=radio, gssi=gssi or old.gssi, source=SOURCES[kind],
                last_ms=max(old.last_ms, ms), count=old.count + 1,
                lat=old.lat if keep_pos else lat, lon=old.lon if keep_pos else lon,
                position_ms=old.position_ms if keep_pos else pos_ms)
            return
        alarms[alarm_id] = Alarm(alarm_id, issi, radio, gssi, SOURCES[kind], ms, ms, 1,
                                 lat, lon, pos_ms, provisional=provisional, drill=drill)

    @staticmethod
    def _same_unit(alarms: dict[str, Alarm], issi: str | None, radio: str,
                   drill: bool) -> str | None:
        # An unknown unit can only be told apart by the radio that heard it; merging those
        # keeps a repeating anonymous emergency from flooding the stack. A real emergency
        # is never merged into a drill alarm, nor the reverse.
        for alarm_id, alarm in alarms.items():
            if alarm.drill != drill:
                continue
            if alarm.issi == issi and (issi is not None or alarm.radio == radio):
                return alarm_id
        return None

    def _acknowledge(self, alarm_id: str, operator: str, ms: int) -> None:
        # A provisional alarm may be acknowledged before its entry arrived (slow disk).
        if self.history_folding:  # the fold's own alarm, else one shown meanwhile
            alarm = self._open.get(alarm_id) or self._with_pending().get(alarm_id)
        else:
            alarm = (self._with_pending().get(alarm_id) if self._pending
                     else self._open.get(alarm_id))
        if alarm is None:
            return  # already acknowledged (e.g. at another position), or never raised
        # Provisional events the operator saw merged into this alarm are acknowledged too.
        # Should one of their entries still arrive after this, it raises a new alarm, just
        # as a replay of the journal would.
        for pending_id in self._merged_into(alarm_id):
            self._pending.pop(pending_id, None)
        self._pending.pop(alarm_id, None)
        self._open.pop(alarm_id, None)
        self.history.append(replace(alarm, acknowledged_by=operator, acknowledged_ms=ms,
                                    provisional=False))
        del self.history[:-self._history_size]

    # --- the fast path --------------------------------------------------------------
    def raise_provisional(self, alarm_id: str, radio: str, kind: str, payload: dict[str, Any],
                          now_ms: int, *, drill: bool = False) -> None:
        """Show an emergency now; its entry ``alarm_id`` is being committed in parallel."""
        if not is_emergency(kind, payload):
            return
        if alarm_id in self._pending or alarm_id in self._acknowledged_early:
            return  # the desk told us twice, or acknowledged while the history folds
        if alarm_id in self._folded and not self.history_folding:
            return  # its entry was applied first
        if any(a.alarm_id == alarm_id for a in self.history):
            return
        self._pending[alarm_id] = (radio, kind, dict(payload), now_ms, drill)
        LOG.warning("EMERGENCY %s from %s heard on %s (alarm %s, not yet committed)",
                    SOURCES[kind], unit_of(kind, payload) or "unknown unit", radio, alarm_id)

    # --- while a long history folds -------------------------------------------------
    def begin_history(self, still_open: list[Entry]) -> None:
        """Show only ``still_open`` (the history's unacknowledged emergencies) and new
        events until :meth:`end_history`."""
        self.history_folding = True
        self._from_history = {entry.id for entry in still_open}
        for entry in still_open:
            p = entry.payload
            self._pending.setdefault(entry.id, (str(p.get("radio", "")), entry.kind, p,
                                                event_ms(entry), entry.drill))

    def preview(self, entry: Entry) -> None:
        """An entry waiting for the history: an acknowledgement hides its alarm now."""
        if entry.kind == ALARM_ACKNOWLEDGED and self.history_folding:
            alarm_id = str(entry.payload.get("alarm_id"))
            for pending_id in [*self._merged_into(alarm_id), alarm_id]:
                self._pending.pop(pending_id, None)
                self._acknowledged_early.add(pending_id)

    def end_history(self) -> None:
        """The history is folded (and what waited): provisional twins of folded entries
        go, the committed fold shows."""
        self.history_folding = False
        self._acknowledged_early.clear()
        # Every one, not only the last RECENT_IDS: a twin forgotten would show twice.
        for alarm_id in self._folded_in_history & self._pending.keys():
            del self._pending[alarm_id]
        self._folded_in_history.clear()
        self._from_history = set()

    def _with_pending(self) -> dict[str, Alarm]:
        # The part-way fold of a history is not shown (begin_history).
        alarms = {} if self.history_folding else dict(self._open)
        for alarm_id, (radio, kind, p, ms, drill) in self._pending.items():
            # The history's open alarms are committed: never "not yet in the journal".
            self._raise(alarms, alarm_id, radio, kind, p, ms, drill=drill,
                        provisional=alarm_id not in self._from_history)
        return alarms

    def _merged_into(self, alarm_id: str) -> list[str]:
        """Pending events that the overlay folds into the alarm ``alarm_id``."""
        alarms = {} if self.history_folding else dict(self._open)
        merged = []
        for pid, (radio, kind, p, ms, drill) in self._pending.items():
            target = self._same_unit(alarms, unit_of(kind, p), radio, drill)
            if target == alarm_id:
                merged.append(pid)
            self._raise(alarms, pid, radio, kind, p, ms, provisional=True, drill=drill)
        return merged

    # --- queries --------------------------------------------------------------------
    def open_alarms(self) -> list[Alarm]:
        """Open alarms, committed and provisional, newest first."""
        alarms = self._with_pending() if self._pending or self.history_folding else self._open
        order = {alarm_id: i for i, alarm_id in enumerate(alarms)}
        return sorted(alarms.values(), key=lambda a: (a.raised_ms, order[a.alarm_id]),
                      reverse=True)

    def get(self, alarm_id: str) -> Alarm | None:
        for alarm in self.open_alarms():
            if alarm.alarm_id == alarm_id:
                return alarm
        return next((a for a in self.history if a.alarm_id == alarm_id), None)

    @staticmethod
    def is_overdue(alarm: Alarm, now_ms: int, escalate_after_s: float) -> bool:
        return is_overdue(alarm, now_ms, escalate_after_s)

    # --- snapshots (committed state only: provisional events are not in the journal) --
    def snapshot(self) -> Any:
        return {
            "open": [a for a in self._open.values()],
            "history": [a for a in self.history],
            "talkgroups": dict(self.talkgroups),
            "positions": {issi: list(pos) for issi, pos in self.positions.items()},
            "folded": list(self._folded),
        }

    def restore(self, state: Any) -> None:
        self._open = {a["alarm_id"]: Alarm(**a) for a in state["open"]}
        self.history = [Alarm(**a) for a in state["history"]]
        self.talkgroups = dict(state["talkgroups"])
        self.positions = {issi: (pos[0], pos[1], pos[2])
                          for issi, pos in state["positions"].items()}
        self._folded = OrderedDict.fromkeys(state["folded"])
        # Provisional alarms are not in any snapshot: they stay shown across a restore
        # (the host restores checkpoints when an entry arrives late).


def open_in_history(reader: Any, drill: bool, upto: int) -> list[Entry]:
    """The emergencies among the first ``upto`` entries that no acknowledgement names."""
    raised = reader.entries_of(tuple(SOURCES), drill, upto, flag="is_emergency")
    acknowledged = reader.payload_values(ALARM_ACKNOWLEDGED, "alarm_id", drill, upto)
    return [e for e in raised if e.id not in acknowledged]
