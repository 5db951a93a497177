"""Location Information Protocol (PID 0x0A, TS 100 392-18-1) — PEI.md §9.

Short location report layout (84 bits including the PID) is [C]: verified against four
real captures (Motorola 22 hex digits, Sepura 21). Long report: only the shape verified by
one capture is decoded (time type 00/01/10, location shape "point", velocity type "none")
[C for that shape]; PEI.md §9.3 says refuse, not guess, the other layouts.

Bit strings are handled as one big integer plus a bit count, so odd hex lengths and the
header's length cut need no special cases (PEI.md §9.2).
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass

LOG = logging.getLogger(__name__)

PID_LIP = 0x0A
SHORT_REPORT_BITS = 84  # including the PID byte
REASON_EMERGENCY = 2  # "emergency condition detected" [C]
_VELOCITY_UNKNOWN = 127


class LipError(ValueError):
    """The PDU is damaged: too short for the fields its own header announces."""


class LipUnsupported(ValueError):
    """A valid LIP PDU that carries no position we can decode (other extension/shape)."""


@dataclass(frozen=True, slots=True)
class LipReport:
    lat: float
    lon: float
    velocity_kmh: float | None
    direction_deg: float | None
    reason: int | None  # reason for sending; None when the byte is user-defined data
    position_error: int | None  # 0..7 code of the short report, None for long reports

    @property
    def is_emergency(self) -> bool:
        return self.reason == REASON_EMERGENCY


class _Bits:
    """Reads fields MSB-first from an integer of ``n`` bits."""

    def __init__(self, value: int, n: int) -> None:
        self.value, self.n, self.pos = value, n, 0

    def take(self, width: int) -> int:
        if self.pos + width > self.n:
            raise LipError(f"LIP PDU too short: needs bit {self.pos + width}, has {self.n}")
        self.pos += width
        return (self.value >> (self.n - self.pos)) & ((1 << width) - 1)


def _signed(value: int, width: int) -> int:
    return value - (1 << width) if value >= 1 << (width - 1) else value


def _velocity(k: int) -> float | None:
    # K <= 28: K km/h; 29..126: 16 * 1.038^(K-13) km/h; 127 unknown [C, TS 100 392-18-1]
    if k == _VELOCITY_UNKNOWN:
        return None
    return float(k) if k <= 28 else round(16 * 1.038 ** (k - 13), 1)


def _encode_velocity(kmh: float | None) -> int:
    if kmh is None or kmh < 0 or math.isnan(kmh):
        return _VELOCITY_UNKNOWN
    if kmh < 28.5:
        return round(kmh)
    k = round(13 + math.log(kmh / 16) / math.log(1.038))
    return min(max(k, 29), 126)


def _lon_lat(bits: _Bits) -> tuple[float, float]:
    lon = _signed(bits.take(25), 25) * 360 / (1 << 25)
    lat = _signed(bits.take(24), 24) * 180 / (1 << 24)
    return lat, lon


def decode_lip(value: int, nbits: int) -> LipReport:
    """Decode a LIP PDU given as ``nbits`` bits (PID byte first) in ``value``.

    Raises ``LipError`` when the bits are too few, ``LipUnsupported`` for PDUs without a
    position we know how to read.
    """
    bits = _Bits(value, nbits)
    if bits.take(8) != PID_LIP:
        raise LipUnsupported("not a LIP PDU")
    pdu_type = bits.take(2)
    if pdu_type == 0:
        return _short_report(bits)
    if pdu_type == 1:
        extension = bits.take(4)
        if extension == 0b0011:
            return _long_report(bits)
        raise LipUnsupported(f"LIP extension {extension:04b} carries no position")
    raise LipUnsupported(f"reserved LIP PDU type {pdu_type}")


def _short_report(bits: _Bits) -> LipReport:
    """Short location report, PEI.md §9.1 table [C]."""
    if bits.n < SHORT_REPORT_BITS:
        raise LipError(f"LIP short report needs {SHORT_REPORT_BITS} bits, has {bits.n}")
    bits.take(2)  # time elapsed
    lat, lon = _lon_lat(bits)
    position_error = bits.take(3)
    k = bits.take(7)
    direction = bits.take(4)
    data_type = bits.take(1)
    data = bits.take(8)
    velocity = _velocity(k)
    # Radios without a fix send velocity 127 and direction 15 (the "FFE81" tail of every
    # capture): a heading without a speed means nothing, so it is dropped [our choice].
    return LipReport(
        lat=lat, lon=lon, velocity_kmh=velocity,
        direction_deg=None if velocity is None else direction * 22.5,
        reason=data if data_type == 0 else None, position_error=position_error,
    )


def _long_report(bits: _Bits) -> LipReport:
    """Long location report, PEI.md §9.3: only the layout confirmed by a capture."""
    time_type = bits.take(2)
    if time_type == 3:
        raise LipUnsupported("LIP long report: unknown time type 11")
    bits.take({0: 0, 1: 2, 2: 22}[time_type])
    shape = bits.take(4)
    if shape != 0b0001:
        raise LipUnsupported(f"LIP long report: location shape {shape:04b} not decoded")
    lat, lon = _lon_lat(bits)
    velocity_type = bits.take(3)
    if velocity_type != 0:
        raise LipUnsupported(f"LIP long report: velocity type {velocity_type} not decoded")
    bits.take(1)  # acknowledgement request
    data_type = bits.take(1)
    data = bits.take(8)
    return LipReport(lat=lat, lon=lon, velocity_kmh=None, direction_deg=None,
                     reason=data if data_type == 0 else None, position_error=None)


# --- encoders (driver tests and the simulated radio) --------------------------------------

def _coords(lat: float, lon: float) -> tuple[int, int]:
    if not (-90.0 <= lat <= 90.0) or not (-180.0 <= lon <= 180.0):
        raise ValueError(f"position out of range: {lat}, {lon}")
    lat_v = min(round(lat * (1 << 24) / 180), (1 << 23) - 1)  # +90 is not representable
    lon_v = round(lon * (1 << 25) / 360)
    if lon_v == 1 << 24:  # +180 is the same meridian as -180
        lon_v = -(1 << 24)
    return lon_v & ((1 << 25) - 1), lat_v & ((1 << 24) - 1)


def _to_hex(value: int, nbits: int) -> str:
    """Motorola style: pad with zero bits to whole bytes."""
    pad = -nbits % 8
    return f"{value << pad:0{(nbits + pad) // 4}X}"


def encode_short_report(lat: float, lon: float, *, velocity_kmh: float | None = None,
                        direction_deg: float | None = None, reason: int = 0,
                        position_error: int = 1) -> tuple[str, int]:
    """Short location report incl. PID as (hex, 84): 22 hex digits, last nibble padding."""
    if not 0 <= reason <= 255 or not 0 <= position_error <= 7:
        raise ValueError("reason or position error out of range")
    lon_v, lat_v = _coords(lat, lon)
    direction = 0 if direction_deg is None else int((direction_deg % 360 + 11.25) / 22.5) % 16
    value = PID_LIP
    for width, field in ((2, 0), (2, 0), (25, lon_v), (24, lat_v), (3, position_error),
                         (7, _encode_velocity(velocity_kmh)), (4, direction), (1, 0),
                         (8, reason)):
        value = value << width | field
    return _to_hex(value, SHORT_REPORT_BITS), SHORT_REPORT_BITS


def encode_long_report(lat: float, lon: float, *, reason: int = 0) -> tuple[str, int]:
    """Long location report incl. PID, point shape, no time, no velocity: (hex, 82 bits)."""
    if not 0 <= reason <= 255:
        raise ValueError("reason out of range")
    lon_v, lat_v = _coords(lat, lon)
    value = PID_LIP
    for width, field in ((2, 1), (4, 0b0011), (2, 0), (4, 0b0001), (25, lon_v), (24, lat_v),
                         (3, 0), (1, 0), (1, 0), (8, reason)):
        value = value << width | field
    return _to_hex(value, 82), 82
