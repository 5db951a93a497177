"""Serial RTS/DTR PTT: loop:// (RTS drives CTS, DTR drives DSR) and an in-process RFC 2217
server around loop:// (the client's lines reach the backend). The time-out runs on a
drivers.clock.FakeClock: it fires inside ``advance()``, no sleeps and no watchdog thread."""

from __future__ import annotations

import errno
import os
import select
import socket
import threading

import pytest
import serial
import serial.rfc2217
from serial.urlhandler.protocol_loop import Serial as LoopSerial

from drivers.clock import FakeClock
from drivers.errors import LinkLost, RadioError
from drivers.ptt.serial_lines import PttState, PttTimedOut, SerialLinePtt


class SpyLoop(LoopSerial):
    """loop:// port that records every electrical line update (they happen on open/set)."""

    def __init__(self, *args, **kwargs):
        self.history: list[tuple[str, bool, bool]] = []
        super().__init__(*args, **kwargs)

    def _update_rts_state(self):
        self.history.append(("rts", self._rts_state, self.is_open))

    def _update_dtr_state(self):
        self.history.append(("dtr", self._dtr_state, self.is_open))

    def levels(self, name: str) -> list[bool]:
        return [level for line, level, _ in self.history if line == name]


@pytest.fixture
def spy():
    ports: list[SpyLoop] = []

    def factory(url, do_not_open=False):
        port = SpyLoop(None)
        port.port = url
        ports.append(port)
        return port

    factory.ports = ports
    return factory


@pytest.fixture
def clock():
    return FakeClock(start_s=1000.0)


def _ptt(spy, clock, **kwargs) -> SerialLinePtt:
    return SerialLinePtt("loop://", clock=clock, serial_factory=spy, **kwargs)


def test_never_keyed_on_open_and_rts_drives_cts(spy, clock):
    ptt = _ptt(spy, clock)
    port = spy.ports[0]
    assert port.history[:2] in ([("dtr", False, True), ("rts", False, True)],
                                [("rts", False, True), ("dtr", False, True)])
    assert port.cts is False and ptt.state is PttState.RELEASED
    ptt.set_tx(True)
    assert port.cts is True and ptt.is_keyed
    ptt.set_tx(False)
    assert port.cts is False
    ptt.close()
    assert port.levels("rts") == [False, True, False, False]
    assert ptt.state is PttState.CLOSED and not port.is_open


def test_plain_loop_url_dtr_drives_dsr():
    with SerialLinePtt("loop://", line="DTR") as ptt:
        port = ptt._port
        assert port.dsr is False and port.cts is False
        ptt.set_tx(True)
        assert port.dsr is True and port.cts is False
        ptt.set_tx(False)
        assert port.dsr is False


def test_invert_keys_low(spy, clock):
    ptt = _ptt(spy, clock, invert=True)
    port = spy.ports[0]
    assert port.levels("rts")[0] is True and port.cts is True  # idle = high
    with ptt.keyed():
        assert port.cts is False
    assert port.cts is True
    ptt.close()


def test_keyed_releases_on_exception(spy, clock):
    ptt = _ptt(spy, clock)
    with pytest.raises(ZeroDivisionError), ptt.keyed():
        assert spy.ports[0].cts is True
        _ = 1 / 0
    assert spy.ports[0].cts is False and ptt.state is PttState.RELEASED
    ptt.close()


def test_transmit_timeout_by_fake_clock_and_lockout(spy, clock):
    changes = []
    ptt = _ptt(spy, clock, tx_timeout_s=180, listener=changes.append)
    ptt.set_tx(True)
    assert changes[-1].deadline == 1180.0
    clock.advance(100)
    assert ptt.remaining_s() == 80.0
    assert ptt.check_timeout() is False and spy.ports[0].cts is True
    clock.advance(80)  # the time-out runs inside advance(), on this thread
    assert changes[-1].timed_out and ptt.check_timeout() is False  # released: nothing due
    assert spy.ports[0].cts is False and ptt.state is PttState.TIMED_OUT
    assert changes[-1].state is PttState.TIMED_OUT
    with pytest.raises(PttTimedOut):
        ptt.set_tx(True)  # still pressed: locked out until released
    assert spy.ports[0].cts is False
    ptt.set_tx(False)
    ptt.set_tx(True)
    assert spy.ports[0].cts is True
    ptt.close()
    assert spy.ports[0].levels("rts")[-1] is False


def test_time_out_runs_on_the_injected_clock(spy, clock):
    fired = threading.Event()
    ptt = _ptt(spy, clock, tx_timeout_s=5,
               listener=lambda c: c.state is PttState.TIMED_OUT and fired.set())
    ptt.set_tx(True)
    clock.advance(4.9)
    assert not fired.is_set()  # the fake clock has not reached the time-out
    clock.advance(0.1)
    assert fired.wait(5)
    assert spy.ports[0].cts is False
    ptt.close()


