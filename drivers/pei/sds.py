"""SDS user data: status, SDS-TL text/report/ack, concatenated text parts, and routing
of LIP (PEI.md §8, §9).

Clauses: ``+CTSDSR`` AI service 13 = status (16 bits), 12 = SDS type 4 whose first byte is
the protocol identifier (EN 300 392-5 clause 6.17.3 [C]; TS 100 392-2 table 29.21 [C]).
SDS-TL header layout per TS 100 392-2 clause 29.4 as implemented by tetra-pei [C].

A damaged payload must never become a status or a position: the hex digit count must fit
the header's bit length exactly (``ceil(L/4)`` digits, or whole bytes as Motorola pads),
statuses must be exactly 16 bits, and anything else raises ``PayloadError``. What is well
formed but not decoded here (another protocol, SDS type 1-3 data) raises ``NotDecoded``;
the decoder turns both into an ``Unrecognized`` event with the raw data, never nothing.
"""

from __future__ import annotations

import logging

from drivers.events import (
    Event,
    Location,
    LocationUnsupported,
    SdsAck,
    SdsReport,
    SdsShortReport,
    Status,
    Text,
)
from drivers.pei import lip
from drivers.pei.concat import TextPart

LOG = logging.getLogger(__name__)

SERVICE_SDS_TYPE4 = 12
SERVICE_STATUS = 13
PID_SIMPLE_TEXT, PID_SIMPLE_IMMEDIATE = 0x02, 0x09
PID_TEXT, PID_IMMEDIATE_TEXT = 0x82, 0x89
PID_UDH_TEXT = 0x8A  # text with a user data header: concatenated texts (PEI.md §8.4)
PID_SIMPLE_LOCATION, PID_LOCATION_TL = 0x03, 0x83  # NMEA based: no decoder here
SHORT_REPORT_FIRST, SHORT_REPORT_LAST = 0x7C00, 0x7FFF  # PEI.md §8.5 [C]
_TL_TRANSFER, _TL_REPORT, _TL_ACK = 0, 1, 2
MAX_PDU_BITS = 668  # what tetra-cli sends per PDU "because it works in practice" (§8.1)

# TS 100 392-2 table 29.21, as listed by tlm-solutions/tetra-decoder (short_data_service.hpp)
# and tetra-pei (sds/sds.go); used to say in a journal entry what was not decoded.
PROTOCOL_NAMES = {
    0x01: "OTAK", 0x02: "simple text", 0x03: "simple location", 0x04: "WAP",
    0x05: "WCMP", 0x06: "M-DMO", 0x07: "PIN authentication", 0x08: "end-to-end encrypted",
    0x09: "simple immediate text", 0x0A: "LIP", 0x0B: "NAP2", 0x0C: "simple concatenated SDS",
    0x0D: "DOTAM", 0x0E: "simple AGNSS", 0x82: "text", 0x83: "location system",
    0x84: "WAP", 0x85: "WCMP", 0x86: "M-DMO", 0x88: "end-to-end encrypted",
    0x89: "immediate text", 0x8A: "text with user data header", 0x8C: "concatenated SDS",
    0x8D: "AGNSS", 0xC3: "callout (German BOS)",
}

# Text coding scheme (bits 6-0 of the first user-data byte) → Python codec, PEI.md §8.4.
_CODINGS = {1: "latin-1", 13: "iso8859-15", 26: "utf-16-be"}
_CODING_ISO8859_1 = 1
_HEXDIGITS = frozenset("0123456789abcdefABCDEF")


class PayloadError(ValueError):
    """The SDS user data does not match its header: treat as malformed."""


class NotDecoded(PayloadError):
    """Well formed as far as we can tell, but a protocol or PDU this console does not read."""


def protocol_name(pid: int) -> str:
    """English name of an SDS type 4 protocol identifier (TS 100 392-2 table 29.21)."""
    if pid in PROTOCOL_NAMES:
        return PROTOCOL_NAMES[pid]
    if 0x40 <= pid <= 0x7E or 0xC0 <= pid <= 0xFE:
        return "user application"
    return "reserved"


def is_hex(text: str) -> bool:
    return bool(text) and _HEXDIGITS.issuperset(text)


