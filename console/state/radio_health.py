"""Radio health: link state, signal, battery and last-heard time per attached radio."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from console.journal.entry import Entry
from console.journal.kinds import RADIO_PREFIX, event_ms, selected_gssi
from console.state.rows import replace

LINK_STATES = {"link_connected": "connected", "link_restored": "connected",
               "link_lost": "lost"}


@dataclass(frozen=True, slots=True)
class RadioHealth:
    radio: str
    link: str = "unknown"  # unknown, connected, lost
    port: str = ""
    reason: str = ""
    dbm: int | None = None
    battery: int | None = None
    mode: int | None = None
    gssi: str | None = None
    last_heard_ms: int = 0


class RadioHealthBoard:
    name = "radio_health"

    def __init__(self) -> None:
        self.radios: dict[str, RadioHealth] = {}

    def apply(self, entry: Entry) -> None:
        if not entry.kind.startswith(RADIO_PREFIX) or "radio" not in entry.payload:
            return
        p, event = entry.payload, entry.kind[len(RADIO_PREFIX):]
        old = self.radios.get(p["radio"]) or RadioHealth(p["radio"])
        changes: dict[str, Any] = {
            "last_heard_ms": event_ms(entry) if event != "link_lost" else old.last_heard_ms}
        if event in LINK_STATES:
            changes.update(link=LINK_STATES[event], port=p.get("port", old.port),
                           reason=p.get("reason", ""))
        elif event == "signal":
            changes["dbm"] = p.get("dbm")
        elif event == "battery":
            changes["battery"] = p.get("percent")
        elif event == "operating_mode":
            changes["mode"] = p.get("value")
        elif event == "talkgroup" and selected_gssi(p):
            changes["gssi"] = selected_gssi(p)
        new = replace(old, **changes)
        self.radios[p["radio"]] = new

    def snapshot(self) -> Any:
        return [h for h in self.radios.values()]

    def restore(self, state: Any) -> None:
        self.radios = {h["radio"]: RadioHealth(**h) for h in state}
