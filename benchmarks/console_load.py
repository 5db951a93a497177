"""The running console under New Year's Eve load (offscreen).

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/console_load.py [--radios 16]
        [--rate 200] [--seconds 60] [--in-process]

16 simulated radios behind pseudo-terminals send statuses at ``rate`` events/s in total,
round robin over the radios (plus an emergency every 5 s: status 0, a LIP "emergency" and
an emergency call in the unit's group), into the full console: PEI driver → desk → journal
(fsync) → projections → Qt models and views. By default the simulated fleet and the load
run in a child process (drivers.sim.fleet_process), so the console's process holds only the
console, as with real radios; ``--in-process`` runs them inside it (the old way).

The load is a timed script (drivers.sim.fleet.Cue) played by the fleet, which notes the
monotonic time just before each write; the console side notes when each status reached the
board model and each alarm the screen, and the two are matched afterwards (CLOCK_MONOTONIC
is system-wide). Prints p50/p99/max of radio write → board and → alarm, the longest and
p99 GUI event-loop stall (5 ms timer), gen-2 garbage collections, CPU and RSS.
"""

from __future__ import annotations

import argparse
import collections
import gc
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from console.desk import RadioConfig  # noqa: E402
from console.runtime import start_console  # noqa: E402
from drivers.sim.fleet import STATUS_BASE, Cue  # noqa: E402
from drivers.sim.fleet_process import FleetProcess  # noqa: E402

EMERGENCY_EVERY_S = 5.0


