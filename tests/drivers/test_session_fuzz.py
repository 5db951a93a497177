"""Property: whatever bytes a radio sends before its OK, a command either completes or
raises a RadioError, within its timeout; nothing else escapes (STYLE.md #6). The timeout
runs on a FakeClock: the radio gets real time to answer, then the command's time passes."""

from __future__ import annotations

import serial
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drivers.clock import FakeClock
from drivers.errors import RadioError
from drivers.pei.session import Response, Session
from tests.drivers.fake_time import answered_or_timed_out
from tests.drivers.test_session import FakePeer, reply

TIMEOUT = 0.3


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(noise=st.lists(st.binary(max_size=64) | st.sampled_from([
    b"+CTSDSR: 12,2040001,0,2041234,0,32\r\n", b"+CME ERROR: ", b"\r\n+CTXG: 1,",
    b"\x1a\x1b", b"OK", b"\r", b"\n", b"+CMGS: 0,4,", "é".encode("latin-1")]), max_size=6))
def test_noise_before_the_final_result_never_escapes_as_anything_else(noise):
    garbage = b"".join(noise)
    peer = FakePeer({"AT+CSQ?": garbage + reply("OK")})
    ser = serial.serial_for_url(peer.path, do_not_open=True)
    ser.timeout = 0.05
    ser.open()
    clock = FakeClock()
    session = Session(ser, name=peer.path, on_event=lambda e: None, command_timeout=TIMEOUT,
                      clock=clock)
    session.start()
    try:
        future = session.submit("AT+CSQ?")
        assert peer.wait_for("AT+CSQ?")  # written: its time-out counts from here
        elapsed = answered_or_timed_out(clock, future, TIMEOUT)
        try:
            assert isinstance(future.result(), Response)
        except RadioError:
            pass
        assert elapsed <= TIMEOUT
    finally:
        session.close()
        peer.close()
