"""Line assembly (drivers/pei/framing.py, PEI.md §2)."""

from __future__ import annotations

from drivers.pei.framing import OVERLONG, LineAssembler


def test_crlf_lines_and_empty_lines_dropped():
    a = LineAssembler()
    assert a.feed(b"\r\nOK\r\n\r\n+CSQ: 1,99\r\n") == ["OK", "+CSQ: 1,99"]
    assert a.pending == b""


def test_lf_only_and_cr_only_echo():
    a = LineAssembler()
    assert a.feed(b"OK\n+CBC: 0,5\n") == ["OK", "+CBC: 0,5"]
    # an echo ends with CR only; it must not swallow the next line
    assert a.feed(b"AT+CSQ?\r+CTXG: 1,0,0,0\r\n") == ["AT+CSQ?", "+CTXG: 1,0,0,0"]


def test_tail_held_until_terminator():
    a = LineAssembler()
    assert a.feed(b"+CTSDSR: 13,1,0,2") == []
    assert a.pending == b"+CTSDSR: 13,1,0,2"
    assert a.feed(b",0,16\r") == ["+CTSDSR: 13,1,0,2,0,16"]
    assert a.pending == b""


def test_noise_dropped_latin1_kept():
    a = LineAssembler()
    assert a.feed(b"O\x00K\x1a\r\n\x7fCaf\xe9\r\n") == ["OK", "Café"]


def test_overlong_line_marker_once_then_resync():
    a = LineAssembler(max_line=8)
    out = a.feed(b"0123456789")
    assert out == [OVERLONG] and a.pending == b""
    assert a.feed(b"abcdef") == []
    assert a.feed(b"gh\r\nOK\r\n") == ["OK"]
    b = LineAssembler(max_line=8)
    assert b.feed(b"0123456789abcdefgh\r\nOK\r\n") == [OVERLONG, "OK"]


def test_line_of_exactly_max_is_kept():
    a = LineAssembler(max_line=4)
    assert a.feed(b"ABCD\r\nABCDE\r\n") == ["ABCD", OVERLONG]


def test_reset_forgets_tail():
    a = LineAssembler()
    a.feed(b"+CSQ")
    a.reset()
    assert a.feed(b"OK\r\n") == ["OK"]
