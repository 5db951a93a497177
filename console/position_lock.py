"""One console per data folder: a lock on the journal's folder, held for the whole run.

Two processes on one folder would write one console's hash chain (same console id, same
seq): every commit of the second fails. So the lock is taken before the journal opens, and
a second start is refused with who holds it (an info file beside the lock: pid, host,
start time, journal). The lock is an OS lock (``flock`` through ``filelock``): the kernel
drops it when the holder dies, so a crash never leaves the folder locked.

A second position on one machine gets its own folder under ``posities/<name>`` with its
own journal, traces and console id (kept in that folder, stable across restarts).
Training uses its own folder (``oefening/``), so training and live work lock separately.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import socket
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from filelock import FileLock, Timeout

from console.settings import work_paths

LOG = logging.getLogger(__name__)

LOCK_NAME = "vangnet.lock"
INFO_NAME = "vangnet.lock.json"  # who holds the lock; read by a refused second start
POSITIONS_DIR = "posities"
POSITION_FILE = "position.json"  # a position's own console id
NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,31}")
MAX_POSITIONS = 99


@dataclass(frozen=True, slots=True)
class Holder:
    """Who holds a folder, as its info file says."""

    pid: int
    host: str
    started: str  # ISO 8601, local time with offset
    journal: str

    def since(self) -> str:
        try:
            return datetime.fromisoformat(self.started).strftime("%Y-%m-%d %H:%M")
        except ValueError:
            return self.started


class PositionBusy(Exception):
    """Another process holds this folder; ``holder`` is None when it wrote no details yet."""

    def __init__(self, folder: Path, holder: Holder | None):
        self.folder, self.holder = folder, holder
        super().__init__(self.message())

    def message(self) -> str:
        h = self.holder
        who = (f"process {h.pid} on {h.host}, running since {h.since()}, journal {h.journal}"
               if h else f"details unknown, folder {self.folder}")
        return (f"This position is already running ({who}). Use that window, or start a"
                " second position with its own journal: vangnet run --position NAME")


class PositionLock:
    """The held lock of one folder; ``release()`` at exit (the kernel does it on a crash)."""

    def __init__(self, folder: Path, lock: FileLock):
        self.folder, self._lock = folder, lock
        self.info_path = folder / INFO_NAME

    @property
    def held(self) -> bool:
        return self._lock.is_locked

    def release(self) -> None:
        if not self._lock.is_locked:
            return
        with contextlib.suppress(OSError):  # a stale info file is harmless: pid says so
            self.info_path.unlink()
        self._lock.release()


def acquire(journal: Path) -> PositionLock:
    """Lock the folder of ``journal`` without waiting; raises PositionBusy if taken."""
    folder = journal.parent
    folder.mkdir(parents=True, exist_ok=True)
    # thread_local=False: taken on the main thread, released wherever shutdown runs.
    lock = FileLock(folder / LOCK_NAME, timeout=0, thread_local=False)
    try:
        lock.acquire(blocking=False)
    except Timeout:
        raise PositionBusy(folder, read_holder(folder)) from None
    held = PositionLock(folder, lock)
    info = {"pid": os.getpid(), "host": socket.gethostname(), "journal": str(journal),
            "started": datetime.now().astimezone().isoformat(timespec="seconds")}
    try:
        _write_atomically(held.info_path, info)
    except OSError as exc:  # the lock holds without it; a second start just knows less
        LOG.warning("cannot write %s: %s", held.info_path, exc)
    return held


def read_holder(folder: Path) -> Holder | None:
    """The info file's holder, or None if missing, unreadable or left by a dead process
    (the window between a new holder's lock and its info file)."""
    try:
        raw = json.loads((folder / INFO_NAME).read_text("utf-8"))
        holder = Holder(int(raw["pid"]), str(raw["host"]), str(raw["started"]),
                        str(raw["journal"]))
    except (OSError, ValueError, TypeError, KeyError):
        return None
    if holder.host == socket.gethostname() and not _alive(holder.pid):
        return None
    return holder


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: it exists
        return True
    return True


def _write_atomically(path: Path, data: dict) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(data, f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


# --- positions -------------------------------------------------------------------------


def check_name(name: str) -> str:
    if not NAME_PATTERN.fullmatch(name):
        raise ValueError(f"position name {name!r}: use 1-32 letters, digits, - or _,"
                         " starting with a letter or digit")
    return name


def position_folder(data_dir: Path, name: str) -> Path:
    return data_dir / POSITIONS_DIR / check_name(name)


def position_id(folder: Path, name: str) -> str:
    """The position's console id: made on its first start, then read from its folder."""
    path = folder / POSITION_FILE
    try:
        return _read_id(path)
    except FileNotFoundError:
        pass
    except (OSError, ValueError, TypeError, KeyError) as exc:
        # Never reuse a guess: a fresh id starts a chain of its own (seq 1), never a clash.
        aside = path.with_name(f"{path.name}.bad-{datetime.now():%Y%m%d-%H%M%S}")
        LOG.error("%s unreadable (%s); kept as %s, new console id made", path, exc, aside)
        os.replace(path, aside)
    folder.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    _write_atomically(tmp, {"console_id": f"pos-{uuid.uuid4().hex[:8]}-{name}", "name": name})
    try:
        os.link(tmp, path)  # never replaces: live and training of one position may race
    except FileExistsError:
        pass
    finally:
        tmp.unlink()
    return _read_id(path)


def _read_id(path: Path) -> str:
    value = json.loads(path.read_text("utf-8"))["console_id"]
    if not isinstance(value, str) or not value:
        raise ValueError("no console_id")
    return value


@dataclass(frozen=True, slots=True)
class Claim:
    """A position this process now owns: where it journals, under which id, and its lock."""

    journal: Path
    traces: Path
    console_id: str
    position: str  # "" for the main position of the data dir
    lock: PositionLock | None  # None only when the folder could not be locked (read-only)


def claim(data_dir: Path, base_id: str, training: bool, position: str = "",
          db: Path | None = None) -> Claim:
    """Lock the folder of the journal this start would use; raises PositionBusy."""
    base = position_folder(data_dir, position) if position else data_dir
    journal, traces, _ = work_paths(base, "", training)
    journal = db or journal
    lock = acquire(journal)
    try:
        own_id = position_id(base, position) if position else base_id
    except OSError:
        lock.release()
        raise
    return Claim(journal, traces, work_paths(base, own_id, training)[2], position, lock)


def claim_next(data_dir: Path, base_id: str, training: bool) -> Claim:
    """The first free numbered position (2, 3, ...): one that is not running now."""
    for n in range(2, MAX_POSITIONS + 1):
        try:
            return claim(data_dir, base_id, training, str(n))
        except PositionBusy:
            continue
    raise PositionBusy(data_dir / POSITIONS_DIR, None)
