"""PEI decoder throughput on one core, as a multiple of one radio at 115,200 baud 8N1.

The stream is the transcripts in tests/data/transcripts/ (sessions, status, text, LIP,
calls/PTT, errors and noise) repeated; it is fed in 64-byte reads, as a serial reader
would see them, and in one piece. Run: ``python benchmarks/pei.py``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from drivers.pei.decoder import Decoder  # noqa: E402
from drivers.pei.framing import LineAssembler  # noqa: E402

TRANSCRIPTS = ROOT / "tests" / "data" / "transcripts"
RADIO_BYTES_PER_S = 115_200 / 10  # 8N1: 10 bits per byte on the wire
TARGET_BYTES = 2_000_000


def mixed_stream(target: int = TARGET_BYTES) -> bytes:
    """All transcripts, minus the 5 kB over-long test line (cheap bytes would flatter us)."""
    one = b"".join(p.read_bytes() for p in sorted(TRANSCRIPTS.glob("*.pei")))
    one = b"\n".join(part for part in one.split(b"\n") if len(part) <= 512)
    return one * max(1, target // len(one))


def _run(stream: bytes, chunk: int) -> tuple[float, int]:
    decoder, events = Decoder(), 0
    start = time.perf_counter()
    if chunk <= 0:
        events = len(decoder.feed(stream))
    else:
        for i in range(0, len(stream), chunk):
            events += len(decoder.feed(stream[i:i + chunk]))
    return time.perf_counter() - start, events


def bench_decoder(chunk: int = 64, repeats: int = 3) -> dict:
    """Best of ``repeats`` runs; figures per second of one core."""
    stream = mixed_stream()
    lines = len(LineAssembler().feed(stream))
    seconds, events = min(_run(stream, chunk) for _ in range(repeats))
    bytes_per_s = len(stream) / seconds
    return {
        "chunk_bytes": chunk,
        "stream_bytes": len(stream),
        "lines": lines,
        "events": events,
        "seconds": seconds,
        "lines_per_s": lines / seconds,
        "bytes_per_s": bytes_per_s,
        "us_per_line": 1e6 * seconds / lines,
        "radios_at_115200": bytes_per_s / RADIO_BYTES_PER_S,
    }


def main() -> int:
    print(f"PEI decoder throughput (one core, Python {sys.version.split()[0]})")
    for chunk in (64, 1, 0):
        r = bench_decoder(chunk, repeats=1 if chunk == 1 else 3)
        label = "whole buffer" if chunk == 0 else f"{chunk}-byte reads"
        print(f"  {label:>15}: {r['lines_per_s']:>11,.0f} lines/s  {r['bytes_per_s']:>12,.0f} B/s"
              f"  {r['us_per_line']:6.2f} us/line  = {r['radios_at_115200']:7.1f} radios"
              f" at 115,200 baud ({r['lines']:,} lines, {r['events']:,} events)")
    # Second half of the benchmark: end-to-end latency over pseudo-terminals.
    from pei_link import main as link_main  # same folder; run as a script
    return link_main([])


if __name__ == "__main__":
    raise SystemExit(main())
