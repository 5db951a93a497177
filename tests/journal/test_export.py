"""``vangnet export``: JSON lines hold every field in HLC order; CSV reads in a spreadsheet;
filters by time, drill and incident; a failed write leaves no half file."""

from __future__ import annotations

import csv
import dataclasses
import errno
import io
import os
from datetime import timedelta, timezone
from pathlib import Path

import orjson
import pytest

from console.catalog import load_status_tables
from console.core import ConsoleData
from console.journal import export as export_module
from console.journal.entry import Entry
from console.journal.export import (
    CSV_COLUMNS,
    FORMATS,
    ExportError,
    NotAvailable,
    Selection,
    cell,
    export,
    parse_time,
)
from console.journal.kinds import event_ms, summarize
from console.journal.reader import JournalReader
from console.journal.store import JournalStore, append_all
from console.state.units import UnitInfo
from tests.chains import Chain
from tests.journal.test_disk_full import fill

START = 1_800_000_000_000  # 2027-01-15 08:00:00 UTC, 09:00 in Amsterdam
CET = timezone(timedelta(hours=1))  # Amsterdam in January, without a tz database
MIN = 60_000
UNITS = [UnitInfo("2104131", "99-4131", "TS 4131", "brandweer", "3110001"),
         UnitInfo("2200101", "99-101", "Ambu 101", "ambulance", "3120001", dipp=True)]
DATA = ConsoleData(units=UNITS, tables=load_status_tables())
FORMULA = '=HYPERLINK("http://x","klik")'


class WallClock:
    def __init__(self, ms: int):
        self.ms = ms

    def __call__(self) -> int:
        return self.ms


def status(issi: str, value: int, radio: str = "r1") -> tuple[str, dict]:
    return "radio.status", {"radio": radio, "from_issi": issi, "to": "2040001",
                            "value": value, "is_emergency": value == 0}


def make_journal(path: Path) -> list[Entry]:
    """A morning's work of pos-1, with a drill in its own chain, two incidents' notes,
    another console's entries (ingested, ahead of this clock: later entries keep their
    wall_ms) and an emergency acknowledged. Returns every entry as stored."""
    clock, saved = WallClock(START), []
    with JournalStore(path, "pos-1", wall_ms=clock) as store:
        def at(minutes: float, items, *, drill: bool = False, operator: str = "system"):
            clock.ms = START + int(minutes * MIN)
            saved.extend(append_all(store, items, operator=operator, drill=drill))

        at(0, [status("2104131", 0x8003), ("radio.talkgroup", {"radio": "r1",
                                                                "gssi": "3110001",
                                                                "group_type": 1})])
        at(5, [status("2200101", 0)])  # an emergency
        at(6, [("alarm.acknowledged", {"alarm_id": saved[-1].id}),
               ("operator.note", {"text": FORMULA}),
               ("operator.note", {"text": 'Zoë, "Cuijk–Grave"\nen verder'})], operator="anna")
        at(10, [("radio.tx_grant", {"radio": "r1", "cc_instance": 1, "grant": 0,
                                    "talker_issi": "2104131", "own_transmission": False}),
                ("radio.call_incoming", {"radio": "r2", "cc_instance": 2,
                                         "calling_issi": "2200101", "called": "3120001",
                                         "is_group": True, "priority": 0,
                                         "is_emergency": False})])
        at(20, [("incident.note", {"incident": "inc-1", "text": "rookmelder", "contact": None}),
                ("incident.note", {"incident": "inc-2", "text": "val", "contact": None}),
                ("incident.note", {"incident": "inc-1", "text": "TS 4131 ter plaatse",
                                   "contact": None})], operator="anna")
        at(25, [status("2104131", 0x8005), ("operator.note", {"text": "oefening"})],
           drill=True, operator="bert")
        other = Chain("pos-2", start_ms=START + 40 * MIN)  # its clock runs ahead of ours
        other.add(*status("2200101", 0x8004, radio="r9"))
        other.add("operator.note", {"text": "van pos-2"}, operator="carla")
        saved.extend(store.ingest(other.entries).result(5).stored)
        at(35, [status("2104131", 0x8006)])  # our clock behind the HLC: wall_ms kept
        at(60, [("operator.note", {"text": "einde"})], operator="anna")
    return saved


