"""The running console under New Year's Eve load (offscreen).

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/console_load.py [--radios 16]
        [--rate 200] [--seconds 60]

16 simulated radios behind pseudo-terminals send statuses at ``rate`` events/s in total
(plus an emergency every 5 s) into the full console: PEI driver → desk → journal (fsync)
→ projections → Qt models and views. Prints latency from the simulated radio's write to
the board model's update and to the alarm on screen (p50/p99), the longest GUI event-loop
stall, and the process RSS.
"""

from __future__ import annotations

import argparse
import collections
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from console.runtime import start_console  # noqa: E402


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def pct(values: list[float], q: int) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100)[q - 1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--radios", type=int, default=16)
    ap.add_argument("--rate", type=float, default=200.0, help="status events/s, all radios")
    ap.add_argument("--seconds", type=float, default=60.0)
    args = ap.parse_args()
    app = QApplication(sys.argv[:1])
    tmp = tempfile.TemporaryDirectory()
    session = start_console(Path(tmp.name) / "journal.db", console_id="pos-bench",
                            operator="bench", training=True, sim_radios=args.radios,
                            traffic_rate=0)
    ctl = session.controller
    sims = list(session.fleet.radios.values())
    units = [u.issi for u in session.fleet.units]
    sent: dict[tuple, collections.deque] = collections.defaultdict(collections.deque)
    lock = threading.Lock()
    board_ms: list[float] = []
    alarm_ms: list[float] = []
    gaps: list[float] = []
    stop = threading.Event()

    def on_applied(entries) -> None:
        now = time.perf_counter()
        with lock:
            for e in entries:
                if e.kind == "radio.status":
                    key = (e.payload["radio"], e.payload["from_issi"], e.payload["value"])
                    if sent[key]:
                        board_ms.append((now - sent[key].popleft()) * 1000)

    def on_alarm(alarm_id: str) -> None:
        now = time.perf_counter()
        alarm = next((a for a in ctl.alarms.open_alarms() if a.alarm_id == alarm_id), None)
        if alarm is None:
            return
        with lock:
            queue = sent.get(("alarm", alarm.radio, alarm.issi))
            if queue:
                alarm_ms.append((now - queue.popleft()) * 1000)

    ctl.applied.connect(on_applied)
    ctl.alarm_shown.connect(on_alarm)

    def load() -> None:
        rng = random.Random(1)
        interval = 1.0 / args.rate
        start = time.perf_counter()
        n = 0
        emergency_units = iter(rng.sample(units, len(units)))
        while not stop.is_set() and time.perf_counter() - start < args.seconds:
            sim = sims[n % len(sims)]
            if n % int(args.rate * 5) == int(args.rate * 5) - 1:  # an emergency every 5 s
                issi = next(emergency_units)
                with lock:
                    sent[("alarm", str(int(sim.issi)), issi)].append(time.perf_counter())
                    sent[(str(int(sim.issi)), issi, 0)].append(time.perf_counter())
                sim.emit_emergency_status(issi)
            else:
                issi, value = rng.choice(units), 0x8000 + rng.randint(1, 6)
                with lock:
                    sent[(str(int(sim.issi)), issi, value)].append(time.perf_counter())
                sim.emit_status(issi, value)
            n += 1
            stop.wait(max(0.0, start + n * interval - time.perf_counter()))

    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append((now - last[0]) * 1000 - 5)
        last[0] = now

    def begin() -> None:
        gaps.clear()  # start-up (first paint of every panel) is not what is measured
        threading.Thread(target=load, name="bench-load", daemon=True).start()
        QTimer.singleShot(int(args.seconds * 1000) + 3000, app.quit)

    health = ctl.host.projections["radio_health"]

    def wait_for_radios() -> None:
        if len(health.radios) == args.radios and all(
                h.link == "connected" for h in health.radios.values()):
            linked.stop()
            begin()

    linked = QTimer()
    linked.timeout.connect(wait_for_radios)
    linked.start(100)
    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(5)
    session.window.show()
    t0 = time.perf_counter()
    app.exec()
    stop.set()
    elapsed = time.perf_counter() - t0
    rss = rss_mb()
    session.shutdown()
    expected = sum(len(q) for q in sent.values()) + len(board_ms) + len(alarm_ms)
    print(f"console under load: {args.radios} radios, {args.rate:.0f} status/s for "
          f"{args.seconds:.0f} s (+1 emergency / 5 s); run {elapsed:.0f} s, Python "
          f"{sys.version.split()[0]}, {os.cpu_count()} cores")
    print(f"  radio write → board model updated: n={len(board_ms)}  p50 {pct(board_ms, 50):.1f} ms"
          f"  p99 {pct(board_ms, 99):.1f} ms  max {max(board_ms, default=0):.1f} ms")
    print(f"  radio write → alarm on screen:     n={len(alarm_ms)}  p50 {pct(alarm_ms, 50):.1f} ms"
          f"  p99 {pct(alarm_ms, 99):.1f} ms  max {max(alarm_ms, default=0):.1f} ms")
    print(f"  GUI event loop: longest stall {max(gaps, default=0):.1f} ms, "
          f"p99 stall {pct(gaps, 99):.1f} ms (5 ms timer)")
    print(f"  RSS at the end: {rss:.0f} MB;  events matched {len(board_ms) + len(alarm_ms)}"
          f" of {expected} sent")
    tmp.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
