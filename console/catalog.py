"""Shipped and user data files: status tables, unit list, talkgroup plan, CSV imports.

Shipped defaults are read through console.resources.resource_path (STYLE.md #12); a path
argument lets the caller pass the user's own copy from the data directory instead. Formats:
resources/README.md and resources/status_codes/README.md. Qt-free.

Strict loaders (``load_*``) raise ValueError naming file and line; importers
(``import_*_csv``) keep the good rows and report the bad ones, because a centralist
importing a 600-line fleetmap extract should not lose it all to one typo. At start
(``*_for_start``) a user file never stops the console: bad rows are skipped, a file with
no usable row is replaced by the shipped demo data, each with a Notice.
"""

from __future__ import annotations

import csv
import logging
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from console.notices import Notice, NoticeCode
from console.resources import resource_path
from console.state.status_tables import DISCIPLINES, StatusTable, StatusTables, parse_table
from console.state.units import UnitInfo, issi_key

LOG = logging.getLogger(__name__)

__all__ = ["UnitInfo", "TalkgroupInfo", "RowError", "ImportResult", "load_status_tables",
           "load_units", "load_talkgroup_plan", "import_units_csv", "import_talkgroups_csv",
           "is_fictitious", "StartData", "units_for_start", "talkgroups_for_start"]

TALKGROUP_DISCIPLINES = (*DISCIPLINES, "multi")
TALKGROUP_KINDS = ("RMG", "discipline", "DMO")
FICTITIOUS_MARK = "FICTITIOUS DEMO DATA"
SSI_MAX = 0xFFFFFF  # ISSI and GSSI are 24-bit (C2000.md, "Talkgroups and identities")
TRUE_WORDS = {"1", "true", "yes", "ja", "j", "y", "x"}
FALSE_WORDS = {"", "0", "false", "no", "nee", "n"}
NOT_TEXT = "not UTF-8 text (expected a CSV file as `vangnet import` takes)"
ERRORS_IN_MESSAGE = 10  # bad rows named in a strict loader's error
ERRORS_IN_NOTICE = 3  # bad rows named on the screen (the log has every one)

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class TalkgroupInfo:
    gssi: str
    alias: str
    discipline: str  # brandweer | ambulance | politie | kmar | multi
    region: str
    kind: str  # RMG | discipline | DMO
    notes: str = ""


@dataclass(frozen=True, slots=True)
class RowError:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass
class ImportResult(Generic[T]):
    rows: list[T] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class StartData(Generic[T]):
    """What the console starts with: rows, the file they came from, whether that is demo
    data (the screen then says so) and what the centralist must be told about it."""
    rows: list[T]
    source: Path
    fictitious: bool
    notices: list[Notice] = field(default_factory=list)


# --- status tables -----------------------------------------------------------------------

def load_status_tables(directory: str | Path | None = None, *,
                       user_dir: str | Path | None = None) -> StatusTables:
    """Every ``*.toml`` in ``directory`` (default: shipped resources/status_codes); a file
    in ``user_dir`` replaces the table of the same discipline."""
    tables: dict[str, StatusTable] = {}
    for folder in (directory or resource_path("status_codes"), user_dir):
        if folder is None or not Path(folder).is_dir():
            continue
        seen: dict[str, str] = {}
        for path in sorted(Path(folder).glob("*.toml")):
            table = load_status_table(path)
            if table.discipline in seen:
                raise ValueError(f"{path.name}: discipline {table.discipline!r} already "
                                 f"defined in {seen[table.discipline]}")
            seen[table.discipline] = path.name
            tables[table.discipline] = table
    return StatusTables(tables.values())


def load_status_table(path: str | Path) -> StatusTable:
    path = Path(path)
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path.name}: {exc}") from exc
    return parse_table(doc, path.name)


# --- unit list ---------------------------------------------------------------------------

def load_units(path: str | Path | None = None) -> list[UnitInfo]:
    """Units from TOML (default: shipped resources/units/demo.toml) or CSV; strict."""
    path = Path(path) if path is not None else resource_path("units", "demo.toml")
    if path.suffix.lower() == ".csv":
        return _strict(import_units_csv(path), path)
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path.name}: {exc}") from exc
    result: ImportResult[UnitInfo] = ImportResult()
    seen: set[str] = set()
    for i, raw in enumerate(doc.get("unit", []), 1):
        # TOML tables have no line numbers after parsing: report the unit's index instead.
        _collect(result, i, lambda raw=raw: _unit(
            {k: _text(v) for k, v in raw.items()}, seen))
    units = _strict(result, path, unit="unit #")
    LOG.info("%d units from %s", len(units), path)
    return units


