"""``vangnet import journal``: a complete export loads into a new journal that verifies and
folds to the same screen; anything wrong is named by its line and nothing is written."""

from __future__ import annotations

import io
import os
from pathlib import Path

import orjson
import pytest

from console.core import build_projections
from console.journal.entry import seal
from console.journal.export import Selection, export
from console.journal.import_journal import IMPORT_CONSOLE, ImportProblem, import_journal
from console.journal.reader import JournalReader
from console.journal.store import JournalStore
from console.journal.verify import verify
from tests.journal.test_disk_full import fill
from tests.journal.test_export import CET, DATA, START, make_journal


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """(journal, its complete export, the entries as stored)."""
    folder = tmp_path_factory.mktemp("exported")
    db = folder / "journal.db"
    saved = make_journal(db)
    out = folder / "all.jsonl"
    export(db, "jsonl", out, Selection(drill="include"), now_ms=START, tz=CET)
    return db, out, saved


def lines_of(path: Path) -> list[bytes]:
    return path.read_bytes().splitlines()


def write_lines(path: Path, lines: list[bytes]) -> Path:
    path.write_bytes(b"".join(line + b"\n" for line in lines))
    return path


def state(host):
    return {name: orjson.loads(orjson.dumps(p.snapshot(), option=orjson.OPT_SORT_KEYS))
            for name, p in host.projections.items()}


def folded(path: Path, drill: bool):
    host = build_projections(DATA, drill=drill)
    with JournalReader(path) as reader:
        host.rebuild(reader, use_snapshots=False)
    return host


def test_export_then_import_gives_the_same_journal_and_the_same_screen(exported, tmp_path):
    db, out, saved = exported
    target = tmp_path / "archive.db"
    done = import_journal(out, target)
    assert (done.entries, done.consoles) == (len(saved), {"pos-1": 15, "pos-2": 2})
    assert sorted(os.listdir(tmp_path)) == ["archive.db"]  # no temp file, no -wal
    report = verify(target)
    assert report.ok and report.entries == len(saved), report.summary()
    with JournalReader(db) as a, JournalReader(target) as b:
        original, imported = list(a.entries()), list(b.entries())
        assert IMPORT_CONSOLE not in b.chain_heads()  # it wrote nothing of its own
        assert b.chain_heads() == a.chain_heads()
    # ids, consoles, seqs, HLC, wall_ms, payloads, hashes: everything but the local row
    assert sorted(imported, key=lambda e: e.hlc) == sorted(original, key=lambda e: e.hlc)
    assert any(e.wall_ms is not None for e in imported)
    for drill in (False, True):
        before, after = folded(db, drill), folded(target, drill)
        assert state(after) == state(before)
        assert after.projections["units"].units() == before.projections["units"].units()
    live = folded(target, False)
    assert [(a.alarm_id, a.acknowledged_by) for a in live.projections["alarms"].history] == [
        (e.id, "anna") for e in saved if e.kind == "radio.status" and e.payload["value"] == 0]
    heard = {r.issi: r.status_since_ms for r in live.projections["units"].units()}
    assert heard["2104131"] and heard["2200101"]  # the board has rows worth comparing
    again = io.BytesIO()  # and it exports again to the same entries
    export(target, "jsonl", None, Selection(drill="include"), stdout=again, now_ms=START)
    entries = [orjson.loads(line)["entry"] for line in again.getvalue().splitlines()[1:-1]]
    assert [(e["id"], e["hash"]) for e in entries] == [
        (e.id, e.hash) for e in sorted(saved, key=lambda e: e.hlc)]


def test_an_empty_journal_round_trips(tmp_path):
    db = tmp_path / "empty.db"
    JournalStore(db, "pos-1").open().close()
    out = tmp_path / "empty.jsonl"
    export(db, "jsonl", out, Selection(drill="include"), now_ms=START)
    done = import_journal(out, tmp_path / "new.db")
    assert done.entries == 0 and verify(tmp_path / "new.db").ok


def refused(source: Path, target: Path, *expected: str) -> str:
    where = target.parent if target.parent.is_dir() else target.parent.parent
    folder = sorted(os.listdir(where))
    with pytest.raises(ImportProblem) as caught:
        import_journal(source, target)
    message = str(caught.value)
    for part in expected:
        assert part in message, message
    assert "\n" not in message
    assert sorted(os.listdir(where)) == folder  # nothing written, no target
    return message


def entry_line_numbers(lines: list[bytes]) -> list[int]:
    return [n for n, line in enumerate(lines, 1) if orjson.loads(line)["type"] == "entry"]


def reseal(record: dict, **changes) -> dict:
    """An entry changed and hashed again, as someone forging a chain would."""
    fields = {**record, **changes}
    e = seal(id=fields["id"], console=fields["console"], seq=fields["seq"],
             hlc=(fields["hlc_ms"], fields["hlc_counter"]), operator=fields["operator"],
             kind=fields["kind"], payload=fields["payload"], drill=fields["drill"],
             prev_hash=fields["prev_hash"], wall_ms=fields["wall_ms"])
    return {**fields, "hash": e.hash}


def edit(lines: list[bytes], number: int, fn) -> list[bytes]:
    record = orjson.loads(lines[number - 1])
    record["entry"] = fn(record["entry"])
    return [*lines[:number - 1], orjson.dumps(record), *lines[number:]]


