"""The SQLite journal: one writer thread with group commit; readers on their own connections.

Saved means durable: an ``append()`` future resolves only after the transaction holding
the entry has committed with ``synchronous=FULL`` in WAL mode, i.e. after the WAL was
fsynced. Whatever arrives while one commit is being fsynced goes into the next
transaction together (group commit), so a burst costs one fsync, not one per entry.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import queue
import sqlite3
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from sqlite_utils import Database

from console.journal.clock_notice import clock_behind_notice
from console.journal.entry import (
    GENESIS_HASH,
    Entry,
    HybridLogicalClock,
    behind_wall,
    canonical_bytes,
    canonical_json,
    new_entry_id,
    seal,
)
from console.journal.health import JournalError, JournalHealth, classify
from console.journal.ingest import IngestResult, check_foreign
from console.journal.migrations import migrate
from console.journal.set_aside import SetAside, examine, move_aside
from console.notices import Notice
from drivers.clock import wall_ms as clock_wall_ms

LOG = logging.getLogger(__name__)

INSERT_ENTRY = (
    "INSERT INTO entries (id, console, seq, hlc_ms, hlc_counter, operator, kind, payload,"
    " drill, prev_hash, hash, wall_ms) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")
UPSERT_HEAD = (
    "INSERT INTO chain_heads (console, seq, hash) VALUES (?,?,?) "
    "ON CONFLICT(console) DO UPDATE SET seq = excluded.seq, hash = excluded.hash")


def pragmas(synchronous: str = "FULL") -> list[str]:
    """The journal's connection settings; the power-loss test runs these same lines."""
    return ["PRAGMA journal_mode=WAL", f"PRAGMA synchronous={synchronous}",
            "PRAGMA busy_timeout=5000"]


def entry_row(e: Entry) -> tuple[Any, ...]:
    return (e.id, e.console, e.seq, e.hlc_ms, e.hlc_counter, e.operator, e.kind,
            canonical_json(e.payload), int(e.drill), e.prev_hash, e.hash, e.wall_ms)


