"""LIP decoding against the real captures of PEI.md §9.1/§9.3, and encode/decode round
trips (TS 100 392-18-1 short and long location reports)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.events import Location, LocationUnsupported
from drivers.pei import lip, sds

TOL = 1e-4


def decode(hex_: str, bits: int) -> lip.LipReport:
    return lip.decode_lip(sds.payload_bits(hex_, bits), bits)


@pytest.mark.parametrize(("hex_", "lat", "lon"), [
    ("0A00893E12472C51026810", 51.2554, 12.0623),   # Motorola MTP850, Bad Dürrenberg
    ("0A112853A9FF4D4FFFE810", 44.9386, 26.0443),   # Romania
    ("0A0BA7D5B95BC50AFFE16", 30.5657, -97.7489),   # Sepura, 21 digits, Texas (W)
    ("0A06B8ACA67F1822FFE810", -33.8296, 151.2311),  # Sydney (S)
    ("0a06b8aca67f1822ffe810", -33.8296, 151.2311),  # lower-case hex
])
def test_short_report_captures(hex_, lat, lon):
    report = decode(hex_, 84)
    assert math.isclose(report.lat, lat, abs_tol=TOL)
    assert math.isclose(report.lon, lon, abs_tol=TOL)


def test_ffe81_tail_means_no_fix_data():
    # FFE81 = velocity 127, direction 15, reason 129; the position error sits *before* it
    # (PEI.md §9.1 folds it into the tail: Sydney has error code 2, Romania 7).
    assert decode("0A112853A9FF4D4FFFE810", 84).position_error == 7
    report = decode("0A06B8ACA67F1822FFE810", 84)
    assert report.position_error == 2 and report.velocity_kmh is None
    assert report.direction_deg is None and report.reason == 129
    assert not report.is_emergency


def test_long_report_capture():
    report = decode("0A4E73DDA841F55809493CC081", 104)
    assert math.isclose(report.lat, 52.234, abs_tol=1e-3)
    assert math.isclose(report.lon, 11.016, abs_tol=1e-3)
    assert report.reason == 129


def test_fewer_bits_than_a_short_report_is_an_error():
    with pytest.raises(lip.LipError):
        decode("0A06B8ACA67F1822FFE8", 80)


@pytest.mark.parametrize("hex_", ["0A4400", "0AC000", "0A4C20"])
def test_other_pdus_have_no_position(hex_):
    with pytest.raises(lip.LipUnsupported):
        decode(hex_, 24)


def test_routed_events():
    assert sds.decode_type4("1", "2", "0A4400", 24) == [LocationUnsupported("1", "2", 0x0A)]
    (event,) = sds.decode_type4("1", "2", "0A06B8ACA67F1822FFE020", 84)
    assert isinstance(event, Location) and event.is_emergency
    with pytest.raises(sds.PayloadError):  # header 84 bits, payload only 80
        sds.decode_type4("1", "2", "0A06B8ACA67F1822FFE8", 84)


def test_encode_vector_and_sign_handling():
    hex_, bits = lip.encode_short_report(-33.8296, 151.2311, reason=lip.REASON_EMERGENCY)
    assert bits == 84 and len(hex_) == 22 and hex_.startswith("0A") and hex_.endswith("0")
    report = decode(hex_, bits)
    assert math.isclose(report.lat, -33.8296, abs_tol=TOL)
    assert math.isclose(report.lon, 151.2311, abs_tol=TOL)
    assert report.is_emergency
    west = decode(*lip.encode_short_report(30.5657, -97.7489))
    assert west.lon < 0 < west.lat
    edge = decode(*lip.encode_short_report(90.0, 180.0))
    assert math.isclose(edge.lat, 90.0, abs_tol=TOL) and edge.lon == -180.0
    with pytest.raises(ValueError):
        lip.encode_short_report(91.0, 0.0)


_lat = st.floats(-90.0, 90.0, allow_nan=False)
_lon = st.floats(-180.0, 179.9999, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(lat=_lat, lon=_lon, speed=st.none() | st.floats(0, 1000),
       heading=st.floats(0, 359.99), reason=st.integers(0, 255))
def test_short_report_round_trip(lat, lon, speed, heading, reason):
    report = decode(*lip.encode_short_report(lat, lon, velocity_kmh=speed,
                                             direction_deg=heading, reason=reason))
    assert math.isclose(report.lat, lat, abs_tol=1.1e-5)
    assert math.isclose(report.lon, lon, abs_tol=1.1e-5)
    assert report.reason == reason and report.is_emergency == (reason == 2)
    if speed is None:
        assert report.velocity_kmh is None and report.direction_deg is None
    else:
        assert report.velocity_kmh is not None
        if speed <= 28:
            assert abs(report.velocity_kmh - speed) <= 0.5
        elif speed < 16 * 1.038 ** 113:
            assert abs(report.velocity_kmh - speed) <= 0.03 * speed  # 3.8 % steps
        delta = abs((report.direction_deg - heading + 180) % 360 - 180)
        assert delta <= 11.25 + 1e-9


@settings(max_examples=100, deadline=None)
@given(lat=_lat, lon=_lon, reason=st.integers(0, 255))
def test_long_report_round_trip(lat, lon, reason):
    report = decode(*lip.encode_long_report(lat, lon, reason=reason))
    assert math.isclose(report.lat, lat, abs_tol=1.1e-5)
    assert math.isclose(report.lon, lon, abs_tol=1.1e-5)
    assert report.reason == reason


@settings(max_examples=100, deadline=None)
@given(lat=_lat, lon=_lon)
def test_sepura_21_digits_equals_motorola_22(lat, lon):
    hex_, bits = lip.encode_short_report(lat, lon)
    assert decode(hex_[:21], bits) == decode(hex_, bits)
