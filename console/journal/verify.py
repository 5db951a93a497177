"""Walk every console's hash chain in a journal file and name the first broken entry."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from console.journal.entry import GENESIS_HASH
from console.journal.reader import columns, connect_readonly, entry_from_row


@dataclass
class VerifyReport:
    ok: bool
    entries: int = 0
    consoles: dict[str, int] = field(default_factory=dict)  # console -> last seq
    problem: str = ""
    bad_entry: str | None = None  # entry id, or "console:seq" where no row exists

    def summary(self) -> str:
        if self.ok:
            chains = ", ".join(f"{c} ({n})" for c, n in sorted(self.consoles.items()))
            return f"intact: {self.entries} entries in {len(self.consoles)} chain(s): {chains}"
        where = f" at entry {self.bad_entry}" if self.bad_entry else ""
        return f"BROKEN{where}: {self.problem}"


def verify(path: str | Path) -> VerifyReport:
    path = Path(path)
    if not path.exists():
        return VerifyReport(False, problem=f"no such file: {path}")
    try:
        conn = connect_readonly(path)
        try:
            return _verify(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return VerifyReport(False, problem=f"database damaged: {exc}")


def _verify(conn: sqlite3.Connection) -> VerifyReport:
    integrity = conn.execute("PRAGMA integrity_check").fetchall()
    if integrity != [("ok",)]:
        detail = "; ".join(r[0] for r in integrity[:3])
        return VerifyReport(False, problem=f"database damaged: {detail}")
    heads = dict(((c, (s, h)) for c, s, h in
                  conn.execute("SELECT console, seq, hash FROM chain_heads")))
    report = VerifyReport(True)
    consoles = [r[0] for r in conn.execute("SELECT DISTINCT console FROM entries")]
    selected = columns(conn)  # a file from before wall_ms verifies as it is, unmigrated
    for console in sorted(set(consoles) | set(heads)):
        expected_seq, prev = 1, GENESIS_HASH
        rows = conn.execute(f"SELECT {selected} FROM entries WHERE console = ? ORDER BY seq",
                            (console,))
        for row in rows:
            e = entry_from_row(row)
            fault = None
            if e.seq != expected_seq:
                missing = f"{console}:{expected_seq}"
                return _broken(report, missing, f"entry {missing} is missing "
                               f"(chain jumps from seq {expected_seq - 1} to {e.seq})")
            if e.prev_hash != prev:
                fault = "does not follow the entry before it (previous-hash mismatch)"
            elif e.computed_hash() != e.hash:
                fault = "content was changed after it was saved (hash mismatch)"
            if fault:
                return _broken(report, e.id, f"{console} seq {e.seq} {fault}")
            expected_seq, prev = e.seq + 1, e.hash
            report.entries += 1
        last_seq = expected_seq - 1
        head = heads.get(console)
        if head is None:
            return _broken(report, None, f"no chain head recorded for console {console}")
        if head[0] > last_seq:
            return _broken(report, f"{console}:{last_seq + 1}",
                           f"{console} ends at seq {last_seq} but its head says seq {head[0]}: "
                           "entries are missing at the end")
        if head != (last_seq, prev):
            return _broken(report, f"{console}:{last_seq}",
                           f"{console} head (seq {head[0]}) does not match its last entry")
        report.consoles[console] = last_seq
    return report


def _broken(report: VerifyReport, bad: str | None, problem: str) -> VerifyReport:
    report.ok, report.bad_entry, report.problem = False, bad, problem
    return report
