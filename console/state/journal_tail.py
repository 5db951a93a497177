"""The journal tail: the newest entries as display rows (time, console, operator, kind)."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Any

from console.journal.entry import Entry
from console.journal.kinds import event_ms, summarize


@dataclass(frozen=True, slots=True)
class TailRow:
    id: str
    ms: int  # when it happened (event_ms)
    console: str
    operator: str
    kind: str
    summary: str
    drill: bool


class JournalTail:
    name = "journal_tail"

    def __init__(self, size: int = 500):
        self.rows: deque[TailRow] = deque(maxlen=size)
        self.generation = 0  # counts restores: rows may then differ anywhere, not only at the end

    def apply(self, entry: Entry) -> None:
        self.rows.append(TailRow(entry.id, event_ms(entry), entry.console, entry.operator,
                                 entry.kind, summarize(entry.kind, entry.payload), entry.drill))

    def snapshot(self) -> Any:
        return [r for r in self.rows]

    def restore(self, state: Any) -> None:
        self.generation += 1
        self.rows.clear()
        self.rows.extend(TailRow(**r) for r in state)
