"""Wire trace: every byte that crossed a port, with monotonic time and direction.

Doubles as the transcript format (STYLE.md #8; pyserial ``spy://`` habit). Text, one
record per line::

    # vangnet wire trace v1 port=<port>
    <monotonic seconds, 6 decimals> <RX|TX> <hex, no spaces> |<printable ASCII, else .>|

RX = radio → PC, TX = PC → radio. ``main.py decode`` replays the RX bytes.

A trace file rotates by size like ``logging.handlers.RotatingFileHandler``: ``x.trace`` is
the newest, ``x.trace.1`` … ``x.trace.<backups>`` older ones (each starts with the header,
so each decodes on its own); a console left running for weeks keeps a bounded trace.

A folder of traces is bounded by :func:`prune_trace_dir`: by age (:data:`MAX_AGE_DAYS`),
then by size (:data:`MAX_TOTAL_BYTES`, oldest first). Per-port pruning
(drivers/pei/transport.py ``prune_traces``) cannot do it for training: a simulated radio's
port is a new temporary path every run, so every run's traces are another "port".
"""

from __future__ import annotations

import logging
import os
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

LOG = logging.getLogger(__name__)

HEADER = "# vangnet wire trace v1"
MAX_BYTES = 10 * 1024 * 1024  # per file; 0 = never rotate
BACKUPS = 5
MAX_AGE_DAYS = 14  # prune_trace_dir: older trace files go
MAX_TOTAL_BYTES = 200 * 1024 * 1024  # prune_trace_dir: then oldest first down to this
_TRACE_NAME = re.compile(r".+\.trace(?:\.\d+)?")  # x.trace, x.trace.1 ... (rotated)
_writing: set[str] = set()  # files a TraceWriter of this process has open
_writing_lock = threading.Lock()
_PRINTABLE = bytes(range(0x20, 0x7F))
_ASCII_MAP = bytes(b if b in _PRINTABLE else ord(".") for b in range(256))


def format_record(t: float, direction: str, data: bytes) -> str:
    return f"{t:.6f} {direction} {data.hex().upper()} |{data.translate(_ASCII_MAP).decode('ascii')}|\n"


class TraceWriter:
    """Appends records to a trace file; safe to call from the I/O and writer threads.

    A file target rotates when a record would take it past ``max_bytes`` (0: never); a
    stream target (tests, stdout) never rotates.
    """

    def __init__(self, target: str | os.PathLike[str] | IO[str], port: str,
                 clock=time.monotonic, max_bytes: int = MAX_BYTES,
                 backups: int = BACKUPS) -> None:
        self._path: Path | None = None
        self._key: str | None = None
        if isinstance(target, (str, os.PathLike)):
            self._path = Path(target)
            self._file: IO[str] = self._open()
            self._owned = True
            self._key = _key(self._path)
            with _writing_lock:
                _writing.add(self._key)
        else:
            self._file, self._owned = target, False
        self._clock = clock
        self._max_bytes, self._backups = max_bytes, backups
        self._lock = threading.Lock()
        self._closed = False
        self._header = f"{HEADER} port={port}\n"
        self._size = 0
        self._write(self._header)

    def rx(self, data: bytes) -> None:
        """Bytes received from the radio."""
        self._record("RX", data)

    def tx(self, data: bytes) -> None:
        """Bytes sent to the radio."""
        self._record("TX", data)

    def close(self) -> None:
        with self._lock:
            if self._key is not None:
                with _writing_lock:
                    _writing.discard(self._key)
            if self._closed:
                return
            self._closed = True
            try:
                if self._owned:
                    self._file.close()
                else:
                    self._file.flush()
            except (OSError, ValueError) as exc:  # a full disk must not fail a disconnect
                LOG.warning("closing trace %s failed: %s", self._path or "stream", exc)

    def _record(self, direction: str, data: bytes) -> None:
        if data:
            self._write(format_record(self._clock(), direction, bytes(data)))

    def _write(self, text: str) -> None:
        with self._lock:
            if self._closed:
                return
            try:
                if (self._path is not None and self._max_bytes > 0
                        and self._size > len(self._header)
                        and self._size + len(text) > self._max_bytes):
                    self._rotate()
                self._file.write(text)
                self._file.flush()
            except (OSError, ValueError) as exc:
                # Disk full (ENOSPC), or a file left closed by a half-failed rotation: the
                # trace is a diagnostic and must never end or block the link. Log once, stop.
                LOG.warning("trace %s disabled: %s", self._path or "stream", exc)
                self._closed = True
                return
            self._size += len(text)  # ASCII only: characters are bytes

    def _open(self) -> IO[str]:
        assert self._path is not None
        return open(self._path, "w", encoding="ascii", buffering=1)

    def _rotate(self) -> None:
        """x.trace → x.trace.1 → … → x.trace.<backups> (dropped); a new x.trace. Lock held."""
        assert self._path is not None
        self._file.close()
        try:
            for n in range(self._backups - 1, 0, -1):
                older = self._path.with_name(f"{self._path.name}.{n}")
                if older.exists():
                    older.replace(self._path.with_name(f"{self._path.name}.{n + 1}"))
            if self._backups > 0:
                self._path.replace(self._path.with_name(f"{self._path.name}.1"))
        except OSError as exc:  # keep appending to the current file rather than lose it
            LOG.warning("cannot rotate trace %s (%s); no more rotation", self._path, exc)
            self._max_bytes = 0
            self._file = open(self._path, "a", encoding="ascii", buffering=1)
            return
        self._file = self._open()
        self._file.write(self._header)
        self._size = len(self._header)


