"""Pure PEI command builders (drivers/pei/commands.py): exact lines, refusal of bad input."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.pei import commands as c


@pytest.mark.parametrize("built,expected", [
    (c.at(), "AT"),
    (c.echo_off(), "ATE0"),
    (c.cscs(True), 'AT+CSCS="8859-1"'),
    (c.cscs(False), "AT+CSCS=8859-1"),
    (c.gmi(), "AT+GMI?"), (c.gmm(), "AT+GMM?"), (c.gmr(), "AT+GMR?"),
    (c.gmi("plain"), "AT+GMI"), (c.gmr("plain"), "AT+GMR"),
    (c.cnumf(), "AT+CNUMF?"),
    (c.ctom_query(), "AT+CTOM?"),
    (c.ctgs_select("1000001"), "AT+CTGS=1,1000001"),
    (c.ctgs_select(9011638300000001, group_type=2), "AT+CTGS=2,9011638300000001"),
    (c.ctgs_query(), "AT+CTGS?"),
    (c.csq(), "AT+CSQ?"), (c.cbc(), "AT+CBC?"),
    (c.creg(), "AT+CREG?"), (c.creg(2), "AT+CREG=2"),
    (c.ctsdc_group_speech(), "AT+CTSDC=0,0,0,1,1,0,1,1,0,0"),
    (c.ctsdc_group_speech(15), "AT+CTSDC=0,0,0,1,1,0,1,1,0,15"),
    (c.atd("1000001"), "ATD1000001"),
    (c.ath(), "ATH"),
    (c.ctxd(1, 0), "AT+CTXD=1,0"), (c.ctxd(3, 3), "AT+CTXD=3,3"),
    (c.cutxc(1), "AT+CUTXC=1"),
    (c.ctsds(12, 0), "AT+CTSDS=12,0"), (c.ctsds(13), "AT+CTSDS=13,0"),
    (c.ctsp(2, 0, 0), "AT+CTSP=2,0,0"), (c.ctsp(1, 3), "AT+CTSP=1,3"),
])
def test_exact_command_lines(built, expected):
    assert built == expected


def test_console_registrations_are_the_pei_md_set():
    # PEI.md §5 "Typical set for the console"
    assert c.ctsp_registrations() == [
        "AT+CTSP=2,0,0", "AT+CTSP=1,1,11", "AT+CTSP=2,2,20", "AT+CTSP=1,3,2",
        "AT+CTSP=1,3,9", "AT+CTSP=1,3,130", "AT+CTSP=1,3,137", "AT+CTSP=1,3,138",
        "AT+CTSP=1,3,10"]


def test_cmgs_returns_command_and_user_data_ending_in_ctrl_z():
    line, data = c.cmgs("2040001", "8002", 16)
    assert line == "AT+CMGS=2040001,16"
    assert data == b"8002\x1a"
    line, data = c.cmgs(2040001, "0a00893e12472c5102681", 84)  # Sepura: 21 digits (§9.2)
    assert line == "AT+CMGS=2040001,84" and data == b"0A00893E12472C5102681\x1a"


@given(st.binary(min_size=1, max_size=255))
def test_cmgs_length_defaults_to_four_bits_per_hex_digit(payload):
    hex_data = payload.hex()
    line, data = c.cmgs("2041234", hex_data)
    assert line == f"AT+CMGS=2041234,{len(hex_data) * 4}"
    assert data[:-1].decode() == hex_data.upper() and data[-1:] == c.CTRL_Z


@pytest.mark.parametrize("bad", ["", "12a4", "1;ATH", "12 34", "-1", "1" * 25, "1\r\nATH"])
def test_identities_that_would_corrupt_the_line_are_refused(bad):
    with pytest.raises(ValueError):
        c.atd(bad)
    with pytest.raises(ValueError):
        c.ctgs_select(bad)


@pytest.mark.parametrize("call", [
    lambda: c.ctxd(-1), lambda: c.ctxd(1, 4), lambda: c.cutxc(256), lambda: c.ctsds(14),
    lambda: c.ctsp(3, 0), lambda: c.ctsdc_group_speech(16), lambda: c.ctgs_select("1", 8),
    lambda: c.cmgs("1", "XYZ"), lambda: c.cmgs("1", ""), lambda: c.cmgs("1", "80", 9),
    lambda: c.cmgs("1", "80" * 300), lambda: c.creg(3), lambda: c.ctxd(True and 1.5),
])
def test_out_of_range_parameters_are_refused(call):
    with pytest.raises(ValueError):
        call()
