"""Entries held in memory that the journal could not save by exit: a recovery file, imported
at the next start.

The file (JSON lines: a header, then one entry a line) is written next to the journal
(``journal.db.unsaved-20261202T071500Z.jsonl``); if that directory cannot take it, into
``<temp dir>/vangnet-unsaved/``, and if not even that, onto stderr. The next start appends
what the journal does not hold yet (by entry id, so an import cut short is simply done
again) and renames the file ``.imported``; a file that could not be imported stays.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import orjson

from console.journal.health import JournalError
from console.journal.reader import JournalReader
from console.journal.set_aside import fsync_dir, utc_stamp
from console.notices import Notice, NoticeCode, Severity

LOG = logging.getLogger(__name__)

FORMAT = "vangnet.unsaved/1"  # the header's "format": what this module writes and reads
IMPORTED = ".imported"  # appended to a file's name once every entry in it is saved
IMPORT_TIMEOUT_S = 60.0  # a start waits this long for the import to commit


@dataclass(frozen=True, slots=True)
class Unsaved:
    """An entry that was never sealed: the store gives it seq, HLC and hash when saved."""
    id: str
    kind: str
    payload: dict[str, Any]
    operator: str
    drill: bool


def fallback_dir() -> Path:
    return Path(tempfile.gettempdir()) / "vangnet-unsaved"


def file_pattern(journal: Path) -> str:
    return f"{journal.name}.unsaved-*.jsonl"


def write_unsaved(journal: str | Path, console_id: str, items: list[Unsaved], now_ms: int,
                  *, fallback: Path | None = None, stderr: TextIO | None = None) -> Path | None:
    """Write ``items`` to a recovery file; returns where (None: only stderr took them).
    Where it went is logged and said on stderr: whoever closed the console must know."""
    journal = Path(journal).absolute()
    stderr = stderr or sys.stderr
    header = {"format": FORMAT, "journal": str(journal), "console": console_id,
              "written_ms": now_ms, "count": len(items)}
    lines = [orjson.dumps(header)] + [orjson.dumps(item) for item in items]
    name = f"{journal.name}.unsaved-{utc_stamp(now_ms)}.jsonl"
    for directory in (journal.parent, fallback or fallback_dir()):
        try:
            path = _write_new(directory, name, lines)
        except OSError as exc:
            LOG.error("cannot write the recovery file in %s: %s", directory, exc)
            continue
        LOG.error("%d entries the journal could not save were written to %s; they are "
                  "saved at the next start", len(items), path)
        stderr.write(f"vangnet: {len(items)} entries the journal could not save are in "
                     f"{path}\n")
        return path
    LOG.error("%d entries the journal could not save: no recovery file could be written; "
              "they follow on stderr", len(items))
    stderr.write(f"vangnet: {len(items)} entries could not be saved anywhere; here they are "
                 "(JSON lines):\n")
    stderr.write(b"\n".join(lines).decode("utf-8") + "\n")
    return None


def _write_new(directory: Path, name: str, lines: list[bytes]) -> Path:
    """Written whole or not at all: a temporary name, fsync, then the final name."""
    directory.mkdir(parents=True, exist_ok=True)
    path, n = directory / name, 1
    while path.exists():
        n += 1
        path = directory / name.replace(".jsonl", f"-{n}.jsonl")
    tmp = path.with_name(path.name + ".tmp")
    try:
        with open(tmp, "wb") as f:
            f.write(b"\n".join(lines) + b"\n")
            f.flush()
            os.fsync(f.fileno())
        os.rename(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(directory)
    return path


def pending_files(journal: str | Path, fallback: Path | None = None) -> list[Path]:
    """This journal's recovery files, oldest first: beside it, and in the fallback
    directory those whose header names it."""
    journal = Path(journal).absolute()
    found = sorted(journal.parent.glob(file_pattern(journal)))
    spare = fallback or fallback_dir()
    if spare != journal.parent:
        for path in sorted(spare.glob(file_pattern(journal))):
            try:
                header, _, _ = read_unsaved(path)
            except (OSError, ValueError):
                continue
            if header.get("journal") == str(journal):
                found.append(path)
    return sorted(found, key=lambda p: p.name)


def read_unsaved(path: Path) -> tuple[dict[str, Any], list[Unsaved], int]:
    """(header, entries, lines that could not be read). ValueError: not a recovery file."""
    lines = path.read_bytes().splitlines()
    try:
        header = orjson.loads(lines[0]) if lines else {}
    except orjson.JSONDecodeError:
        header = {}
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise ValueError(f"{path} is not a recovery file ({FORMAT})")
    items, bad = [], 0
    for line in lines[1:]:
        try:
            items.append(Unsaved(**orjson.loads(line)))
        except (orjson.JSONDecodeError, TypeError):
            bad += 1
    return header, items, bad


@dataclass
class ImportResult:
    saved: int = 0  # appended now
    already: int = 0  # the journal held them (an earlier import was cut short)
    imported: list[Path] = field(default_factory=list)  # renamed .imported
    kept: list[tuple[Path, str]] = field(default_factory=list)  # (file, why) still waiting

    def notices(self) -> list[Notice]:
        out = []
        if self.saved:
            files = ", ".join(str(p) for p in self.imported) or "-"
            out.append(Notice(NoticeCode.RECOVERED, files,
                              f"{self.saved} entries held at the last exit were saved now"))
        out.extend(Notice(NoticeCode.OTHER, str(path),
                          f"entries held at the last exit are not saved yet: {why}; they "
                          "stay in this file and are tried again at the next start",
                          Severity.ERROR) for path, why in self.kept)
        return out


def import_unsaved(store: Any, fallback: Path | None = None,
                   timeout: float = IMPORT_TIMEOUT_S) -> ImportResult:
    """Append every recovery file of ``store``'s journal, oldest first, and mark each
    done; a file stays as it is if anything in it could not be saved."""
    result = ImportResult()
    for path in pending_files(store.path, fallback):
        try:
            _, items, bad = read_unsaved(path)
            saved, already = _append_new(store, items, timeout)
        except (OSError, ValueError, sqlite3.Error, JournalError, TimeoutError) as exc:
            LOG.error("recovery file %s not imported: %s", path, exc)
            result.kept.append((path, str(exc)))
            continue
        result.saved += saved
        result.already += already
        if bad:
            why = f"{bad} line(s) could not be read"
            LOG.error("recovery file %s: %s; %d entries saved, the file is kept", path, why,
                      saved)
            result.kept.append((path, why))
            continue
        done = path.with_name(path.name + IMPORTED)
        try:
            os.rename(path, done)
        except OSError as exc:  # saved all the same; the next start finds them held
            LOG.error("recovery file %s imported but not renamed: %s", path, exc)
            continue
        LOG.warning("recovery file %s imported: %d entries saved, %d were held already",
                    path, saved, already)
        result.imported.append(done)
    return result


def _append_new(store: Any, items: Iterable[Unsaved], timeout: float) -> tuple[int, int]:
    """Append what the journal does not hold yet; (saved, already held). A duplicate id
    would fail the whole group commit, so they are filtered first."""
    items = list({item.id: item for item in items}.values())
    with JournalReader(store.path) as reader:
        known = reader.known_ids([item.id for item in items])
    futures = [store.append(i.kind, i.payload, operator=i.operator, drill=i.drill,
                            entry_id=i.id) for i in items if i.id not in known]
    for f in futures:
        f.result(timeout)  # raises JournalError: the file stays
    return len(futures), len(items) - len(futures)
