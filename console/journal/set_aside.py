"""A journal file that is not ours or cannot be used is moved aside, never changed or deleted.

Ours is a file whose header carries our ``application_id`` (every journal since m004), or
an older Vangnet journal: our migration set in sqlite-utils' migrations table (it is
migrated as before). An empty database is begun in place. Garbage, a truncated or
damaged file and another program's database are renamed with a time stamp next to the
path (``journal.db.unusable-20261202T071500Z``, with its -wal/-shm files) and a new
journal is begun. A file that is locked, read-only or cannot be opened is not the file's
fault: it stays where it is and the store's health says why.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from console.journal.health import classify
from console.journal.migrations import APPLICATION_ID, journal
from console.notices import Notice, NoticeCode, Severity

LOG = logging.getLogger(__name__)

SIDECARS = ("-wal", "-shm", "-journal")  # SQLite's files beside a database: they go with it
UNUSABLE = "unusable"  # the infix of a set-aside file's name


def utc_stamp(ms: int) -> str:
    """A file-name time stamp, UTC to the second: 20261202T071500Z."""
    return time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(ms / 1000))


def read_only_uri(path: Path) -> str:
    return f"{path.absolute().as_uri()}?mode=ro"


@dataclass(frozen=True, slots=True)
class SetAside:
    original: Path  # where the journal was (a new one is there now)
    moved_to: Path  # the set-aside file; its -wal/-shm files are beside it
    reason: str

    def notice(self) -> Notice:
        return Notice(NoticeCode.JOURNAL_SET_ASIDE, str(self.moved_to), self.reason,
                      Severity.ERROR)


def examine(path: str | Path) -> str | None:
    """Why the file at ``path`` cannot be used as our journal, or None: ours, empty, absent,
    or not to be judged now (locked, read-only, cannot be opened). Reads only."""
    path = Path(path)
    try:
        if path.stat().st_size == 0:
            return None
    except OSError:
        return None  # absent (a new journal), or not ours to judge
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True, timeout=0)
    except sqlite3.Error:
        return None
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        user_version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = sorted(r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'"))
        ours = app_id == APPLICATION_ID or bool(journal.applied(Database(conn)))
    except sqlite3.DatabaseError as exc:
        if classify(exc) == "damaged":
            return f"not a usable SQLite database: {exc}"
        return None
    finally:
        conn.close()
    if ours:
        return None
    if app_id:
        return f"another program's database (application_id {app_id:#010x})"
    if not tables and not user_version:
        return None  # an empty database: nothing in it to keep
    return ("another program's database (no Vangnet journal in it; tables: "
            f"{', '.join(tables) or 'none'}; user_version {user_version})")


def move_aside(path: str | Path, reason: str, now_ms: int) -> SetAside:
    """Rename the file and its SQLite sidecars to ``<name>.unusable-<stamp>``. Sidecars
    move first: a new database at ``path`` must never meet the old -wal. Raises OSError
    (nothing moved) if the directory does not allow it."""
    path = Path(path)
    stem = f"{path.name}.{UNUSABLE}-{utc_stamp(now_ms)}"
    target, n = path.with_name(stem), 1
    while any(Path(f"{target}{s}").exists() for s in ("", *SIDECARS)):
        n += 1
        target = path.with_name(f"{stem}-{n}")
    moved: list[tuple[Path, Path]] = []
    try:
        for suffix in (*SIDECARS, ""):
            source = Path(f"{path}{suffix}")
            if source.exists():
                os.rename(source, f"{target}{suffix}")
                moved.append((source, Path(f"{target}{suffix}")))
    except OSError:
        for source, dest in reversed(moved):  # all or nothing: the files stay together
            os.rename(dest, source)
        raise
    fsync_dir(path.parent)
    LOG.error("journal %s set aside as %s (%s); a new journal is begun", path, target, reason)
    return SetAside(path, target, reason)


def fsync_dir(directory: Path) -> None:
    """Make renames and new files in ``directory`` survive a power cut."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
