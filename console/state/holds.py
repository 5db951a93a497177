"""Talkgroup holds: which radio the centralist holds on which group, rebuilt from entries.

A hold starts with ``command.hold {radio, gssi}`` and takes effect only when its
``command.result`` says ok (the desk holds a radio only once the radio is on the group);
``gssi`` None releases it. A talkgroup select the radio accepted while held moves the hold
along (the desk does the same), so after a restart the desk holds what it held before.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from console.journal.entry import Entry
from console.journal.kinds import COMMAND_HOLD, COMMAND_RESULT, COMMAND_TALKGROUP_SELECT

PENDING_LIMIT = 200  # commands still waiting for their result (a lost result is forgotten)


class Holds:
    name = "holds"
    # All it reads: a long history folds these first, by the kind index (projection.py).
    kinds = frozenset({COMMAND_HOLD, COMMAND_TALKGROUP_SELECT, COMMAND_RESULT})

    def __init__(self) -> None:
        self.held: dict[str, str] = {}  # radio id -> GSSI
        self._pending: OrderedDict[str, tuple[str, str, str | None]] = OrderedDict()

    def of(self, radio_id: str) -> str | None:
        return self.held.get(radio_id)

    def apply(self, entry: Entry) -> None:
        p = entry.payload
        if entry.kind in (COMMAND_HOLD, COMMAND_TALKGROUP_SELECT) and p.get("radio"):
            gssi = p.get("gssi")
            self._pending[entry.id] = (entry.kind, str(p["radio"]),
                                       None if gssi is None else str(gssi))
            while len(self._pending) > PENDING_LIMIT:
                self._pending.popitem(last=False)
        elif entry.kind == COMMAND_RESULT:
            command = self._pending.pop(str(p.get("command_id")), None)
            if command is None or p.get("outcome") != "ok":
                return
            kind, radio, gssi = command
            if kind == COMMAND_HOLD:
                if gssi is None:
                    self.held.pop(radio, None)
                else:
                    self.held[radio] = gssi
            elif radio in self.held and gssi is not None:
                self.held[radio] = gssi

    def snapshot(self) -> Any:
        return {"held": dict(self.held),
                "pending": [[k, *v] for k, v in self._pending.items()]}

    def restore(self, state: Any) -> None:
        self.held = {str(k): str(v) for k, v in state.get("held", {}).items()}
        self._pending = OrderedDict((k, (kind, radio, gssi))
                                    for k, kind, radio, gssi in state.get("pending", []))
