"""Nothing the radio says vanishes (drivers/pei/decoder.py): what the decoder cannot read
becomes an ``Unrecognized`` event with the line, its raw hex, the sender when known and
why; only empty lines, the command echo and the ``>`` prompt are dropped."""

from __future__ import annotations

import pytest

from drivers.events import Malformed, Ok, OwnIdentity, Status, Unrecognized
from drivers.pei.decode import decode_bytes
from drivers.pei.decoder import Decoder

FROM, TO = "2041234", "2049999"


def feed(data: bytes) -> list:
    return Decoder().feed(data)


@pytest.mark.parametrize(("line", "reason"), [
    ("+CREG: 1,1,90109999", "unknown result code +CREG"),
    ("+CTBCT: 1,2", "unknown result code +CTBCT"),  # a tetrajs one-line result
    ("+WHAT", "result code without fields"),
    ("RING", "unknown line"), ("NO CARRIER", "unknown line"),
    ("Café ~", "unknown line"),
])
def test_unknown_lines_are_kept_raw(line, reason):
    (event,) = feed(b"\r\n" + line.encode("latin-1") + b"\r\n")
    assert event == Unrecognized(line, line.encode("latin-1").hex().upper(), reason)
    assert bytes.fromhex(event.raw_hex).decode("latin-1") == line


@pytest.mark.parametrize("line", ["AT+CSQ?", "at", ">", "", "   "])
def test_echo_prompt_and_empty_lines_are_still_dropped(line):
    assert feed(f"\r\n{line}\r\nOK\r\n".encode()) == [Ok()]


def test_known_lines_without_an_event_are_not_unrecognized():
    # +CSCS answers the character set command; bare numbers continue +CNUMF (p8gr-bos)
    data = (b"\r\n+CSCS: 8859-1\r\n\r\nOK\r\n\r\n+CNUMF: 0,2620100108280651\r\n"
            b"\r\n2,16777184\r\n\r\nOK\r\n\r\n2,16777184\r\n")
    events = feed(data)
    assert events[:3] == [Ok(), OwnIdentity("8280651", "2620100108280651"), Ok()]
    assert events[3].kind == "unrecognized" and events[3].line == "2,16777184"  # after OK


@pytest.mark.parametrize(("service", "bits", "hex_", "pid", "reason"), [
    (12, 24, "040102", 0x04, "protocol 0x04 (WAP) not decoded"),
    (12, 16, "4101", 0x41, "protocol 0x41 (user application) not decoded"),
    (12, 16, "0F01", 0x0F, "protocol 0x0F (reserved) not decoded"),
    (12, 32, "8C001234", 0x8C,
     "SDS-TL transfer with protocol 0x8C (concatenated SDS) not decoded"),
    (12, 32, "82F00102", 0x82, "SDS-TL message type 15 not decoded"),
    (12, 24, "822001", 0x82, "SDS-ACK too short"),
    (12, 40, "8200010041", 0x82, "text coding scheme 0 not supported"),
    (10, 32, "DEADBEEF", None, "SDS type 2 user-defined data not decoded"),
    (11, 64, "0123456789ABCDEF", None, "SDS type 3 user-defined data not decoded"),
    (3, 16, "ABCD", None, "AI service 3 is not an SDS service this console decodes"),
    (13, 16, "80020", None, "status must be 16 bits, got 16 bits/5 digits"),
])
def test_sds_not_understood_keeps_sender_and_data(service, bits, hex_, pid, reason):
    header = f"+CTSDSR: {service},{FROM},0,{TO},0,{bits}"
    (event,) = feed(f"\r\n{header}\r\n{hex_}\r\n".encode())
    assert event == Unrecognized(header, hex_, reason, FROM, TO, service, pid, bits)


def test_sds_header_without_user_data_keeps_the_sender():
    header = f"+CTSDSR: 13,{FROM},0,{TO},0,16"
    events = feed(f"\r\n{header}\r\n+CSQ: 5,99\r\n".encode())
    assert events[0] == Unrecognized(header, "", "SDS header without user data", FROM, TO,
                                     13, None, 16)
    assert events[1].kind == "signal"


def test_unreadable_header_takes_its_user_data_along():
    events = feed(b"\r\n+CTSDSR: 13,2041234\r\n8002\r\n\r\n+CTSDSR: x\r\nOK\r\n")
    assert events[0] == Unrecognized("+CTSDSR: 13,2041234", "8002", "+CTSDSR: 2 fields")
    # without user data after it, an unreadable header stays Malformed, as before
    assert events[1:] == [Malformed("+CTSDSR: 1 fields: '+CTSDSR: x'"), Ok()]


def test_overlong_user_data_keeps_the_sender():
    header = f"+CTSDSR: 12,{FROM},0,{TO},0,2000"
    events = Decoder(max_line=100).feed(f"\r\n{header}\r\n{'A' * 500}\r\nOK\r\n".encode())
    assert events[0] == Unrecognized(header, "", "SDS user data line too long", FROM, TO,
                                     12, None, 2000)
    assert events[1:] == [Malformed("line too long"), Ok()]


def test_end_of_input_reports_what_was_held_back():
    header = f"+CTSDSR: 13,{FROM},0,{TO},0,16"
    assert decode_bytes(f"\r\n{header}\r\n".encode())[-1]["reason"] == (
        "input ended before the SDS user data")
    assert decode_bytes(b"\r\n+CTXG: 1,3,0") == [
        {"kind": "unrecognized", "line": "+CTXG: 1,3,0", "raw_hex": "2B435458473A20312C332C30",
         "reason": "input ended inside a line", "from_issi": None, "to": None,
         "service": None, "protocol_id": None, "length_bits": None}]
    assert decode_bytes(b"") == []


def test_good_sds_still_decodes_next_to_bad_ones():
    data = (f"\r\n+CTSDSR: 12,{FROM},0,{TO},0,24\r\n040102\r\n"
            f"\r\n+CTSDSR: 13,{FROM},0,{TO},0,16\r\n8003\r\n").encode()
    unknown, status = feed(data)
    assert unknown.kind == "unrecognized" and status == Status(FROM, TO, 0x8003, False)


def test_every_unrecognized_is_json_shaped():
    (event,) = feed(b"\r\n+XYZ: 1\r\n")
    d = event.to_dict()
    assert d["kind"] == "unrecognized" and set(d) >= {"line", "raw_hex", "reason",
                                                      "from_issi"}
    assert "radio" not in d and "heard_ms" not in d  # the desk adds those
