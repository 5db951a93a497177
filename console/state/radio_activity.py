"""Radio activity: who is talking on each console radio, in which call, and the last
transmissions heard or made on it.

A pure fold over journal entries (``radio.*`` events and the operator's ``command.*``
entries, console/journal/kinds.py). Times are the entries' ``hlc_ms``, so the history after
a restart equals the history before it. Talkers are ISSIs as the radio reported them;
aliases are looked up at display time because aliases go stale (C2000.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from console.journal.entry import Entry
from console.journal.kinds import (
    COMMAND_PTT_PRESS,
    COMMAND_PTT_RELEASE,
    COMMAND_RESULT,
    GRANT_GRANTED,
    GRANT_OTHER_USER,
    RADIO_CALL_INCOMING,
    RADIO_CALL_RELEASED,
    RADIO_LINK_LOST,
    RADIO_PREFIX,
    RADIO_TALKGROUP,
    RADIO_TX_CEASED,
    RADIO_TX_GRANT,
    TX_GRANTED,
    command_name,
    event_ms,
    selected_gssi,
)
from console.state.rows import replace

HISTORY_LENGTH = 10
CONSOLE_TALKER = "console"  # the talker of the operator's own transmissions


@dataclass(frozen=True, slots=True)
class Transmission:
    talker: str  # ISSI, or CONSOLE_TALKER for the operator's own
    gssi: str | None
    start_ms: int
    end_ms: int | None = None  # None while it lasts
    operator: str = ""  # own transmissions: who pressed PTT
    granted: bool = True  # own transmissions: False until the radio granted the floor
    command_id: str = ""  # own transmissions: the ptt_press entry, matched by its result

    @property
    def own(self) -> bool:
        return self.talker == CONSOLE_TALKER


@dataclass(frozen=True, slots=True)
class Call:
    cc_instance: int
    gssi: str | None
    priority: int = 0
    emergency: bool = False


@dataclass(frozen=True, slots=True)
class RadioTraffic:
    """One console radio's entry: what a radio panel shows under RX and history."""

    radio: str
    talker: str | None = None  # ISSI of the other party holding the floor now
    call: Call | None = None
    talkgroup: str | None = None  # last selected group the radio reported
    history: tuple[Transmission, ...] = ()  # oldest first; the running ones have no end

    @property
    def own_open(self) -> Transmission | None:
        return next((t for t in self.history if t.own and t.end_ms is None), None)


class RadioActivity:
    name = "radio_activity"

    def __init__(self) -> None:
        self.radios: dict[str, RadioTraffic] = {}

    def of(self, radio_id: str) -> RadioTraffic:
        return self.radios.get(radio_id) or RadioTraffic(radio_id)

    def apply(self, entry: Entry) -> None:
        p = entry.payload
        radio = p.get("radio")
        if not isinstance(radio, str):
            return
        if entry.kind.startswith(RADIO_PREFIX):
            new = _radio_event(self.of(radio), entry.kind, p, event_ms(entry))
        elif entry.kind == COMMAND_RESULT:
            new = _command_result(self.of(radio), p, event_ms(entry))
        else:
            new = _command(self.of(radio), entry.kind, entry)
        if new is not None:
            self.radios[radio] = new

    def snapshot(self) -> Any:
        return [r for r in self.radios.values()]

    def restore(self, state: Any) -> None:
        self.radios = {}
        for raw in state:
            call = Call(**raw["call"]) if raw.get("call") else None
            history = tuple(Transmission(**t) for t in raw.get("history", ()))
            self.radios[raw["radio"]] = RadioTraffic(
                raw["radio"], raw.get("talker"), call, raw.get("talkgroup"), history)


# --- folds (pure: old value in, new value or None for "no change" out) -------------------

