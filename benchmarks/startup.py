"""Cold start to a usable window after a long outage: 100,000 and 1,000,000 entries of
history, with and without projection snapshots.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/startup.py [--entries N ...]
        [--dir DIR] [--runs R]

Each run starts a fresh Python process (imports, Qt, journal, projections, window) on a
fresh copy of the journal, without radios or sound, and reports from the moment the
process was spawned (CLOCK_MONOTONIC is one clock for every process on Linux):

  usable   the window is shown and its event loop has handled its first turn: radios, PTT,
           alarms and notes work from here (a long history folds on behind a progress bar);
  folded   the whole history is folded and every view shows it.

The journals (benchmarks/history.py: the demo fleet's traffic, 25 entries a second) are
made once per size and kept in DIR (default: the temp dir) for the next runs.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def journal_for(directory: Path, count: int, snapshots: bool) -> Path:
    """The kept journal of ``count`` entries (with snapshots as a shutdown saves them)."""
    from benchmarks.history import CONSOLE, write_journal

    base = directory / f"vangnet-history-{count}.db"
    if not base.exists():
        print(f"writing a journal of {count:,} entries to {base} ...", flush=True)
        write_journal(base.with_suffix(".tmp"), count).rename(base)
    if not snapshots:
        return base
    with_snapshots = directory / f"vangnet-history-{count}-snapshots.db"
    if not with_snapshots.exists():
        from console.core import build_projections
        from console.journal.reader import JournalReader
        from console.journal.store import JournalStore
        from console.runtime import load_data

        work = with_snapshots.with_suffix(".tmp")
        shutil.copyfile(base, work)
        host = build_projections(load_data())
        with JournalReader(work) as reader:
            host.rebuild(reader)
        store = JournalStore(work, CONSOLE).open()
        for name, (position, state) in host.snapshots().items():
            store.save_snapshot(name, position, state).result(60)
        store.close()
        work.rename(with_snapshots)
    return with_snapshots


def run_once(journal: Path, scratch: Path) -> dict:
    copy = scratch / "journal.db"
    for leftover in scratch.glob("journal.db*"):
        leftover.unlink()
    shutil.copyfile(journal, copy)
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    spawned = time.monotonic()
    out = subprocess.run([sys.executable, __file__, "--child", str(copy), str(spawned)],
                         env=env, capture_output=True, text=True, timeout=600, check=False)
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    if out.returncode != 0 or not lines:
        raise SystemExit(f"child failed ({out.returncode}):\n{out.stderr[-3000:]}")
    return json.loads(lines[-1])


def child(db: Path, spawned: float) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    from console.runtime import start_console

    session = start_console(db, console_id="bench-position", operator="bench",
                            training=False, sim_radios=0, sound=False)
    session.window.resize(1366, 768)
    session.window.show()
    times: dict = {"open_alarms": 0}

    def usable() -> None:
        times["usable"] = time.monotonic() - spawned
        times["open_alarms"] = len(session.controller.alarms.open_alarms())
        if not session.controller.folding_history:
            times["folded"] = times["usable"]
            app.quit()

    def folded(count: int) -> None:
        times["folded"] = time.monotonic() - spawned
        times["folded_entries"] = count
        app.quit()

    session.controller.history_folded.connect(folded)
    QTimer.singleShot(0, usable)
    app.exec()
    times["units_with_status"] = sum(1 for r in session.controller.units.units()
                                     if r.status_value is not None)
    session.shutdown()
    print(json.dumps(times), flush=True)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(Path(sys.argv[2]), float(sys.argv[3]))
        return
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--entries", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()))
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    print(f"machine: {platform.node()} {platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}; "
          f"load average {os.getloadavg()[0]:.1f}")
    print("entries    snapshots  usable (median, max)   folded (median)   open alarms")
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        for count in args.entries:
            for snapshots in (False, True):
                journal = journal_for(args.dir, count, snapshots)
                runs = [run_once(journal, Path(tmp)) for _ in range(args.runs)]
                usable = [r["usable"] for r in runs]
                folded = [r["folded"] for r in runs]
                print(f"{count:>9,}  {'yes' if snapshots else 'no ':9}  "
                      f"{statistics.median(usable):6.2f} s, {max(usable):5.2f} s      "
                      f"{statistics.median(folded):6.2f} s          "
                      f"{runs[0]['open_alarms']}", flush=True)


if __name__ == "__main__":
    main()
