"""Opening a PEI serial port safely, and naming its wire-trace file.

PEI.md §12.1: opening a port asserts DTR and RTS on Linux, and an interface may key a
transmitter from those lines. pyserial applies ``rts``/``dtr`` set on a closed port when it
opens, so the lines are set inactive BEFORE ``open()``. Pseudo-terminals (the simulator)
reject modem-control ioctls with errno 25 (TESTBED.md); that is logged and ignored.

A port is opened exclusively (POSIX ``flock``, pyserial ``exclusive=True``; Windows ports
are exclusive anyway): a second console on this computer gets "in use by another program"
instead of half of the radio's bytes each. The lock goes with the file handle: a reconnect
opens the port again only after the old session closed it (drivers/pei/radio.py
``_disconnect``); a handle still closing makes that attempt fail "in use", and the back-off
tries again.
"""

from __future__ import annotations

import datetime
import errno
import itertools
import logging
import re
from pathlib import Path

import serial

from drivers.base import Capabilities
from drivers.errors import RadioError
from drivers.pei.poll_serial import new_port
from drivers.pei.trace import TraceWriter

_serial_numbers = itertools.count(1)
# flock(LOCK_NB) on a port another handle has locked; EBUSY: a tty set TIOCEXCL by its holder
_IN_USE = frozenset({errno.EAGAIN, errno.EWOULDBLOCK, errno.EBUSY})


def open_port(path: str, caps: Capabilities, log: logging.Logger) -> serial.SerialBase:
    """Open ``path`` (a device or a pyserial URL) 8N1 with the family's line settings."""
    ser = new_port(path)  # poll(), not select(): hundreds of ports (drivers/pei/poll_serial)
    ser.baudrate = caps.baudrate
    ser.bytesize = caps.bytesize
    ser.parity = caps.parity
    ser.stopbits = caps.stopbits
    # PEI.md §12.1: never enable RTS/CTS on a port whose RTS keys a transmitter; that is a
    # configuration matter (rtscts is a capability/override), not decided here.
    ser.rtscts = caps.rtscts
    # Small read timeout: the I/O thread wakes often enough to expire commands (PEI.md §2).
    ser.timeout = caps.read_chunk_timeout_s
    # A write that cannot drain within a command timeout means the far end is gone.
    ser.write_timeout = caps.command_timeout_s
    try:
        ser.rts = False
        ser.dtr = False
    except (OSError, ValueError) as exc:  # errno 25 on ptys, unsupported on some URLs
        log.debug("cannot preset RTS/DTR on %s: %s", path, exc)
    open_exclusive(ser, path)
    return ser


def open_exclusive(ser: serial.SerialBase, path: str) -> None:
    """``ser.open()`` holding the port alone; a port held by another handle (another
    console, another program) raises RadioError saying so. URL ports (loop://, rfc2217://)
    ignore the flag."""
    ser.exclusive = True
    try:
        ser.open()
    except serial.SerialException as exc:
        if exc.errno in _IN_USE:
            raise RadioError(f"port {path} is in use by another program") from exc
        raise


def _safe(port: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", port).strip("_") or "port"


def trace_path(trace_dir: Path, port: str, when: datetime.datetime | None = None) -> Path:
    """One trace file per port per session start: ``pei-<port>-<UTC stamp>-<n>.trace``."""
    stamp = (when or datetime.datetime.now(datetime.UTC)).strftime("%Y%m%dT%H%M%S")
    return trace_dir / f"pei-{_safe(port)}-{stamp}-{next(_serial_numbers)}.trace"


def prune_traces(trace_dir: Path, port: str, keep: int = 10) -> None:
    """Delete all but the newest ``keep`` session traces of ``port`` (with their rotated
    parts, drivers/pei/trace.py): a link that flaps for weeks must not fill the disk."""
    pattern = re.compile(rf"pei-{re.escape(_safe(port))}-(\d{{8}}T\d{{6}})-(\d+)\.trace")
    sessions: dict[tuple[str, int], list[Path]] = {}
    for path in trace_dir.glob("pei-*.trace*"):
        base = path.name.rsplit(".", 1)[0] if not path.name.endswith(".trace") else path.name
        if found := pattern.fullmatch(base):
            key = (found[1], int(found[2]))
            sessions.setdefault(key, []).append(path)
    for key in sorted(sessions)[:-keep] if keep > 0 else sorted(sessions):
        for path in sessions[key]:
            try:
                path.unlink()
            except OSError:
                pass  # gone already, or not ours to delete: never fatal


def open_trace(trace_dir: Path, port: str, log: logging.Logger) -> TraceWriter | None:
    """A new session trace for ``port`` in ``trace_dir`` (older ones pruned), or None when
    that fails: the trace is a diagnostic, and a radio runs on without it."""
    try:
        trace_dir.mkdir(parents=True, exist_ok=True)
        writer = TraceWriter(trace_path(trace_dir, port), port)
    except Exception as exc:  # OSError mostly; whatever it is, never worth the link
        log.warning("no wire trace in %s: %s", trace_dir, exc)
        return None
    try:
        prune_traces(trace_dir, port)  # bounded per port
    except Exception as exc:
        log.warning("cannot prune old traces in %s: %s", trace_dir, exc)
    return writer
