"""Why the journal cannot save, in stable codes the screen translates."""

from __future__ import annotations

from dataclasses import dataclass


class JournalError(Exception):
    """The journal could not save; ``problem`` is a stable code the UI translates."""

    def __init__(self, problem: str, detail: str):
        super().__init__(f"journal cannot save ({problem}): {detail}")
        self.problem, self.detail = problem, detail


def classify(exc: BaseException) -> str:
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc).lower()
    if name.startswith("SQLITE_FULL") or "disk is full" in text:
        return "disk_full"
    if name.startswith("SQLITE_READONLY") or "readonly" in text or "read-only" in text:
        return "read_only"
    if name.startswith("SQLITE_IOERR") or "i/o error" in text:
        return "io_error"
    if name.startswith("SQLITE_BUSY") or "locked" in text:
        return "locked"
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in text \
            or "not a database" in text:
        return "damaged"  # the file is not (or no longer) an SQLite database
    if name.startswith("SQLITE_CANTOPEN") or "unable to open" in text:
        return "cannot_open"
    return "other"


@dataclass(frozen=True, slots=True)
class JournalHealth:
    ok: bool
    # disk_full, read_only, io_error, locked, damaged, cannot_open, other
    problem: str | None = None
    detail: str = ""
    since_ms: int = 0