def test_link_lost_and_shutdown_release(spy, clock):
    changes = []
    ptt = _ptt(spy, clock, listener=changes.append)
    ptt.set_tx(True)
    ptt.on_link_lost("radio unplugged")
    assert spy.ports[0].cts is False and ptt.state is PttState.RELEASED
    assert changes[-1].reason == "radio unplugged"
    ptt.set_tx(True)
    ptt.close()
    assert spy.ports[0].levels("rts")[-1] is False
    ptt.set_tx(False)  # harmless after close
    with pytest.raises(RadioError):
        ptt.set_tx(True)


class FailingLoop(SpyLoop):
    """Opens fine; every later RTS change fails like a vanished USB adapter (or a pty)."""
    fail_errno = errno.EIO
    armed = False

    def open(self):
        super().open()
        self.armed = True

    def _update_rts_state(self):
        if self.armed:
            raise OSError(self.fail_errno, os.strerror(self.fail_errno))


@pytest.mark.parametrize("code, error", [(errno.EIO, LinkLost), (errno.ENOTTY, RadioError)])
def test_port_errors_become_radio_errors(code, error):
    def factory(url, do_not_open=False):
        port = FailingLoop(None)
        port.fail_errno = code
        port.port = url
        return port

    changes = []
    ptt = SerialLinePtt("loop://", serial_factory=factory, listener=changes.append)
    with pytest.raises(error) as info:
        ptt.set_tx(True)
    assert (type(info.value) is LinkLost) == (error is LinkLost)
    assert ptt.state is PttState.ERROR and changes[-1].state is PttState.ERROR
    ptt.close()


def test_open_failure_is_link_lost(tmp_path):
    with pytest.raises(LinkLost):
        SerialLinePtt(str(tmp_path / "no-such-port"))


def test_pty_has_no_control_lines():
    master, slave = os.openpty()
    try:
        ptt = SerialLinePtt(os.ttyname(slave))  # open tolerates it
        with pytest.raises(RadioError, match="no RTS/DTR") as info:
            ptt.set_tx(True)
        assert not isinstance(info.value, LinkLost)
        ptt.close()
    finally:
        os.close(master)
        os.close(slave)


# --- RFC 2217 --------------------------------------------------------------------------------

class _Connection:
    """PortManager writes its telnet answers through ``.write``."""

    def __init__(self, sock: socket.socket) -> None:
        self.write = sock.sendall


class Rfc2217Server:
    """pyserial's PortManager around a SpyLoop backend, served on 127.0.0.1 in a thread."""

    def __init__(self) -> None:
        self.backend = SpyLoop(None)
        self.backend.port = "loop://"
        self.backend.rts = self.backend.dtr = False  # an idle real port
        self.backend.open()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.stop_r, self.stop_w = os.pipe()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        ready, _, _ = select.select([self.listener, self.stop_r], [], [])
        if self.stop_r in ready:
            return
        conn, _ = self.listener.accept()
        manager = serial.rfc2217.PortManager(self.backend, _Connection(conn))
        with conn:
            while True:
                ready, _, _ = select.select([conn, self.stop_r], [], [])
                if self.stop_r in ready:
                    return
                data = conn.recv(1024)
                if not data:
                    return
                self.backend.write(b"".join(manager.filter(data)))

    def close(self) -> None:
        os.write(self.stop_w, b"x")
        self.thread.join(timeout=5)
        self.listener.close()
        self.backend.close()
        os.close(self.stop_r)
        os.close(self.stop_w)


@pytest.fixture
def rfc2217_server():
    server = Rfc2217Server()
    yield server
    server.close()


def test_rfc2217_backend_lines_follow(rfc2217_server, clock):
    backend = rfc2217_server.backend
    url = f"rfc2217://127.0.0.1:{rfc2217_server.port}?timeout=2"
    ptt = SerialLinePtt(url, clock=clock)
    assert backend.levels("rts") and True not in backend.levels("rts")  # never keyed on open
    assert backend.cts is False and backend.dsr is False
    ptt.set_tx(True)
    assert backend.cts is True
    ptt.set_tx(False)
    assert backend.cts is False
    with pytest.raises(RuntimeError), ptt.keyed():
        assert backend.cts is True
        raise RuntimeError("operator console crashed")
    assert backend.cts is False
    ptt.set_tx(True)
    clock.advance(181)  # the time-out releases inside advance()
    assert ptt.state is PttState.TIMED_OUT and backend.cts is False
    ptt.set_tx(False)
    ptt.set_tx(True)
    ptt.close()  # shutdown releases before closing
    assert backend.cts is False and backend.levels("rts")[-1] is False


def test_rfc2217_dtr_inverted(rfc2217_server):
    backend = rfc2217_server.backend
    url = f"rfc2217://127.0.0.1:{rfc2217_server.port}?timeout=2"
    with SerialLinePtt(url, line="DTR", invert=True) as ptt:
        assert backend.dsr is True and backend.levels("dtr")[1:2] == [True]
        ptt.set_tx(True)
        assert backend.dsr is False
        ptt.on_link_lost()
        assert backend.dsr is True
