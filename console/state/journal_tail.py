"""The journal tail: the newest entries as display rows (time, console, operator, kind).

Rows come in HLC order; each shows when it happened (``event_ms``). When the computer's
clock was behind the journal by more than CLOCK_STEP_MS as an entry was stamped (it stepped
back), its time comes from that clock and is earlier than times above it: the row is
``stepped``, and the screen marks it. Decided by the entry alone, so every console, every
re-fold and every snapshot agree.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Any

from console.journal.entry import CLOCK_STEP_MS, Entry
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
    stepped: bool = False  # the clock was behind the journal: time out of order (snapshots
    # taken before this field restore with the default)


def clock_stepped(entry: Entry) -> bool:
    """Whether the wall clock was more than CLOCK_STEP_MS behind the HLC when ``entry`` was
    stamped: its shown time is then earlier than that of entries ordered before it."""
    return entry.clock_behind_ms > CLOCK_STEP_MS


class JournalTail:
    name = "journal_tail"

    def __init__(self, size: int = 500):
        self.rows: deque[TailRow] = deque(maxlen=size)
        self.generation = 0  # counts restores: rows may then differ anywhere, not only at the end

    def apply(self, entry: Entry) -> None:
        self.rows.append(TailRow(entry.id, event_ms(entry), entry.console, entry.operator,
                                 entry.kind, summarize(entry.kind, entry.payload), entry.drill,
                                 clock_stepped(entry)))

    def snapshot(self) -> Any:
        return [r for r in self.rows]

    def restore(self, state: Any) -> None:
        self.generation += 1
        self.rows.clear()
        self.rows.extend(TailRow(**r) for r in state)
