"""The unit status board: every unit from the unit list plus every ISSI heard on the air.

A pure fold over journal entries (projection.py). The raw ISSI is always kept next to the
alias (C2000.md: aliases go stale); aliases and DIPP marks set by the centralist arrive as
``unit.alias_set`` / ``unit.dipp_set`` entries, never as direct calls, so every position
shows the same board after a replay.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, fields
from typing import Any

from console.journal.entry import Entry
from console.journal.kinds import (
    RADIO_CALL_INCOMING,
    RADIO_LOCATION,
    RADIO_PREFIX,
    RADIO_SDS_ACK,
    RADIO_SDS_REPORT,
    RADIO_SDS_SHORT_REPORT,
    RADIO_STATUS,
    RADIO_TEXT,
    RADIO_TX_GRANT,
    RADIO_UNRECOGNIZED,
    UNIT_ALIAS_SET,
    UNIT_DIPP_SET,
    event_ms,
)
from console.state.rows import replace
from console.state.status_tables import StatusTables

LOG = logging.getLogger(__name__)

# Where each radio event names the unit it heard (console/journal/kinds.py).
HEARD_FIELD = {RADIO_STATUS: "from_issi", RADIO_LOCATION: "from_issi", RADIO_TEXT: "from_issi",
               RADIO_CALL_INCOMING: "calling_issi", RADIO_TX_GRANT: "talker_issi",
               RADIO_UNRECOGNIZED: "from_issi", RADIO_SDS_REPORT: "from_issi",
               RADIO_SDS_ACK: "from_issi", RADIO_SDS_SHORT_REPORT: "from_issi"}
MINUTE_MS = 60_000


def issi_key(value: Any) -> str:
    """One spelling per identity: decimal without leading zeros ("02104131" → "2104131")."""
    text = str(value).strip()
    return str(int(text)) if text.isdigit() else text


@dataclass(frozen=True, slots=True)
class UnitInfo:
    """A unit as the unit list (resources/units/*.toml or an import) describes it."""
    issi: str
    callsign: str
    alias: str
    discipline: str | None
    talkgroup: str = ""  # GSSI of the home talkgroup
    dipp: bool = False  # works in a poor-coverage (DIPP) area, C2000.md


@dataclass(frozen=True, slots=True)
class UnitRow:
    """One board row; a new object on every change (the Qt model compares identities)."""
    issi: str
    alias: str = ""
    callsign: str = ""
    discipline: str | None = None
    status_value: int | None = None
    status_number: int | None = None
    status_text: str = ""
    canonical: str | None = None
    verified: bool = False
    status_since_ms: int = 0
    last_heard_ms: int = 0
    lat: float | None = None
    lon: float | None = None
    position_ms: int = 0
    talkgroup: str | None = None  # last group call the unit was heard in ('called')
    dipp: bool = False
    emergency: bool = False
    listed: bool = False  # from the unit list (not only heard on the air)


_ROW_FIELDS = {f.name for f in fields(UnitRow)}


class UnitBoard:
    name = "units"

    def __init__(self, units: Iterable[UnitInfo], tables: StatusTables):
        self.tables = tables
        self._info = {issi_key(u.issi): u for u in units}
        self._aliases: dict[str, str] = {}  # centralist's overrides (unit.alias_set)
        self._dipp: dict[str, bool] = {}  # centralist's overrides (unit.dipp_set)
        self._rows: dict[str, UnitRow] = {}
        self._reset()

    def _reset(self) -> None:
        self._aliases.clear()
        self._dipp.clear()
        self._rows = {issi: self._base(issi) for issi in self._info}

    def _base(self, issi: str) -> UnitRow:
        info = self._info.get(issi)
        if info is None:  # heard on the air only: no alias or discipline until set
            return UnitRow(issi)
        return UnitRow(issi, info.alias, info.callsign, info.discipline, dipp=info.dipp,
                       listed=True)

    # --- queries -------------------------------------------------------------------------

    def units(self) -> list[UnitRow]:
        """Rows in a stable order: unit list first, then units in the order first heard."""
        return list(self._rows.values())

    def unit(self, issi: str) -> UnitRow | None:
        return self._rows.get(issi_key(issi))

    def __len__(self) -> int:
        return len(self._rows)

    def silent_dipp_units(self, now_ms: int, minutes: float) -> list[UnitRow]:
        """DIPP units not heard for ``minutes`` (the welfare check, C2000.md), longest first.

        Only units heard at least once and not ``buiten_dienst``: a parked vehicle that never
        came on the air is not a welfare concern, and a permanent list would be ignored.
        """
        limit = now_ms - minutes * MINUTE_MS
        silent = [r for r in self._rows.values()
                  if r.dipp and 0 < r.last_heard_ms <= limit and r.canonical != "buiten_dienst"]
        return sorted(silent, key=lambda r: r.last_heard_ms)

    # --- fold ----------------------------------------------------------------------------

    def apply(self, entry: Entry) -> None:
        kind, p = entry.kind, entry.payload
        if kind == UNIT_ALIAS_SET:
            self._set_alias(issi_key(p["issi"]), str(p.get("alias") or "").strip())
        elif kind == UNIT_DIPP_SET:
            issi = issi_key(p["issi"])
            self._dipp[issi] = bool(p.get("dipp"))
            self._rows[issi] = replace(self._row(issi), dipp=self._dipp[issi])
        elif kind.startswith(RADIO_PREFIX):
            who = p.get(HEARD_FIELD.get(kind, ""))
            if who is None or (kind == RADIO_TX_GRANT and p.get("own_transmission")):
                return  # nobody named, or our own console radio talking
            self._heard(kind, issi_key(who), p, event_ms(entry))

    def _row(self, issi: str) -> UnitRow:
        row = self._rows.get(issi)
        return row if row is not None else self._base(issi)

    def _set_alias(self, issi: str, alias: str) -> None:
        if alias:
            self._aliases[issi] = alias
        else:  # an empty alias drops the override: back to the unit list's alias
            self._aliases.pop(issi, None)
        info = self._info.get(issi)
        self._rows[issi] = replace(self._row(issi), alias=alias or (info.alias if info else ""))

    def _heard(self, kind: str, issi: str, p: dict[str, Any], ms: int) -> None:
        row = self._row(issi)
        changes: dict[str, Any] = {"last_heard_ms": ms}  # one new row per entry
        if kind == RADIO_STATUS and isinstance(p.get("value"), int):
            changes.update(self._status_changes(row, p["value"], ms,
                                                bool(p.get("is_emergency"))))
        elif kind == RADIO_LOCATION and p.get("lat") is not None and p.get("lon") is not None:
            changes.update(lat=float(p["lat"]), lon=float(p["lon"]), position_ms=ms)
        elif kind == RADIO_CALL_INCOMING and p.get("is_group") and p.get("called"):
            # Only the group the unit calls in is its group; radio.talkgroup is our radio's.
            changes["talkgroup"] = issi_key(p["called"])
        self._rows[issi] = replace(row, **changes)

    def _with_status(self, row: UnitRow, value: int, ms: int, flagged: bool) -> UnitRow:
        return replace(row, **self._status_changes(row, value, ms, flagged))

    def _status_changes(self, row: UnitRow, value: int, ms: int,
                        flagged: bool) -> dict[str, Any]:
        info = self.tables.lookup(row.discipline, value)
        since = row.status_since_ms if value == row.status_value else ms
        return {"status_value": value, "status_number": info.number,
                "status_text": info.text, "canonical": info.canonical,
                "verified": info.verified, "status_since_ms": since,
                "emergency": info.emergency or flagged}

    # --- snapshots -----------------------------------------------------------------------

    def snapshot(self) -> Any:
        return {"rows": [r for r in self._rows.values()],
                "aliases": dict(self._aliases), "dipp": dict(self._dipp)}

    def restore(self, state: Any) -> None:
        """Unit list and status tables of *now* win over the snapshot's copies of them,
        so an edited unit list or table takes effect after a restart."""
        self._reset()
        self._aliases.update(state.get("aliases", {}))
        self._dipp.update({k: bool(v) for k, v in state.get("dipp", {}).items()})
        for saved in state.get("rows", []):
            issi = saved["issi"]
            base = self._base(issi)
            row = UnitRow(**{k: v for k, v in saved.items() if k in _ROW_FIELDS})
            row = replace(row, alias=self._aliases.get(issi, base.alias),
                          callsign=base.callsign, discipline=base.discipline,
                          dipp=self._dipp.get(issi, base.dipp), listed=base.listed)
            if row.status_value is not None:
                since = row.status_since_ms
                row = replace(self._with_status(row, row.status_value, since,
                                                row.emergency and row.status_value != 0),
                              status_since_ms=since)
            self._rows[issi] = row
