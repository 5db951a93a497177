"""What a console is made of before any widget exists: its data, options and projections.

The composition root (console/runtime.py) builds these; the Qt front only reads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from console.notices import Notice
from console.settings import BY_KEY
from console.state.alarms import AlarmBoard
from console.state.holds import Holds
from console.state.journal_tail import JournalTail
from console.state.messages import Messages
from console.state.projection import ProjectionHost, Source
from console.state.radio_activity import RadioActivity
from console.state.radio_health import RadioHealthBoard
from console.state.status_tables import StatusTables
from console.state.talk_requests import TalkRequests
from console.state.units import UnitBoard, UnitInfo


@dataclass
class ConsoleData:
    """What the console knows before any radio speaks (console/catalog.py loads it)."""
    units: list[UnitInfo] = field(default_factory=list)
    tables: StatusTables = field(default_factory=StatusTables)
    talkgroups: list[Any] = field(default_factory=list)
    templates: list[str] = field(default_factory=list)
    fictitious: bool = False  # the unit list is demo data
    plan_fictitious: bool = False  # the talkgroup plan is demo data
    notices: list[Notice] = field(default_factory=list)  # parts of the data not usable


def keys(text: str) -> list[str]:
    """A comma-separated key list setting ("F1,F2") as key names."""
    return [k.strip() for k in text.split(",") if k.strip()]


def _default(key: str) -> Any:
    return BY_KEY[key].default  # every default is declared once, in console/settings.py


@dataclass
class ConsoleOptions:
    operator: str = "centralist"
    training: bool = False
    snapshot_every: int = _default("snapshot_every")
    escalate_after_s: float = _default("alarm_escalate_s")
    dipp_minutes: float = _default("dipp_silence_min")
    max_text_chars: int = 79
    tx_timeout_s: float = _default("tx_timeout_s")
    alarm_device: str = _default("alarm_device")
    ptt_keys: list[str] = field(default_factory=list)
    ptt_selected_keys: list[str] = field(
        default_factory=lambda: keys(_default("ptt_selected_keys")))

    @classmethod
    def from_settings(cls, settings: Any, **extra: Any) -> ConsoleOptions:
        return cls(snapshot_every=settings.get("snapshot_every"),
                   escalate_after_s=settings.get("alarm_escalate_s"),
                   dipp_minutes=settings.get("dipp_silence_min"),
                   tx_timeout_s=settings.get("tx_timeout_s"),
                   ptt_keys=keys(settings.get("ptt_keys")),
                   ptt_selected_keys=keys(settings.get("ptt_selected_keys")),
                   alarm_device=settings.get("alarm_device"), **extra)


def status_choices(tables: StatusTables) -> list[tuple[int, str]]:
    """Every discipline's statuses as (radio value, label) for the SDS status form."""
    return [(t.value_offset + n, f"{t.discipline} {n}: {m.text}" + ("" if m.verified else " (?)"))
            for t in tables.tables.values() for n, m in sorted(t.meanings.items())]


def build_projections(data: ConsoleData, *, drill: bool = False,
                      source: Source | None = None, **host_options: Any) -> ProjectionHost:
    """Every projection a position shows, for one world (a drill's or live work)."""
    return ProjectionHost([JournalTail(), RadioHealthBoard(), AlarmBoard(),
                           UnitBoard(data.units, data.tables),
                           TalkRequests(data.units, data.tables), RadioActivity(),
                           Messages(), Holds()], drill=drill, source=source, **host_options)
