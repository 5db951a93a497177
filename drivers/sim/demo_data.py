"""Load the fictitious demo fleet: units (TOML) and the talkgroup plan (CSV).

Formats are described in ``resources/README.md``. Loaders refuse a units file that does not
declare ``fictitious = true`` when ``require_fictitious`` is set, so demo traffic can never be
generated from a real fleet list by accident.
"""

from __future__ import annotations

import csv
import io
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

DISCIPLINES = ("brandweer", "ambulance", "politie", "kmar")
TALKGROUP_KINDS = ("RMG", "discipline", "DMO")


@dataclass(frozen=True, slots=True)
class Unit:
    issi: str
    callsign: str
    alias: str
    discipline: str
    talkgroup: str  # home talkgroup GSSI
    dipp: bool = False  # works in a poor-coverage (DIPP) area, C2000.md


@dataclass(frozen=True, slots=True)
class TalkgroupPlanEntry:
    gssi: str
    alias: str
    discipline: str
    region: str
    kind: str
    notes: str


def _read(path: str | Path | None, *parts: str) -> str:
    if path is not None:
        return Path(path).read_text(encoding="utf-8")
    return resources.files("resources").joinpath(*parts).read_text(encoding="utf-8")


def load_units(path: str | Path | None = None, *, require_fictitious: bool = True) -> list[Unit]:
    """Units from a TOML file (default: the shipped ``resources/units/demo.toml``)."""
    doc = tomllib.loads(_read(path, "units", "demo.toml"))
    if require_fictitious and doc.get("fictitious") is not True:
        raise ValueError("units file does not say fictitious = true")
    units = []
    for entry in doc.get("unit", []):
        unit = Unit(str(entry["issi"]), entry["callsign"], entry.get("alias", entry["callsign"]),
                    entry["discipline"], str(entry["talkgroup"]), bool(entry.get("dipp", False)))
        if unit.discipline not in DISCIPLINES:
            raise ValueError(f"unit {unit.issi}: unknown discipline {unit.discipline!r}")
        units.append(unit)
    if len({u.issi for u in units}) != len(units):
        raise ValueError("duplicate ISSI in units file")
    return units


def load_talkgroups(path: str | Path | None = None) -> list[TalkgroupPlanEntry]:
    """The talkgroup plan from CSV (default: ``resources/talkgroups/demo.csv``)."""
    text = _read(path, "talkgroups", "demo.csv")
    rows = csv.DictReader(line for line in io.StringIO(text) if not line.startswith("#"))
    plan = [TalkgroupPlanEntry(r["gssi"].strip(), r["alias"].strip(), r["discipline"].strip(),
                               r["region"].strip(), r["kind"].strip(), r.get("notes") or "")
            for r in rows]
    for entry in plan:
        if entry.kind not in TALKGROUP_KINDS:
            raise ValueError(f"talkgroup {entry.gssi}: unknown kind {entry.kind!r}")
    return plan
