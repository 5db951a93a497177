"""End-to-end PEI link latency: simulated radio's write → driver's event at the sink.

16 SimRadios behind pseudo-terminals, 16 PeiRadio drivers (one I/O thread and one
supervisor each), statuses emitted round-robin at a fixed total rate. The clock starts just
before ``SimRadio.emit_status`` writes the +CTSDSR lines to the pty master and stops when
the sink receives the decoded Status (on that radio's I/O thread).
Run: ``python benchmarks/pei_link.py [--radios 16] [--rate 200] [--seconds 20]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from drivers import events as ev  # noqa: E402
from drivers.pei.radio import PeiRadio  # noqa: E402
from drivers.sim.radio import SimRadio  # noqa: E402

SENDER = "2049999"


def _percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(q * (len(sorted_values) - 1))))
    return sorted_values[index]


def bench_link(radios: int = 16, rate: float = 200.0, seconds: float = 20.0) -> dict:
    """Run the load; returns latency figures in milliseconds plus counts."""
    arrived: dict[tuple[str, int], float] = {}
    lock = threading.Lock()

    def sink(radio_id: str, event: ev.Event) -> None:
        if isinstance(event, ev.Status):
            now = time.perf_counter()
            with lock:
                arrived[(radio_id, event.value)] = now

    with tempfile.TemporaryDirectory() as tmp:
        sims = [SimRadio(str(2041000 + i), tmp).start() for i in range(radios)]
        drivers = [PeiRadio(f"r{i}", sim.device, sink=sink, rtscts=False,
                            poll_signal_s=5.0, poll_battery_s=10.0, heartbeat_s=5.0)
                   for i, sim in enumerate(sims)]
        try:
            for driver in drivers:
                driver.start(timeout=10)
            sent: dict[tuple[str, int], float] = {}
            total = int(rate * seconds)
            interval = 1.0 / rate
            begin = time.perf_counter()
            for n in range(total):
                # pace against the schedule, not the previous send, so jitter does not add up
                delay = begin + n * interval - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)
                index = n % radios
                value = 0x8000 + n // radios
                sent[(f"r{index}", value)] = time.perf_counter()
                sims[index].emit_status(SENDER, value)
            elapsed = time.perf_counter() - begin
            deadline = time.perf_counter() + 5.0
            while time.perf_counter() < deadline:
                with lock:
                    if all(key in arrived for key in sent):
                        break
                time.sleep(0.05)
        finally:
            for driver in drivers:
                driver.stop()
            for sim in sims:
                sim.close()
    with lock:
        latencies = sorted((arrived[k] - t) * 1000 for k, t in sent.items() if k in arrived)
    return {
        "radios": radios,
        "events_sent": len(sent),
        "events_received": len(latencies),
        "achieved_rate_per_s": len(sent) / elapsed,
        "p50_ms": _percentile(latencies, 0.50),
        "p99_ms": _percentile(latencies, 0.99),
        "max_ms": latencies[-1] if latencies else float("nan"),
        "mean_ms": statistics.fmean(latencies) if latencies else float("nan"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--radios", type=int, default=16)
    parser.add_argument("--rate", type=float, default=200.0, help="events/s, all radios")
    parser.add_argument("--seconds", type=float, default=20.0)
    args = parser.parse_args(argv)
    result = bench_link(args.radios, args.rate, args.seconds)
    print(f"PEI link, {result['radios']} simulated radios, "
          f"{result['achieved_rate_per_s']:.0f} events/s for {args.seconds:.0f} s")
    print(f"  received {result['events_received']}/{result['events_sent']}")
    print(f"  latency write→sink: p50 {result['p50_ms']:.2f} ms, p99 {result['p99_ms']:.2f} ms, "
          f"max {result['max_ms']:.2f} ms, mean {result['mean_ms']:.2f} ms")
    return 0 if result["events_received"] == result["events_sent"] else 1


if __name__ == "__main__":
    sys.exit(main())
