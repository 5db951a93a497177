"""``vangnet recover FILE``: what is still readable in a damaged or set-aside journal file.

Every entry row SQLite can still read is taken, and each console's chain is checked
again: ``verified`` (follows from the first entry of its chain), ``unanchored`` (its own
hash is right but an entry before it is missing or does not link) or ``broken`` (its
content does not match its hash). What cannot be read is named by position (rowid) range;
nothing is dropped without a line saying so. The result is a JSON lines file; ``--into
JOURNAL`` also ingests the verified entries into a journal (sealed as they are, per
console chain, idempotent: ``JournalStore.ingest``, through ``import_journal.load_entries``).
Each entry line is the export's (``export.entry_line``) with its status: every field of
the entry, ``wall_ms`` too (null when the clock was not behind, and for every entry of a
file written before that column existed, which reads as it is).

What it can read: every row of a page SQLite can still reach by rowid, also past a
damaged page and in a file cut short (``writable_schema`` lets SQLite read a file shorter
than its header says). What it cannot: rows on lost or overwritten pages, anything when
the first page (the schema) is gone, a file that never was SQLite. The file itself is
never written: read in place as immutable, or, with a -wal beside it, from a copy.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import orjson

from console.journal.entry import GENESIS_HASH, Entry
from console.journal.export import entry_line
from console.journal.reader import columns, entry_from_row
from console.journal.set_aside import examine, read_only_uri, utc_stamp
from drivers.clock import wall_ms

VERIFIED, UNANCHORED, BROKEN = "verified", "unanchored", "broken"
RECOVER_CONSOLE = "vangnet-recover"  # the store's own id for --into: never an entry's
SCAN_BATCH = 1000


@dataclass(frozen=True, slots=True)
class Found:
    entry: Entry
    status: str  # VERIFIED, UNANCHORED, BROKEN
    problem: str = ""


@dataclass
class Recovery:
    source: Path
    found: list[Found] = field(default_factory=list)
    unreadable: list[tuple[int, int, str]] = field(default_factory=list)  # positions, error
    problems: list[str] = field(default_factory=list)  # about the file or a whole chain

    @property
    def verified(self) -> list[Entry]:
        return [f.entry for f in self.found if f.status == VERIFIED]

    @property
    def complete(self) -> bool:
        return not (self.unreadable or self.problems) and all(
            f.status == VERIFIED for f in self.found)

    def summary(self) -> str:
        counts = {s: sum(f.status == s for f in self.found) for s in (VERIFIED, UNANCHORED,
                                                                       BROKEN)}
        lines = [f"{self.source}: {len(self.found)} entries read: {counts[VERIFIED]} "
                 f"verified, {counts[UNANCHORED]} unanchored, {counts[BROKEN]} broken"]
        lines += [f"  unreadable: positions {a}-{b}: {why}" for a, b, why in self.unreadable]
        lines += [f"  {p}" for p in self.problems]
        return "\n".join(lines)

    def json_lines(self) -> Iterator[bytes]:
        yield orjson.dumps({"type": "recovered", "source": str(self.source),
                            "entries": len(self.found), "verified": len(self.verified),
                            "complete": self.complete, "problems": self.problems})
        for f in self.found:
            yield entry_line(f.entry, status=f.status, problem=f.problem)
        for a, b, why in self.unreadable:
            yield orjson.dumps({"type": "unreadable", "positions": [a, b], "error": why})


def recover(path: str | Path) -> Recovery:
    """Read what can be read; never raises for what the file holds."""
    path = Path(path)
    result = Recovery(path)
    try:
        with _open(path) as conn:
            heads = _read_entries(conn, result)
    except (OSError, sqlite3.Error) as exc:
        result.problems.append(f"cannot be read: {exc}")
        return result
    _check_chains(result, heads)
    return result


@contextmanager
def _open(path: Path) -> Iterator[sqlite3.Connection]:
    wal = Path(f"{path}-wal")
    with tempfile.TemporaryDirectory(prefix="vangnet-recover-") as tmp:
        if wal.exists():  # reading it would write the -shm beside the original: a copy
            copy = Path(tmp) / "journal.db"
            shutil.copyfile(path, copy)
            shutil.copyfile(wal, f"{copy}-wal")
            conn = sqlite3.connect(read_only_uri(copy), uri=True)
        else:
            conn = sqlite3.connect(f"{path.absolute().as_uri()}?immutable=1", uri=True)
        try:
            conn.execute("PRAGMA writable_schema = ON")  # read a file cut short, as it is
            yield conn
        finally:
            conn.close()


def _read_entries(conn: sqlite3.Connection, result: Recovery) -> dict[str, tuple[int, str]]:
    """Scan in position order; past a damaged page, probe position by position up to the
    highest position any readable structure knows. Returns the chain heads it could read."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "entries" not in tables:
        result.problems.append("no journal entries table in it: not a Vangnet journal")
        return {}
    try:
        heads = {c: (s, h) for c, s, h in conn.execute(
            "SELECT console, seq, hash FROM chain_heads")
            if isinstance(c, str) and isinstance(s, int) and s > 0}  # not a damaged row
    except sqlite3.DatabaseError as exc:
        heads = {}
        result.problems.append(f"chain heads cannot be read ({exc}): whether entries are "
                               "missing at the end is not known")
    selected = columns(conn)  # a file from before wall_ms (m005) reads as it is
    rows: list[tuple] = []
    after, candidates = 0, None
    while True:
        after, error = _scan(conn, selected, after, rows)
        if error is None:
            break
        if candidates is None:
            candidates = _known_positions(conn, heads, rows)
        start, found = after + 1, False
        for position in (p for p in candidates if p > after):
            try:
                row = conn.execute(f"SELECT {selected} FROM entries WHERE position = ?",
                                   (position,)).fetchone()
            except sqlite3.DatabaseError as exc:
                error = str(exc)
                continue
            if row is not None:
                if position > start:
                    result.unreadable.append((start, position - 1, error))
                rows.append(row)
                after, found = position, True
                break
        if not found:
            beyond = [p for p in candidates if p > after]
            result.unreadable.append((start, max([start, *beyond]), error if beyond else
                                      f"{error}; how many entries follow is not known"))
            break
    for row in rows:
        try:
            result.found.append(Found(entry_from_row(row), VERIFIED))
        except (TypeError, ValueError, orjson.JSONDecodeError) as exc:
            result.unreadable.append((row[0], row[0], f"row cannot be read as an entry: {exc}"))
    return heads