def test_a_broken_chain_is_named_by_its_line(exported, tmp_path):
    _, out, _ = exported
    lines = lines_of(out)
    fifth = entry_line_numbers(lines)[4]
    target = tmp_path / "new.db"
    changed = edit(lines, fifth, lambda e: {**e, "payload": {**e["payload"], "value": 1}})
    refused(write_lines(tmp_path / "changed.jsonl", changed), target,
            f"line {fifth}:", "does not match its hash")
    gone = [*lines[:fifth - 1], *lines[fifth:]]  # an entry taken out
    refused(write_lines(tmp_path / "gap.jsonl", gone), target,
            f"line {fifth}:", "breaks its chain", "missing before it")
    forged = edit(lines, fifth, lambda e: reseal(e, prev_hash="1" * 64))
    refused(write_lines(tmp_path / "forged.jsonl", forged), target,
            f"line {fifth}:", "does not follow", "previous-hash mismatch")
    twice = [*lines[:fifth], lines[fifth - 1], *lines[fifth:]]
    refused(write_lines(tmp_path / "twice.jsonl", twice), target,
            f"line {fifth + 1}:", "again")


def test_entries_missing_at_the_end_or_a_file_cut_short(exported, tmp_path):
    _, out, _ = exported
    lines = lines_of(out)
    target = tmp_path / "new.db"
    refused(write_lines(tmp_path / "cut.jsonl", lines[:-3]), target,
            f"ends at line {len(lines) - 3} without its end line: cut short")
    last_entry = entry_line_numbers(lines)[-1]  # pos-1's last: counted and fixed, still
    end = orjson.loads(lines[-1])
    end["entries"] -= 1
    short = [*lines[:last_entry - 1], *lines[last_entry:-1], orjson.dumps(end)]
    refused(write_lines(tmp_path / "short.jsonl", short), target,
            f"line {len(short)}:", "pos-1: the end line says its chain ends at #15",
            "the file holds up to #14")
    refused(write_lines(tmp_path / "after.jsonl", [*lines, lines[1]]), target,
            f"line {len(lines) + 1}: a line after the end line")


@pytest.mark.parametrize("case", ["garbage", "not json object", "binary", "foreign schema",
                                  "unknown type", "bad field", "missing field"])
def test_garbage_and_foreign_lines(exported, tmp_path, case):
    _, out, _ = exported
    lines = lines_of(out)
    third = entry_line_numbers(lines)[2]
    bad = {"garbage": b"{this is not json",
           "not json object": b"[1, 2, 3]",
           "binary": bytes(range(256)).replace(b"\n", b""),
           "foreign schema": b'{"time": 1.5, "event": "status", "issi": "2104131"}',
           "unknown type": b'{"type": "incident", "id": "x"}',
           "bad field": None, "missing field": None}[case]
    if case == "bad field":
        changed = edit(lines, third, lambda e: {**e, "seq": "3"})
        expected = ("entry field 'seq' is '3', not a whole number",)
    elif case == "missing field":
        changed = edit(lines, third, lambda e: {k: v for k, v in e.items() if k != "hash"})
        expected = ("not one of our entries (missing hash)",)
    else:
        changed = [*lines[:third - 1], bad, *lines[third:]]
        expected = {"garbage": ("not JSON",), "not json object": ("not a JSON object",),
                    "binary": ("not JSON",), "foreign schema": ("not an entry line",),
                    "unknown type": ("not an entry line (type 'incident')",)}[case]
    refused(write_lines(tmp_path / "bad.jsonl", changed), tmp_path / "new.db",
            f"line {third}:", *expected)


def test_a_foreign_file_or_header(exported, tmp_path):
    _, out, _ = exported
    lines = lines_of(out)
    target = tmp_path / "new.db"
    decoded = write_lines(tmp_path / "decoded.jsonl", [b'{"kind": "status", "issi": "1"}'])
    refused(decoded, target, "line 1: not a Vangnet journal export")
    header = orjson.loads(lines[0])
    newer = write_lines(tmp_path / "newer.jsonl", [orjson.dumps({**header, "version": 2}),
                                                   *lines[1:]])
    refused(newer, target, "line 1: format version 2 is from a newer Vangnet")
    recovered = write_lines(tmp_path / "rec.jsonl", [b'{"type": "recovered", "entries": 0}'])
    refused(recovered, target, "line 1: a `vangnet recover` report")
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    refused(empty, target, "the file is empty")
    refused(exported[0], target, "an SQLite database", "not a JSON lines export")
    refused(tmp_path / "absent.jsonl", target, "cannot read", "absent.jsonl")


def test_a_filtered_export_is_refused_saying_why(exported, tmp_path):
    db, _, _ = exported
    out = tmp_path / "live.jsonl"
    export(db, "jsonl", out, Selection(), now_ms=START)  # the default leaves drills out
    refused(out, tmp_path / "new.db", "line 1: a filtered export (--drill exclude left "
            "entries out) cannot be imported as a verified journal", "--drill include")
    export(db, "jsonl", out, Selection(start_ms=START, drill="include"), now_ms=START)
    refused(out, tmp_path / "new.db", "line 1: a filtered export (--from)")


def test_only_into_a_new_journal(exported, tmp_path):
    db, out, _ = exported
    target = tmp_path / "in-use.db"
    target.write_bytes(db.read_bytes())
    before = target.read_bytes()
    refused(out, target, f"{target} already exists and is not empty")
    assert target.read_bytes() == before
    refused(out, tmp_path / "nope" / "new.db", "the folder", "does not exist")
    empty = tmp_path / "empty.db"
    empty.touch()  # an empty file is no journal yet: it may be the target
    assert import_journal(out, empty).entries == verify(empty).entries > 0


def test_a_full_disk_leaves_nothing(exported, tiny_fs):
    _, out, _ = exported
    fill(tiny_fs.path, keep_free=8_000)  # room to begin the journal, not for all of it
    with pytest.raises(ImportProblem, match=f"cannot write {tiny_fs.path / 'new.db'}"):
        import_journal(out, tiny_fs.path / "new.db")
    assert os.listdir(tiny_fs.path) == ["filler.bin"]
