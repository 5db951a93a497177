"""The simulated radio over a real pseudo-terminal, driven with plain pyserial."""

from __future__ import annotations

import os

import pytest
import serial

from drivers.events import CallIncoming, Location, SdsReport, Status, Text, TxCeased, TxGrant
from drivers.pei.decoder import Decoder
from drivers.sim.radio import SimRadio, Timing


def test_power_up_echo_then_ate0(sim_radio, pei_port):
    assert pei_port.command("AT") == ["AT", "OK"]
    assert pei_port.command("ATE0") == ["ATE0", "OK"]
    assert pei_port.command("AT") == ["OK"]
    assert sim_radio.wait_for_command("ATE0") == "ATE0"


def test_identification_and_queries(pei_port):
    pei_port.command("ATE0")
    assert pei_port.command("AT+GMI?") == ["+GMI: MOTOROLA", "OK"]
    assert pei_port.command("AT+CNUMF?") == ["+CNUMF: 0,2040123402040001", "OK"]
    assert pei_port.command("AT+CSQ?") == ["+CSQ: 20,99", "OK"]
    assert pei_port.command("AT+CBC?") == ["+CBC: 0,80", "OK"]
    assert pei_port.command("AT+CTOM=1") == ["OK"]
    assert pei_port.command("AT+CTOM?") == ["+CTOM: 1", "OK"]
    assert pei_port.command("AT+CNUMS?") == [
        "+CNUMS: 3", "1,3110001,RR-BRW-1", "1,3120001,RR-AMB-1", "1,3100001,RR-RMG-1", "OK"]
    assert pei_port.command("AT+BOGUS") == ["+CME ERROR: 4"]


@pytest.mark.parametrize("sim_radio", [{"family": "sepura"}], indirect=True)
def test_sepura_identifies_itself(pei_port):
    assert pei_port.command("AT+GMI?")[1] == "+GMI: SEPURA"


def test_talkgroup_select_confirm_and_unknown(sim_radio, pei_port):
    pei_port.command("ATE0")
    assert pei_port.command("AT+CTGS?") == ["+CTGS: 1,3110001", "OK"]
    assert pei_port.command("AT+CTGS=1,3120001") == ["OK"]
    assert pei_port.read_line() == "+CTGS: 1,3120001"  # unsolicited confirmation after OK
    assert sim_radio.talkgroup == "3120001"
    assert pei_port.command("AT+CTGS=1,9999999") == ["+CME ERROR: 34"]
    # a full GTSI selects by its last eight digits (PEI.md §3)
    assert pei_port.command("AT+CTGS=1,2040123403100001") == ["OK"]
    assert sim_radio.talkgroup == "3100001"


def test_ctsp_second_registration_of_a_pid_is_38(pei_port):
    pei_port.command("ATE0")
    assert pei_port.command("AT+CTSP=1,3,130") == ["OK"]
    assert pei_port.command("AT+CTSP=1,3,130") == ["+CME ERROR: 38"]
    assert pei_port.command("AT+CTSP=2,0,0") == ["OK"]


def test_leftover_garbage_makes_first_command_a_syntax_error(tmp_path):
    with SimRadio("2040009", tmp_path, garbage_at_start=True) as radio:
        with serial.Serial(radio.device, 38400, timeout=2) as port:
            port.write(b"AT\r\n")
            assert port.read_until(b"+CME ERROR: 35\r\n").endswith(b"+CME ERROR: 35\r\n")
            port.write(b"AT\r\n")
            assert port.read_until(b"OK\r\n").endswith(b"AT\r\r\nOK\r\n")


def _group_call(pei_port) -> int:
    pei_port.command("ATE0")
    assert pei_port.command("AT+CTSDC=0,0,0,1,1,0,1,1,0,0") == ["OK"]
    assert pei_port.command("ATD3110001") == ["OK"]
    progress = pei_port.expect("+CTOCP:")
    assert pei_port.read_line().startswith("+CTCC:")
    return int(progress.split(":")[1].split(",")[0])


def test_floor_grant_and_release(pei_port):
    cc = _group_call(pei_port)
    assert pei_port.command(f"AT+CTXD={cc},1") == ["OK"]
    assert pei_port.read_line() == f"+CTXG: {cc},0,0,0"
    assert pei_port.command(f"AT+CUTXC={cc}") == ["OK"]
    assert pei_port.read_line() == f"+CDTXC: {cc},0"
    assert pei_port.command("ATH") == ["OK"]
    assert pei_port.read_line() == f"+CTCR: {cc},1"
    assert pei_port.command(f"AT+CTXD={cc},1") == ["+CME ERROR: 34"]  # call is gone