def _radio_event(r: RadioTraffic, kind: str, p: dict[str, Any], ms: int) -> RadioTraffic | None:
    if kind == RADIO_CALL_INCOMING:
        call = Call(int(p["cc_instance"]), p.get("called"), int(p.get("priority") or 0),
                    bool(p.get("is_emergency")))
        return replace(r, call=call)
    if kind == RADIO_TX_GRANT:
        talker = p.get("talker_issi")
        if p.get("grant") in (GRANT_GRANTED, GRANT_OTHER_USER) and talker:
            return _talker_starts(r, str(talker), ms)
        if p.get("grant") == GRANT_GRANTED and not talker:  # our own floor (§7.3)
            return _mark_own_granted(r)
        return None
    if kind == RADIO_TX_CEASED:
        return _talker_stops(r, ms)
    if kind == RADIO_CALL_RELEASED:
        if r.call is not None and r.call.cc_instance != p.get("cc_instance"):
            return _talker_stops(r, ms)  # another call ended; ours goes on
        return replace(_talker_stops(r, ms, own_too=True), call=None)
    if kind == RADIO_LINK_LOST:  # the driver dropped floor and call with the link
        return replace(_talker_stops(r, ms, own_too=True), call=None)
    if kind == RADIO_TALKGROUP:
        gssi = selected_gssi(p)  # None: a scan group, not the selection
        return replace(r, talkgroup=gssi) if gssi is not None else None
    return None


def _command(r: RadioTraffic, kind: str, entry: Entry) -> RadioTraffic | None:
    ms = event_ms(entry)
    if kind == COMMAND_PTT_PRESS:
        if r.own_open is not None:
            return None  # a second press while keyed is the same transmission
        own = Transmission(CONSOLE_TALKER, _group(r), ms, operator=entry.operator,
                           granted=False, command_id=entry.id)
        return replace(r, history=_bounded((*r.history, own)))
    if kind == COMMAND_PTT_RELEASE:
        return _close(r, ms, lambda t: t.own)
    return None


def _command_result(r: RadioTraffic, p: dict[str, Any], ms: int) -> RadioTraffic | None:
    # Matched by id: a quick release is journaled before the press's result arrives.
    own = next((t for t in r.history if t.own and t.command_id
                and t.command_id == p.get("command_id")), None)
    if p.get("command") != command_name(COMMAND_PTT_PRESS) or own is None:
        return None
    if p.get("outcome") != "ok":  # the press never reached the air: not a transmission
        return replace(r, history=tuple(t for t in r.history if t is not own))
    if p.get("tx_state") == TX_GRANTED and not own.granted:
        return replace(r, history=tuple(replace(t, granted=True) if t is own else t
                                        for t in r.history))
    return None


def _talker_starts(r: RadioTraffic, talker: str, ms: int) -> RadioTraffic:
    if talker == r.talker:
        return r
    r = _talker_stops(r, ms)
    heard = Transmission(talker, _group(r), ms)
    return replace(r, talker=talker, history=_bounded((*r.history, heard)))


def _talker_stops(r: RadioTraffic, ms: int, *, own_too: bool = False) -> RadioTraffic:
    r = _close(r, ms, lambda t: own_too or not t.own)
    return replace(r, talker=None) if r.talker is not None else r


def _mark_own_granted(r: RadioTraffic) -> RadioTraffic | None:
    own = r.own_open
    if own is None or own.granted:
        return None
    return replace(r, history=tuple(replace(t, granted=True) if t is own else t
                                    for t in r.history))


def _close(r: RadioTraffic, ms: int, which) -> RadioTraffic:
    if not any(t.end_ms is None and which(t) for t in r.history):
        return r
    return replace(r, history=tuple(replace(t, end_ms=ms) if t.end_ms is None and which(t)
                                    else t for t in r.history))


def _group(r: RadioTraffic) -> str | None:
    return r.call.gssi if r.call is not None and r.call.gssi else r.talkgroup


def _bounded(history: Iterable[Transmission]) -> tuple[Transmission, ...]:
    """Keep the last HISTORY_LENGTH; a running transmission is never dropped for an old one."""
    items = list(history)
    while len(items) > HISTORY_LENGTH:
        oldest_closed = next((i for i, t in enumerate(items) if t.end_ms is not None), 0)
        del items[oldest_closed]
    return tuple(items)
