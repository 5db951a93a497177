"""Read-only access to a journal file; WAL readers never block the writer."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from console.journal.entry import Entry

COLUMNS = ("position, id, console, seq, hlc_ms, hlc_counter, operator, kind, payload, drill,"
           " prev_hash, hash, wall_ms")
# The same row from a file written before m005 (read, never migrated: verify, recover).
COLUMNS_BEFORE_WALL_MS = COLUMNS.replace("wall_ms", "NULL AS wall_ms")


def columns(conn: sqlite3.Connection) -> str:
    """What to select for ``entry_from_row`` from this file's entries table."""
    try:
        names = {r[1] for r in conn.execute("PRAGMA table_info(entries)")}
    except sqlite3.DatabaseError:
        return COLUMNS  # the schema cannot be read: neither select would work
    return COLUMNS if "wall_ms" in names or not names else COLUMNS_BEFORE_WALL_MS


def entry_from_row(row: tuple[Any, ...]) -> Entry:
    (position, id_, console, seq, hlc_ms, hlc_counter, operator, kind, payload, drill,
     prev_hash, hash_, wall_ms) = row
    return Entry(id_, console, seq, hlc_ms, hlc_counter, operator, kind, orjson.loads(payload),
                 bool(drill), prev_hash, hash_, position, wall_ms)


def connect_readonly(path: Path) -> sqlite3.Connection:
    """A read-only connection that never blocks the writer (WAL)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError:
        conn.close()
        if os.access(path.parent, os.W_OK):
            raise  # locked or broken: an immutable read could miss committed entries
        # On read-only media SQLite cannot create the WAL index; nobody can write there
        # either, so reading the file as immutable is safe.
        conn = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
    return conn


class JournalReader:
    """One read-only connection; use one reader per thread."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        if not self.path.exists():
            raise FileNotFoundError(f"no journal at {self.path}")
        self._conn = connect_readonly(self.path)
        self._columns = columns(self._conn)

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> JournalReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def entries(self, after: int = 0, limit: int | None = None,
                batch: int = 5000) -> Iterator[Entry]:
        """Entries in local commit order, starting after ``after`` (a position)."""
        taken = 0
        while limit is None or taken < limit:
            want = batch if limit is None else min(batch, limit - taken)
            rows = self._conn.execute(
                f"SELECT {self._columns} FROM entries WHERE position > ? "
                "ORDER BY position LIMIT ?", (after, want)).fetchall()
            if not rows:
                return
            for row in rows:
                yield entry_from_row(row)
            taken += len(rows)
            after = rows[-1][0]

    def entries_by_hlc(self, after: tuple[int, int, str] | None, drill: bool,
                       upto: int | None = None, batch: int = 5000) -> Iterator[Entry]:
        """Entries of one world (drill or live) in HLC order, after the HLC key ``after``
        (None: all), committed at or before position ``upto`` (None: all). The order every
        console's projections fold in (console/state/projection.py)."""
        key = after or (-1, -1, "")
        limit = upto if upto is not None else self.last_position()
        while True:
            rows = self._conn.execute(
                f"SELECT {self._columns} FROM entries WHERE drill = ? AND position <= ? AND "
                "(hlc_ms, hlc_counter, console) > (?, ?, ?) "
                "ORDER BY hlc_ms, hlc_counter, console LIMIT ?",
                (int(drill), limit, *key, batch)).fetchall()
            if not rows:
                return
            for row in rows:
                yield entry_from_row(row)
            last = rows[-1]
            key = (last[4], last[5], last[2])

    def entries_of(self, kinds: tuple[str, ...], drill: bool, upto: int,
                   flag: str | None = None,
                   after: tuple[int, int, str] | None = None) -> list[Entry]:
        """Entries of these kinds in one world, committed at or before ``upto`` and (if
        given) after the HLC key ``after``, in HLC order; with ``flag``, only those whose
        payload holds ``flag: true``. A quick look at a few kinds of a long history."""
        marks = ",".join("?" * len(kinds))
        key = after or (-1, -1, "")
        if flag:  # payloads are canonical JSON: a text search first, then the exact test
            source = "entries"
            where = (f"instr(payload, ?) > 0 AND +kind IN ({marks}) AND "
                     f"json_extract(payload, '$.{flag}') = 1")
            args: tuple[Any, ...] = (f'"{flag}":true', *kinds)
        else:  # few rows of these kinds: through the kind index, not the whole history
            source = "entries INDEXED BY entries_kind"
            where, args = f"kind IN ({marks})", kinds
        rows = self._conn.execute(
            f"SELECT {self._columns} FROM {source} WHERE {where} AND +drill = ? AND "
            "position <= ? AND (+hlc_ms, +hlc_counter, +console) > (?, ?, ?) "
            "ORDER BY hlc_ms, hlc_counter, console",
            (*args, int(drill), upto, *key)).fetchall()
        return [entry_from_row(row) for row in rows]

    def payload_values(self, kind: str, key: str, drill: bool, upto: int) -> set[Any]:
        """The values of payload ``key`` in entries of ``kind`` (e.g. every acknowledged
        alarm id)."""
        return {row[0] for row in self._conn.execute(
            "SELECT json_extract(payload, '$.' || ?) FROM entries WHERE kind = ? AND "
            "drill = ? AND position <= ?", (key, kind, int(drill), upto))}

    def has_late_entries(self, key: tuple[int, int, str], position: int, drill: bool) -> bool:
        """Whether an entry of this world committed after ``position`` is older than
        ``key``: ingested late, so a snapshot taken at (key, position) misses it."""
        # By position (the rowid): the entries after a snapshot are few; through the HLC
        # index the same question read most of a long history (0.05 s per 1M entries,
        # once per projection, at every start).
        row = self._conn.execute(
            "SELECT 1 FROM entries WHERE position > ? AND +drill = ? AND "
            "(+hlc_ms, +hlc_counter, +console) <= (?, ?, ?) LIMIT 1",
            (position, int(drill), *key)).fetchone()
        return row is not None

    def chain_heads(self) -> dict[str, tuple[int, str]]:
        """The last (seq, hash) held per console."""
        rows = self._conn.execute("SELECT console, seq, hash FROM chain_heads").fetchall()
        return {console: (seq, hash_) for console, seq, hash_ in rows}

    def known_ids(self, ids: list[str], batch: int = 500) -> set[str]:
        """Which of these entry ids the journal holds."""
        known: set[str] = set()
        for n in range(0, len(ids), batch):
            part = ids[n:n + batch]
            marks = ",".join("?" * len(part))
            known.update(r[0] for r in self._conn.execute(
                f"SELECT id FROM entries WHERE id IN ({marks})", part))
        return known

    def count(self) -> int:
        return self._conn.execute("SELECT count(*) FROM entries").fetchone()[0]

    def last_position(self) -> int:
        return self._conn.execute("SELECT coalesce(max(position), 0) FROM entries").fetchone()[0]

    def snapshots(self) -> dict[str, tuple[int, Any]]:
        try:
            rows = self._conn.execute("SELECT name, position, state FROM snapshots").fetchall()
        except sqlite3.OperationalError:  # an old file without the table
            return {}
        return {name: (pos, orjson.loads(state)) for name, pos, state in rows}


def hlc_source(path: str | Path):
    """A projection host's ``source``: opens the journal for each (rare) re-fold."""
    def source(after: tuple[int, int, str] | None, drill: bool, upto: int) -> Iterator[Entry]:
        with JournalReader(path) as reader:
            yield from reader.entries_by_hlc(after, drill, upto)
    return source
