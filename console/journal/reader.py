"""Read-only access to a journal file; WAL readers never block the writer."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from console.journal.entry import Entry

COLUMNS = ("position, id, console, seq, hlc_ms, hlc_counter, operator, kind, payload, drill,"
           " prev_hash, hash")


def entry_from_row(row: tuple[Any, ...]) -> Entry:
    (position, id_, console, seq, hlc_ms, hlc_counter, operator, kind, payload, drill,
     prev_hash, hash_) = row
    return Entry(id_, console, seq, hlc_ms, hlc_counter, operator, kind, orjson.loads(payload),
                 bool(drill), prev_hash, hash_, position)


class JournalReader:
    """One read-only connection; use one reader per thread."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        if not self.path.exists():
            raise FileNotFoundError(f"no journal at {self.path}")
        try:
            self._conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
            self._conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError:
            # On read-only media SQLite cannot create the WAL index; nobody can write
            # there either, so reading the file as immutable is safe.
            self._conn = sqlite3.connect(f"file:{self.path}?immutable=1", uri=True)

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
                f"SELECT {COLUMNS} FROM entries WHERE position > ? ORDER BY position LIMIT ?",
                (after, want)).fetchall()
            if not rows:
                return
            for row in rows:
                yield entry_from_row(row)
            taken += len(rows)
            after = rows[-1][0]

    def latest(self, n: int) -> list[Entry]:
        rows = self._conn.execute(
            f"SELECT {COLUMNS} FROM entries ORDER BY position DESC LIMIT ?", (n,)).fetchall()
        return [entry_from_row(r) for r in reversed(rows)]

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