def commit_entries(conn: Any, entries: list[Entry]) -> list[int]:
    """The commit protocol: one IMMEDIATE transaction for the batch plus its chain heads.

    ``conn`` may be the standard library's sqlite3 or apsw (the power-loss test), so only
    ``execute``/``executemany`` with plain SQL are used. Returns the rows' positions: the
    writer holds the write lock and positions are rowids, so the batch is contiguous.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.executemany(INSERT_ENTRY, [entry_row(e) for e in entries])
        last = conn.execute("SELECT max(position) FROM entries").fetchone()[0]
        heads: dict[str, Entry] = {e.console: e for e in entries}
        for head in heads.values():
            conn.execute(UPSERT_HEAD, (head.console, head.seq, head.hash))
        conn.execute("COMMIT")
    except BaseException:
        try:
            conn.execute("ROLLBACK")
        except Exception:  # the failed statement may already have rolled back
            LOG.debug("rollback after failed commit also failed", exc_info=True)
        raise
    return list(range(last - len(entries) + 1, last + 1))


@dataclass(slots=True)
class _Append:
    id: str
    kind: str
    payload: dict[str, Any]
    operator: str
    drill: bool
    future: Future


@dataclass(slots=True)
class _Ingest:
    entries: list[Entry]
    future: Future


@dataclass(slots=True)
class _Job:
    """Work for the writer that is not an entry: snapshots and flush barriers."""
    run: Callable[[sqlite3.Connection], Any] | None
    future: Future


_STOP = object()


class JournalStore:
    """Owns the database file; ``append`` from any thread, listeners run on the writer."""

    def __init__(self, path: str | Path, console_id: str, *,
                 wall_ms: Callable[[], int] | None = None, synchronous: str = "FULL",
                 probe_interval_s: float = 0.25, max_batch: int = 2000):
        self.path = Path(path)
        self.console_id = console_id
        self._synchronous = synchronous
        self._probe_interval = probe_interval_s
        self._max_batch = max_batch
        self._wall_ms = wall_ms or clock_wall_ms
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._listeners: list[Callable[[list[Entry]], None]] = []
        self._health_listeners: list[Callable[[JournalHealth], None]] = []
        self._health = JournalHealth(ok=True)
        self._thread: threading.Thread | None = None
        self._conn: sqlite3.Connection | None = None
        self._seq = 0
        self._position = 0  # the last committed row's position (rowid)
        self._last_hash = GENESIS_HASH
        self.hlc = HybridLogicalClock(self._wall_ms)
        self._closed = False
        self._ready = False  # schema migrated and chain head known
        self._unusable: str | None = None  # why the file must be set aside (open's caller)
        # The file that was not a usable journal, moved aside at open; a new one is begun.
        self.set_aside: SetAside | None = None
        # This computer's clock is behind the journal's newest entry (it stepped back):
        # said at open, for the start-up banner.
        self.clock_notice: Notice | None = None

    # -- life cycle ---------------------------------------------------------------------
    def open(self, *, unusable: str | None = None) -> JournalStore:
        """Open and start the writer. A journal that cannot be written yet (read-only,
        full disk) does not stop the console: health says why, appends fail clearly, and
        the writer keeps trying until it can save again. A file that is not a usable
        journal (garbage, damaged, another program's) is set aside and a new journal
        begun: ``set_aside`` says where it went. ``unusable``: the caller found the file
        damaged (a read failed) and says why."""
        self._unusable = unusable
        try:
            self._prepare_or_replace()
        except (sqlite3.Error, OSError) as exc:
            self._failed(exc)
        self._thread = threading.Thread(target=self._writer_loop, name="journal-writer",
                                        daemon=True)
        self._thread.start()
        return self

    def _prepare_or_replace(self) -> None:
        reason = self._unusable or examine(self.path)
        if reason is None:
            try:
                self._prepare()
                return
            except sqlite3.DatabaseError as exc:
                if classify(exc) != "damaged":
                    raise
                reason = f"damaged: {exc}"
        self._unusable = reason  # until it is moved (a read-only disk: tried again later)
        self.set_aside = move_aside(self.path, reason, self._wall_ms())
        self._unusable = None
        self._prepare()

    def _prepare(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = self._connect()
        try:
            migrate(Database(conn))
            row = conn.execute("SELECT seq, hash FROM chain_heads WHERE console = ?",
                               (self.console_id,)).fetchone()
            # Per world, through the HLC index (one ORDER BY over both read every row).
            tops = [conn.execute("SELECT hlc_ms, hlc_counter FROM entries WHERE drill = ? "
                                 "ORDER BY hlc_ms DESC, hlc_counter DESC LIMIT 1",
                                 (drill,)).fetchone() for drill in (0, 1)]
            top = max((t for t in tops if t is not None), default=None)
            self._position = conn.execute(
                "SELECT coalesce(max(position), 0) FROM entries").fetchone()[0]
        except BaseException:
            conn.close()
            raise
        self._seq, self._last_hash = row if row else (0, GENESIS_HASH)
        # Start the clock past everything already written: restart after the wall clock
        # went back must not stamp new entries earlier than old ones.
        self.hlc = HybridLogicalClock(self._wall_ms, tuple(top) if top else (0, 0))
        self.clock_notice = clock_behind_notice(top[0], self._wall_ms()) if top else None
        self._conn = conn
        self._ready = True
        LOG.info("journal %s opened for console %s at seq %d", self.path, self.console_id,
                 self._seq)

    def close(self, timeout: float = 10.0) -> None:
        """Commit everything queued, then stop the writer and close the database."""
        if self._closed or self._thread is None:
            return
        self._closed = True
        self._queue.put(_STOP)
        self._thread.join(timeout)
        if self._thread.is_alive():
            LOG.error("journal writer did not stop within %.1f s", timeout)
        else:
            self._fail_leftovers()  # put while the writer was finishing

    def __enter__(self) -> JournalStore:
        return self.open()

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- public API ---------------------------------------------------------------------
    def append(self, kind: str, payload: dict[str, Any], *, operator: str,
               drill: bool = False, entry_id: str | None = None) -> Future:
        """Queue an entry; the future resolves to the committed ``Entry`` (or JournalError).
        ``entry_id``: retry an entry that failed to save under the id it was shown with."""
        # Fails here, in the caller, for what cannot be stored; the copy is what a reader
        # gets back later (key order, tuples as lists) and the caller can no longer mutate it.
        stored = orjson.loads(canonical_bytes(payload))
        future: Future = Future()
        future.entry_id = entry_id = entry_id or new_entry_id()  # alarms need it before commit
        if self._closed:
            raise JournalError("closed", "the journal is closed")
        self._queue.put(_Append(entry_id, kind, stored, operator, bool(drill), future))
        self._after_put()
        return future

    def ingest(self, entries: Iterable[Entry]) -> Future:
        """Store sealed entries of other consoles as they are (never re-sealed); the future
        resolves to an :class:`IngestResult`. Each console's chain is verified: an entry
        must carry its own hash and follow the last one held of its console (no gap);
        the same entry again is a no-op; the same id or (console, seq) with other content
        is refused as an integrity problem. The clock observes what was stored, so later
        local entries are newer than everything held."""
        future: Future = Future()
        if self._closed:
            raise JournalError("closed", "the journal is closed")
        self._queue.put(_Ingest(list(entries), future))
        self._after_put()
        return future

    def save_snapshot(self, name: str, position: int, state: Any) -> Future:
        text = canonical_json(state)

        def run(conn: sqlite3.Connection) -> None:
            with conn:
                conn.execute("INSERT OR REPLACE INTO snapshots VALUES (?,?,?,?)",
                             (name, position, text, self._wall_ms()))
        return self._submit(run)

    def flush(self, timeout: float | None = 10.0) -> None:
        """Return when everything appended before this call has been committed or failed."""
        self._submit(None).result(timeout)

    def add_listener(self, fn: Callable[[list[Entry]], None]) -> None:
        """``fn(entries)`` runs on the writer thread right after their commit returned."""
        self._listeners.append(fn)

    def add_health_listener(self, fn: Callable[[JournalHealth], None]) -> None:
        self._health_listeners.append(fn)

    @property
    def health(self) -> JournalHealth:
        return self._health

    # -- writer thread ------------------------------------------------------------------
    def _submit(self, run: Callable[[sqlite3.Connection], Any] | None) -> Future:
        future: Future = Future()
        self._queue.put(_Job(run, future))
        self._after_put()
        return future

    def _after_put(self) -> None:
        """Nothing may wait forever behind the writer's stop. No lock on this hot path:
        whoever finds the writer gone fails what is left (queue.get is thread-safe)."""
        if self._closed and self._thread is not None and not self._thread.is_alive():
            self._fail_leftovers()

    def _fail_leftovers(self) -> None:
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                return
            future = getattr(item, "future", None)
            if future is not None and not future.done():
                future.set_exception(JournalError("closed", "the journal is closed"))

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        for line in pragmas(self._synchronous):
            conn.execute(line)
        return conn

    def _writer_loop(self) -> None:
        stopping = False
        while not stopping:
            try:
                first = self._queue.get(timeout=None if self._health.ok else self._probe_interval)
            except queue.Empty:
                self._probe()
                continue
            batch = [first]
            while len(batch) < self._max_batch:  # group commit: take all that waits now
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            stopping = any(item is _STOP for item in batch)
            appends = [i for i in batch if isinstance(i, _Append)]
            if appends:
                self._commit(appends)
            for ingest in (i for i in batch if isinstance(i, _Ingest)):
                self._ingest(ingest)
            for job in (i for i in batch if isinstance(i, _Job)):
                self._run_job(job)
        self._fail_leftovers()  # put after _STOP: closed, not left waiting
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        LOG.info("journal %s closed at seq %d", self.path, self._seq)

    def _commit(self, appends: list[_Append]) -> None:
        if not self._ready:  # without the chain head no entry can be sealed
            error = JournalError(self._health.problem or "other", self._health.detail)
            for a in appends:
                a.future.set_exception(error)
            return
        seq, prev, position = self._seq, self._last_hash, self._position
        entries = []
        for a in appends:
            seq += 1
            position += 1  # this thread is the only writer, so rowids are predictable
            ms, counter, wall = self.hlc.stamp()
            entry = seal(id=a.id, console=self.console_id, seq=seq, hlc=(ms, counter),
                         operator=a.operator, kind=a.kind, payload=a.payload, drill=a.drill,
                         prev_hash=prev, position=position, wall_ms=behind_wall(ms, wall))
            entries.append(entry)
            prev = entry.hash
        try:
            conn = self._conn or self._connect()
            self._conn = conn
            positions = commit_entries(conn, entries)
        except (sqlite3.Error, OSError) as exc:
            self._failed(exc)
            error = JournalError(classify(exc), str(exc))
            for a in appends:
                a.future.set_exception(error)
            return
        self._seq, self._last_hash = seq, prev  # advance only once the commit returned
        self._position = positions[-1]
        committed = entries
        if positions[0] != entries[0].position:  # another process wrote rows: trust SQLite
            LOG.warning("journal %s was written by someone else; positions re-read", self.path)
            committed = [dataclasses.replace(e, position=p)
                         for e, p in zip(entries, positions, strict=True)]
        self._set_health(JournalHealth(ok=True))
        for a, e in zip(appends, committed, strict=True):
            a.future.set_result(e)
        for fn in self._listeners:
            try:
                fn(committed)
            except Exception:
                LOG.exception("journal listener %r failed", fn)

    def _ingest(self, item: _Ingest) -> None:
        if not self._ready:
            item.future.set_exception(JournalError(self._health.problem or "other",
                                                   self._health.detail))
            return
        try:
            conn = self._conn or self._connect()
            self._conn = conn
            stored, duplicates, refused = check_foreign(conn, item.entries, self.console_id)
            positions = commit_entries(conn, stored) if stored else []
        except (sqlite3.Error, OSError) as exc:
            self._failed(exc)
            item.future.set_exception(JournalError(classify(exc), str(exc)))
            return
        for r in refused:
            log = LOG.error if r.problem == "integrity" else LOG.warning
            log("entry %s (%s #%d) not ingested: %s: %s", r.entry_id, r.console, r.seq,
                r.problem, r.detail)
        # What a reader gets back later (key order of the canonical JSON), as for appends.
        committed = [dataclasses.replace(e, position=p,
                                         payload=orjson.loads(canonical_bytes(e.payload)))
                     for e, p in zip(stored, positions, strict=True)]
        if committed:
            self._position = positions[-1]
            newest = max(committed, key=lambda e: e.hlc)
            self.hlc.observe((newest.hlc_ms, newest.hlc_counter))
        self._set_health(JournalHealth(ok=True))
        item.future.set_result(IngestResult(committed, duplicates, refused))
        if committed:
            for fn in self._listeners:
                try:
                    fn(committed)
                except Exception:
                    LOG.exception("journal listener %r failed", fn)

    def _run_job(self, job: _Job) -> None:
        try:
            if job.run and not self._ready:
                raise sqlite3.OperationalError(self._health.detail or "journal not ready")
            result = job.run(self._conn or self._connect()) if job.run else None
        except (sqlite3.Error, OSError) as exc:
            self._failed(exc)
            job.future.set_exception(JournalError(classify(exc), str(exc)))
        else:
            job.future.set_result(result)

    def _failed(self, exc: BaseException) -> None:
        LOG.error("journal write failed: %s", exc)
        # A connection that hit SQLITE_FULL or an I/O error is reopened for the next try.
        if self._conn is not None:
            try:
                self._conn.close()
            except sqlite3.Error:
                pass
            self._conn = None
        problem = classify(exc)
        if problem == "cannot_open" and not os.access(self.path.parent, os.W_OK):
            problem = "read_only"  # SQLite cannot create its -wal/-shm files there
        if self._health.ok or self._health.problem != problem:
            self._set_health(JournalHealth(False, problem, str(exc), self._wall_ms()))

    def _probe(self) -> None:
        """While unhealthy: try a tiny real write; success means saving works again."""
        try:
            if not self._ready:
                self._prepare_or_replace()
            conn = self._conn or self._connect()
            self._conn = conn
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT OR REPLACE INTO write_probe VALUES (1, ?)", (self._wall_ms(),))
            conn.execute("COMMIT")
        except (sqlite3.Error, OSError) as exc:
            self._failed(exc)
            return
        LOG.info("journal can save again")
        self._set_health(JournalHealth(ok=True))

    def _set_health(self, health: JournalHealth) -> None:
        if health.ok and self._health.ok:
            return
        self._health = health
        for fn in self._health_listeners:
            try:
                fn(health)
            except Exception:
                LOG.exception("journal health listener %r failed", fn)


def append_all(store: JournalStore, items: Iterable[tuple[str, dict[str, Any]]], *,
               operator: str, drill: bool = False) -> list[Entry]:
    """Append several entries and wait for all of them (helper for commands and tests)."""
    futures = [store.append(k, p, operator=operator, drill=drill) for k, p in items]
    return [f.result() for f in futures]
