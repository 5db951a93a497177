"""Messages: SDS texts and statuses, incoming and outgoing, with their delivery state.

An outgoing text goes through up to four steps, each its own journal entry (PEI.md §8.1):
``command.send_text`` (sending) → ``command.result`` ok with the message reference (the
radio accepted it) → ``radio.sds_sent`` ("+CMGS: n,4": over the air, NOT delivered) →
delivery information from the addressee: ``radio.sds_report`` (SDS-REPORT), its short form
``radio.sds_short_report`` in the status service, or ``radio.sds_ack`` (SDS-ACK, same
delivery status values), each naming the message reference: delivered, consumed or failed
(§8.4, §8.5). Statuses have no SDS-TL and so no report (§8.5): "sent" is their best state.

Incoming: ``radio.text`` (a concatenated text arrives as one entry, possibly incomplete:
``missing_parts``), and ``radio.unrecognized`` for an SDS the driver could not read, shown
as an unreadable message from its sender so it is never silently lost. Unrecognized lines
that are no SDS (no ``service``) belong to the journal, not here. Times are when the radio
heard it (``event_ms``: a late-saved event keeps its own time).

The radio's events and the desk's command results come from different threads, so a
"+CMGS: n,4" or even the report can be committed before the ``command.result`` that tells
us the message reference. Such early events are parked and applied once the reference is
known (never to a message created after them).
"""

from __future__ import annotations

import logging
import tomllib
from collections import OrderedDict, deque
from dataclasses import dataclass
from typing import Any

from console.journal.entry import Entry
from console.journal.kinds import (
    COMMAND_RESULT,
    COMMAND_SEND_STATUS,
    COMMAND_SEND_TEXT,
    MESSAGE_READ,
    RADIO_SDS_ACK,
    RADIO_SDS_FAILED,
    RADIO_SDS_REPORT,
    RADIO_SDS_SENT,
    RADIO_SDS_SHORT_REPORT,
    RADIO_TEXT,
    RADIO_UNRECOGNIZED,
    event_ms,
)
from console.state.rows import replace

LOG = logging.getLogger(__name__)


MAX_MESSAGES = 500
MAX_PARKED = 64
SDS_TL_HEADER_BITS = 32  # PID, message type/flags, message reference, coding scheme (§8.4)
TEXT, STATUS, UNREADABLE = "text", "status", "unreadable"  # Message.kind
# delivery information naming an MR
DELIVERY_KINDS = (RADIO_SDS_REPORT, RADIO_SDS_SHORT_REPORT, RADIO_SDS_ACK)

# States, in the order a message moves through them; a late event never moves it back.
SENDING, SENT_TO_RADIO, SENT, RETRYING = "sending", "sent_to_radio", "sent", "retrying"
DELIVERED, CONSUMED, FAILED = "delivered", "consumed", "failed"
RECEIVED, READ = "received", "read"  # incoming
RANK = {SENDING: 0, SENT_TO_RADIO: 1, SENT: 2, RETRYING: 3, DELIVERED: 4, CONSUMED: 5,
        FAILED: 6}

# Delivery status byte of an SDS-REPORT (PEI.md §8.4, TS 100 392-2 table 29.16).
FAILURE_NAMES = {0x4B: "destination not registered", 0x4C: "queue full",
                 0x4D: "message too long"}
# SDS-TL short report in the status service, report type bits 9-8 (PEI.md §8.5).
SHORT_REPORTS = {0: (FAILED, "protocol or encoding not supported"),
                 1: (FAILED, "destination memory full"), 2: (DELIVERED, ""),
                 3: (CONSUMED, "")}
OUTCOME_REASONS = {"rejected": "rejected by the radio", "timeout": "no answer from the radio",
                   "link_lost": "radio not connected", "not_supported": "not supported",
                   "error": "error"}