def import_units_csv(path: str | Path) -> ImportResult[UnitInfo]:
    """Columns: issi, callsign, alias, discipline, talkgroup, dipp (alias..dipp optional)."""
    result: ImportResult[UnitInfo] = ImportResult()
    seen: set[str] = set()
    for line, row in _csv_rows(Path(path), ("issi", "callsign"), result):
        _collect(result, line, lambda row=row: _unit(row, seen))
    return result


def _unit(row: dict[str, str], seen: set[str]) -> UnitInfo:
    issi = _ssi(row.get("issi", ""), "issi")
    if issi in seen:
        raise ValueError(f"ISSI {issi} appears twice")
    callsign = row.get("callsign", "").strip()
    if not callsign:
        raise ValueError("callsign is empty")
    discipline = row.get("discipline", "").strip().lower() or None
    if discipline is not None and discipline not in DISCIPLINES:
        raise ValueError(f"unknown discipline {discipline!r} "
                         f"(use {', '.join(DISCIPLINES)} or leave empty)")
    talkgroup = row.get("talkgroup", "").strip()
    if talkgroup:
        talkgroup = _ssi(talkgroup, "talkgroup")
    seen.add(issi)
    return UnitInfo(issi, callsign, row.get("alias", "").strip() or callsign, discipline,
                    talkgroup, _flag(row.get("dipp", ""), "dipp"))


# --- talkgroup plan ----------------------------------------------------------------------

def load_talkgroup_plan(path: str | Path | None = None) -> list[TalkgroupInfo]:
    """The plan from CSV (default: shipped resources/talkgroups/demo.csv); strict."""
    path = Path(path) if path is not None else resource_path("talkgroups", "demo.csv")
    plan = _strict(import_talkgroups_csv(path), path)
    LOG.info("%d talkgroups from %s", len(plan), path)
    return plan


def import_talkgroups_csv(path: str | Path) -> ImportResult[TalkgroupInfo]:
    """Columns: gssi, alias, discipline, region, kind, notes (region, notes optional)."""
    result: ImportResult[TalkgroupInfo] = ImportResult()
    seen: set[str] = set()
    for line, row in _csv_rows(Path(path), ("gssi", "alias", "discipline", "kind"), result):
        _collect(result, line, lambda row=row: _talkgroup(row, seen))
    return result


def _talkgroup(row: dict[str, str], seen: set[str]) -> TalkgroupInfo:
    gssi = _ssi(row.get("gssi", ""), "gssi")
    if gssi in seen:
        raise ValueError(f"GSSI {gssi} appears twice")
    alias = row.get("alias", "").strip()
    if not alias:
        raise ValueError("alias is empty")
    discipline = row.get("discipline", "").strip().lower()
    if discipline not in TALKGROUP_DISCIPLINES:
        raise ValueError(f"unknown discipline {discipline!r} "
                         f"(use {', '.join(TALKGROUP_DISCIPLINES)})")
    kinds = {k.lower(): k for k in TALKGROUP_KINDS}
    kind = kinds.get(row.get("kind", "").strip().lower())
    if kind is None:
        raise ValueError(f"unknown kind {row.get('kind', '')!r} "
                         f"(use {', '.join(TALKGROUP_KINDS)})")
    seen.add(gssi)
    return TalkgroupInfo(gssi, alias, discipline, row.get("region", "").strip(), kind,
                         row.get("notes", "").strip())


# --- at start: lenient -------------------------------------------------------------------

def units_for_start(path: str | Path | None) -> StartData[UnitInfo]:
    """The user's unit list (``units.csv``) as far as it is usable, else the demo list."""
    return _for_start(path, import_units_csv, "unit list", resource_path("units", "demo.toml"),
                      load_units)


def talkgroups_for_start(path: str | Path | None) -> StartData[TalkgroupInfo]:
    """The user's talkgroup plan (``talkgroups.csv``) as far as usable, else the demo plan."""
    return _for_start(path, import_talkgroups_csv, "talkgroup plan",
                      resource_path("talkgroups", "demo.csv"), load_talkgroup_plan)


def _for_start(path: str | Path | None, importer: Callable[[Path], ImportResult[T]],
               what: str, demo: Path, load_demo: Callable[[Path], list[T]]) -> StartData[T]:
    # The shipped demo files are checked by the schema tests: an error there is a bug.
    if path is None:
        return StartData(load_demo(demo), demo, is_fictitious(demo))
    path = Path(path)
    try:
        result = importer(path)
    except (OSError, ValueError) as exc:
        result = ImportResult(errors=[RowError(1, f"cannot be read "
                                                  f"({getattr(exc, 'strerror', None) or exc})")])
    for error in result.errors:  # every one; the notice (logged where shown) sums them up
        LOG.warning("%s %s: %s", what, path, error)
    if not result.rows:
        detail = (_summary(result.errors, ERRORS_IN_NOTICE) if result.errors
                  else "has no rows")
        return StartData(load_demo(demo), demo, is_fictitious(demo), [Notice(
            NoticeCode.DATA_FILE_SKIPPED, str(path),
            f"{detail}; the fictitious demo {what} is used instead")])
    notices = []
    if result.errors:
        notices.append(Notice(NoticeCode.DATA_ROWS_SKIPPED, str(path),
                              f"{len(result.errors)} bad row(s) skipped, {len(result.rows)} "
                              f"used: {_summary(result.errors, ERRORS_IN_NOTICE)}"))
    try:
        fictitious = is_fictitious(path)
    except (OSError, ValueError):  # it was readable a moment ago: call it real data
        fictitious = False
    LOG.info("%d rows of the %s from %s", len(result.rows), what, path)
    return StartData(result.rows, path, fictitious, notices)


