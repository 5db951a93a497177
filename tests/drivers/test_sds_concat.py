"""Concatenated texts (PID 0x8A with a user data header, PEI.md §8.4), SDS-ACK and the
other SDS-TL vectors of public PEI libraries' own test suites, and the time-out of a text
whose parts stop coming (drivers/pei/concat.py, driven by a FakeClock)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.clock import FakeClock
from drivers.events import (
    Ok,
    SdsAck,
    SdsReport,
    SdsShortReport,
    Signal,
    Status,
    Text,
    Unrecognized,
)
from drivers.pei import sds
from drivers.pei.concat import GAP, Reassembler, TextPart
from drivers.pei.decoder import Decoder

A, B = "1234567", "2345678"  # tetra-pei's test identities
TP = "746573746D657373616765"  # "testmessage"


def ctsdsr(hex_: str, bits: int, service: int = 12, frm: str = A, to: str = B) -> bytes:
    return f"\r\n+CTSDSR: {service},{frm},0,{to},0,{bits}\r\n{hex_}\r\n".encode()


def text(txt, pid, mr, report=False, immediate=False, parts=1, missing=(), frm=A, to=B):
    return Text(frm, to, txt, pid, mr, report, immediate, parts, tuple(missing))


# --- vectors from ftl/tetra-pei sds/sds_test.go (TestParseMessage) --------------------------

TETRA_PEI = [  # (description, header length, pdu, events)
    ("simple text", 104, "0201" + TP, [text("testmessage", 0x02, None)]),
    ("simple text without text", 16, "0201", [text("", 0x02, None)]),
    ("immediate simple text", 104, "0901" + TP, [text("testmessage", 0x09, None,
                                                      immediate=True)]),
    ("text, no report", 120, "82029C01" + TP, [text("testmessage", 0x82, 0x9C)]),
    ("immediate text", 120, "89029C01" + TP, [text("testmessage", 0x89, 0x9C,
                                                   immediate=True)]),
    ("store/forward to an SSI", 152, "82039C5101020301" + TP, [text("testmessage", 0x82,
                                                                     0x9C)]),
    ("timestamp", 144, "82029C81045A8F" + TP, [text("testmessage", 0x82, 0x9C)]),
    ("SDS-REPORT", 32, "821000C9", [SdsReport(A, B, 0x00, 0xC9)]),
    ("SDS-REPORT, ack required", 32, "821800CA", [SdsReport(A, B, 0x00, 0xCA)]),
    ("SDS-ACK", 32, "822001C9", [SdsAck(A, B, 0x01, 0xC9)]),
]


@pytest.mark.parametrize(("desc", "bits", "pdu", "events"), TETRA_PEI,
                         ids=[v[0] for v in TETRA_PEI])
def test_tetra_pei_vectors(desc, bits, pdu, events):
    assert Decoder().feed(ctsdsr(pdu, bits)) == events


def test_tetra_pei_concatenated_parts_make_one_text():
    # parts 1 and 2 of 2: own SDS-TL MR each (C9, CA), UDH reference C9 shared
    decoder = Decoder()
    assert decoder.feed(ctsdsr("8A02C981045A8F050003C90201" + TP, 192)) == []
    assert decoder.feed(ctsdsr("8A02CA81045A8F050003C90202" + TP, 192)) == [
        text("testmessagetestmessage", 0x8A, 0xC9, parts=2)]


def test_tetra_pei_udh_example_from_its_comment():
    # ParseConcatenatedTextSDU's comment: 8A00C98D045A8F050003C90201 = part 1 of 2, ISO
    # 8859-15 (coding 13) with a timestamp, no text
    (part,) = sds.decode_type4(A, B, "8A00C98D045A8F050003C90201", 104)
    assert part == TextPart(A, B, 0xC9, 8, 2, 1, "", 0xC9, False)


def test_tetra_pei_short_report_vector_is_a_reserved_status():
    # tetra-pei's "SDS-SHORT-REPORT" vector 7ACA passes its loose check (byte & 0x7A ==
    # 0x7A) but lies outside 0x7C00-0x7FFF, the short-report range of EN 300 392-2 table
    # 14.72 (PEI.md §8.5); tetra-pei's own encoder writes 0x7C | type. It stays a status.
    assert Decoder().feed(ctsdsr("7ACA", 16, service=13)) == [Status(A, B, 0x7ACA, False)]
    # the same report encoded as tetra-pei's encoder does: received (2), MR CA
    assert Decoder().feed(ctsdsr("7ECA", 16, service=13)) == [SdsShortReport(A, B, 2, 0xCA)]


def test_svxlink_example():
    # sm0svx/svxlink TetraLogic.cpp, handleSds: "+CTSDSR: 12,23404,0,23401,0,112"
    assert Decoder().feed(ctsdsr("82040801476A61746A616A676A61", 112, frm="23404",
                                 to="23401")) == [text("Gjatjajgja", 0x82, 8, report=True,
                                                       frm="23404", to="23401")]


# --- reassembly --------------------------------------------------------------------------

def part(seq, total=3, txt=None, ref=7, frm=A, mr=None, report=False, bits=8):
    return TextPart(frm, B, ref, bits, total, seq, f"<{seq}>" if txt is None else txt,
                    0x10 + seq - 1 if mr is None else mr, report)


def test_parts_in_any_order_and_duplicates():
    r = Reassembler(timeout_s=30)
    assert r.add(part(3), 0) == []
    assert r.add(part(1, report=True), 1) == []
    assert r.add(part(1, txt="changed"), 2) == []  # the first copy is kept
    (done,) = r.add(part(2), 3)
    assert done == text("<1><2><3>", 0x8A, 0x10, report=True, parts=3)
    assert len(r) == 0 and r.next_deadline() is None
    assert r.add(part(2), 4) == []  # a repeat after completion is no new fragment
    assert r.expire(100) == [] and r.flush() == []


def test_time_out_gives_out_what_arrived_with_the_gaps():
    r = Reassembler(timeout_s=30)
    r.add(part(2, total=5), 0)
    r.add(part(4, total=5), 10)
    assert r.next_deadline() == 40  # silence counts from the latest part
    assert r.expire(39.9) == []
    (done,) = r.expire(40)
    assert done.missing_parts == (1, 3, 5) and done.parts == 5
    assert done.text == f"{GAP}<2>{GAP}<4>{GAP}"
    assert done.message_reference == 0x11  # part 1 never came: the first that did


def test_runs_of_missing_parts_get_one_marker():
    r = Reassembler()
    r.add(part(1, total=6), 0)
    r.add(part(6, total=6), 0)
    (done,) = r.flush()
    assert done.text == f"<1>{GAP}<6>" and done.missing_parts == (2, 3, 4, 5)


def test_sender_reference_and_size_keep_messages_apart():
    r = Reassembler()
    r.add(part(1, total=2, frm="1"), 0)
    r.add(part(1, total=2, frm="2"), 0)
    r.add(part(1, total=2, ref=8), 0)
    r.add(part(1, total=2, bits=16), 0)
    assert len(r) == 4
    (done,) = r.add(part(2, total=2, frm="2"), 1)
    assert done.from_issi == "2" and done.missing_parts == ()


def test_same_reference_with_another_total_is_another_message():
    r = Reassembler()
    r.add(part(1, total=3), 0)
    old, = r.add(part(1, total=2, txt="new"), 1)
    assert old.missing_parts == (2, 3) and len(r) == 1


def test_bounded_number_of_pending_messages():
    r = Reassembler(max_pending=2)
    r.add(part(1, ref=1), 0)
    r.add(part(1, ref=2), 0)
    (oldest,) = r.add(part(1, ref=3), 0)
    assert oldest.text == f"<1>{GAP}" and len(r) == 2


def test_part_numbers_are_checked():
    with pytest.raises(ValueError):
        Reassembler().add(part(4, total=3), 0)
    with pytest.raises(ValueError):
        Reassembler(timeout_s=0)


# --- through the decoder, with the session's clock ------------------------------------------

def test_decoder_times_out_on_its_clock():
    clock = FakeClock()
    decoder = Decoder(clock=clock, concat_timeout_s=20)
    p1, p2, p3 = sds.encode_concatenated_text("a" * 150, reference=5, message_reference=40,
                                              max_bits=8 * 60)
    assert decoder.feed(ctsdsr(*p1)) == [] and decoder.feed(ctsdsr(*p3)) == []
    clock.advance(19.9)
    assert decoder.feed(b"\r\nOK\r\n") == [Ok()] and decoder.expire() == []
    assert decoder.next_deadline() == pytest.approx(clock.monotonic() + 0.1)
    clock.advance(0.1)
    (late,) = decoder.expire()
    assert late.missing_parts == (2,) and late.text == "a" * 50 + GAP + "a" * 50
    assert late.message_reference == 40
    # the missing part arriving after the time-out is a fragment of its own, not lost
    assert decoder.feed(ctsdsr(*p2)) == []
    clock.advance(20)
    fragment, signal = decoder.feed(b"\r\n+CSQ: 20,99\r\n")
    assert fragment.missing_parts == (1, 3) and fragment.message_reference == 41
    assert signal == Signal(20, -73)


def test_expiry_comes_before_the_line_that_reveals_it():
    clock = FakeClock()
    decoder = Decoder(clock=clock, concat_timeout_s=5)
    p1, _ = sds.encode_concatenated_text("b" * 100, reference=1, max_bits=8 * 60)
    decoder.feed(ctsdsr(*p1))
    clock.advance(6)
    events = decoder.feed(b"\r\nOK\r\n")
    assert [e.kind for e in events] == ["text", "ok"]


def test_reset_keeps_parts_flush_gives_them_out():
    decoder = Decoder(clock=FakeClock())
    p1, _ = sds.encode_concatenated_text("c" * 100, reference=1, max_bits=8 * 60)
    decoder.feed(ctsdsr(*p1))
    decoder.reset()  # the port was reopened: the parts came over the air and stay valid
    (incomplete,) = decoder.flush()
    assert incomplete.missing_parts == (2,) and incomplete.text == "c" * 50 + GAP


@settings(max_examples=60, deadline=None)
@given(txt=st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF,
                                 exclude_categories=("Cs",)), max_size=400),
       ref=st.integers(0, 255), mr=st.integers(0, 255), report=st.booleans(),
       order=st.randoms(use_true_random=False))
def test_concatenated_round_trip_in_any_order(txt, ref, mr, report, order):
    parts = sds.encode_concatenated_text(txt, reference=ref, message_reference=mr,
                                         report_request=report)
    assert all(bits <= sds.MAX_PDU_BITS for _, bits in parts)
    order.shuffle(parts)
    decoder, events = Decoder(clock=FakeClock()), []
    for hex_, bits in parts:
        events += decoder.feed(ctsdsr(hex_, bits))
    assert len(events) == 1 and decoder.flush() == []
    (event,) = events
    assert (event.text, event.protocol_id, event.missing_parts) == (txt, 0x8A, ())
    assert event.delivery_report_requested == report and event.parts == len(parts)


# --- user data header variants ---------------------------------------------------------------

def test_sixteen_bit_reference_and_other_elements():
    # element 0x08 (16-bit reference) after an unrelated element 0x24 (2 bytes): skipped
    udh = "0A" + "2402ABCD" + "08041234" + "0201"
    hex_ = "8A0020" + "01" + udh + "48"  # part 1 of 2, text "H"
    (p,) = sds.decode_type4(A, B, hex_, 4 * len(hex_))
    assert (p.reference, p.reference_bits, p.total, p.sequence, p.text) == (
        0x1234, 16, 2, 1, "H")


def test_udh_without_concatenation_is_one_text():
    assert sds.decode_type4(A, B, "8A00200103240100" + "4869", 80) == [
        text("Hi", 0x8A, 0x20)]


def test_gsm_header_inside_plain_text_messaging():
    # [U] a radio that puts the GSM TS 23.040 header into PID 0x82: 05 00 03 ref total seq
    decoder = Decoder()
    one = "820030" + "01" + "050003AA0201" + b"Deel een ".hex()
    two = "820031" + "01" + "050003AA0202" + b"deel twee".hex()
    assert decoder.feed(ctsdsr(one, 4 * len(one))) == []
    assert decoder.feed(ctsdsr(two, 4 * len(two))) == [
        text("Deel een deel twee", 0x82, 0x30, parts=2)]


@pytest.mark.parametrize(("hex_", "why"), [
    ("8A0020" + "01", "user data header missing"),
    ("8A0020" + "01" + "05000307", "user data header of 5 bytes truncated"),
    ("8A0020" + "01" + "0400020702", "concatenation element 0x00 of 2 bytes"),
    ("8A0020" + "01" + "050003070300", "concatenated text part 0 of 3"),
    ("8A0020" + "01" + "050003070204", "concatenated text part 4 of 2"),
    ("8A0020" + "01" + "0400030702", "user data header element truncated"),
    ("8A0020" + "81" + "045A", "text timestamp truncated"),
])
def test_broken_headers_are_unrecognized_with_the_reason(hex_, why):
    (event,) = Decoder().feed(ctsdsr(hex_, 4 * len(hex_)))
    assert isinstance(event, Unrecognized) and event.reason == why
    assert (event.from_issi, event.raw_hex, event.protocol_id) == (A, hex_, 0x8A)


def test_storage_with_an_external_subscriber_number():
    # storage bit set; validity 10, forward address type 3: 5 digits in 3 bytes
    hex_ = "8201" + "07" + "53" + "05" + "123450" + "01" + b"Hoi".hex()
    assert sds.decode_type4(A, B, hex_, 4 * len(hex_)) == [text("Hoi", 0x82, 7)]


def test_encode_concatenated_text_shape():
    parts = sds.encode_concatenated_text("x" * 80, reference=0xC9, message_reference=0xFF)
    assert [bits for _, bits in parts] == [8 * (10 + 73), 8 * (10 + 7)]
    assert parts[0][0].startswith("8A00FF01050003C90201")
    assert parts[1][0].startswith("8A000001050003C90202")  # the SDS-TL MR wraps
    assert sds.encode_concatenated_text("", reference=1) == [("8A000001050003010101", 80)]
    with pytest.raises(ValueError):
        sds.encode_concatenated_text("x", reference=256)
    with pytest.raises(ValueError):
        sds.encode_concatenated_text("x", reference=1, max_bits=80)