@dataclass(frozen=True, slots=True)
class Message:
    message_id: str  # id of the entry that created it (radio.text or command.send_*)
    radio: str
    direction: str  # "in" | "out"
    kind: str  # "text" | "status" | "unreadable" (an SDS the driver could not read)
    from_issi: str | None  # incoming: the sender; outgoing: None (our radio)
    to: str
    text: str = ""
    value: int | None = None  # status value
    state: str = SENDING
    reason: str = ""  # why it failed, or what a report said
    delivery_status: int | None = None  # last SDS-REPORT byte, for the UI to translate
    message_reference: int | None = None
    air_pending: bool = False  # accepted by the radio, "+CMGS: n,4|5" not seen yet
    hlc_ms: int = 0
    updated_ms: int = 0
    operator: str = ""
    drill: bool = False
    read: bool = True  # only incoming messages start unread
    changed: int = 0  # projection version of the last change (models sync on it)
    parts: int = 1  # a concatenated text: how many parts it was sent in
    missing_parts: tuple[int, ...] = ()  # parts that never came (1-based): incomplete
    raw: str = ""  # unreadable: the user data as received (hex)

    @property
    def incomplete(self) -> bool:
        return bool(self.missing_parts)

    @property
    def peer(self) -> str | None:
        """The other party: who sent it to us, or whom we sent it to."""
        return self.from_issi if self.direction == "in" else self.to


def state_text(m: Message) -> str:
    """English state for logs and tests; the UI shows its own translated words."""
    words = {SENT_TO_RADIO: "sent to radio", CONSUMED: "read/consumed"}.get(m.state, m.state)
    if m.state == SENT_TO_RADIO and m.message_reference is not None:
        words += f" (ref {m.message_reference})"
    if m.state == FAILED and m.reason:
        words += f": {m.reason}"
    return words


def delivery_outcome(status: int) -> tuple[str, str] | None:
    """(state, reason) for an SDS-REPORT delivery status byte (PEI.md §8.4); None = no change."""
    if status in (0x00, 0x01):
        return DELIVERED, ""
    if status in (0x02, 0x03):
        return CONSUMED, ""
    if status == 0x04:
        return SENT, "forwarded to external network"
    if status == 0x05:  # a group has no single receiver to acknowledge
        return SENT, "sent to group"
    if 0x20 <= status <= 0x22:
        return RETRYING, f"temporary error (0x{status:02X})"
    if 0x40 <= status <= 0x5F:
        return FAILED, FAILURE_NAMES.get(status, f"delivery failed (0x{status:02X})")
    return None  # 0x06 part received, flow control 0x60-0x63, end-to-end 0x80/0x81


