"""The simulated radio sends what the decoder must cope with: long texts in parts (one
lost), SDS of unknown protocols, SDS-ACK — decoded with the real decoder."""

from __future__ import annotations

from drivers.clock import FakeClock
from drivers.events import SdsAck, Text, Unrecognized
from drivers.pei.concat import GAP
from drivers.pei.decoder import Decoder
from drivers.sim.radio import SimRadio

UNIT = "2110003"
LONG = "Brand in pand Kerkstraat 5, twee personen binnen, ladderwagen gevraagd. " * 4
PARTS = 4  # 288 characters; 73 fit one 668-bit part beside the 10-byte headers


def test_long_text_in_parts_and_with_one_lost(tmp_path):
    with SimRadio("2040001", tmp_path) as radio:
        whole = radio.emit_long_text(UNIT, LONG, reference=9, message_reference=30)
        holed = radio.emit_long_text(UNIT, LONG, reference=10, skip_parts=(2,))
    assert whole.count(b"+CTSDSR: 12,") == PARTS and holed.count(b"+CTSDSR: 12,") == PARTS - 1
    clock = FakeClock()
    decoder = Decoder(clock=clock, concat_timeout_s=30)
    assert decoder.feed(whole) == [Text(UNIT, "2040001", LONG, 0x8A, 30, False, False, PARTS)]
    assert decoder.feed(holed) == []
    clock.advance(30)
    (incomplete,) = decoder.expire()
    assert incomplete.missing_parts == (2,) and GAP in incomplete.text
    assert incomplete.text.startswith(LONG[:50]) and incomplete.text.endswith(LONG[-20:])


def test_raw_sds(tmp_path):
    with SimRadio("2040001", tmp_path) as radio:
        data = radio.emit_sds(UNIT, "822001C9") + radio.emit_sds(UNIT, "040102")
    ack, unknown = Decoder().feed(data)
    assert ack == SdsAck(UNIT, "2040001", 1, 0xC9)
    assert isinstance(unknown, Unrecognized) and unknown.from_issi == UNIT
    assert unknown.protocol_id == 4 and unknown.raw_hex == "040102"
