"""Offline decoding of a raw capture or a wire trace (``main.py decode FILE``).

The output is the list of ``event.to_dict()`` in order; it is deterministic and the same
for every chunk size, which the transcript tests check byte by byte. Time stands still in
a raw capture and follows the records of a trace (so a concatenated text times out in a
replay as it did live); at the end the decoder is flushed, so what the capture holds back
(a text missing parts, an SDS cut off by the end) is reported too.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from typing import Any

from drivers.clock import FakeClock
from drivers.pei.decoder import Decoder
from drivers.pei.trace import is_trace, read_trace

LOG = logging.getLogger(__name__)


def decode_bytes(data: bytes, chunk: int = 0) -> list[dict[str, Any]]:
    """Decode a byte stream the radio sent, fed whole (chunk 0) or in chunks of ``chunk``."""
    decoder = Decoder(clock=FakeClock())
    out = _feed(decoder, data, chunk)
    return out + [e.to_dict() for e in decoder.flush()]


def _feed(decoder: Decoder, data: bytes, chunk: int) -> list[dict[str, Any]]:
    if chunk <= 0:
        return [e.to_dict() for e in decoder.feed(data)]
    out: list[dict[str, Any]] = []
    for i in range(0, len(data), chunk):
        out.extend(e.to_dict() for e in decoder.feed(data[i:i + chunk]))
    return out


def decode_trace(path: str | os.PathLike[str], chunk: int = 0) -> list[dict[str, Any]]:
    """Decode the RX records of a wire trace, the decoder's clock at each record's time."""
    clock: FakeClock | None = None
    decoder: Decoder | None = None
    out: list[dict[str, Any]] = []
    for t, direction, data in read_trace(path):
        if direction != "RX":
            continue
        if clock is None:
            clock = FakeClock(start_s=t)
            decoder = Decoder(clock=clock)
        elif t > clock.monotonic():  # records of a later session may start earlier
            clock.advance(t - clock.monotonic())
        assert decoder is not None
        out.extend(_feed(decoder, data, chunk))
    return out + ([e.to_dict() for e in decoder.flush()] if decoder is not None else [])


def rx_bytes(path: str | os.PathLike[str]) -> bytes:
    """What the radio sent: the RX records of a trace, or the raw file."""
    if is_trace(path):
        return b"".join(data for _, direction, data in read_trace(path) if direction == "RX")
    with open(path, "rb") as f:
        return f.read()


def decode_file(path: str | os.PathLike[str], chunk: int = 0) -> list[dict[str, Any]]:
    return decode_trace(path, chunk) if is_trace(path) else decode_bytes(rx_bytes(path), chunk)


def main_decode(argv: list[str]) -> int:
    """``decode FILE [--chunk N]``: one JSON object per event on stdout."""
    parser = argparse.ArgumentParser(prog="decode", description=main_decode.__doc__)
    parser.add_argument("file")
    parser.add_argument("--chunk", type=int, default=0,
                        help="feed the decoder N bytes at a time (0 = all at once)")
    args = parser.parse_args(argv)
    try:
        events = decode_file(args.file, args.chunk)
    except OSError as exc:
        sys.stderr.write(f"decode: {exc}\n")
        return 2
    out = sys.stdout
    for event in events:
        out.write(json.dumps(event, ensure_ascii=False, sort_keys=False) + "\n")
    out.flush()
    return 0
