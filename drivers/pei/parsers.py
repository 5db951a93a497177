"""Pure parsers for single PEI result lines (EN 300 392-5 clause 6.x; PEI.md §2–§8).

Each parser takes the fields after ``+NAME:`` and returns events, or raises ``FieldError``
(a ``ValueError``) when a known line has broken fields; the decoder turns that into
``Malformed``. Two-line and list results are stateful and live in ``decoder.py``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from drivers.events import (
    Battery,
    CallConnected,
    CallIncoming,
    CallProgress,
    CallReleased,
    Error,
    Event,
    Identity,
    OperatingMode,
    OwnIdentity,
    SdsAccepted,
    SdsFailed,
    SdsSent,
    Signal,
    Talkgroup,
    TalkgroupListEntry,
    TxCeased,
    TxGrant,
    TxInterrupt,
    TxWait,
)
from drivers.pei.identities import optional_ssi, ssi_from

LOG = logging.getLogger(__name__)

_REQUIRED = object()
EMERGENCY_PRIORITY = 15  # EN 300 392-2 table 14.46 "pre-emptive priority 4" [C air, L PEI]
SDS_STATUS_SENT, SDS_STATUS_FAILED = 4, 5  # clause 6.17.51 [C]


class FieldError(ValueError):
    """A known result code whose fields cannot be read."""


def split_fields(rest: str) -> list[str]:
    """Comma-separated fields; spaces and quotes around each are not significant (§11)."""
    return [f.strip().strip('"').strip() for f in rest.split(",")]


def int_field(fields: list[str], i: int, name: str, default: object = _REQUIRED) -> int:
    text = fields[i] if i < len(fields) else ""
    if not text:
        if default is _REQUIRED:
            raise FieldError(f"{name} missing")
        return default  # type: ignore[return-value]
    if not (text.isascii() and text.isdigit()):
        raise FieldError(f"{name} not a number: {text!r}")
    return int(text)


def id_field(fields: list[str], i: int, name: str, *, required: bool = False) -> str | None:
    text = fields[i] if i < len(fields) else ""
    try:
        value = optional_ssi(text)
    except ValueError:
        raise FieldError(f"{name} not an identity: {text!r}") from None
    if value is None and required:
        raise FieldError(f"{name} missing")
    return value


@dataclass(frozen=True, slots=True)
class SdsHeader:
    """``+CTSDSR`` header; the payload follows on the next non-empty line."""
    service: int
    from_issi: str | None
    to: str
    length_bits: int


def parse_ctsdsr(fields: list[str]) -> SdsHeader:
    """``+CTSDSR: <AI service>,[<calling id>],[<calling type>],<called id>,<called type>,
    <length>[,<e2ee>]`` — length is field 6, never the last field (tetra-pei PR 1) [C].
    Shorter forms: 3 fields (service, called, length), 4 (+ called type) [L]."""
    n = len(fields)
    if n >= 6:
        caller, called, length = id_field(fields, 1, "calling id"), 3, 5
        int_field(fields, 4, "called id type", 0)
        int_field(fields, 2, "calling id type", 0)
    elif n in (3, 4):
        caller, called, length = None, 1, n - 1
    else:
        raise FieldError(f"{n} fields")
    to = id_field(fields, called, "called id", required=True)
    assert to is not None
    bits = int_field(fields, length, "length")
    if not 0 < bits <= 4096:
        raise FieldError(f"length {bits} out of range")
    return SdsHeader(int_field(fields, 0, "AI service"), caller, to, bits)


def final_error(family: str, rest: str) -> list[Event]:
    """``+CME ERROR: n`` / ``+CMS ERROR: n``. A non-numeric code still ends the command
    (verbose error mode, CMEE=2), so it becomes a code-less error, not Malformed."""
    text = rest.strip()
    if text.isascii() and text.isdigit():
        return [Error(code=int(text), family=family)]
    LOG.debug("+%s ERROR without numeric code: %r", family, text)
    return [Error(code=None, family=family)]


def _identity(field: str) -> Callable[[list[str], str], list[Event]]:
    def parse(fields: list[str], rest: str) -> list[Event]:
        value = rest.strip()
        if not value:
            raise FieldError(f"{field} empty")
        return [Identity(field=field, value=value)]
    return parse


def no_event(fields: list[str], rest: str) -> list[Event]:
    """A result the console understands and needs no event for: ``+CSCS: <charset>`` (the
    character set it just chose, PEI.md §4) answers only its own command."""
    return []


def cnumf(fields: list[str], rest: str) -> list[Event]:
    """``+CNUMF: <num type>,<identity>``; types 0 and 6 are individual (6.17.38) [L]."""
    num_type = int_field(fields, 0, "number type")
    tsi = fields[1] if len(fields) > 1 else ""
    if num_type not in (0, 6):
        LOG.debug("+CNUMF number type %d ignored", num_type)
        return []
    try:
        issi = ssi_from(tsi)
    except ValueError:
        raise FieldError(f"identity {tsi!r}") from None
    return [OwnIdentity(issi=issi, tsi=tsi)]


def ctom(fields: list[str], rest: str) -> list[Event]:
    """``+CTOM: <AI mode>`` (6.17.4): 0 TMO, 1 DMO, 2–6 dual watch/gateway/repeater [C]."""
    return [OperatingMode(value=int_field(fields, 0, "mode"))]


def csq(fields: list[str], rest: str) -> list[Event]:
    """``+CSQ: <rssi>,<ber>``: dBm = -113 + 2·rssi, 99 unknown [C]."""
    raw = int_field(fields, 0, "rssi")
    if raw == 99:
        return [Signal(raw=raw, dbm=None)]
    if raw > 31:
        raise FieldError(f"rssi {raw} out of range")
    return [Signal(raw=raw, dbm=-113 + 2 * raw)]


def cbc(fields: list[str], rest: str) -> list[Event]:
    """``+CBC: <charge status>,<level %>``: the level is the second field [C]."""
    percent = int_field(fields, 1, "battery level")
    if percent > 100:
        raise FieldError(f"battery level {percent} out of range")
    return [Battery(percent=percent)]


def ctgs(fields: list[str], rest: str) -> list[Event]:
    """``+CTGS: <group type>,<identity>[,<group type>,<identity>...]`` (6.17.25) [C]."""
    if len(fields) < 2 or len(fields) % 2:
        raise FieldError(f"{len(fields)} fields")
    out: list[Event] = []
    for i in range(0, len(fields), 2):
        group_type = int_field(fields, i, "group type")
        gssi = id_field(fields, i + 1, "group identity", required=True)
        assert gssi is not None
        out.append(Talkgroup(gssi=gssi, group_type=group_type))
    return out


def cnums_entry(text: str) -> TalkgroupListEntry:
    """``<num type>,<GTSI> ,<name>`` (p8gr-bos transcript) [L]; the name is everything
    after the second comma, commas included."""
    fields = text.split(",", 2)
    if len(fields) < 3:
        raise FieldError(f"{len(fields)} fields")
    int_field(split_fields(fields[0]), 0, "number type")
    gssi = id_field(split_fields(fields[1]), 0, "group identity", required=True)
    assert gssi is not None
    return TalkgroupListEntry(gssi=gssi, name=fields[2].strip().strip('"').strip())


def cticn(fields: list[str], rest: str) -> list[Event]:
    """``+CTICN: <cc>,<status>,<AI service>,[<calling type>],[<calling id>],[<hook>],
    [<simplex>],[<e2ee>],[<comms type>],[<slots>],[<called type>],[<called id>],
    [<priority>]`` (PEI.md §7.2) [C for order]. Group ⇔ comms type 1–3 (multipoint) [L]."""
    cc = int_field(fields, 0, "cc instance")
    comms = int_field(fields, 8, "comms type", 0)
    priority = int_field(fields, 12, "priority", 0)
    if priority > 15:
        raise FieldError(f"priority {priority} out of range")
    return [CallIncoming(cc_instance=cc, calling_issi=id_field(fields, 4, "calling id"),
                         called=id_field(fields, 11, "called id"), is_group=comms in (1, 2, 3),
                         priority=priority, is_emergency=priority == EMERGENCY_PRIORITY)]


def ctocp(fields: list[str], rest: str) -> list[Event]:
    """``+CTOCP: <cc>,<call status>,...`` outgoing call progress [L first fields]."""
    return [CallProgress(cc_instance=int_field(fields, 0, "cc instance"),
                         call_status=int_field(fields, 1, "call status", 0))]


def ctcc(fields: list[str], rest: str) -> list[Event]:
    """``+CTCC: <cc>,...`` call connected; only the CC instance is sure [C]/[U rest]."""
    return [CallConnected(cc_instance=int_field(fields, 0, "cc instance"))]


def ctxg(fields: list[str], rest: str) -> list[Event]:
    """``+CTXG: <cc>,<grant>,<TxRqPrmsn>,<e2ee>[,<TPI type>,<TPI>]`` (§7.3) [C]: no talking
    party identity means the grant concerns our own transmission (tetra-cli 4 vs 6 fields)."""
    cc = int_field(fields, 0, "cc instance")
    grant = int_field(fields, 1, "grant")
    if grant > 3:
        raise FieldError(f"grant {grant} out of range")
    talker = id_field(fields, 5, "talking party")
    return [TxGrant(cc_instance=cc, grant=grant, talker_issi=talker,
                    own_transmission=talker is None)]


def _cc_only(cls: type) -> Callable[[list[str], str], list[Event]]:
    def parse(fields: list[str], rest: str) -> list[Event]:
        return [cls(cc_instance=int_field(fields, 0, "cc instance"))]
    return parse


def ctcr(fields: list[str], rest: str) -> list[Event]:
    """``+CTCR: <cc>,<disconnect cause>`` [C]; a missing cause reads as 0 "unknown"."""
    return [CallReleased(cc_instance=int_field(fields, 0, "cc instance"),
                         cause=int_field(fields, 1, "cause", 0))]


def cmgs(fields: list[str], rest: str) -> list[Event]:
    """``+CMGS: <sds instance>[,<sds status>[,<message reference>]]`` (6.17.51) [C].
    One field: accepted by the radio; status 4 sent over the air (not delivered!),
    5 failed; other statuses are reported as accepted with their value."""
    instance = int_field(fields, 0, "sds instance")
    status = int_field(fields, 1, "sds status", None)
    reference = int_field(fields, 2, "message reference", None)
    cls = {SDS_STATUS_SENT: SdsSent, SDS_STATUS_FAILED: SdsFailed}.get(status, SdsAccepted)
    return [cls(sds_instance=instance, sds_status=status, message_reference=reference)]


# Prefix → parser for every single-line result; +CTSDSR and +CNUMS are in the decoder.
# A prefix missing here is journaled as Unrecognized, never dropped.
LINE_PARSERS: dict[str, Callable[[list[str], str], list[Event]]] = {
    "+GMI": _identity("manufacturer"),
    "+GMM": _identity("model"),
    "+GMR": _identity("revision"),
    "+CNUMF": cnumf,
    "+CSCS": no_event,
    "+CTOM": ctom,
    "+CSQ": csq,
    "+CBC": cbc,
    "+CTGS": ctgs,
    "+CTICN": cticn,
    "+CTOCP": ctocp,
    "+CTCC": ctcc,
    "+CTXG": ctxg,
    "+CDTXC": _cc_only(TxCeased),
    "+CTXI": _cc_only(TxInterrupt),
    "+CTXW": _cc_only(TxWait),
    "+CTCR": ctcr,
    "+CMGS": cmgs,
}
