"""``vangnet export``: the journal as JSON lines (the archival master) or CSV (spreadsheets).

**JSON lines** hold every field of every entry (hashes, ``prev_hash``, ``wall_ms``, drill,
console, seq, HLC), one JSON object a line: first a header naming the format and its
version and whether the export is complete, then one ``entry`` line per entry (the line
``vangnet recover`` writes too: :func:`entry_line`), then an ``end`` line with the count
and each console's last entry, so a file cut short is known. A complete export loads
back into a new journal with every chain verified (console/journal/import_journal.py).

**CSV** is for reading, not for loading back: one row per entry with its time, who, what
and a short text (``kinds.summarize``), and its id and hashes to find it in the master.

Filters: event time (``kinds.event_ms``: when it happened, as the screen shows it) from
``--from`` up to ``--to``; drill entries only when asked (``--drill include|only``); an
incident's own entries (payload ``incident``). Entries come in HLC order, read in batches
(never the whole journal in memory), and go to a temp file beside the target, renamed
over it only once complete and on disk: a full disk or an unwritable path is one line
naming the path and the problem, and leaves no half file.
"""

from __future__ import annotations

import csv
import dataclasses
import heapq
import io
import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

import orjson

from console.journal.entry import Entry
from console.journal.kinds import event_ms, summarize
from console.journal.reader import JournalReader

FORMAT = "vangnet-journal"  # the header's "format": what `vangnet import journal` reads
VERSION = 1
HEADER, ENTRY, END = "header", "entry", "end"  # the "type" of each line
DRILL_CHOICES = ("exclude", "include", "only")
FORMAT_CHOICES = ("jsonl", "csv", "emsi")  # offered on the command line; FORMATS: written
CSV_COLUMNS = ("time", "utc_ms", "operator", "console", "kind", "radio", "unit", "talkgroup",
               "incident", "text", "drill", "entry_id", "seq", "prev_hash", "hash")
UNIT_KEYS = ("from_issi", "calling_issi", "talker_issi", "issi", "to")  # first one set
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet would run the cell


class ExportError(Exception):
    """One line for whoever exports: the path and what is wrong with it."""


class NotAvailable(ExportError):
    """A format offered on the command line whose writer is not there yet."""


ENTRY_FIELDS = tuple(f.name for f in dataclasses.fields(Entry))


def entry_record(e: Entry) -> dict[str, Any]:
    """Every field of an entry, in its order, as JSON holds it (``position`` is the local
    row, not hashed); the payload is the entry's own (not copied)."""
    return {name: getattr(e, name) for name in ENTRY_FIELDS}


def entry_line(e: Entry, **extra: Any) -> bytes:
    """One entry as a JSON line: ``{"type": "entry", ...extra, "entry": {...}}``; the export
    and ``vangnet recover`` (which adds its status) write this same line. orjson writes the
    dataclass itself, field by field as ``entry_record``: ``dataclasses.asdict`` (a deep
    copy) took 90 % of an export's time."""
    return orjson.dumps({"type": ENTRY, **extra, "entry": e})


def parse_time(text: str, *, end: bool = False, tz: tzinfo | None = None) -> int:
    """UTC milliseconds of an ISO date or date-time; without a zone it is local time (``tz``,
    default this computer's). A date alone is its midnight; as ``end`` (``--to``) the
    midnight after it, so ``--from D --to D`` is that whole day."""
    text = text.strip()
    try:
        if not any(c in text for c in "T :"):  # a date alone: 2027-01-15
            day = date.fromisoformat(text) + timedelta(days=1 if end else 0)
            at = datetime(day.year, day.month, day.day)
        else:
            at = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not an ISO date or time (e.g. 2027-01-15 or "
                         "2027-01-15T14:30)") from None
    if at.tzinfo is None:
        at = at.replace(tzinfo=tz) if tz is not None else at.astimezone()
    return int(at.timestamp() * 1000)