@pytest.mark.parametrize("sim_radio", [{"floor_policy": "refuse"}], indirect=True)
def test_floor_refused(pei_port):
    cc = _group_call(pei_port)
    pei_port.command(f"AT+CTXD={cc},1")
    assert pei_port.read_line() == f"+CTXG: {cc},1,0,0"


@pytest.mark.parametrize("sim_radio", [{"floor_policy": "queue",
                                        "timing": Timing(queue_grant_s=0.05)}], indirect=True)
def test_floor_queued_then_granted(pei_port):
    cc = _group_call(pei_port)
    pei_port.command(f"AT+CTXD={cc},1")
    assert pei_port.read_line() == f"+CTXG: {cc},2,0,0"
    assert pei_port.read_line() == f"+CTXG: {cc},0,0,0"


def test_floor_queued_while_another_unit_talks(sim_radio, pei_port):
    pei_port.command("ATE0")
    cc = sim_radio.emit_group_call("2110001")
    assert pei_port.expect("+CTICN:").startswith(f"+CTICN: {cc},")
    assert pei_port.read_line() == f"+CTXG: {cc},3,0,0,1,2040123402110001"
    pei_port.command(f"AT+CTXD={cc},1")
    assert pei_port.read_line() == f"+CTXG: {cc},2,0,0"
    sim_radio.emit_talker_change(cc, None)
    assert pei_port.read_line() == f"+CDTXC: {cc},0"
    assert pei_port.read_line() == f"+CTXG: {cc},0,0,0"


def test_cmgs_ctrl_z_framing_sent_then_delivery_report(sim_radio, pei_port):
    from drivers.pei import sds

    pei_port.command("ATE0")
    assert pei_port.command("AT+CTSDS=13,0") == ["OK"]
    assert pei_port.command("AT+CMGS=2110001,16", b"8003\x1a") == ["+CMGS: 0", "OK"]
    assert pei_port.read_line() == "+CMGS: 0,4"
    pei_port.command("AT+CTSDS=12,0,0,0,0")
    hex_text, bits = sds.encode_text("Kom naar post", message_reference=9, report_request=True)
    lines = pei_port.command(f"AT+CMGS=2110001,{bits}", hex_text.encode() + b"\x1a")
    assert lines == ["+CMGS: 1", "OK"]
    assert pei_port.read_line() == "+CMGS: 1,4,9"
    header, data = pei_port.expect("+CTSDSR:"), pei_port.read_line()
    events = Decoder().feed(f"\r\n{header}\r\n{data}\r\n".encode())
    assert events == [SdsReport(from_issi="2110001", to="2040001", delivery_status=0,
                                message_reference=9)]
    assert sim_radio.sds_sent == [("2110001", 16, "8003"), ("2110001", bits, hex_text)]


def test_cmgs_escape_aborts_and_bad_hex_fails(sim_radio, pei_port):
    pei_port.command("ATE0")
    assert pei_port.command("AT+CMGS=2110001,16", b"80\x1b") == ["OK"]
    assert pei_port.command("AT+CMGS=2110001,16", b"80ZZ\x1a") == ["+CME ERROR: 32"]
    assert pei_port.command("AT") == ["OK"]
    assert sim_radio.sds_sent == []


@pytest.mark.parametrize("sim_radio", [{"timing": Timing(cmgs_user_data_s=0.05)}],
                         indirect=True)
def test_cmgs_without_user_data_times_out(pei_port):
    pei_port.command("ATE0")
    assert pei_port.command("AT+CMGS=2110001,16") == ["+CME ERROR: 37"]
    assert pei_port.command("AT") == ["OK"]


@pytest.mark.parametrize("family, digits", [("motorola", 22), ("sepura", 21)])
def test_emitted_sds_decode(tmp_path, family, digits):
    with SimRadio("2040001", tmp_path, family=family) as radio:
        data = (radio.emit_status("2110001", 0x8003) + radio.emit_emergency_status("2110002")
                + radio.emit_text("2110003", "Brand meester", report_request=True)
                + radio.emit_location("2110004", 51.92, 4.48, 40, 90, reason=2))
    assert data.startswith(b"\r\n+CTSDSR: 13,2040123402110001,1,2040123402040001,1,16\r\n8003\r\n")
    lip_hex = data.split(b"\r\n")[-2]
    assert len(lip_hex) == digits
    events = Decoder().feed(data)
    assert events[0] == Status("2110001", "2040001", 0x8003, False)
    assert events[1] == Status("2110002", "2040001", 0, True)
    assert isinstance(events[2], Text) and events[2].text == "Brand meester"
    assert isinstance(events[3], Location) and events[3].is_emergency
    assert abs(events[3].lat - 51.92) < 1e-4 and abs(events[3].lon - 4.48) < 1e-4


