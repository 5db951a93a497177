"""pyserial's POSIX port, waiting in ``poll()`` instead of ``select()``.

pyserial 3.5 (``serialposix.Serial.read`` and ``write``) waits in ``select()``, which fails
with ``ValueError: filedescriptor out of range in select()`` once a descriptor number passes
1024. A console with ~170 ports open gets there (each open port holds five: the tty and two
abort pipes), and every I/O thread past that line crashes (measured: 155 of 200 simulated
radios). pyserial's own ``PosixPollSerial`` is no help: its read fails on a timeout with
nothing read, and its write still selects.

:func:`new_port` gives a closed port object for a path: a device on POSIX is a
:class:`PollSerial`; URLs (``loop://``, ``rfc2217://``) and other systems keep pyserial's
classes.
"""

from __future__ import annotations

import errno
import math
import os
import select

import serial
from serial.serialutil import PortNotOpenError, SerialTimeoutException, Timeout, to_bytes

_RETRY = (errno.EAGAIN, errno.EALREADY, errno.EWOULDBLOCK, errno.EINPROGRESS, errno.EINTR)
_MAX_POLL_MS = 2**31 - 1  # poll()'s timeout is a C int


def _poll_ms(seconds: float | None) -> int | None:
    return None if seconds is None else min(math.ceil(seconds * 1000), _MAX_POLL_MS)


class PollSerial(serial.Serial):
    """pyserial's POSIX ``Serial`` with ``poll()`` in ``read`` and ``write``; otherwise the
    same behaviour, errors included: a vanished device raises ``SerialException``,
    ``cancel_read``/``cancel_write`` end a wait at once, a write that cannot drain in time
    raises ``SerialTimeoutException``."""

    def read(self, size: int = 1) -> bytes:
        if not self.is_open:
            raise PortNotOpenError()
        read = bytearray()
        timeout = Timeout(self._timeout)
        poller = select.poll()
        poller.register(self.fd, select.POLLIN)
        poller.register(self.pipe_abort_read_r, select.POLLIN)
        while len(read) < size:
            try:
                # like select(): a hang-up or an error on the port counts as readable
                ready = {fd for fd, _ in poller.poll(_poll_ms(timeout.time_left()))}
                if self.pipe_abort_read_r in ready:
                    os.read(self.pipe_abort_read_r, 1000)
                    break
                if not ready:
                    break  # timeout
                buf = os.read(self.fd, size - len(read))
            except OSError as e:
                if e.errno not in _RETRY:
                    raise serial.SerialException(f"read failed: {e}") from None
            else:
                if not buf:  # readable but nothing there: pyserial's disconnected device
                    raise serial.SerialException(
                        "device reports readiness to read but returned no data "
                        "(device disconnected or multiple access on port?)")
                read.extend(buf)
            if timeout.expired():
                break
        return bytes(read)

    def write(self, data: bytes) -> int:
        if not self.is_open:
            raise PortNotOpenError()
        d = to_bytes(data)
        tx_len = length = len(d)
        timeout = Timeout(self._write_timeout)
        poller = select.poll()
        poller.register(self.fd, select.POLLOUT)
        poller.register(self.pipe_abort_write_r, select.POLLIN)
        while tx_len > 0:
            try:
                n = os.write(self.fd, d)
                if timeout.is_non_blocking:
                    return n  # a zero write timeout: what went out now
                if not timeout.is_infinite and timeout.expired():
                    raise SerialTimeoutException("Write timeout")
                ready = {fd for fd, _ in poller.poll(_poll_ms(timeout.time_left()))}
                if self.pipe_abort_write_r in ready:
                    os.read(self.pipe_abort_write_r, 1000)
                    break
                if not ready:
                    if timeout.is_infinite:
                        raise serial.SerialException("write failed (poll)")
                    raise SerialTimeoutException("Write timeout")
                d = d[n:]
                tx_len -= n
            except serial.SerialException:
                raise
            except OSError as e:
                if e.errno not in _RETRY:
                    raise serial.SerialException(f"write failed: {e}") from None
            if not timeout.is_non_blocking and timeout.expired():
                raise SerialTimeoutException("Write timeout")
        return length - len(d)


def new_port(path: str) -> serial.SerialBase:
    """A closed port object for ``path`` (a device or a pyserial URL), as
    ``serial.serial_for_url(path, do_not_open=True)`` gives, but a POSIX device polls."""
    if os.name != "posix" or "://" in path:
        return serial.serial_for_url(path, do_not_open=True)
    ser = PollSerial()  # what serial_for_url does for a plain path, with this class
    ser.port = path
    return ser
