"""Robustness of the PEI decoder (STYLE.md #6 torture habit): any chunking gives the same
events; random and mutated input never raises and stays fast; a damaged status or LIP
payload never turns into a *different* status or position."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drivers.pei.decoder import Decoder
from tests.drivers.pei_helpers import NAMES, raw

FEED_BUDGET_S = 0.1  # a correctness bound, not a benchmark
FUZZ = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def timed_feed(decoder: Decoder, data: bytes) -> list:
    start = time.perf_counter()
    events = decoder.feed(data)
    assert time.perf_counter() - start < FEED_BUDGET_S
    return events


def decode_in(data: bytes, cuts: list[int]) -> list[dict]:
    decoder, out, last = Decoder(), [], 0
    for cut in sorted(set(cuts)) + [len(data)]:
        out.extend(e.to_dict() for e in timed_feed(decoder, data[last:cut]))
        last = cut
    return out


@FUZZ
@given(name=st.sampled_from(NAMES), data=st.data())
def test_random_chunking_is_identical(name, data):
    stream = raw(name)
    cuts = data.draw(st.lists(st.integers(0, len(stream)), max_size=40))
    assert decode_in(stream, cuts) == decode_in(stream, [])


@FUZZ
@given(blob=st.binary(max_size=3000), cuts=st.lists(st.integers(0, 3000), max_size=10))
def test_random_bytes_never_raise(blob, cuts):
    decode_in(blob, cuts)


_mutation = st.tuples(st.sampled_from(["flip", "insert", "delete"]), st.integers(0, 10**6),
                      st.integers(0, 255))


def mutate(stream: bytes, edits: list[tuple[str, int, int]]) -> bytes:
    buf = bytearray(stream)
    for op, where, byte in edits:
        i = where % (len(buf) + 1)
        if op == "insert":
            buf.insert(i, byte)
        elif buf and i < len(buf):
            if op == "flip":
                buf[i] ^= 1 << (byte % 8)
            else:
                del buf[i]
    return bytes(buf)


@FUZZ
@given(name=st.sampled_from(NAMES), edits=st.lists(_mutation, min_size=1, max_size=20),
       cuts=st.lists(st.integers(0, 5000), max_size=8))
def test_mutated_transcripts_never_raise(name, edits, cuts):
    data = mutate(raw(name), edits)
    assert decode_in(data, cuts) == decode_in(data, [])


# --- damaged payloads --------------------------------------------------------------------

POSITIONAL = {"status", "sds_short_report", "location"}
# (service, length in bits, payload line) from PEI.md §8.5 and §9.1/§9.3
PAYLOADS = [
    (13, 16, "8002"), (13, 16, "0000"), (13, 16, "7E1D"),
    (12, 84, "0A00893E12472C51026810"), (12, 84, "0A0BA7D5B95BC50AFFE16"),
    (12, 84, "0A06B8ACA67F1822FFE810"), (12, 84, "0A06B8ACA67F1822FFE020"),
    (12, 104, "0A4E73DDA841F55809493CC081"),
]
NON_HEX = "GHKLMNPQRSTUVWXYZghkxyz !#%&*+-./:;<=>?@_\xe9\xff"


def sds_stream(service: int, bits: int, payload: str | bytes) -> bytes:
    if isinstance(payload, str):
        payload = payload.encode("latin-1")
    header = f"+CTSDSR: {service},2041234,0,2049999,0,{bits}\r\n".encode()
    return header + payload + b"\r\nOK\r\n"


def valid_lengths(bits: int) -> range:
    return range(-(-bits // 4), 2 * -(-bits // 8) + 1)


@st.composite
def damaged(draw):
    """A payload damaged so that it can no longer be a *valid different* payload."""
    service, bits, hex_ = draw(st.sampled_from(PAYLOADS))
    how = draw(st.sampled_from(["non_hex", "truncate", "resize", "split", "noise",
                                "header_length"]))
    pos = draw(st.integers(0, len(hex_)))
    if how == "non_hex":  # a character that is not hex, anywhere
        bad = draw(st.text(st.sampled_from(NON_HEX), min_size=1, max_size=3))
        payload: str | bytes = hex_[:pos] + bad + hex_[pos:]
    elif how == "truncate":  # losing the end keeps the start bits where they were
        payload = hex_[:pos] or "+"
    elif how == "resize":  # insert/delete hex digits until the length cannot fit
        size = draw(st.integers(0, 40).filter(lambda n: n not in valid_lengths(bits)))
        digits = draw(st.text(st.sampled_from("0123456789ABCDEFabcdef"), min_size=size,
                              max_size=size))
        payload = digits or "Z"
    elif how == "split":  # a line break inside the payload
        payload = hex_[:pos] + draw(st.sampled_from(["\r", "\n", "\r\n"])) + hex_[pos:]
    elif how == "noise":  # control bytes are dropped by framing: the payload survives
        noise = bytes(draw(st.lists(st.sampled_from([0, 1, 0x11, 0x13, 0x1A, 0x1B, 0x7F]),
                                    min_size=1, max_size=4)))
        payload = hex_[:pos].encode() + noise + hex_[pos:].encode()
    else:  # the header now announces another length
        bits = draw(st.integers(1, 200).filter(lambda n: n != bits))
        payload = hex_
    return service, bits, hex_, payload


@settings(max_examples=400, deadline=None)
@given(case=damaged(), cuts=st.lists(st.integers(0, 200), max_size=6))
def test_damaged_payload_never_gives_another_value(case, cuts):
    service, bits, hex_, payload = case
    good_bits = next(b for s, b, h in PAYLOADS if h == hex_)
    original = [e for e in decode_in(sds_stream(service, good_bits, hex_), [])
                if e["kind"] in POSITIONAL]
    assert len(original) == 1
    got = decode_in(sds_stream(service, bits, payload), cuts)
    kept = [e for e in got if e["kind"] in POSITIONAL]
    assert kept in ([], original), f"{payload!r} with {bits} bits gave {kept}"
    assert got[-1] == {"kind": "ok"}  # the decoder is back in step afterwards
