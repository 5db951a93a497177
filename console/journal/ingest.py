"""Entries from other consoles: which to store, which are already held, which to refuse.

Each console's chain is verified against what this journal holds (chain_heads): an entry
must match its own hash and follow the last one held of its console without a gap.
An entry keeps everything its console sealed, ``wall_ms`` included (the other console's
clock when it was behind: the time shown for it); the hash covers it when set.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from console.journal.entry import GENESIS_HASH, Entry


@dataclass(frozen=True, slots=True)
class Refusal:
    entry_id: str
    console: str
    seq: int
    problem: str  # integrity | gap | own_console
    detail: str


@dataclass(frozen=True, slots=True)
class IngestResult:
    """What ``ingest`` did: stored (with local positions), already held, refused."""
    stored: list[Entry]
    duplicates: int
    refused: list[Refusal]

    @property
    def integrity_problems(self) -> list[Refusal]:
        return [r for r in self.refused if r.problem == "integrity"]



def check_foreign(conn: Any, entries: list[Entry], own_console: str
                  ) -> tuple[list[Entry], int, list[Refusal]]:
    """Split entries from other consoles into (to store, duplicates, refused), verifying
    each console's chain against what ``conn`` holds. Pure reads; the caller commits."""
    heads = {c: (seq, h) for c, seq, h in
             conn.execute("SELECT console, seq, hash FROM chain_heads").fetchall()}
    stored: list[Entry] = []
    taken_ids: dict[str, str] = {}  # id -> hash, of the entries accepted in this batch
    refused: list[Refusal] = []
    duplicates = 0
    by_console: dict[str, list[Entry]] = {}
    for e in entries:
        by_console.setdefault(e.console, []).append(e)

    def refuse(e: Entry, problem: str, detail: str) -> None:
        refused.append(Refusal(e.id, e.console, e.seq, problem, detail))

    for console, group in by_console.items():
        seq, head = heads.get(console, (0, GENESIS_HASH))
        held: dict[int, tuple[str, str]] = {}  # seq -> (id, hash) accepted in this batch
        group.sort(key=lambda e: e.seq)
        for n, e in enumerate(group):
            if e.computed_hash() != e.hash:
                refuse(e, "integrity", "the entry does not match its own hash")
                continue
            if e.seq <= seq:
                have = held.get(e.seq) or conn.execute(
                    "SELECT id, hash FROM entries WHERE console = ? AND seq = ?",
                    (console, e.seq)).fetchone()
                if have is not None and tuple(have) == (e.id, e.hash):
                    duplicates += 1
                else:
                    refuse(e, "integrity", f"{console} #{e.seq} is held with other content")
                continue
            if console == own_console:
                refuse(e, "own_console", "only this console writes its own chain")
                continue
            if e.seq != seq + 1:
                for rest in group[n:]:
                    refuse(rest, "gap", f"{console} #{seq + 1} is missing")
                break
            if e.prev_hash != head:
                for rest in group[n:]:
                    refuse(rest, "integrity", f"{console} #{e.seq} does not follow #{seq}")
                break
            other = taken_ids.get(e.id) or conn.execute(
                "SELECT hash FROM entries WHERE id = ?", (e.id,)).fetchone()
            if other is not None:
                refuse(e, "integrity", f"entry id {e.id} is held with other content")
                continue
            stored.append(e)
            held[e.seq] = (e.id, e.hash)
            taken_ids[e.id] = e.hash
            seq, head = e.seq, e.hash
    return stored, duplicates, refused