@dataclass(frozen=True, slots=True)
class Selection:
    """Which entries: event time from ``start_ms`` and before ``end_ms``, the drill
    world(s), one incident."""
    start_ms: int | None = None
    end_ms: int | None = None
    drill: str = "exclude"  # DRILL_CHOICES
    incident: str | None = None

    def __post_init__(self) -> None:
        if self.drill not in DRILL_CHOICES:
            raise ValueError(f"drill must be one of {', '.join(DRILL_CHOICES)}")

    @property
    def worlds(self) -> tuple[bool, ...]:
        """The drill values exported: live work, drills, or both."""
        return {"exclude": (False,), "only": (True,), "include": (False, True)}[self.drill]

    @property
    def narrowed(self) -> bool:
        """Time or incident given: some entries of the worlds exported may be left out."""
        return self.start_ms is not None or self.end_ms is not None or bool(self.incident)

    def wants(self, e: Entry) -> bool:
        if self.incident and e.payload.get("incident") != self.incident:
            return False
        if self.start_ms is None and self.end_ms is None:
            return True
        ms = event_ms(e)
        return ((self.start_ms is None or ms >= self.start_ms)
                and (self.end_ms is None or ms < self.end_ms))

    def as_dict(self) -> dict[str, Any]:
        return {"from_ms": self.start_ms, "to_ms": self.end_ms, "drill": self.drill,
                "incident": self.incident}


@dataclass(frozen=True, slots=True)
class ExportContext:
    """What a writer may say about the export besides its entries."""
    source: Path
    selection: Selection
    complete: bool  # every entry of the journal (up to the export's start) is in it
    exported_ms: int
    tz: tzinfo | None = None  # local times in the CSV (None: this computer's zone)


Writer = Callable[[Iterable[Entry], BinaryIO, ExportContext], int]
FORMATS: dict[str, Writer] = {}  # format name -> writer; returns how many entries written


def writer(name: str) -> Callable[[Writer], Writer]:
    def register(fn: Writer) -> Writer:
        FORMATS[name] = fn
        return fn
    return register


@writer("jsonl")
def write_jsonl(entries: Iterable[Entry], out: BinaryIO, ctx: ExportContext) -> int:
    out.write(orjson.dumps({
        "type": HEADER, "format": FORMAT, "version": VERSION, "source": str(ctx.source),
        "exported_ms": ctx.exported_ms, "selection": ctx.selection.as_dict(),
        "complete": ctx.complete}) + b"\n")
    heads: dict[str, list[Any]] = {}
    n = 0
    for e in entries:
        out.write(entry_line(e) + b"\n")
        if e.seq > heads.get(e.console, (0, ""))[0]:
            heads[e.console] = [e.seq, e.hash]
        n += 1
    out.write(orjson.dumps({"type": END, "entries": n, "heads": heads}) + b"\n")
    return n


@writer("csv")
def write_csv(entries: Iterable[Entry], out: BinaryIO, ctx: ExportContext) -> int:
    # UTF-8 with a BOM ("utf-8-sig"): Excel reads the file as UTF-8 only with it (names
    # like "Zoë" and "Cuijk–Grave" stay whole); the csv module's CRLF rows are what it
    # expects. Read it back with encoding="utf-8-sig".
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")
    try:
        rows = csv.writer(text)
        rows.writerow(CSV_COLUMNS)
        n = 0
        for e in entries:
            rows.writerow(csv_row(e, ctx.tz))
            n += 1
        text.flush()
    finally:
        text.detach()  # the caller closes ``out``
    return n


# TODO(issue 9, item 6): EMSI (per incident, XML and JSON) is being written beside this
# module; it registers with one line, ``FORMATS["emsi"] = write_emsi``. Until then
# ``--format emsi`` says it is not available yet (exit code 2).