def rss_mb(pid: int | str = "self") -> float:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def cpu_s(pid: int) -> float:
    """User + system CPU seconds of another process so far."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except OSError:
        return float("nan")


def pct(values: list[float], q: int) -> float:
    """Percentile within the data (inclusive method: never beyond the min or max)."""
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def script(radios: list[str], units: list[str], rate: float, seconds: float) -> list[Cue]:
    """The load: statuses round robin over the radios, every 5 s an emergency instead
    (each from a unit not used before). Deterministic; the same statuses as before the
    fleet moved (the emergencies were a bare status 0 then, now SimFleet.emergency)."""
    rng = random.Random(1)
    emergency_units = iter(rng.sample(units, len(units)))
    every = int(rate * EMERGENCY_EVERY_S)
    cues = []
    for n in range(int(rate * seconds)):
        radio = radios[n % len(radios)]
        if n % every == every - 1:
            cues.append(Cue(n / rate, "emergency", next(emergency_units), radio=radio))
        else:
            cues.append(Cue(n / rate, "status", rng.choice(units),
                            STATUS_BASE + rng.randint(1, 6), radio))
    return cues


def match(cues: list[Cue], played: list[tuple[int, float]],
          board: list[tuple[float, str, str, int]], alarms: dict[str, float]):
    """Latencies in ms: each board arrival against the earliest unmatched write of the same
    (radio, unit, value); each unit's first alarm against its emergency's write."""
    sent: dict[tuple, collections.deque] = collections.defaultdict(collections.deque)
    alarm_sent: dict[str, float] = {}
    for index, t in sorted(played, key=lambda p: p[1]):
        cue = cues[index]
        value = cue.value if cue.kind == "status" else 0
        sent[(cue.radio, cue.unit, value)].append(t)
        if cue.kind == "emergency":
            alarm_sent[cue.unit] = t
    board_ms = []
    for now, radio, unit, value in board:
        queue = sent.get((radio, unit, value))
        if queue:
            board_ms.append((now - queue.popleft()) * 1000)
    alarm_ms = [(now - alarm_sent[unit]) * 1000 for unit, now in alarms.items()
                if unit in alarm_sent]
    return board_ms, alarm_ms


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--radios", type=int, default=16)
    ap.add_argument("--rate", type=float, default=200.0, help="status events/s, all radios")
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--size", default="1366x768",
                    help="window size, as a maximised window on the smallest screen we support")
    ap.add_argument("--in-process", action="store_true",
                    help="run the simulated fleet and the load inside the console's process")
    args = ap.parse_args()
    app = QApplication(sys.argv[:1])
    tmp = tempfile.TemporaryDirectory()
    issis = [str(2040001 + i) for i in range(args.radios)]
    child = None
    if args.in_process:
        session = start_console(Path(tmp.name) / "journal.db", console_id="pos-bench",
                                operator="bench", training=True, sim_radios=args.radios,
                                traffic_rate=0)
        fleet = session.fleet
    else:  # as runtime.start_training_fleet does it, but the fleet in a child process
        fleet = child = FleetProcess(issis, seed=2024, rate=0).start()
        radios = [RadioConfig(issi, fleet.devices[issi], "pei.motorola", alias=f"Sim {n + 1}",
                              options={"rtscts": False}) for n, issi in enumerate(issis)]
        session = start_console(Path(tmp.name) / "journal.db", console_id="pos-bench",
                                operator="bench", training=True, sim_radios=0, radios=radios)
    ctl = session.controller
    cues = script(issis, [u.issi for u in fleet.units], args.rate, args.seconds)
    board: list[tuple[float, str, str, int]] = []
    alarms: dict[str, float] = {}
    gaps: list[float] = []
    collections_ms: list[float] = []

    committed: dict[str, float] = {}  # entry id -> when its commit returned (writer thread)
    to_screen: list[float] = []  # commit -> board model updated, ms

    def on_committed(entries) -> None:
        now = time.monotonic()
        for e in entries:
            committed[e.id] = now

    def on_applied(entries) -> None:
        now = time.monotonic()
        for e in entries:
            if e.kind == "radio.status":
                p = e.payload
                board.append((now, p["radio"], p["from_issi"], p["value"]))
                if e.id in committed:
                    to_screen.append((now - committed.pop(e.id)) * 1000)

    def on_alarm(alarm_id: str) -> None:
        now = time.monotonic()
        alarm = next((a for a in ctl.alarms.open_alarms() if a.alarm_id == alarm_id), None)
        if alarm is not None:
            alarms.setdefault(alarm.issi, now)

    ctl.ops.add_entries_listener(on_committed)
    ctl.applied.connect(on_applied)
    ctl.alarm_shown.connect(on_alarm)
    gc_start = [0.0]

    def on_gc(phase: str, info: dict) -> None:
        if info["generation"] == 2:
            if phase == "start":
                gc_start[0] = time.perf_counter()
            else:
                collections_ms.append((time.perf_counter() - gc_start[0]) * 1000)

    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append((now - last[0]) * 1000 - 5)
        last[0] = now

    cpu0 = [0.0, 0.0, 0.0]  # console CPU, child CPU, wall clock at the start

    def begin() -> None:
        fleet.play(cues)  # encoding the script for the child is not what is measured
        gaps.clear()  # start-up (first paint of every panel) is not what is measured
        to_screen.clear()
        collections_ms.clear()
        usage = resource.getrusage(resource.RUSAGE_SELF)
        cpu0[:] = [usage.ru_utime + usage.ru_stime, cpu_s(child.pid) if child else 0.0,
                   time.perf_counter()]
        last[0] = time.perf_counter()
        QTimer.singleShot(int(args.seconds * 1000) + 3000, app.quit)

    health = ctl.host.projections["radio_health"]

    def wait_for_radios() -> None:
        if len(health.radios) == args.radios and all(
                h.link == "connected" for h in health.radios.values()):
            linked.stop()
            begin()

    gc.callbacks.append(on_gc)
    linked = QTimer()
    linked.timeout.connect(wait_for_radios)
    linked.start(100)
    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(5)
    session.window.resize(*(int(v) for v in args.size.split("x")))
    session.window.show()
    t0 = time.perf_counter()
    app.exec()
    elapsed = time.perf_counter() - t0
    measured = time.perf_counter() - cpu0[2]
    gc.callbacks.remove(on_gc)
    rss = rss_mb()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    console_cpu = usage.ru_utime + usage.ru_stime - cpu0[0]
    played = list(fleet.played) if args.in_process else fleet.played()
    child_rss = rss_mb(child.pid) if child else float("nan")
    child_cpu = cpu_s(child.pid) - cpu0[1] if child else float("nan")
    session.shutdown()  # closes an in-process fleet after the radios
    if child is not None:
        child.close()
    board_ms, alarm_ms = match(cues, played, board, alarms)
    where = "inside the console's process" if args.in_process else "in a child process"
    print(f"console under load: {args.radios} radios, {args.rate:.0f} status/s for "
          f"{args.seconds:.0f} s (+1 emergency / {EMERGENCY_EVERY_S:.0f} s), fleet {where}; "
          f"window {args.size}; run {elapsed:.0f} s, Python {sys.version.split()[0]}, {os.cpu_count()} cores")
    print(f"  radio write → board model updated: n={len(board_ms)}  p50 {pct(board_ms, 50):.1f} ms"
          f"  p99 {pct(board_ms, 99):.1f} ms  max {max(board_ms, default=0):.1f} ms")
    print(f"    of which commit → board model: p50 {pct(to_screen, 50):.1f} ms  p99 "
          f"{pct(to_screen, 99):.1f} ms  max {max(to_screen, default=0):.1f} ms")
    print(f"  radio write → alarm on screen:     n={len(alarm_ms)}  p50 {pct(alarm_ms, 50):.1f} ms"
          f"  p99 {pct(alarm_ms, 99):.1f} ms  max {max(alarm_ms, default=0):.1f} ms")
    print(f"  GUI event loop: longest stall {max(gaps, default=0):.1f} ms, "
          f"p99 stall {pct(gaps, 99):.1f} ms (5 ms timer); stalls over 50 ms: "
          f"{sum(g > 50 for g in gaps)}, over 30 ms: {sum(g > 30 for g in gaps)}")
    print(f"  gen-2 collections: {len(collections_ms)}, longest "
          f"{max(collections_ms, default=0):.1f} ms")
    print(f"  CPU while measured: console {console_cpu / measured:.0%} of a core"
          + (f", fleet child {child_cpu / measured:.0%}" if child else ""))
    emergencies = sum(cues[i].kind == "emergency" for i, _ in played)
    print(f"  RSS at the end: console {rss:.0f} MB" + (f", fleet child {child_rss:.0f} MB"
                                                       if child else "")
          + f";  matched {len(board_ms)} of {len(played)} statuses, {len(alarm_ms)} of "
          f"{emergencies} alarms")
    tmp.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