def parse_templates(text: str) -> list[str]:
    """Templates from a TOML text ``templates = ["...", ...]``; raises ValueError."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"templates: {exc}") from exc
    items = data.get("templates")
    if not isinstance(items, list) or not all(isinstance(t, str) and t.strip() for t in items):
        raise ValueError("templates: expected templates = [\"text\", ...] of non-empty texts")
    return [t.strip() for t in items]


def max_text_chars(max_sds_bits: int) -> int:
    """Characters an SDS-TL ISO 8859-1 text can carry in one PDU (one byte each, §8.4)."""
    return max(0, (max_sds_bits - SDS_TL_HEADER_BITS) // 8)


def same_identity(a: str | None, b: str | None) -> bool:
    """SSIs compare as numbers: a radio may report "02301050" for "2301050" (PEI.md §3)."""
    if a is None or b is None:
        return False
    a, b = str(a).strip(), str(b).strip()
    if a.isdigit() and b.isdigit():
        return int(a) == int(b)
    return a == b


class Messages:
    name = "messages"

    def __init__(self, size: int = MAX_MESSAGES):
        self.size = size
        self.messages: OrderedDict[str, Message] = OrderedDict()  # oldest first
        self.version = 0
        self._by_ref: dict[tuple[str, int], str] = {}  # (radio, MR) -> newest text with it
        # Radio events that came before the command.result that tells us the MR (or, for
        # statuses, the message at all): [kind, payload, hlc_ms].
        self._parked: deque[list[Any]] = deque(maxlen=MAX_PARKED)

    # -- queries ------------------------------------------------------------------------
    def unread_count(self) -> int:
        return sum(1 for m in self.messages.values() if m.direction == "in" and not m.read)

    def get(self, message_id: str) -> Message | None:
        return self.messages.get(message_id)

    # -- fold -----------------------------------------------------------------------------
    def apply(self, entry: Entry) -> None:
        kind, p, ms = entry.kind, entry.payload, event_ms(entry)
        if kind == RADIO_TEXT:
            missing = p.get("missing_parts") or ()
            self._add(Message(entry.id, p["radio"], "in", TEXT, p.get("from_issi"),
                              str(p.get("to", "")), text=p.get("text", ""), state=RECEIVED,
                              message_reference=p.get("message_reference"),
                              hlc_ms=ms, updated_ms=ms, operator=entry.operator,
                              drill=entry.drill, read=False, parts=int(p.get("parts") or 1),
                              missing_parts=tuple(missing)))
        elif kind == RADIO_UNRECOGNIZED:
            if p.get("service") is None:
                return  # not an SDS: a line for the journal, no message from anyone
            self._add(Message(entry.id, p["radio"], "in", UNREADABLE, p.get("from_issi"),
                              str(p.get("to") or ""), state=RECEIVED,
                              reason=str(p.get("reason") or ""),
                              raw=str(p.get("raw_hex") or ""), hlc_ms=ms, updated_ms=ms,
                              operator=entry.operator, drill=entry.drill, read=False))
        elif kind in (COMMAND_SEND_TEXT, COMMAND_SEND_STATUS):
            is_text = kind == COMMAND_SEND_TEXT
            self._add(Message(entry.id, p["radio"], "out", TEXT if is_text else STATUS,
                              None, str(p.get("to", "")), text=p.get("text", ""),
                              value=None if is_text else p.get("value"),
                              hlc_ms=ms, updated_ms=ms,
                              operator=entry.operator, drill=entry.drill))
        elif kind == COMMAND_RESULT:
            self._on_result(entry)
        elif kind in (RADIO_SDS_SENT, RADIO_SDS_FAILED):
            self._on_air(kind, p, ms)
        elif kind in (RADIO_SDS_REPORT, RADIO_SDS_ACK):
            self._on_report(kind, p, ms)
        elif kind == RADIO_SDS_SHORT_REPORT:
            self._on_short_report(p, ms)
        elif kind == MESSAGE_READ:
            m = self.messages.get(p.get("message_id", ""))
            if m is not None and m.direction == "in" and not m.read:
                self._update(m, ms, read=True, state=READ)

    def _on_result(self, entry: Entry) -> None:
        p, ms = entry.payload, event_ms(entry)
        m = self.messages.get(p.get("command_id", ""))
        if m is None or m.direction != "out" or m.state != SENDING:
            return
        outcome = p.get("outcome")
        if outcome != "ok":
            base = OUTCOME_REASONS.get(outcome, str(outcome))
            detail = p.get("meaning") or p.get("detail") or ""
            self._update(m, ms, state=FAILED,
                         reason=f"{base}: {detail}" if detail else base)
            return
        mr = p.get("message_reference")
        m = self._update(m, ms, state=SENT_TO_RADIO, air_pending=True,
                         message_reference=mr)
        if mr is not None:
            self._by_ref[(m.radio, mr)] = m.message_id
        for item in [i for i in self._parked if self._parked_fits(i, m)]:
            self._parked.remove(item)
            self._replay(*item)

    def _parked_fits(self, item: list[Any], m: Message) -> bool:
        kind, p, hlc_ms = item
        if p.get("radio") != m.radio or hlc_ms < m.hlc_ms:
            return False
        mr = p.get("message_reference")
        if m.message_reference is not None:
            return mr == m.message_reference
        return kind not in DELIVERY_KINDS and mr is None

    def _replay(self, kind: str, p: dict[str, Any], hlc_ms: int) -> None:
        if kind == RADIO_SDS_SHORT_REPORT:
            self._on_short_report(p, hlc_ms, park=False)
        elif kind in DELIVERY_KINDS:
            self._on_report(kind, p, hlc_ms, park=False)
        else:
            self._on_air(kind, p, hlc_ms, park=False)

    def _on_air(self, kind: str, p: dict[str, Any], hlc_ms: int, park: bool = True) -> None:
        """"+CMGS: n,4|5[,mr]" (PEI.md §8.1): over the air, or failed; not delivered."""
        radio, mr = p.get("radio", ""), p.get("message_reference")
        if mr is not None:
            m = self.messages.get(self._by_ref.get((radio, mr), ""))
        else:  # statuses carry no MR; the radio sends one SDS at a time, so oldest first
            m = next((x for x in self.messages.values() if x.radio == radio
                      and x.air_pending and x.message_reference is None), None)
        if m is None or not m.air_pending:
            if park:
                self._parked.append([kind, dict(p), hlc_ms])
            return
        if kind == RADIO_SDS_SENT:
            self._advance(m, hlc_ms, SENT, "", air_pending=False)
        else:
            self._advance(m, hlc_ms, FAILED, "transmission failed (+CMGS status 5)",
                          air_pending=False)

    def _on_report(self, kind: str, p: dict[str, Any], hlc_ms: int, park: bool = True) -> None:
        """SDS-REPORT or SDS-ACK for the message with that reference (PEI.md §8.4). An
        SDS-ACK strictly acknowledges a report; the console sends none, so one naming our
        MR from the addressee is read as delivery information like a report [U]."""
        radio, mr, status = p.get("radio", ""), p.get("message_reference"), p.get(
            "delivery_status")
        m = self.messages.get(self._by_ref.get((radio, mr), "")) if mr is not None else None
        if m is None or not same_identity(p.get("from_issi"), m.to):
            if m is None and park and mr is not None:
                self._parked.append([kind, dict(p), hlc_ms])
            else:
                LOG.debug("%s %s from %s for MR %s matches no message", kind, status,
                          p.get("from_issi"), mr)
            return
        if not isinstance(status, int):
            return
        result = delivery_outcome(status)
        if result is None:
            LOG.info("SDS report 0x%02X for MR %s on %s: no state change", status, mr, radio)
            return
        self._advance(m, hlc_ms, *result, delivery_status=status)

    def _on_short_report(self, p: dict[str, Any], hlc_ms: int, park: bool = True) -> None:
        """SDS-TL short report inside the status service (PEI.md §8.5); like a report it
        may be committed before the command.result that tells us the MR: parked then."""
        mr = p.get("message_reference")
        m = self.messages.get(self._by_ref.get((p.get("radio", ""), mr), ""))
        if m is None:
            if park and mr is not None:
                self._parked.append([RADIO_SDS_SHORT_REPORT, dict(p), hlc_ms])
            return
        if same_identity(p.get("from_issi"), m.to):
            state, reason = SHORT_REPORTS.get(p.get("report_type"), (FAILED, "unknown report"))
            self._advance(m, hlc_ms, state, reason)

    # -- internals ------------------------------------------------------------------------
    def _advance(self, m: Message, hlc_ms: int, state: str, reason: str, **extra: Any) -> None:
        if RANK.get(state, 0) < RANK.get(m.state, 0):  # e.g. "+CMGS: n,4" after the report
            if extra:
                self._update(m, hlc_ms, **extra)
            return
        self._update(m, hlc_ms, state=state, reason=reason, **extra)

    def _add(self, m: Message) -> None:
        self.version += 1
        self.messages[m.message_id] = replace(m, changed=self.version)
        while len(self.messages) > self.size:
            _, old = self.messages.popitem(last=False)
            if old.message_reference is not None:
                key = (old.radio, old.message_reference)
                if self._by_ref.get(key) == old.message_id:
                    del self._by_ref[key]

    def _update(self, m: Message, hlc_ms: int, **changes: Any) -> Message:
        self.version += 1
        new = replace(m, updated_ms=hlc_ms, changed=self.version, **changes)
        self.messages[m.message_id] = new
        return new

    # -- snapshots --------------------------------------------------------------------------
    def snapshot(self) -> Any:
        return {"version": self.version, "messages": [m for m in self.messages.values()],
                "parked": [list(i) for i in self._parked]}

    def restore(self, state: Any) -> None:
        self.version = state["version"]
        self.messages = OrderedDict(
            (d["message_id"], Message(**{**d, "missing_parts": tuple(d.get("missing_parts", ()))}))
            for d in state["messages"])
        self._parked = deque((list(i) for i in state["parked"]), maxlen=MAX_PARKED)
        self._by_ref = {(m.radio, m.message_reference): m.message_id
                        for m in self.messages.values()
                        if m.direction == "out" and m.kind == TEXT
                        and m.message_reference is not None}
