"""Status tables: radio status value → number, text and canonical meaning, per discipline.

The tables are data (resources/status_codes/*.toml, read by console.catalog); this module
only validates and looks them up, so it stays pure and testable. Meanings come from
C2000.md ("Status messages"); most are unverified and are shown as such.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

LOG = logging.getLogger(__name__)

# The canonical model of C2000.md (GMS-like, confidence L): every table maps onto it.
CANONICAL = (
    "noodsignaal", "eigen_initiatief", "spraakaanvraag", "spraakaanvraag_urgent",
    "informatievraag", "aanrijdend", "ter_plaatse", "aanrijdend_bestemming",
    "aankomst_bestemming", "binnenkort_beschikbaar", "beschikbaar", "op_post",
    "vertraagd_inzetbaar", "buiten_dienst", "privegesprek_aanvraag", "opdracht_verstrekt",
    "alarmering_ontvangen",
)
DISCIPLINES = ("brandweer", "ambulance", "politie", "kmar")
TALK_REQUEST = frozenset({"spraakaanvraag", "spraakaanvraag_urgent"})
EMERGENCY_VALUE = 0  # EN 300 392-2 table 14.72 (PEI.md §7.4, §8.5): emergency, any network
# Radio value of status number 0 without a table, and the base the status form starts at:
# the network-specific range (PEI.md §8.5). UNVERIFIED placeholder. The simulator's
# drivers/sim/fleet.STATUS_BASE is the same value (drivers may not import console;
# tests/test_rules_agree.py keeps the two equal).
DEFAULT_OFFSET = 0x8000


def raw_hex(value: int) -> str:
    return f"0x{value:04X}"


@dataclass(frozen=True, slots=True)
class StatusMeaning:
    number: int
    text: str
    canonical: str
    verified: bool = False
    note: str = ""


@dataclass(frozen=True, slots=True)
class StatusInfo:
    """What a received value means; ``number``/``canonical`` are None when unknown."""
    number: int | None
    text: str
    canonical: str | None
    verified: bool
    raw_hex: str

    @property
    def emergency(self) -> bool:
        return self.canonical == "noodsignaal"


@dataclass(frozen=True, slots=True)
class StatusTable:
    discipline: str
    value_offset: int
    meanings: Mapping[int, StatusMeaning] = field(default_factory=dict)
    source: str = ""
    value_offset_verified: bool = False

    def meaning(self, value: int) -> StatusMeaning | None:
        return self.meanings.get(value - self.value_offset)


def parse_table(doc: Mapping[str, Any], name: str) -> StatusTable:
    """Validate one parsed TOML document; errors name the file (``name``) and the number."""
    def fail(msg: str) -> ValueError:
        return ValueError(f"{name}: {msg}")

    discipline = doc.get("discipline")
    if discipline not in DISCIPLINES:
        raise fail(f"discipline must be one of {', '.join(DISCIPLINES)}, not {discipline!r}")
    offset = doc.get("value_offset")
    if not isinstance(offset, int) or isinstance(offset, bool) or not 0 <= offset <= 0xFFFF:
        raise fail(f"value_offset must be an integer 0..65535, not {offset!r}")
    if not isinstance(doc.get("source"), str) or not doc["source"].strip():
        raise fail("source is required (say where the table comes from)")
    meanings: dict[int, StatusMeaning] = {}
    for i, raw in enumerate(doc.get("status", []), 1):
        number = raw.get("number")
        if not isinstance(number, int) or isinstance(number, bool) or number < 0:
            raise fail(f"status #{i}: number must be an integer >= 0, not {number!r}")
        if number in meanings:
            raise fail(f"status number {number} appears twice")
        if not 0 < offset + number <= 0xFFFF:
            raise fail(f"status number {number}: radio value {offset + number} out of range")
        canonical = raw.get("canonical")
        if canonical not in CANONICAL:
            raise fail(f"status number {number}: unknown canonical meaning {canonical!r}")
        text = raw.get("text")
        if not isinstance(text, str) or not text.strip():
            raise fail(f"status number {number}: text is required")
        verified = raw.get("verified")
        if not isinstance(verified, bool):
            raise fail(f"status number {number}: verified must be true or false")
        meanings[number] = StatusMeaning(number, text.strip(), canonical, verified,
                                         str(raw.get("note", "")))
    return StatusTable(discipline, offset, meanings, doc["source"],
                       doc.get("value_offset_verified") is True)


class StatusTables:
    """All disciplines' tables; ``lookup`` never fails (unknown → raw hex)."""

    def __init__(self, tables: Iterable[StatusTable] = ()):
        self.tables: dict[str, StatusTable] = {}
        for table in tables:
            if table.discipline in self.tables:
                raise ValueError(f"two status tables for discipline {table.discipline!r}")
            self.tables[table.discipline] = table

    def disciplines(self) -> list[str]:
        return list(self.tables)

    def lookup(self, discipline: str | None, radio_value: int) -> StatusInfo:
        hex_text = raw_hex(radio_value)
        if radio_value == EMERGENCY_VALUE:
            # The standard's emergency value: verified by EN 300 392-2, not by any table.
            return StatusInfo(None, "NOODSIGNAAL", "noodsignaal", True, hex_text)
        table = self.tables.get(discipline) if discipline else None
        meaning = table.meaning(radio_value) if table else None
        if meaning is None:
            return StatusInfo(None, f"status {hex_text}", None, False, hex_text)
        return StatusInfo(meaning.number, meaning.text, meaning.canonical, meaning.verified,
                          hex_text)

    def value_of(self, discipline: str, number: int) -> int:
        """Radio value for a status number (to send one, or to build test traffic)."""
        table = self.tables.get(discipline)
        return (table.value_offset if table else DEFAULT_OFFSET) + number