@pytest.fixture(scope="module")
def journal_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("source") / "journal.db"
    return path, make_journal(path)


def run_export(db: Path, fmt: str = "jsonl", selection: Selection | None = None,
               out: Path | None = None) -> tuple[int, bytes]:
    buffer = io.BytesIO()
    n = export(db, fmt, out, selection or Selection(), stdout=buffer, now_ms=START, tz=CET)
    return n, buffer.getvalue()


def jsonl(data: bytes) -> list[dict]:
    return [orjson.loads(line) for line in data.splitlines()]


def by_hlc(entries: list[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda e: e.hlc)


def test_json_lines_hold_every_field_of_every_entry_in_hlc_order(journal_file):
    db, saved = journal_file
    n, data = run_export(db, selection=Selection(drill="include"))
    header, *lines, end = jsonl(data)
    assert header == {"type": "header", "format": "vangnet-journal", "version": 1,
                      "source": str(db), "exported_ms": START, "complete": True,
                      "selection": {"from_ms": None, "to_ms": None, "drill": "include",
                                    "incident": None}}
    assert n == len(lines) == len(saved) and all(line["type"] == "entry" for line in lines)
    assert [line["entry"] for line in lines] == [dataclasses.asdict(e) for e in by_hlc(saved)]
    assert any(line["entry"]["wall_ms"] is not None for line in lines)  # the clock behind
    assert {line["entry"]["console"] for line in lines} == {"pos-1", "pos-2"}
    heads = {c: [e.seq, e.hash] for e in saved for c in [e.console]
             if e.seq == max(x.seq for x in saved if x.console == c)}
    assert end == {"type": "end", "entries": len(saved), "heads": heads}


def test_drill_entries_only_when_asked(journal_file):
    db, saved = journal_file
    ids = {name: [line["entry"]["id"] for line in jsonl(run_export(
        db, selection=Selection(drill=name))[1])[1:-1]] for name in ("exclude", "include",
                                                                    "only")}
    live = [e.id for e in by_hlc(saved) if not e.drill]
    drill = [e.id for e in by_hlc(saved) if e.drill]
    assert len(drill) == 2
    assert ids["exclude"] == live  # the default
    assert ids["only"] == drill
    assert sorted(ids["include"]) == sorted(live + drill)
    assert run_export(db)[0] == len(live)
    header = jsonl(run_export(db)[1])[0]
    assert header["complete"] is False  # drill entries of the journal were left out


def test_time_filter_on_the_event_time_in_local_time(journal_file):
    db, saved = journal_file
    window = Selection(parse_time("2027-01-15T09:05", tz=CET),
                       parse_time("2027-01-15 09:20", end=True, tz=CET))
    got = [line["entry"]["id"] for line in jsonl(run_export(db, selection=window)[1])[1:-1]]
    expected = [e.id for e in by_hlc(saved) if not e.drill
                and START + 5 * MIN <= event_ms(e) < START + 20 * MIN]
    assert len(expected) == 6 and got == expected
    late = Selection(parse_time("2027-01-15T09:30", tz=CET))  # by wall_ms, not the HLC
    got = {line["entry"]["id"] for line in jsonl(run_export(db, selection=late)[1])[1:-1]}
    assert got == {e.id for e in saved if not e.drill and event_ms(e) >= START + 30 * MIN}
    assert len(got) == 4  # pos-2's two, ours at 35 (HLC after pos-2's) and at 60
    day = Selection(parse_time("2027-01-15", tz=CET), parse_time("2027-01-15", end=True,
                                                                 tz=CET))
    assert run_export(db, selection=day)[0] == sum(not e.drill for e in saved)
    before = Selection(end_ms=parse_time("2027-01-14", end=True, tz=CET))
    assert run_export(db, selection=before)[0] == 0


def test_parse_time():
    assert parse_time("2027-01-15T09:00", tz=CET) == START
    assert parse_time("2027-01-15T08:00Z") == START
    assert parse_time("2027-01-15T10:00+02:00") == START
    assert parse_time("2027-01-15", tz=CET) == START - 9 * 60 * MIN
    assert parse_time("2027-01-15", end=True, tz=CET) == START + 15 * 60 * MIN
    with pytest.raises(ValueError, match="not an ISO date or time"):
        parse_time("gisteren")


def test_incident_filter(journal_file):
    db, saved = journal_file
    lines = jsonl(run_export(db, selection=Selection(incident="inc-1"))[1])[1:-1]
    assert [line["entry"]["payload"]["text"] for line in lines] == ["rookmelder",
                                                                    "TS 4131 ter plaatse"]
    assert jsonl(run_export(db, selection=Selection(incident="inc-1"))[1])[0][
        "complete"] is False
    assert run_export(db, selection=Selection(incident="nope"))[0] == 0


def test_csv_reads_in_a_spreadsheet(journal_file):
    db, saved = journal_file
    n, data = run_export(db, "csv", Selection(drill="include"))
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert n == len(rows) == len(saved)
    assert set(CSV_COLUMNS) <= set(rows[0]) and {
        "time", "utc_ms", "operator", "console", "kind", "radio", "unit", "talkgroup",
        "text", "drill", "entry_id", "seq", "prev_hash", "hash"} <= set(rows[0])
    by_id = {r["entry_id"]: r for r in rows}
    assert list(by_id) == [e.id for e in by_hlc(saved)]
    first = by_id[saved[0].id]
    assert first["time"] == "2027-01-15T09:00:00.000+01:00"
    assert first["utc_ms"] == str(START) and first["unit"] == "2104131"
    assert (first["console"], first["operator"], first["kind"], first["radio"]) == (
        "pos-1", "system", "radio.status", "r1")
    assert first["text"] == summarize(saved[0].kind, saved[0].payload)
    assert (first["seq"], first["prev_hash"], first["hash"]) == (
        "1", saved[0].prev_hash, saved[0].hash)
    kinds = {e.kind: by_id[e.id] for e in saved}
    assert kinds["radio.talkgroup"]["talkgroup"] == "3110001"
    assert kinds["radio.tx_grant"]["unit"] == "2104131"
    assert kinds["radio.call_incoming"]["unit"] == "2200101"
    assert kinds["radio.call_incoming"]["talkgroup"] == "3120001"
    assert kinds["incident.note"]["incident"] == "inc-1"
    texts = [r["text"] for r in rows]
    assert texts == [cell(summarize(e.kind, e.payload)) for e in by_hlc(saved)]
    assert "'" + FORMULA in texts  # a formula stays text in a spreadsheet
    assert 'Zoë, "Cuijk–Grave"\nen verder' in texts  # commas, quotes, a newline, UTF-8
    assert [r["drill"] for r in rows].count("true") == 2
    stepped = next(e for e in saved if e.wall_ms is not None)
    assert by_id[stepped.id]["utc_ms"] == str(stepped.wall_ms)  # the time it happened


def test_a_file_is_written_whole_and_replaces_the_old_one(journal_file, tmp_path):
    db, saved = journal_file
    out = tmp_path / "export.jsonl"
    out.write_text("old")
    n, stdout = run_export(db, out=out)
    assert stdout == b"" and out.read_bytes() == run_export(db)[1]
    assert os.listdir(tmp_path) == ["export.jsonl"]  # no temp file left


@pytest.mark.parametrize("where", ["missing folder", "folder is a file", "a folder"])
def test_an_unwritable_path_is_one_line_and_no_file(journal_file, tmp_path, where):
    db, _ = journal_file
    (tmp_path / "plain").write_text("x")
    (tmp_path / "dir").mkdir()
    out = {"missing folder": tmp_path / "nope" / "e.csv",
           "folder is a file": tmp_path / "plain" / "e.csv",
           "a folder": tmp_path / "dir"}[where]
    with pytest.raises(ExportError) as caught:
        run_export(db, "csv", out=out)
    message = str(caught.value)
    assert message.startswith(f"cannot write {out}: ") and "\n" not in message
    assert {"missing folder": "does not exist", "folder is a file": "Not a directory",
            "a folder": "Is a directory"}[where] in message
    assert sorted(os.listdir(tmp_path)) == ["dir", "plain"] and not os.listdir(tmp_path /
                                                                              "dir")


def test_a_read_only_disk_leaves_the_old_file(journal_file, tiny_fs):
    db, _ = journal_file
    out = tiny_fs.path / "e.jsonl"
    out.write_text("old")
    tiny_fs.remount("ro")
    with pytest.raises(ExportError, match=f"cannot write {out}: Read-only file system"):
        run_export(db, out=out)
    assert out.read_text() == "old" and os.listdir(tiny_fs.path) == ["e.jsonl"]


def test_a_full_disk_leaves_no_half_file(journal_file, tiny_fs):
    db, _ = journal_file
    out = tiny_fs.path / "e.csv"
    out.write_text("old")
    fill(tiny_fs.path, keep_free=2000)  # room for the start of it, not for all
    with pytest.raises(ExportError, match=f"cannot write {out}: No space left on device"):
        run_export(db, "csv", out=out)
    assert out.read_text() == "old"
    assert sorted(os.listdir(tiny_fs.path)) == ["e.csv", "filler.bin"]


class FullDisk(io.BufferedWriter):
    """A file that takes ``room`` bytes, then fails as a full disk does."""
    room = 1000

    def write(self, data):
        if self.tell() + len(data) > self.room:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return super().write(data)


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_a_write_failing_midway_leaves_no_file(journal_file, tmp_path, monkeypatch, fmt):
    """The same without root (no tmpfs): the file write raises ENOSPC part-way."""
    db, _ = journal_file
    monkeypatch.setattr(export_module.os, "fdopen",
                        lambda fd, mode: FullDisk(io.FileIO(fd, "w"), buffer_size=64))
    out = tmp_path / f"e.{fmt}"
    with pytest.raises(ExportError, match=f"cannot write {out}: No space left on device"):
        run_export(db, fmt, out=out)
    assert os.listdir(tmp_path) == []


def test_not_a_journal_and_no_journal(tmp_path):
    with pytest.raises(ExportError, match="no journal at"):
        run_export(tmp_path / "nope.db")
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"not sqlite at all" * 100)
    with pytest.raises(ExportError, match=f"cannot read the journal {garbage}"):
        run_export(garbage, out=tmp_path / "e.jsonl")
    assert sorted(os.listdir(tmp_path)) == ["garbage.db"]