def _key(path: Path) -> str:
    try:
        return str(path.resolve())
    except (OSError, RuntimeError):
        return os.path.abspath(path)


def _is_open(path: Path) -> bool:
    key = _key(path)
    with _writing_lock:
        return key in _writing


def prune_trace_dir(directory: str | os.PathLike[str], *, max_age_days: float = MAX_AGE_DAYS,
                    max_total_bytes: int = MAX_TOTAL_BYTES,
                    now: float | None = None) -> list[Path]:
    """Delete trace files in ``directory`` older than ``max_age_days`` (by modification
    time), then the oldest until the rest takes at most ``max_total_bytes``; return what
    was deleted. Only our files: named ``*.trace`` or ``*.trace.N`` and starting with the
    header; never one a writer of this process has open, never a symlink, no subfolders.
    ``now``: seconds since the epoch (default: the wall clock). Never raises: what it
    cannot read or delete is logged and left."""
    removed: list[Path] = []
    try:
        now = time.time() if now is None else now
        found: list[tuple[float, str, Path, int]] = []  # (mtime, name, path, size)
        with os.scandir(directory) as entries:
            for entry in entries:
                if not _TRACE_NAME.fullmatch(entry.name):
                    continue
                try:
                    if not entry.is_file(follow_symlinks=False) or not is_trace(entry.path):
                        continue
                    info = entry.stat(follow_symlinks=False)
                except FileNotFoundError:
                    continue  # gone meanwhile
                except OSError as exc:
                    LOG.warning("trace %s left: cannot read it (%s)", entry.path, exc)
                    continue
                found.append((info.st_mtime, entry.name, Path(entry.path), info.st_size))
        found.sort()
        oldest_kept = now - max_age_days * 86400
        kept = []
        for item in found:
            mtime, _, path, _ = item
            if mtime < oldest_kept and not _is_open(path):
                if _delete(path, removed) is False:
                    kept.append(item)
            else:
                kept.append(item)
        total = sum(size for *_, size in kept)
        for _, _, path, size in kept:  # oldest first
            if total <= max_total_bytes:
                break
            if not _is_open(path) and _delete(path, removed) is not False:
                total -= size
    except FileNotFoundError:
        pass  # no traces yet
    except Exception as exc:  # a diagnostic's housekeeping never stops a start
        LOG.warning("pruning traces in %s stopped: %s", directory, exc)
    if removed:
        LOG.info("%d old wire-trace files deleted from %s", len(removed), directory)
    return removed


def _delete(path: Path, removed: list[Path]) -> bool | None:
    """True: deleted (and listed in ``removed``); None: gone already; False: it stays."""
    try:
        path.unlink()
    except FileNotFoundError:
        return None  # another console pruned it meanwhile
    except OSError as exc:
        LOG.warning("cannot delete old trace %s: %s", path, exc)
        return False
    removed.append(path)
    return True


def is_trace(path: str | os.PathLike[str]) -> bool:
    """True when the file starts with the wire trace header."""
    with open(path, "rb") as f:
        return f.read(len(HEADER)) == HEADER.encode("ascii")


def read_trace(path: str | os.PathLike[str]) -> Iterator[tuple[float, str, bytes]]:
    """Yield (monotonic time, "RX"/"TX", bytes) per record; bad records are skipped."""
    with open(path, encoding="latin-1") as f:
        for number, line in enumerate(f, 1):
            if line.startswith("#") or not line.strip():
                continue
            parts = line.split(" ", 3)
            try:
                if len(parts) < 3 or parts[1] not in ("RX", "TX"):
                    raise ValueError("bad record")
                yield float(parts[0]), parts[1], bytes.fromhex(parts[2])
            except ValueError:
                LOG.warning("%s:%d: unreadable trace record skipped", path, number)