def payload_bits(hex_text: str, length_bits: int) -> int:
    """The first ``length_bits`` bits of the hex payload as an integer (PEI.md §8.2).

    Accepts odd digit counts (Sepura) and one padding nibble to whole bytes (Motorola),
    nothing shorter or longer: a length that does not fit means the line is damaged.
    """
    if not is_hex(hex_text):
        raise PayloadError("payload is not hex")
    if length_bits <= 0:
        raise PayloadError(f"bad SDS length {length_bits}")
    digits = len(hex_text)
    low, high = -(-length_bits // 4), 2 * -(-length_bits // 8)
    if not low <= digits <= high:
        raise PayloadError(f"{digits} hex digits do not fit {length_bits} bits")
    return int(hex_text, 16) >> (4 * digits - length_bits)


def payload_bytes(hex_text: str, length_bits: int) -> bytes:
    """The payload as bytes, the last one zero-padded when the length is not whole bytes."""
    value = payload_bits(hex_text, length_bits)
    pad = -length_bits % 8
    return (value << pad).to_bytes((length_bits + pad) // 8, "big")


# --- decoding ---------------------------------------------------------------------------

Decoded = Event | TextPart  # a part goes to the decoder's Reassembler, never further


def decode_sds(service: int, from_issi: str | None, to: str, hex_text: str,
               length_bits: int) -> list[Decoded]:
    """Events for one received SDS (header already parsed). Raises PayloadError, or its
    subclass NotDecoded for what is valid but not read here."""
    if service == SERVICE_STATUS:
        return [decode_status(from_issi, to, hex_text, length_bits)]
    if service == SERVICE_SDS_TYPE4:
        return decode_type4(from_issi, to, hex_text, length_bits)
    if 9 <= service <= 11:  # user-defined data of 16/32/64 bits: meaning is the fleet's
        raise NotDecoded(f"SDS type {service - 8} user-defined data not decoded")
    raise NotDecoded(f"AI service {service} is not an SDS service this console decodes")


def decode_status(from_issi: str | None, to: str, hex_text: str, length_bits: int) -> Event:
    """Pre-coded status, EN 300 392-2 table 14.72 via PEI.md §8.5 [C]: exactly 16 bits."""
    if length_bits != 16 or len(hex_text) != 4:
        raise PayloadError(f"status must be 16 bits, got {length_bits} bits/{len(hex_text)} digits")
    value = payload_bits(hex_text, 16)
    if SHORT_REPORT_FIRST <= value <= SHORT_REPORT_LAST:
        # bits 15-10 = 011111, bits 9-8 report type, bits 7-0 message reference [C]
        return SdsShortReport(from_issi=from_issi, to=to, report_type=(value >> 8) & 3,
                              message_reference=value & 0xFF)
    return Status(from_issi=from_issi, to=to, value=value, is_emergency=value == 0)


def decode_type4(from_issi: str | None, to: str, hex_text: str,
                 length_bits: int) -> list[Decoded]:
    """SDS type 4: route by protocol identifier (PEI.md §8.3)."""
    if length_bits < 8:
        raise PayloadError("SDS type 4 without a protocol identifier")
    if lip_pid(hex_text) == lip.PID_LIP:
        return [decode_location(from_issi, to, hex_text, length_bits)]
    data = payload_bytes(hex_text, length_bits)
    pid, nbytes = data[0], length_bits // 8
    if pid in (PID_SIMPLE_LOCATION, PID_LOCATION_TL):
        return [LocationUnsupported(from_issi=from_issi, to=to, protocol_id=pid)]
    if pid in (PID_SIMPLE_TEXT, PID_SIMPLE_IMMEDIATE):
        text = _text(data[1:nbytes])
        return [Text(from_issi=from_issi, to=to, text=text, protocol_id=pid,
                     message_reference=None, delivery_report_requested=False,
                     immediate=pid == PID_SIMPLE_IMMEDIATE)]
    if pid >= 0x80:
        return _sds_tl(from_issi, to, pid, data[:nbytes])
    raise NotDecoded(f"protocol 0x{pid:02X} ({protocol_name(pid)}) not decoded")


def lip_pid(hex_text: str) -> int | None:
    return int(hex_text[:2], 16) if len(hex_text) >= 2 and is_hex(hex_text[:2]) else None


def decode_location(from_issi: str | None, to: str, hex_text: str, length_bits: int) -> Event:
    """LIP PDU → Location, or LocationUnsupported when it has no position we can read."""
    try:
        report = lip.decode_lip(payload_bits(hex_text, length_bits), length_bits)
    except lip.LipUnsupported as exc:
        LOG.debug("%s", exc)
        return LocationUnsupported(from_issi=from_issi, to=to, protocol_id=lip.PID_LIP)
    except lip.LipError as exc:
        raise PayloadError(str(exc)) from None
    return Location(from_issi=from_issi, to=to, lat=report.lat, lon=report.lon,
                    velocity_kmh=report.velocity_kmh, direction_deg=report.direction_deg,
                    is_emergency=report.is_emergency)


def _sds_tl(from_issi: str | None, to: str, pid: int, data: bytes) -> list[Decoded]:
    """SDS-TL PDU, TS 100 392-2 clause 29.4 (PEI.md §8.4) [C]."""
    if len(data) < 3:
        raise PayloadError("SDS-TL header too short")
    kind = data[1] >> 4
    if kind in (_TL_REPORT, _TL_ACK):
        # byte 1: type + (report) ack required, reserved, storage / (ack) reserved;
        # byte 2 delivery status (table 29.16); byte 3 MR (tetra-pei ParseSDSReport/-Ack)
        name = "SDS-REPORT" if kind == _TL_REPORT else "SDS-ACK"
        if len(data) < 4:
            raise PayloadError(f"{name} too short")
        cls = SdsReport if kind == _TL_REPORT else SdsAck
        return [cls(from_issi=from_issi, to=to, delivery_status=data[2],
                    message_reference=data[3])]
    if kind != _TL_TRANSFER:
        raise NotDecoded(f"SDS-TL message type {kind} not decoded")
    if pid not in (PID_TEXT, PID_IMMEDIATE_TEXT, PID_UDH_TEXT):
        raise NotDecoded(f"SDS-TL transfer with protocol 0x{pid:02X} ({protocol_name(pid)})"
                         " not decoded")
    flags, reference, body = data[1], data[2], data[3:]
    if flags & 0x01:
        body = _skip_storage(body)
    report = bool(flags & 0x0C)
    coding, udh, text = _split_udh(body, pid == PID_UDH_TEXT)
    if udh is not None and (concat := _concatenation(udh)) is not None:
        ref, ref_bits, total, seq = concat
        if not 1 <= seq <= total:
            raise PayloadError(f"concatenated text part {seq} of {total}")
        return [TextPart(from_issi=from_issi, to=to, reference=ref, reference_bits=ref_bits,
                         total=total, sequence=seq, text=_text(coding + text),
                         message_reference=reference, delivery_report_requested=report,
                         protocol_id=pid)]
    return [Text(from_issi=from_issi, to=to, text=_text(coding + text), protocol_id=pid,
                 message_reference=reference, delivery_report_requested=report,
                 immediate=pid == PID_IMMEDIATE_TEXT)]


def _split_udh(body: bytes, has_udh: bool) -> tuple[bytes, bytes | None, bytes]:
    """(coding byte + timestamp, user data header or None, text bytes) of text user data.

    PID 0x8A: the header follows the coding byte and timestamp (tetra-pei
    ``ParseConcatenatedTextSDU`` and its test vectors). PID 0x82/0x89 carry no header flag;
    a text that starts with exactly the GSM TS 23.040 concatenation header (``05 00 03`` or
    ``06 08 04``, control characters no text starts with) is read as one [U: a guess at
    radios that put the GSM header into plain text messaging].
    """
    if not body:
        raise PayloadError("text without coding scheme")
    head = 1 + (3 if body[0] & 0x80 else 0)
    coding, rest = body[:head], body[head:]
    if len(coding) < head:
        raise PayloadError("text timestamp truncated")
    if not has_udh:
        if rest[:3] in (b"\x05\x00\x03", b"\x06\x08\x04") and len(rest) > rest[0]:
            return coding, rest[1:1 + rest[0]], rest[1 + rest[0]:]
        return coding, None, rest
    if not rest:
        raise PayloadError("user data header missing")
    size = rest[0]
    if len(rest) < 1 + size:
        raise PayloadError(f"user data header of {size} bytes truncated")
    return coding, rest[1:1 + size], rest[1 + size:]


def _concatenation(udh: bytes) -> tuple[int, int, int, int] | None:
    """(reference, reference bits, total, sequence) from the header's information elements
    (GSM TS 23.040 9.2.3.24: id, length, data): element 0x00 = 8-bit reference, 0x08 =
    16-bit reference (read high byte first; tetra-pei writes it low byte first, which only
    matters for how the reference is shown: all parts of one text use one writer). Other
    elements are skipped; the last concatenation element counts, as in TS 23.040."""
    found, i = None, 0
    while i < len(udh):
        if i + 2 > len(udh) or i + 2 + udh[i + 1] > len(udh):
            raise PayloadError("user data header element truncated")
        element, data = udh[i], udh[i + 2:i + 2 + udh[i + 1]]
        if element in (0x00, 0x08):
            if len(data) != (3 if element == 0x00 else 4):
                raise PayloadError(f"concatenation element 0x{element:02X} of "
                                   f"{len(data)} bytes")
            if element == 0x00:
                found = (data[0], 8, data[1], data[2])
            else:
                found = ((data[0] << 8) | data[1], 16, data[2], data[3])
        i += 2 + len(data)
    return found


def _skip_storage(body: bytes) -> bytes:
    """Skip validity period (5 bits) + forward address type (3) + address [U: from
    TS 100 392-2 29.4.2.4 as we recall it; tetra-pei and a bluestation-style decoder read
    the same first byte, SSI = 3 bytes; both read a TSI as 3 bytes where we skip 6]. An
    external subscriber number is a digit count and 4-bit digits, padded to a byte."""
    if not body:
        raise PayloadError("SDS-TL storage field missing")
    sizes = {0: 1, 1: 3, 2: 6, 7: 0}  # SNA, SSI, TSI, none
    address_type = body[0] & 0x07
    if address_type == 3:
        if len(body) < 2:
            raise PayloadError("SDS-TL external subscriber number missing")
        return body[2 + -(-body[1] // 2):]
    if address_type not in sizes:
        raise PayloadError(f"SDS-TL forward address type {address_type} not decoded")
    return body[1 + sizes[address_type]:]


def _text(body: bytes) -> str:
    """Text user data: coding byte (bit 7 = timestamp present), optional 3-byte timestamp,
    then the text (PEI.md §8.4). Unknown codings raise: garbage is worse than nothing."""
    if not body:
        raise PayloadError("text without coding scheme")
    coding, body = body[0] & 0x7F, body[1 + (3 if body[0] & 0x80 else 0):]
    codec = _CODINGS.get(coding)
    if codec is None:
        raise PayloadError(f"text coding scheme {coding} not supported")
    if codec == "utf-16-be" and len(body) % 2:
        raise PayloadError("odd byte count in UTF-16 text")
    return body.decode(codec, errors="replace")


# --- encoders (the driver sends, the simulated radio emits) -----------------------------

def encode_status(value: int) -> str:
    """Status user data for ``AT+CMGS=<issi>,16``: 4 upper-case hex digits (PEI.md §8.5)."""
    if not 0 <= value <= 0xFFFF:
        raise ValueError(f"status value out of range: {value}")
    return f"{value:04X}"


def encode_text(text: str, *, protocol_id: int = PID_TEXT, message_reference: int = 0,
                report_request: bool = True) -> tuple[str, int]:
    """Text SDS as (hex, length in bits), ISO 8859-1 (coding scheme 1), PEI.md §8.4.

    SDS-TL PIDs (0x82, 0x89) get the TRANSFER header; ``report_request`` asks for
    "message received" (delivery report request 01). Simple PIDs (0x02, 0x09) have none.
    Raises ValueError for characters ISO 8859-1 cannot carry.
    """
    body = bytes([_CODING_ISO8859_1]) + text.encode("latin-1")
    if protocol_id in (PID_TEXT, PID_IMMEDIATE_TEXT):
        if not 0 <= message_reference <= 255:
            raise ValueError("message reference out of range")
        flags = (_TL_TRANSFER << 4) | (0b01 << 2 if report_request else 0)
        data = bytes([protocol_id, flags, message_reference]) + body
    elif protocol_id in (PID_SIMPLE_TEXT, PID_SIMPLE_IMMEDIATE):
        data = bytes([protocol_id]) + body
    else:
        raise ValueError(f"not a text protocol identifier: 0x{protocol_id:02X}")
    return data.hex().upper(), 8 * len(data)


def encode_concatenated_text(text: str, *, reference: int, message_reference: int = 0,
                             report_request: bool = False,
                             max_bits: int = MAX_PDU_BITS) -> list[tuple[str, int]]:
    """A long text as PID 0x8A parts with the 8-bit concatenation header, as tetra-pei's
    ``NewConcatenatedMessageTransfer`` builds them: ISO 8859-1, no timestamp, the SDS-TL
    message reference counting up per part from ``message_reference``, the header's
    ``reference`` shared by all. Returns [(hex, bits)] per part."""
    if not 0 <= reference <= 255 or not 0 <= message_reference <= 255:
        raise ValueError("reference out of range")
    per_part = max_bits // 8 - 10  # PID, flags, MR, coding, 6-byte header
    if per_part < 1:
        raise ValueError(f"{max_bits} bits leave no room for text")
    body = text.encode("latin-1")
    chunks = [body[i:i + per_part] for i in range(0, len(body), per_part)] or [b""]
    if len(chunks) > 255:
        raise ValueError("text too long for 255 parts")
    flags = (_TL_TRANSFER << 4) | (0b01 << 2 if report_request else 0)
    out = []
    for n, chunk in enumerate(chunks, 1):
        data = bytes([PID_UDH_TEXT, flags, (message_reference + n - 1) % 256,
                      _CODING_ISO8859_1, 5, 0x00, 3, reference, len(chunks), n]) + chunk
        out.append((data.hex().upper(), 8 * len(data)))
    return out


def encode_sds_report(delivery_status: int, message_reference: int, *,
                      protocol_id: int = PID_TEXT) -> tuple[str, int]:
    """SDS-REPORT (e.g. ``82 10 00 <MR>`` = receipt acknowledged), PEI.md §8.4 [C]."""
    if not (0 <= delivery_status <= 255 and 0 <= message_reference <= 255):
        raise ValueError("delivery status or message reference out of range")
    data = bytes([protocol_id, _TL_REPORT << 4, delivery_status, message_reference])
    return data.hex().upper(), 32