def test_emitted_calls_decode(sim_radio):
    cc = sim_radio.emit_emergency_call("2110005")
    sim_radio.emit_talker_change(cc, "2110006")
    sim_radio.emit_talker_change(cc, None)
    sim_radio.emit_call_end(cc)
    events = Decoder().feed(sim_radio.sent_bytes())
    assert events[0] == CallIncoming(cc, "2110005", "3110001", True, 15, True)
    assert events[2] == TxGrant(cc, 3, "2110006", False)
    assert isinstance(events[3], TxCeased)
    assert events[-1].kind == "call_released"


def test_unplug_fails_the_port_and_replug_keeps_the_path(sim_radio):
    path, first = sim_radio.device, sim_radio.slave_path
    assert os.path.realpath(path) == first
    port = serial.Serial(path, 38400, timeout=2)
    port.write(b"ATE0\r\n")
    assert port.read_until(b"OK\r\n").endswith(b"OK\r\n")
    sim_radio.unplug()
    assert not os.path.lexists(path)  # like /dev/serial/by-id on a real unplug
    with pytest.raises(serial.SerialException):
        port.read(1)
    with pytest.raises(serial.SerialException):
        port.write(b"AT\r\n")
    port.close()
    sim_radio.replug()
    assert os.path.realpath(path) == sim_radio.slave_path
    with serial.Serial(path, 38400, timeout=2) as again:
        again.write(b"AT\r\n")  # echo is on again after the power-up
        assert again.read_until(b"OK\r\n").endswith(b"AT\r\r\nOK\r\n")
    assert sim_radio.talkgroup == "3110001"


def test_wait_for_command_times_out_without_sleeping(sim_radio):
    with pytest.raises(TimeoutError):
        sim_radio.wait_for_command("AT+NEVER", timeout=0.05)


def test_transcript_records_both_directions(sim_radio, pei_port):
    pei_port.command("AT")
    directions = {d for d, _ in sim_radio.transcript}
    assert directions == {"rx", "tx"}
    assert b"".join(b for d, b in sim_radio.transcript if d == "rx") == b"AT\r\n"


def test_atz_resets_settings_but_keeps_the_commands_behind_it(sim_radio, pei_port):
    pei_port.command("ATE0")
    pei_port.command("AT+CTSP=1,3,130")
    pei_port.send(b"ATZ\r\nATE0\r\nAT+CTSP=1,3,130\r\n")  # one write, as a driver may do
    assert sim_radio.wait_for_command("AT+CTSP", after=3) == "AT+CTSP=1,3,130"
    assert pei_port.expect("OK") == "OK"  # ATZ
    assert pei_port.read_line() == "ATE0"  # echo is back on after the reset
    assert pei_port.read_line() == "OK"
    assert pei_port.read_line() == "OK"  # registrations were forgotten: no +CME ERROR: 38


def test_unicode_digits_are_no_identity(pei_port):
    pei_port.command("ATE0")
    assert pei_port.command("ATD12\u00b2")[-1].startswith("+CME ERROR")
    assert pei_port.command("AT+CTGS=1,311000\u00b2")[-1].startswith("+CME ERROR")
    assert pei_port.command("AT") == ["OK"]  # the simulated radio is still alive


def test_a_failing_command_handler_answers_cme_35_and_the_radio_lives_on(
        pei_port, monkeypatch):
    from drivers.sim import commands

    def broken(radio, cmd, text):
        raise KeyError("simulator bug")

    monkeypatch.setitem(commands._HANDLERS, "AT+CSQ", broken)
    pei_port.command("ATE0")
    assert pei_port.command("AT+CSQ?") == ["+CME ERROR: 35"]
    assert pei_port.command("AT") == ["OK"]


def test_timed_follow_ups_run_on_the_radios_clock(tmp_path):
    """The scheduler counts the injected clock: a queued grant 60 s away comes only once a
    FakeClock has moved 60 s (no real minute passes)."""
    from drivers.clock import FakeClock
    from tests.drivers.conftest import PeiClient

    clock = FakeClock()
    with SimRadio("2040001", tmp_path, floor_policy="queue", clock=clock,
                  timing=Timing(queue_grant_s=60.0)) as radio:
        with serial.Serial(radio.device, 38400, timeout=2) as port:
            pei = PeiClient(port)
            cc = _group_call(pei)
            pei.command(f"AT+CTXD={cc},1")
            assert pei.read_line() == f"+CTXG: {cc},2,0,0"
            clock.advance(59.9)
            assert pei.command("AT") == ["OK"]  # answered in order: no grant came before it
            clock.advance(0.1)
            assert pei.read_line() == f"+CTXG: {cc},0,0,0"
