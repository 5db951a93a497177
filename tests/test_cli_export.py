"""``vangnet export`` and ``vangnet import journal`` as a user runs them."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from console.journal.kinds import summarize
from tests.journal.test_export import make_journal

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str | Path, home: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, **({"VANGNET_HOME": str(home)} if home else {})}
    return subprocess.run([sys.executable, "main.py", *map(str, args)], cwd=ROOT, env=env,
                          capture_output=True, timeout=60)


@pytest.fixture(scope="module")
def journal(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "journal.db"
    return path, make_journal(path)


def test_export_import_verify(journal, tmp_path):
    db, saved = journal
    out = tmp_path / "archive.jsonl"
    done = run("export", "--format", "jsonl", "--drill", "include", "--db", db, "--out", out)
    assert done.returncode == 0, done.stderr
    assert f"{len(saved)} entries exported to {out}".encode() in done.stdout
    loaded = run("import", "journal", out)  # the default: beside it, as .db
    assert loaded.returncode == 0, loaded.stderr
    assert b"every chain verified" in loaded.stdout and b"pos-1 (15), pos-2 (2)" in loaded.stdout
    verified = run("verify", tmp_path / "archive.db")
    assert verified.returncode == 0 and b"intact: 17 entries" in verified.stdout
    again = run("import", "journal", out, "--db", tmp_path / "archive.db")
    assert again.returncode == 1
    assert b"already exists and is not empty" in again.stderr
    assert b"nothing imported" in again.stderr


def test_export_to_standard_output_leaves_drills_out(journal):
    db, saved = journal
    done = run("export", "--format", "jsonl", "--db", db)
    assert done.returncode == 0, done.stderr
    lines = [orjson.loads(line) for line in done.stdout.splitlines()]
    assert [line["entry"]["id"] for line in lines[1:-1]] == [
        e.id for e in sorted(saved, key=lambda e: e.hlc) if not e.drill]
    same = run("export", "--format", "jsonl", "--db", db, "--out", "-")
    assert len(same.stdout.splitlines()) == len(lines)


def test_csv_with_filters(journal, tmp_path):
    db, saved = journal
    out = tmp_path / "inc-1.csv"
    done = run("export", "--format", "csv", "--incident", "inc-1", "--from", "2027-01-14",
               "--to", "2027-01-15", "--db", db, "--out", out)
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8-sig"), newline="")))
    notes = [e for e in saved if e.payload.get("incident") == "inc-1"]
    assert len(notes) == 2
    assert [r["entry_id"] for r in rows] == [e.id for e in notes]
    assert [r["text"] for r in rows] == [summarize(e.kind, e.payload) for e in notes]
    assert {r["incident"] for r in rows} == {"inc-1"}


def test_the_default_journal_is_the_live_one(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    saved = make_journal(data / "journal.db")
    done = run("export", "--format", "csv", "--drill", "only", home=tmp_path)
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout.decode("utf-8-sig"), newline="")))
    assert [r["entry_id"] for r in rows] == [e.id for e in saved if e.drill]
    missing = run("export", "--format", "csv", home=tmp_path / "elsewhere")
    assert missing.returncode == 1 and b"no journal at" in missing.stderr


def test_bad_requests_say_so_and_write_nothing(journal, tmp_path):
    db, _ = journal
    emsi = run("export", "--format", "emsi", "--db", db, "--out", tmp_path / "e.xml")
    assert emsi.returncode == 2 and b"not available yet" in emsi.stderr
    when = run("export", "--format", "csv", "--from", "gisteren", "--db", db)
    assert when.returncode == 2 and b"'gisteren' is not an ISO date or time" in when.stderr
    out = tmp_path / "nope" / "e.csv"
    nowhere = run("export", "--format", "csv", "--db", db, "--out", out)
    assert nowhere.returncode == 1
    assert nowhere.stderr.decode().strip() == (
        f"vangnet export: cannot write {out}: the folder {out.parent} does not exist")
    units = run("import", "units", tmp_path / "u.csv", "--db", tmp_path / "x.db")
    assert units.returncode == 2 and b"--db is for `import journal` only" in units.stderr
    assert os.listdir(tmp_path) == []


def test_import_names_the_bad_line(journal, tmp_path):
    db, _ = journal
    out = tmp_path / "archive.jsonl"
    assert run("export", "--format", "jsonl", "--drill", "include", "--db", db, "--out",
               out).returncode == 0
    lines = out.read_bytes().splitlines()
    out.write_bytes(b"\n".join([*lines[:3], b"\x00\xffgarbage", *lines[3:]]) + b"\n")
    done = run("import", "journal", out, "--db", tmp_path / "new.db")
    assert done.returncode == 1
    assert b"line 4: not JSON" in done.stderr and b"nothing imported" in done.stderr
    assert sorted(os.listdir(tmp_path)) == ["archive.jsonl"]
    filtered = tmp_path / "filtered.jsonl"
    assert run("export", "--format", "jsonl", "--db", db, "--out", filtered).returncode == 0
    done = run("import", "journal", filtered)
    assert done.returncode == 1 and b"a filtered export" in done.stderr
    assert not (tmp_path / "filtered.db").exists()
