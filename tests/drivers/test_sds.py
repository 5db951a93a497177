"""SDS codecs and single-line parsers (PEI.md §3, §8, §10)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.events import SdsReport, SdsShortReport, Status, Text
from drivers.pei import sds
from drivers.pei.cme import cme_meaning, disconnect_cause_meaning
from drivers.pei.decoder import Decoder
from drivers.pei.identities import ssi_from

TO, FROM = "2049999", "2041234"


@pytest.mark.parametrize(("identity", "ssi"), [
    ("09011638300023401", "23401"), ("2620100108280651", "8280651"),
    ("262100112345678", "12345678"), ("2041234", "2041234"), ("00000000", "0"),
    (" 0901163830000001 ", "30000001"),
])
def test_ssi_from(identity, ssi):
    assert ssi_from(identity) == ssi


@pytest.mark.parametrize("bad", ["", "12a4", "+2041234", "٣٣"])
def test_ssi_from_rejects(bad):
    with pytest.raises(ValueError):
        ssi_from(bad)


def test_encode_status():
    assert sds.encode_status(0x8002) == "8002"
    assert sds.encode_status(0) == "0000"
    with pytest.raises(ValueError):
        sds.encode_status(0x10000)


@pytest.mark.parametrize(("value", "event"), [
    (0, Status(FROM, TO, 0, True)), (0x8002, Status(FROM, TO, 0x8002, False)),
    (0x7BFF, Status(FROM, TO, 0x7BFF, False)),
    (0x7C00, SdsShortReport(FROM, TO, 0, 0)), (0x7FFF, SdsShortReport(FROM, TO, 3, 0xFF)),
])
def test_status_ranges(value, event):
    assert sds.decode_status(FROM, TO, sds.encode_status(value), 16) == event


@pytest.mark.parametrize(("hex_", "bits"), [("000", 16), ("00000", 16), ("0000", 24),
                                            ("00G0", 16), ("0000", 12)])
def test_status_wrong_shape_rejected(hex_, bits):
    with pytest.raises(sds.PayloadError):
        sds.decode_status(FROM, TO, hex_, bits)


def test_payload_bits_padding_and_odd_length():
    assert sds.payload_bits("ABC", 12) == 0xABC
    assert sds.payload_bits("ABC0", 12) == 0xABC
    assert sds.payload_bytes("ABC", 12) == b"\xab\xc0"
    for bad in ("AB", "ABC00", "", "AB C"):
        with pytest.raises(sds.PayloadError):
            sds.payload_bits(bad, 12)


def test_encode_text_known_vector():
    # PEI.md §8.4: 82 04 1D 01 41 64 … = text, received-report requested, MR 0x1D
    hex_, bits = sds.encode_text("Ad", message_reference=0x1D)
    assert (hex_, bits) == ("82041D014164", 48)
    assert sds.encode_text("Ad", protocol_id=0x02) == ("02014164", 32)
    with pytest.raises(ValueError):
        sds.encode_text("€")  # not in ISO 8859-1
    with pytest.raises(ValueError):
        sds.encode_text("x", protocol_id=0x0A)


def test_encode_sds_report_vector():
    assert sds.encode_sds_report(0, 2) == ("82100002", 32)  # svxlink example
    assert sds.decode_type4(FROM, TO, "82100002", 32) == [SdsReport(FROM, TO, 0, 2)]


_latin1 = st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF,
                                exclude_categories=("Cs",)), max_size=120)


@settings(max_examples=150, deadline=None)
@given(text=_latin1, pid=st.sampled_from([0x82, 0x89, 0x02, 0x09]),
       mr=st.integers(0, 255), report=st.booleans())
def test_text_round_trip(text, pid, mr, report):
    hex_, bits = sds.encode_text(text, protocol_id=pid, message_reference=mr,
                                 report_request=report)
    (event,) = sds.decode_type4(FROM, TO, hex_, bits)
    tl = pid >= 0x80
    assert event == Text(FROM, TO, text, pid, mr if tl else None, report and tl,
                         pid in (0x89, 0x09))


@settings(max_examples=100, deadline=None)
@given(value=st.integers(0, 0xFFFF))
def test_status_round_trip_through_decoder(value):
    line = f"+CTSDSR: 13,{FROM},0,{TO},0,16\r\n{sds.encode_status(value)}\r\n".encode()
    (event,) = Decoder().feed(line)
    if 0x7C00 <= value <= 0x7FFF:
        assert event == SdsShortReport(FROM, TO, (value >> 8) & 3, value & 0xFF)
    else:
        assert event == Status(FROM, TO, value, value == 0)


def test_unknown_coding_is_rejected_not_guessed():
    with pytest.raises(sds.PayloadError):
        sds.decode_type4(FROM, TO, "8200010041", 40)  # coding 0 (7-bit) unsupported


def test_cme_meanings():
    assert cme_meaning(35) == "syntax error"
    assert cme_meaning(None) == "command rejected"
    assert cme_meaning(99) == "unknown error 99"
    assert disconnect_cause_meaning(13) == "timer expiry"
    assert disconnect_cause_meaning(25) == "reserved cause 25"
    assert disconnect_cause_meaning(77) == "unknown cause 77"