MAX_PROBED = 10_000_000  # positions tried past a damaged page, at most


def _scan(conn: sqlite3.Connection, selected: str, after: int,
          rows: list[tuple]) -> tuple[int, str | None]:
    """Rows after ``after`` until the end (error None) or the first that raises."""
    try:
        while True:
            cursor = conn.execute(f"SELECT {selected} FROM entries WHERE position > ? "
                                  "ORDER BY position LIMIT ?", (after, SCAN_BATCH))
            taken = 0
            for row in cursor:
                if not isinstance(row[0], int) or row[0] <= after:  # a page read as nonsense
                    return after, f"position {row[0]!r} out of order after {after}"
                rows.append(row)
                after, taken = row[0], taken + 1
            if taken < SCAN_BATCH:
                return after, None
    except sqlite3.DatabaseError as exc:
        return after, str(exc)


def _known_positions(conn: sqlite3.Connection, heads: dict[str, tuple[int, str]],
                     rows: list[tuple]) -> list[int]:
    """Positions worth probing past a damaged page: rows are numbered without gaps, one
    per chain link, so 1 up to the chain heads' total; and each position the table or an
    index still names (single values: a damaged page may name nonsense)."""
    # A damaged chain_heads page can read as nonsense (None, text, huge numbers).
    linked = sum(seq for seq, _ in heads.values() if isinstance(seq, int) and seq > 0)
    known = set(range(1, min(linked, MAX_PROBED) + 1))
    top = _try(lambda: conn.execute("SELECT max(position) FROM entries").fetchone()[0], None)
    if top is not None:
        known.add(top)
    indexes = _try(lambda: [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'entries'")], [])
    for name in indexes:
        try:
            for (position,) in conn.execute(f'SELECT position FROM entries INDEXED BY "{name}"'):
                if isinstance(position, int):
                    known.add(position)
        except sqlite3.DatabaseError:
            continue  # as far as it could be read
    return sorted(known - {r[0] for r in rows})


def _try(read, default):
    try:
        return read()
    except sqlite3.DatabaseError:
        return default


def _check_chains(result: Recovery, heads: dict[str, tuple[int, str]]) -> None:
    by_console: dict[str, list[Entry]] = {}
    for f in result.found:
        by_console.setdefault(f.entry.console, []).append(f.entry)
    checked: list[Found] = []
    for console in sorted(by_console):
        expected, prev, anchored = 1, GENESIS_HASH, True
        for e in sorted(by_console[console], key=lambda e: e.seq):
            if e.computed_hash() != e.hash:
                checked.append(Found(e, BROKEN, "content does not match its hash"))
                anchored = False
                continue
            if anchored and e.seq != expected:
                anchored = False
                problem = f"{console} #{expected}..#{e.seq - 1} missing before it"
            elif anchored and e.prev_hash != prev:
                anchored = False
                problem = f"does not follow {console} #{e.seq - 1}"
            else:
                problem = "" if anchored else "an earlier entry of its chain is missing"
            checked.append(Found(e, VERIFIED if anchored else UNANCHORED, problem))
            expected, prev = e.seq + 1, e.hash
        last = max(e.seq for e in by_console[console])
        head = heads.get(console)
        if head is not None and head[0] > last:
            result.problems.append(f"{console}: entries after #{last} are missing "
                                   f"(its chain head says #{head[0]})")
    for console, (seq, _) in sorted(heads.items()):
        if console not in by_console:
            result.problems.append(f"{console}: none of its {seq} entries could be read")
    result.found = sorted(checked, key=lambda f: f.entry.position)


def write_json_lines(recovery: Recovery, out: Path) -> None:
    with open(out, "wb") as f:
        for line in recovery.json_lines():
            f.write(line + b"\n")


def ingest_into(journal: Path, entries: list[Entry], out: TextIO) -> bool:
    """Ingest verified entries into ``journal``; False when any was refused."""
    # only for --into: the store, and the loading `vangnet import journal` uses too
    from console.journal.import_journal import describe, load_entries
    from console.journal.store import JournalStore

    why = examine(journal)
    if why is not None:
        out.write(f"{journal} is not a usable journal ({why}): nothing ingested\n")
        return False
    store = JournalStore(journal, RECOVER_CONSOLE).open()
    try:
        result = load_entries(store, entries)
    finally:
        store.close()
    out.write(f"{journal}: {result.stored} entries ingested, {result.duplicates} held "
              f"already, {len(result.refused)} refused\n")
    for r in result.refused[:20]:
        out.write(f"  refused {describe(r)}\n")
    if len(result.refused) > 20:
        out.write(f"  ... and {len(result.refused) - 20} more refused\n")
    return not result.refused


def build_parser(prog: str = "vangnet recover") -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=prog, description=(
        "Read what is still readable from a damaged or set-aside journal file."))
    p.add_argument("file", type=Path, help="the journal file (e.g. journal.db.unusable-...)")
    p.add_argument("-o", "--out", type=Path,
                   help="JSON lines file to write (default: FILE.recovered-<time>.jsonl)")
    p.add_argument("--into", type=Path, metavar="JOURNAL",
                   help="also ingest the verified entries into this journal")
    return p


def main_recover(argv: list[str], stdout: TextIO | None = None,
                 stderr: TextIO | None = None) -> int:
    """0: everything was read and verifies; 1: something could not be (said on stderr)."""
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    args = build_parser().parse_args(argv)
    if not args.file.is_file():
        stderr.write(f"vangnet recover: no such file: {args.file}\n")
        return 1
    recovery = recover(args.file)
    out = args.out or args.file.with_name(
        f"{args.file.name}.recovered-{utc_stamp(wall_ms())}.jsonl")
    try:
        write_json_lines(recovery, out)
    except OSError as exc:
        stderr.write(f"vangnet recover: cannot write {out}: {exc}\n")
        return 1
    (stdout if recovery.complete else stderr).write(recovery.summary() + "\n")
    stdout.write(f"written to {out}\n")
    ingested = ingest_into(args.into, recovery.verified, stdout) if args.into else True
    return 0 if recovery.complete and ingested else 1