def test_formats_are_a_registry_and_emsi_is_not_there_yet(journal_file, tmp_path):
    db, _ = journal_file
    assert {"jsonl", "csv"} <= set(FORMATS) and "emsi" not in FORMATS
    with pytest.raises(NotAvailable, match="not available yet"):
        run_export(db, "emsi", out=tmp_path / "e.xml")
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("drill", ["exclude", "include"])
def test_export_streams_entry_by_entry(journal_file, tmp_path, monkeypatch, drill):
    """Never the whole journal in memory: each entry read is written before the next ones
    are taken (the reader itself fetches in batches); both worlds merge as they come."""
    db, _ = journal_file
    taken, behind = [0], []
    real = JournalReader.entries_by_hlc

    def counted(self, *args, **kwargs):
        for e in real(self, *args, **kwargs):
            taken[0] += 1
            yield e

    def write(entries, out, ctx):
        written = 0
        for _ in entries:
            written += 1
            behind.append(taken[0] - written)
        return written

    monkeypatch.setattr(JournalReader, "entries_by_hlc", counted)
    monkeypatch.setitem(FORMATS, "probe", write)
    n, _ = run_export(db, "probe", Selection(drill=drill), out=tmp_path / "e")
    assert n > 10 and max(behind) <= (1 if drill == "exclude" else 2)