# --- fictitious demo data ----------------------------------------------------------------

def is_fictitious(path: str | Path | None = None) -> bool:
    """True when a unit list (``fictitious = true``) or talkgroup plan (a '#' comment or
    every note carrying "FICTITIOUS DEMO DATA") is demo data; the UI then says so.
    Default: the shipped unit list."""
    path = Path(path) if path is not None else resource_path("units", "demo.toml")
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".toml":
        return tomllib.loads(text).get("fictitious") is True
    if any(ln.startswith("#") and FICTITIOUS_MARK in ln.upper() for ln in text.splitlines()):
        return True
    rows = import_talkgroups_csv(path).rows
    return bool(rows) and all(r.notes.upper().startswith(FICTITIOUS_MARK) for r in rows)


# --- helpers -----------------------------------------------------------------------------

def _csv_rows(path: Path, required: tuple[str, ...],
              result: ImportResult) -> Iterator[tuple[int, dict[str, str]]]:
    """(physical line number, row) for each data row. '#' lines and blank lines are
    skipped; a UTF-8 BOM and ';' separators (Dutch Excel exports) are accepted. Decoded
    line by line, so a line of binary garbage is one bad row, not an unreadable file."""
    numbered: list[tuple[int, str | None]] = []  # None: the line is not text
    for n, raw in enumerate(path.read_bytes().removeprefix(b"\xef\xbb\xbf").splitlines(), 1):
        try:
            ln = raw.decode("utf-8")
        except UnicodeDecodeError:
            numbered.append((n, None))
            continue
        if ln.strip() and not ln.lstrip().startswith("#"):
            numbered.append((n, ln))
    if not numbered:
        result.errors.append(RowError(1, "file has no header row"))
        return
    head_line, head = numbered[0]
    if head is None:  # binary garbage, or another encoding: no CSV of ours
        result.errors.append(RowError(head_line, NOT_TEXT))
        return
    delimiter = ";" if head.count(";") > head.count(",") else ","
    try:
        header = [h.strip().lower() for h in next(csv.reader([head], delimiter=delimiter))]
    except csv.Error as exc:
        result.errors.append(RowError(head_line, f"header is not CSV: {exc}"))
        return
    missing = [c for c in required if c not in header]
    if missing:
        result.errors.append(RowError(head_line, f"header lacks column(s): "
                                                 f"{', '.join(missing)}"))
        return
    for n, ln in numbered[1:]:
        if ln is None:
            result.errors.append(RowError(n, NOT_TEXT))
            continue
        try:
            cells = next(csv.reader([ln], delimiter=delimiter))
        except csv.Error as exc:  # a quote left open, a NUL byte
            result.errors.append(RowError(n, f"not CSV: {exc}"))
            continue
        if len(cells) > len(header):
            result.errors.append(RowError(n, f"{len(cells)} fields, header has {len(header)}"))
            continue
        yield n, {h: c.strip() for h, c in zip(header, cells, strict=False)}


def _collect(result: ImportResult[T], line: int, make: Callable[[], T]) -> None:
    try:
        result.rows.append(make())
    except (ValueError, KeyError, TypeError) as exc:
        result.errors.append(RowError(line, str(exc)))


def _strict(result: ImportResult[T], path: Path, unit: str = "line ") -> list[T]:
    if result.errors:
        raise ValueError(f"{path.name}: {_summary(result.errors, ERRORS_IN_MESSAGE, unit)}")
    return result.rows


def _summary(errors: list[RowError], limit: int, unit: str = "line ") -> str:
    detail = "; ".join(f"{unit}{e.line}: {e.message}" for e in errors[:limit])
    return detail + (f" (and {len(errors) - limit} more)" if len(errors) > limit else "")


def _ssi(text: str, name: str) -> str:
    text = text.strip()
    if not text.isdigit() or not 0 < int(text) <= SSI_MAX:
        raise ValueError(f"{name} must be a number 1..{SSI_MAX}, not {text!r}")
    return issi_key(text)


def _flag(text: str, name: str) -> bool:
    word = text.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(f"{name} must be true/false (or ja/nee), not {text!r}")


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
