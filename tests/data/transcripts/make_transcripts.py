"""Writes the PEI transcripts: NAME.pei (bytes the radio sent) + NAME.expected.jsonl.

Run ``python tests/data/transcripts/make_transcripts.py`` after editing. Lines come from
PEI.md examples; expected events are written by hand (coordinates from PEI.md §9.1 and our
own bit-by-bit decoding), never by running the decoder, so the tests are not circular.
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
CRLF = b"\r\n"


def ln(text: str, eol: bytes = CRLF) -> bytes:
    """One V.250 information/result line: CR LF text CR LF (PEI.md §2)."""
    return eol + text.encode("latin-1") + eol


def echo(command: str) -> bytes:
    return command.encode("ascii") + b"\r"  # echo ends with CR only [L]


def ok() -> dict:
    return {"kind": "ok"}


def err(code=None, family=None) -> dict:
    return {"kind": "error", "code": code, "family": family}


def status(frm, to, value) -> dict:
    return {"kind": "status", "from_issi": frm, "to": to, "value": value,
            "is_emergency": value == 0}


def loc(frm, to, lat, lon, v=None, d=None, emergency=False) -> dict:
    return {"kind": "location", "from_issi": frm, "to": to, "lat": lat, "lon": lon,
            "velocity_kmh": v, "direction_deg": d, "is_emergency": emergency}


def sds(service: int, frm: str, to: str, bits: int, hex_: str, eol: bytes = CRLF) -> bytes:
    return ln(f"+CTSDSR: {service},{frm},0,{to},0,{bits}", eol) + ln(hex_, eol)


def txg(cc, grant, talker=None) -> dict:
    return {"kind": "tx_grant", "cc_instance": cc, "grant": grant, "talker_issi": talker,
            "own_transmission": talker is None}


def cmgs(kind, inst, st=None, mr=None) -> dict:
    return {"kind": kind, "sds_instance": inst, "sds_status": st, "message_reference": mr}


def unrec(line, raw_hex, reason, frm=None, to=None, service=None, pid=None, bits=None) -> dict:
    return {"kind": "unrecognized", "line": line, "raw_hex": raw_hex, "reason": reason,
            "from_issi": frm, "to": to, "service": service, "protocol_id": pid,
            "length_bits": bits}


def unrec_line(line, reason) -> dict:
    """A line nobody knows: its ISO 8859-1 bytes in hex."""
    return unrec(line, line.encode("latin-1").hex().upper(), reason)


T: dict[str, tuple[bytes, list[dict]]] = {}

# 1. Motorola session start (PEI.md §4): echo on, first AT fails with 35, 17-digit TSI.
T["session_motorola"] = (
    echo("AT") + ln("+CME ERROR: 35") + echo("AT") + ln("OK") + echo("ATE0") + ln("OK")
    + ln("+GMI: MOTOROLA") + ln("OK") + ln("+GMM: 54007,M83PF-----AN,88.2.0.0") + ln("OK")
    + ln("+GMR: R20.200.0301") + ln("OK")
    + ln("+CNUMF: 6,09011638300023401") + ln("OK") + ln("+CTOM: 0") + ln("OK")
    + ln("+CTGS: 1,09011638300000001") + ln("OK") + ln("+CSQ: 21,99") + ln("OK")
    + ln("+CBC: 0,80") + ln("OK") + ln("+CME ERROR: 38")
    + ln("+CNUMS: 3") + ln("1,09011638300000001 ,Meldkamer 1")
    + ln("1,09011638300000002 ,Brandweer, Regio") + ln("1,20410000000123 ,Ambulance")
    + ln("OK"),
    [err(35, "CME"), ok(), ok(),
     {"kind": "identity", "field": "manufacturer", "value": "MOTOROLA"}, ok(),
     {"kind": "identity", "field": "model", "value": "54007,M83PF-----AN,88.2.0.0"}, ok(),
     {"kind": "identity", "field": "revision", "value": "R20.200.0301"}, ok(),
     {"kind": "own_identity", "issi": "23401", "tsi": "09011638300023401"}, ok(),
     {"kind": "operating_mode", "value": 0}, ok(),
     {"kind": "talkgroup", "gssi": "1", "group_type": 1}, ok(),
     {"kind": "signal", "raw": 21, "dbm": -71}, ok(),
     {"kind": "battery", "percent": 80}, ok(), err(38, "CME"),
     {"kind": "talkgroup_list_entry", "gssi": "1", "name": "Meldkamer 1"},
     {"kind": "talkgroup_list_entry", "gssi": "2", "name": "Brandweer, Regio"},
     {"kind": "talkgroup_list_entry", "gssi": "123", "name": "Ambulance"}, ok()],
)

# 2. Sepura-style session, LF-only line ends, 16-digit TSI with a bare continuation line,
#    prefixed +CNUMS entries without a count, the =? range answer, DMO and unknown signal.
LF = b"\n"
T["session_sepura_lf"] = (
    ln("+GMI: SEPURA", LF) + ln("OK", LF) + ln("+GMM: STP9240", LF) + ln("OK", LF)
    + ln("+CNUMF: 0,2620100108280651", LF) + ln("2,16777184", LF) + ln("OK", LF)
    + ln("+CTOM: 1", LF) + ln("OK", LF) + ln("+CSQ: 99,99", LF) + ln("OK", LF)
    + ln("+CBC: 1,100", LF) + ln("OK", LF) + ln("+CTGS: 1,2620100100004711", LF)
    + ln("+CNUMS: (0),(1-2000),(1-2000)", LF) + ln("OK", LF)
    + ln("+CNUMS: 1,2620100100004711,BOS Leitstelle", LF)
    + ln("+CNUMS: 1,2620100100004712,Einsatz 2", LF) + ln("OK", LF)
    + ln("3,4", LF) + ln("+CREG: 1,1,90109999", LF),
    [{"kind": "identity", "field": "manufacturer", "value": "SEPURA"}, ok(),
     {"kind": "identity", "field": "model", "value": "STP9240"}, ok(),
     {"kind": "own_identity", "issi": "8280651", "tsi": "2620100108280651"}, ok(),
     {"kind": "operating_mode", "value": 1}, ok(),
     {"kind": "signal", "raw": 99, "dbm": None}, ok(),
     {"kind": "battery", "percent": 100}, ok(),
     {"kind": "talkgroup", "gssi": "4711", "group_type": 1}, ok(),
     {"kind": "talkgroup_list_entry", "gssi": "4711", "name": "BOS Leitstelle"},
     {"kind": "talkgroup_list_entry", "gssi": "4712", "name": "Einsatz 2"}, ok(),
     unrec_line("3,4", "unknown line"),  # no list is open after OK: nobody knows it
     unrec_line("+CREG: 1,1,90109999", "unknown result code +CREG")],
)

# 3. Status, emergency, network-specific, SDS-TL short report, send results (§8.1, §8.5).
T["sds_status"] = (
    sds(13, "2041234", "2049999", 16, "8002") + ln("+CTSDSR: 13,2041235,0,2049999,0,16")
    + CRLF + ln("0000")  # extra empty line between header and payload
    + ln("+CTSDSR:13, 09011638300023404 , 1, 2049999, 0, 16, 0") + ln("800b")
    + sds(13, "2041234", "2049999", 16, "7E1D") + sds(13, "", "2049999", 16, "7C05")
    + echo("AT+CMGS=2041234,16") + ln("+CMGS: 0") + ln("OK") + ln("+CMGS: 0,4,7")
    + ln("+CMGS: 1,5,8") + ln("+CMGS: 2,3"),
    [status("2041234", "2049999", 0x8002), status("2041235", "2049999", 0),
     status("23404", "2049999", 0x800B),
     {"kind": "sds_short_report", "from_issi": "2041234", "to": "2049999",
      "report_type": 2, "message_reference": 0x1D},
     {"kind": "sds_short_report", "from_issi": None, "to": "2049999",
      "report_type": 0, "message_reference": 5},
     cmgs("sds_accepted", 0), ok(), cmgs("sds_sent", 0, 4, 7), cmgs("sds_failed", 1, 5, 8),
     cmgs("sds_accepted", 2, 3)],
)


def text(frm, to, txt, pid, mr, report, immediate=False, parts=1, missing=()) -> dict:
    return {"kind": "text", "from_issi": frm, "to": to, "text": txt, "protocol_id": pid,
            "message_reference": mr, "delivery_report_requested": report,
            "immediate": immediate, "parts": parts, "missing_parts": list(missing)}


# 4. Texts (§8.4): ISO 8859-1 accents, simple, immediate, 8859-15 euro sign, UTF-16BE,
#    timestamp flag, SDS-TL report, 7-field header with the e2ee flag (length is field 6).
_latin = "Brand in café, één ü".encode("latin-1").hex().upper()
T["sds_text"] = (
    sds(12, "2041234", "2049999", 8 * (4 + 20), "82041D01" + _latin)
    + ln("+CTSDSR: 12,2041234,0,2049999,0,56,0") + ln("0201546573740A")  # 0x0A in text
    + sds(12, "2041234", "2049999", 40, "8900FF0141")
    + sds(12, "2041234", "2049999", 48, "8200030DA431")
    + sds(12, "2041234", "2049999", 64, "82000A1A00E920AC")
    + sds(12, "2041234", "2049999", 64, "8200048112345641")
    + sds(12, "2049999", "2041234", 32, "8210001D") + sds(12, "2049999", "2041234", 32, "8210444E")
    + sds(12, "2041234", "2049999", 16, "0901"),
    [text("2041234", "2049999", "Brand in café, één ü", 0x82, 0x1D, True),
     text("2041234", "2049999", "Test\n", 0x02, None, False),
     text("2041234", "2049999", "A", 0x89, 0xFF, False, True),
     text("2041234", "2049999", "€1", 0x82, 3, False),
     text("2041234", "2049999", "é€", 0x82, 10, False),
     text("2041234", "2049999", "A", 0x82, 4, False),
     {"kind": "sds_report", "from_issi": "2049999", "to": "2041234", "delivery_status": 0,
      "message_reference": 0x1D},
     {"kind": "sds_report", "from_issi": "2049999", "to": "2041234",
      "delivery_status": 0x44, "message_reference": 0x4E},
     text("2041234", "2049999", "", 0x09, None, False, True)],
)

# 5. LIP (§9): the four real short captures, the long capture, emergency reason, other
#    extensions and NMEA (no position), a truncated report (no position).
LIP_TO = "2049999"
T["lip"] = (
    sds(12, "2041234", LIP_TO, 84, "0A00893E12472C51026810")
    + sds(12, "2041235", LIP_TO, 84, "0A112853A9FF4D4FFFE810")
    + sds(12, "2041236", LIP_TO, 84, "0A0BA7D5B95BC50AFFE16")
    + sds(12, "2041237", LIP_TO, 84, "0a06b8aca67f1822ffe810")
    + sds(12, "2041238", LIP_TO, 104, "0A4E73DDA841F55809493CC081")
    + sds(12, "2041239", LIP_TO, 84, "0A06B8ACA67F1822FFE020")
    + sds(12, "2041240", LIP_TO, 24, "0A4400") + sds(12, "2041241", LIP_TO, 16, "0301")
    + sds(12, "2041242", LIP_TO, 84, "0A06B8ACA67F1822FF"),
    [loc("2041234", LIP_TO, 51.2554, 12.0623, 1.0, 67.5),
     loc("2041235", LIP_TO, 44.9386, 26.0443),
     loc("2041236", LIP_TO, 30.5657, -97.7489),
     loc("2041237", LIP_TO, -33.8296, 151.2311),
     loc("2041238", LIP_TO, 52.234218, 11.015854),
     loc("2041239", LIP_TO, -33.8296, 151.2311, emergency=True),
     {"kind": "location_unsupported", "from_issi": "2041240", "to": LIP_TO, "protocol_id": 10},
     {"kind": "location_unsupported", "from_issi": "2041241", "to": LIP_TO, "protocol_id": 3},
     unrec("+CTSDSR: 12,2041242,0,2049999,0,84", "0A06B8ACA67F1822FF",
           "18 hex digits do not fit 84 bits", "2041242", LIP_TO, 12, 0x0A, 84)],
)

# 6. Calls and floor control (§7): group call, other talker, talker stops, own grant,
#    queued and refused grants, interrupt/wait, release; an emergency call (priority 15).
T["group_call_ptt"] = (
    ln("+CTICN: 1,0,0,5,09011638300023404,1,1,0,1,1,5,09011638300000001,0")
    + ln("+CTXG: 1,3,0,0,3,09011638300023404") + ln("+CDTXC: 1,0")
    + echo("AT+CTXD=1,1") + ln("OK") + ln("+CTXG: 1,2,0,0") + ln("+CTXG: 1,0,0,0")
    + echo("AT+CUTXC=1") + ln("OK") + ln("+CDTXC: 1,0") + echo("AT+CTXD=1,1") + ln("OK")
    + ln("+CTXG: 1,1,1,0") + ln("+CTXI: 1") + ln("+CTXW: 1,0") + ln("+CTCR: 1,13")
    + ln("+CTICN: 2,0,0,0,6101629,1,1,0,1,1,0,4037009,15") + ln("+CTXG: 2,3,0,0,0,6101629")
    + ln("+CTCR: 2,1")
    + echo("ATD4037009") + ln("+CTOCP: 3,2,0") + ln("OK") + ln("+CTCC: 3,1,1,0,0,1,1")
    + ln("+CTICN: 4,0,0,0,,1,1,0,0,1,0,2049999,0"),
    [{"kind": "call_incoming", "cc_instance": 1, "calling_issi": "23404", "called": "1",
      "is_group": True, "priority": 0, "is_emergency": False},
     txg(1, 3, "23404"), {"kind": "tx_ceased", "cc_instance": 1}, ok(),
     txg(1, 2), txg(1, 0), ok(), {"kind": "tx_ceased", "cc_instance": 1}, ok(),
     txg(1, 1), {"kind": "tx_interrupt", "cc_instance": 1},
     {"kind": "tx_wait", "cc_instance": 1},
     {"kind": "call_released", "cc_instance": 1, "cause": 13},
     {"kind": "call_incoming", "cc_instance": 2, "calling_issi": "6101629",
      "called": "4037009", "is_group": True, "priority": 15, "is_emergency": True},
     txg(2, 3, "6101629"), {"kind": "call_released", "cc_instance": 2, "cause": 1},
     {"kind": "call_progress", "cc_instance": 3, "call_status": 2}, ok(),
     {"kind": "call_connected", "cc_instance": 3},
     {"kind": "call_incoming", "cc_instance": 4, "calling_issi": None, "called": "2049999",
      "is_group": False, "priority": 0, "is_emergency": False}],
)

# 7. Errors, unsolicited lines inside responses, noise, broken lines, truncation at the end.
T["errors_noise"] = (
    ln("ERROR") + ln("+CME ERROR: 35") + ln("+CMS ERROR: 500") + ln("+CME ERROR: syntax")
    + ln("+CSQ: 18,99") + ln("+CTXG: 1,3,0,0,0,2041234") + ln("OK")
    + b"\x00\x13\x11" + ln("+CBC:\x00 0,55") + b"\xfe\xff~~" + CRLF + b"\x1b\x1a"
    + ln("+CTSDSR: 13,2041234,0,2049999,0,16") + ln("+CTCR: 1,1")
    + ln("+CSQ: abc,99") + ln("+CTXG: x") + ln("+CTSDSR: 13,2041234") + ln("> ")
    + sds(13, "2041234", "2049999", 16, "00000") + sds(13, "2041234", "2049999", 16, "000")
    + sds(13, "2041234", "2049999", 24, "000000") + ln("+XYZ: 1,2") + ln("RING")
    + b"A" * 5000 + ln("OK") + ln("+CTSDSR: 13,2041234,0,2049999,0,16") + b"80",
    [err(None, None), err(35, "CME"), err(500, "CMS"), err(None, "CME"),
     {"kind": "signal", "raw": 18, "dbm": -77}, txg(1, 3, "2041234"), ok(),
     {"kind": "battery", "percent": 55},
     unrec_line("\xfe\xff~~", "unknown line"),
     unrec("+CTSDSR: 13,2041234,0,2049999,0,16", "", "SDS header without user data",
           "2041234", "2049999", 13, None, 16),
     {"kind": "call_released", "cc_instance": 1, "cause": 1},
     {"kind": "malformed", "reason": "+CSQ: rssi not a number: 'abc': '+CSQ: abc,99'"},
     {"kind": "malformed", "reason": "+CTXG: cc instance not a number: 'x': '+CTXG: x'"},
     {"kind": "malformed", "reason": "+CTSDSR: 2 fields: '+CTSDSR: 13,2041234'"},
     unrec("+CTSDSR: 13,2041234,0,2049999,0,16", "00000",
           "status must be 16 bits, got 16 bits/5 digits", "2041234", "2049999", 13, None, 16),
     unrec("+CTSDSR: 13,2041234,0,2049999,0,16", "000",
           "status must be 16 bits, got 16 bits/3 digits", "2041234", "2049999", 13, None, 16),
     unrec("+CTSDSR: 13,2041234,0,2049999,0,24", "000000",
           "status must be 16 bits, got 24 bits/6 digits", "2041234", "2049999", 13, None, 24),
     unrec_line("+XYZ: 1,2", "unknown result code +XYZ"), unrec_line("RING", "unknown line"),
     {"kind": "malformed", "reason": "line too long"}, ok(),
     # the capture ends inside the last SDS: reported when the decoder is flushed
     unrec("+CTSDSR: 13,2041234,0,2049999,0,16", "80", "input ended inside the SDS user data",
           "2041234", "2049999", 13, None, 16)],
)


# 8. SDS-TL beyond plain text (PEI.md §8.3, §8.4). Vectors from the public test suites:
#    ftl/tetra-pei sds/sds_test.go (TestParseMessage: concatenated parts 1 and 2 of 2 with a
#    timestamp, SDS-REPORT with and without "ack required", SDS-ACK, store/forward to an
#    SSI, timestamp, simple text) and sm0svx/svxlink TetraLogic.cpp (handleSds comment).
#    Then: a 16-bit-reference text in one part, unknown protocols (simple concatenated SDS,
#    German BOS callout, WAP), an unknown SDS-TL message type, SDS type 1 data, and a
#    three-part text whose part 2 never comes (given out incomplete at the end of input).
A, B = "1234567", "2345678"
TP = "746573746D657373616765"  # "testmessage"
_kerk, _straat = b"Brand Kerk".hex().upper(), b"straat 5".hex().upper()
T["sds_concat"] = (
    sds(12, A, B, 192, "8A02C981045A8F050003C90201" + TP)
    + sds(12, A, B, 192, "8A02CA81045A8F050003C90202" + TP)
    + sds(12, A, B, 32, "821000C9") + sds(12, A, B, 32, "821800CA")
    + sds(12, A, B, 32, "822001C9")
    + sds(12, A, B, 152, "82039C5101020301" + TP)
    + sds(12, A, B, 144, "82029C81045A8F" + TP)
    + sds(12, A, B, 104, "0201" + TP)
    + ln("+CTSDSR: 12,23404,0,23401,0,112") + ln("82040801476A61746A616A676A61")
    + sds(12, A, B, 112, "8A0020010608041234010148" + "6F69")
    + sds(12, A, B, 80, "8A0410010500030703" + "01")  # part 1 of 3 starts (text "", see end)
    + sds(12, A, B, 8 * (10 + 10), "8A0410010500030903" + "01" + _kerk)
    + sds(12, A, B, 32, "0C001234") + sds(12, A, B, 40, "C300190000")
    + sds(12, A, B, 24, "040102") + sds(12, A, B, 32, "82300102")
    + ln("+CTSDSR: 9,1234567,0,2345678,0,16") + ln("ABCD")
    + sds(12, A, B, 8 * (10 + 8), "8A0412010500030903" + "03" + _straat),
    [text(A, B, "testmessagetestmessage", 0x8A, 0xC9, False, parts=2),
     {"kind": "sds_report", "from_issi": A, "to": B, "delivery_status": 0,
      "message_reference": 0xC9},
     {"kind": "sds_report", "from_issi": A, "to": B, "delivery_status": 0,
      "message_reference": 0xCA},
     {"kind": "sds_ack", "from_issi": A, "to": B, "delivery_status": 1,
      "message_reference": 0xC9},
     text(A, B, "testmessage", 0x82, 0x9C, False),
     text(A, B, "testmessage", 0x82, 0x9C, False),
     text(A, B, "testmessage", 0x02, None, False),
     text("23404", "23401", "Gjatjajgja", 0x82, 8, True),
     text(A, B, "Hoi", 0x8A, 0x20, False),
     unrec(f"+CTSDSR: 12,{A},0,{B},0,32", "0C001234",
           "protocol 0x0C (simple concatenated SDS) not decoded", A, B, 12, 0x0C, 32),
     unrec(f"+CTSDSR: 12,{A},0,{B},0,40", "C300190000",
           "SDS-TL transfer with protocol 0xC3 (callout (German BOS)) not decoded",
           A, B, 12, 0xC3, 40),
     unrec(f"+CTSDSR: 12,{A},0,{B},0,24", "040102", "protocol 0x04 (WAP) not decoded",
           A, B, 12, 0x04, 24),
     unrec(f"+CTSDSR: 12,{A},0,{B},0,32", "82300102", "SDS-TL message type 3 not decoded",
           A, B, 12, 0x82, 32),
     unrec(f"+CTSDSR: 9,{A},0,{B},0,16", "ABCD", "SDS type 1 user-defined data not decoded",
           A, B, 9, None, 16),
     # flushed at the end of input, oldest first: reference 7 had only part 1 of 3 (an
     # empty text), reference 9 parts 1 and 3
     text(A, B, "[…]", 0x8A, 0x10, True, parts=3, missing=(2, 3)),
     text(A, B, "Brand Kerk[…]straat 5", 0x8A, 0x10, True, parts=3, missing=(2,))],
)


def main() -> None:
    for name, (raw, expected) in T.items():
        (HERE / f"{name}.pei").write_bytes(raw)
        with open(HERE / f"{name}.expected.jsonl", "w", encoding="utf-8") as f:
            for event in expected:
                f.write(json.dumps(event, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
