"""The spraakaanvraag queue: units that asked to talk, urgent first, then oldest first.

A status whose canonical meaning is ``spraakaanvraag`` or ``spraakaanvraag_urgent``
(resources/status_codes, C2000.md) queues the unit; the centralist answers or clears it
(``talk_request.answered`` / ``talk_request.cleared`` entries). The projection knows the
unit list only to find each ISSI's discipline, so it stays independent of the unit board.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from console.journal.entry import Entry
from console.journal.kinds import (
    RADIO_STATUS,
    TALK_REQUEST_ANSWERED,
    TALK_REQUEST_CLEARED,
    event_ms,
)
from console.state.rows import replace
from console.state.status_tables import TALK_REQUEST, StatusTables
from console.state.units import UnitInfo, issi_key

LOG = logging.getLogger(__name__)

HISTORY = 50  # enough to answer "who took that request?" during a shift hand-over
OUTCOMES = {TALK_REQUEST_ANSWERED: "answered", TALK_REQUEST_CLEARED: "cleared"}


@dataclass(frozen=True, slots=True)
class TalkRequest:
    issi: str
    urgent: bool
    since_ms: int  # first request; a repeat does not move the unit back in the queue
    radio: str  # the console radio that heard it (answer on that one)
    last_ms: int = 0  # latest repeat
    repeats: int = 0


@dataclass(frozen=True, slots=True)
class HandledRequest:
    issi: str
    outcome: str  # answered | cleared
    operator: str
    at_ms: int
    waited_ms: int
    urgent: bool


class TalkRequests:
    name = "talk_requests"

    def __init__(self, units: Iterable[UnitInfo], tables: StatusTables):
        self.tables = tables
        self._discipline = {issi_key(u.issi): u.discipline for u in units}
        self._open: dict[str, TalkRequest] = {}
        self.history: deque[HandledRequest] = deque(maxlen=HISTORY)

    def queue(self) -> list[TalkRequest]:
        """Urgent first, then oldest first (ties by ISSI so the order is deterministic)."""
        return sorted(self._open.values(), key=lambda r: (not r.urgent, r.since_ms, r.issi))

    def request(self, issi: str) -> TalkRequest | None:
        return self._open.get(issi_key(issi))

    def __len__(self) -> int:
        return len(self._open)

    def apply(self, entry: Entry) -> None:
        p = entry.payload
        if entry.kind == RADIO_STATUS:
            if p.get("from_issi") is None or not isinstance(p.get("value"), int):
                return
            issi = issi_key(p["from_issi"])
            canonical = self.tables.lookup(self._discipline.get(issi), p["value"]).canonical
            if canonical in TALK_REQUEST:
                self._queue(issi, canonical == "spraakaanvraag_urgent", event_ms(entry),
                            str(p.get("radio", "")))
        elif entry.kind in OUTCOMES:
            issi = issi_key(p["issi"])
            req = self._open.pop(issi, None)
            if req is not None:
                self.history.append(HandledRequest(
                    issi, OUTCOMES[entry.kind], entry.operator, event_ms(entry),
                    max(0, event_ms(entry) - req.since_ms), req.urgent))

    def _queue(self, issi: str, urgent: bool, ms: int, radio: str) -> None:
        old = self._open.get(issi)
        if old is None:
            self._open[issi] = TalkRequest(issi, urgent, ms, radio, ms)
        else:  # a repeat: keep the place in the queue, never downgrade urgency
            self._open[issi] = replace(old, urgent=old.urgent or urgent, last_ms=ms,
                                       repeats=old.repeats + 1, radio=radio or old.radio)

    def snapshot(self) -> Any:
        return {"open": [r for r in self._open.values()],
                "history": [h for h in self.history]}

    def restore(self, state: Any) -> None:
        self._open = {r["issi"]: TalkRequest(**r) for r in state.get("open", [])}
        self.history.clear()
        self.history.extend(HandledRequest(**h) for h in state.get("history", []))
