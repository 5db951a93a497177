"""Typed, immutable events every driver emits.

One dataclass per event kind; ``kind`` is the stable name used by ``main.py decode``,
by the journal and by tests. Identities are SSIs as decimal strings (the last eight
digits of a TSI, leading zeros stripped: PEI.md §3). Events carry no wall-clock time:
the receiver stamps them, so decoding stays deterministic.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar


@dataclass(frozen=True, slots=True)
class Event:
    kind: ClassVar[str] = "event"

    def to_dict(self) -> dict[str, Any]:
        """JSON-shaped: tuples become lists, as they come back from the journal."""
        fields = dataclasses.asdict(self)
        return {"kind": self.kind,
                **{k: list(v) if isinstance(v, tuple) else v for k, v in fields.items()}}


# --- final results and command responses (EN 300 392-5 / V.250 result codes) -------------

@dataclass(frozen=True, slots=True)
class Ok(Event):
    kind: ClassVar[str] = "ok"


@dataclass(frozen=True, slots=True)
class Error(Event):
    """``ERROR`` (code None), ``+CME ERROR: n`` or ``+CMS ERROR: n``."""
    kind: ClassVar[str] = "error"
    code: int | None
    family: str | None  # "CME", "CMS" or None for plain ERROR


@dataclass(frozen=True, slots=True)
class Identity(Event):
    kind: ClassVar[str] = "identity"
    field: str  # manufacturer, model, revision
    value: str


@dataclass(frozen=True, slots=True)
class OwnIdentity(Event):
    kind: ClassVar[str] = "own_identity"
    issi: str
    tsi: str


@dataclass(frozen=True, slots=True)
class OperatingMode(Event):
    kind: ClassVar[str] = "operating_mode"
    value: int  # 0 TMO, 1 DMO, ... (PEI.md §4)


@dataclass(frozen=True, slots=True)
class Signal(Event):
    kind: ClassVar[str] = "signal"
    raw: int
    dbm: int | None  # -113 + 2*raw; None for 99 (unknown)


@dataclass(frozen=True, slots=True)
class Battery(Event):
    kind: ClassVar[str] = "battery"
    percent: int


def is_scan_group(group_type: int | None) -> bool:
    """Group types 2-7 are scan priorities 1-6, not the group the radio is ON (0 none,
    1 select; PEI.md §6). A report without a type is the selection. The journal's payload
    form of this rule is console/journal/kinds.selected_gssi (a test keeps them equal)."""
    return group_type is not None and group_type > 1


@dataclass(frozen=True, slots=True)
class Talkgroup(Event):
    kind: ClassVar[str] = "talkgroup"
    gssi: str
    group_type: int


@dataclass(frozen=True, slots=True)
class TalkgroupListEntry(Event):
    kind: ClassVar[str] = "talkgroup_list_entry"
    gssi: str
    name: str


# --- SDS (status, text, reports, location) ----------------------------------------------

@dataclass(frozen=True, slots=True)
class Status(Event):
    kind: ClassVar[str] = "status"
    from_issi: str | None
    to: str
    value: int
    is_emergency: bool


@dataclass(frozen=True, slots=True)
class SdsShortReport(Event):
    """SDS-TL short report in the status service (0x7C00-0x7FFF, PEI.md §8.5): report type
    0 protocol/encoding not supported, 1 memory full, 2 received, 3 consumed."""
    kind: ClassVar[str] = "sds_short_report"
    from_issi: str | None
    to: str
    report_type: int
    message_reference: int


@dataclass(frozen=True, slots=True)
class Text(Event):
    kind: ClassVar[str] = "text"
    from_issi: str | None
    to: str
    text: str
    protocol_id: int
    message_reference: int | None
    delivery_report_requested: bool
    immediate: bool
    # A concatenated text (PID 0x8A with a user data header, PEI.md §8.4) is one Text once
    # its parts are in; ``parts`` says how many it was sent in. Parts that never came (time
    # out) are listed 1-based in ``missing_parts`` and marked ``[…]`` in ``text``.
    parts: int = 1
    missing_parts: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class SdsReport(Event):
    """SDS-REPORT (SDS-TL message type 1): delivery status of the message ``message_reference``
    we sent to ``from_issi`` (TS 100 392-2 table 29.16, PEI.md §8.4)."""
    kind: ClassVar[str] = "sds_report"
    from_issi: str | None
    to: str
    delivery_status: int
    message_reference: int


@dataclass(frozen=True, slots=True)
class SdsAck(Event):
    """SDS-ACK (SDS-TL message type 2): acknowledges a report about ``message_reference``;
    same delivery status values as the SDS-REPORT (tetra-pei ``ParseSDSAcknowledge``)."""
    kind: ClassVar[str] = "sds_ack"
    from_issi: str | None
    to: str
    delivery_status: int
    message_reference: int


@dataclass(frozen=True, slots=True)
class Location(Event):
    kind: ClassVar[str] = "location"
    from_issi: str | None
    to: str
    lat: float
    lon: float
    velocity_kmh: float | None
    direction_deg: float | None
    is_emergency: bool


@dataclass(frozen=True, slots=True)
class LocationUnsupported(Event):
    kind: ClassVar[str] = "location_unsupported"
    from_issi: str | None
    to: str
    protocol_id: int


# --- call control and floor control (PEI.md §7) -----------------------------------------

@dataclass(frozen=True, slots=True)
class CallIncoming(Event):
    kind: ClassVar[str] = "call_incoming"
    cc_instance: int
    calling_issi: str | None
    called: str | None
    is_group: bool
    priority: int
    is_emergency: bool


@dataclass(frozen=True, slots=True)
class CallProgress(Event):
    kind: ClassVar[str] = "call_progress"
    cc_instance: int
    call_status: int


@dataclass(frozen=True, slots=True)
class CallConnected(Event):
    kind: ClassVar[str] = "call_connected"
    cc_instance: int


class Grant(enum.IntEnum):
    """+CTXG TxGrant values (PEI.md §7.3); console/journal/kinds.py names the two the
    projections read (a test keeps them equal)."""
    GRANTED = 0
    NOT_GRANTED = 1
    QUEUED = 2
    OTHER_USER = 3  # granted to another user


@dataclass(frozen=True, slots=True)
class TxGrant(Event):
    kind: ClassVar[str] = "tx_grant"
    cc_instance: int
    grant: int  # a Grant value
    talker_issi: str | None
    own_transmission: bool


@dataclass(frozen=True, slots=True)
class TxCeased(Event):
    kind: ClassVar[str] = "tx_ceased"
    cc_instance: int


@dataclass(frozen=True, slots=True)
class TxInterrupt(Event):
    kind: ClassVar[str] = "tx_interrupt"
    cc_instance: int


@dataclass(frozen=True, slots=True)
class TxWait(Event):
    kind: ClassVar[str] = "tx_wait"
    cc_instance: int


@dataclass(frozen=True, slots=True)
class CallReleased(Event):
    kind: ClassVar[str] = "call_released"
    cc_instance: int
    cause: int


@dataclass(frozen=True, slots=True)
class SdsAccepted(Event):
    kind: ClassVar[str] = "sds_accepted"
    sds_instance: int
    sds_status: int | None
    message_reference: int | None


@dataclass(frozen=True, slots=True)
class SdsSent(Event):
    kind: ClassVar[str] = "sds_sent"
    sds_instance: int
    sds_status: int | None
    message_reference: int | None


@dataclass(frozen=True, slots=True)
class SdsFailed(Event):
    kind: ClassVar[str] = "sds_failed"
    sds_instance: int
    sds_status: int | None
    message_reference: int | None


@dataclass(frozen=True, slots=True)
class Malformed(Event):
    """A known line whose fields are broken (``+CSQ: abc``), or framing trouble."""
    kind: ClassVar[str] = "malformed"
    reason: str


@dataclass(frozen=True, slots=True)
class Unrecognized(Event):
    """What the radio said and the decoder could not read, kept raw so nothing is silently
    dropped: an SDS with an unknown protocol, SDS user data that does not decode, or a line
    nobody knows. For an SDS ``line`` is the ``+CTSDSR`` header and ``raw_hex`` the user
    data as received; otherwise ``raw_hex`` is the line's bytes (ISO 8859-1) in hex."""
    kind: ClassVar[str] = "unrecognized"
    line: str
    raw_hex: str
    reason: str
    from_issi: str | None = None
    to: str | None = None
    service: int | None = None  # AI service of an SDS (PEI.md §8.2); None: not an SDS
    protocol_id: int | None = None  # SDS type 4: the first byte (PEI.md §8.3)
    length_bits: int | None = None


# --- link state (emitted by the radio driver, never by the decoder) ----------------------

@dataclass(frozen=True, slots=True)
class LinkConnected(Event):
    kind: ClassVar[str] = "link_connected"
    port: str


@dataclass(frozen=True, slots=True)
class LinkLost(Event):
    kind: ClassVar[str] = "link_lost"
    port: str
    reason: str


@dataclass(frozen=True, slots=True)
class LinkRestored(Event):
    kind: ClassVar[str] = "link_restored"
    port: str


# A sink receives (radio id, event); it must be thread-safe and must not block.
EventSink = Callable[[str, Event], None]


def all_event_types() -> list[type[Event]]:
    """Every concrete event class, for registries and exhaustiveness tests."""
    # slots=True makes dataclass build a second class; the module name is the real one.
    names = globals()
    found = {c for c in Event.__subclasses__() if names.get(c.__name__) is c}
    return sorted(found, key=lambda c: c.kind)
