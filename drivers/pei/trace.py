"""Wire trace: every byte that crossed a port, with monotonic time and direction.

Doubles as the transcript format (STYLE.md #8; pyserial ``spy://`` habit). Text, one
record per line::

    # vangnet wire trace v1 port=<port>
    <monotonic seconds, 6 decimals> <RX|TX> <hex, no spaces> |<printable ASCII, else .>|

RX = radio → PC, TX = PC → radio. ``main.py decode`` replays the RX bytes.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Iterator
from typing import IO

LOG = logging.getLogger(__name__)

HEADER = "# vangnet wire trace v1"
_PRINTABLE = bytes(range(0x20, 0x7F))
_ASCII_MAP = bytes(b if b in _PRINTABLE else ord(".") for b in range(256))


def format_record(t: float, direction: str, data: bytes) -> str:
    return f"{t:.6f} {direction} {data.hex().upper()} |{data.translate(_ASCII_MAP).decode('ascii')}|\n"


class TraceWriter:
    """Appends records to a trace file; safe to call from the I/O and writer threads."""

    def __init__(self, target: str | os.PathLike[str] | IO[str], port: str,
                 clock=time.monotonic) -> None:
        if isinstance(target, (str, os.PathLike)):
            self._file: IO[str] = open(target, "w", encoding="ascii", buffering=1)
            self._owned = True
        else:
            self._file, self._owned = target, False
        self._clock = clock
        self._lock = threading.Lock()
        self._closed = False
        self._write(f"{HEADER} port={port}\n")

    def rx(self, data: bytes) -> None:
        """Bytes received from the radio."""
        self._record("RX", data)

    def tx(self, data: bytes) -> None:
        """Bytes sent to the radio."""
        self._record("TX", data)

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            if self._owned:
                self._file.close()
            else:
                self._file.flush()

    def _record(self, direction: str, data: bytes) -> None:
        if data:
            self._write(format_record(self._clock(), direction, bytes(data)))

    def _write(self, text: str) -> None:
        with self._lock:
            if self._closed:
                return
            self._file.write(text)
            self._file.flush()


def is_trace(path: str | os.PathLike[str]) -> bool:
    """True when the file starts with the wire trace header."""
    with open(path, "rb") as f:
        return f.read(len(HEADER)) == HEADER.encode("ascii")


def read_trace(path: str | os.PathLike[str]) -> Iterator[tuple[float, str, bytes]]:
    """Yield (monotonic time, "RX"/"TX", bytes) per record; bad records are skipped."""
    with open(path, encoding="latin-1") as f:
        for number, line in enumerate(f, 1):
            if line.startswith("#") or not line.strip():
                continue
            parts = line.split(" ", 3)
            try:
                if len(parts) < 3 or parts[1] not in ("RX", "TX"):
                    raise ValueError("bad record")
                yield float(parts[0]), parts[1], bytes.fromhex(parts[2])
            except ValueError:
                LOG.warning("%s:%d: unreadable trace record skipped", path, number)