def csv_row(e: Entry, tz: tzinfo | None = None) -> list[Any]:
    p, ms = e.payload, event_ms(e)
    at = datetime.fromtimestamp(ms / 1000, tz) if tz else datetime.fromtimestamp(
        ms / 1000).astimezone()
    unit = next((p[k] for k in UNIT_KEYS if p.get(k) not in (None, "")), None)
    group = p.get("gssi") or (p.get("called") if p.get("is_group") else None)
    return [at.isoformat(timespec="milliseconds"), ms, cell(e.operator), cell(e.console),
            cell(e.kind), cell(p.get("radio")), cell(unit), cell(group),
            cell(p.get("incident")), cell(summarize(e.kind, p)),
            "true" if e.drill else "false", e.id, e.seq, e.prev_hash, e.hash]


def cell(value: Any) -> str:
    """A text cell a spreadsheet shows as text: one starting like a formula (an SDS text
    "=HYPERLINK(...)") gets a leading apostrophe, which Excel and LibreOffice hide."""
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def selected(reader: JournalReader, selection: Selection) -> tuple[Iterator[Entry], bool]:
    """The entries to export in HLC order, committed up to now, and whether that is every
    entry of the journal (then it loads back as a verified journal)."""
    upto = reader.last_position()
    streams = [reader.entries_by_hlc(None, drill, upto) for drill in selection.worlds]
    merged = streams[0] if len(streams) == 1 else heapq.merge(*streams,
                                                              key=lambda e: e.hlc)
    other = [d for d in (False, True) if d not in selection.worlds]
    left_out = any(next(reader.entries_by_hlc(None, d, upto, batch=1), None) is not None
                   for d in other)
    complete = not (selection.narrowed or left_out)
    return (e for e in merged if selection.wants(e)), complete


def export(db: Path, fmt: str, out: Path | None, selection: Selection, *,
           stdout: BinaryIO | None = None, now_ms: int, tz: tzinfo | None = None) -> int:
    """Write the selected entries of journal ``db`` as ``fmt`` to ``out`` (None: to
    ``stdout``, as it comes); returns how many. Raises ExportError (NotAvailable for a
    format not there yet) with one line to show."""
    write = FORMATS.get(fmt)
    if write is None:
        raise NotAvailable(f"export format {fmt!r} is not available yet")
    if not db.is_file():
        raise ExportError(f"no journal at {db}")
    try:
        with JournalReader(db) as reader:
            entries, complete = selected(reader, selection)
            ctx = ExportContext(db, selection, complete, now_ms, tz)
            if out is None:
                if stdout is None:
                    raise ValueError("export to a stream needs stdout")
                return write(entries, stdout, ctx)
            return write_replacing(out, lambda f: write(entries, f, ctx))
    except sqlite3.Error as exc:
        raise ExportError(f"cannot read the journal {db}: {exc}") from exc


T = TypeVar("T")


def write_replacing(target: Path, fill: Callable[[BinaryIO], T]) -> T:
    """``fill`` a temp file beside ``target`` and rename it over ``target`` only once it is
    complete and on disk; on any failure the temp file goes and ``target`` is as it was.
    The file is readable by its owner only (mkstemp): it holds the journal."""
    target = Path(target)
    folder = target.parent
    try:
        fd, name = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".part")
    except OSError as exc:
        raise ExportError(f"cannot write {target}: {why(exc, folder)}") from exc
    tmp, done = Path(name), False
    try:
        with os.fdopen(fd, "wb") as f:
            result = fill(f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
        done = True
    except OSError as exc:
        raise ExportError(f"cannot write {target}: {why(exc, folder)}") from exc
    finally:
        if not done:
            tmp.unlink(missing_ok=True)
    _sync_folder(folder)
    return result


def why(exc: OSError, folder: Path) -> str:
    if isinstance(exc, FileNotFoundError) and not folder.is_dir():
        return f"the folder {folder} does not exist"
    return exc.strerror or str(exc)


def _sync_folder(folder: Path) -> None:
    """The rename itself on disk too (POSIX); best effort."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
