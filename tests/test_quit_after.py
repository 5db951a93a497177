"""`vangnet run --quit-after N` ends the process also when the start is slow or hangs.

Before, the timer was set up only after the whole console had started: a start that hung
(500 simulated radios) ran on for ever. Real processes; the hang is injected by replacing
``start_console`` with a wait that never ends, the stuck shutdown by a ``shutdown`` that
never returns.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from console.app import EXIT_QUIT_AFTER
from console.journal.reader import JournalReader

ROOT = Path(__file__).resolve().parents[1]

HANG_THE_START = """
import threading, console.runtime
console.runtime.start_console = lambda *a, **k: threading.Event().wait()
"""

HANG_THE_SHUTDOWN = """
import threading, console.app, console.runtime
console.app.QUIT_GRACE_S = 0.5
console.runtime.ConsoleSession.shutdown = lambda self: threading.Event().wait()
"""


def run(home: Path, quit_after: str, injected: str = "") -> subprocess.CompletedProcess:
    """``vangnet run --quit-after`` in its own process, with ``injected`` code run first."""
    code = injected + (f"from console.app import main\n"
                       f"raise SystemExit(main(['run', '--quit-after', '{quit_after}', "
                       f"'--no-dialog']))\n")
    env = {**os.environ, "VANGNET_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=90)  # a safety net only


def test_a_start_that_hangs_ends_at_the_deadline_and_the_next_start_works(tmp_path):
    hung = run(tmp_path, "1", HANG_THE_START)
    assert hung.returncode == EXIT_QUIT_AFTER, hung.stderr[-2000:]
    said = "--quit-after 1 s: the console had not finished starting; ending the process"
    assert said in hung.stderr
    assert said in (tmp_path / "data" / "vangnet.log").read_text("utf-8")
    # Nothing is left behind: the position's lock went with the process.
    again = run(tmp_path, "3")
    assert again.returncode == 0, again.stderr[-2000:]
    with JournalReader(tmp_path / "data" / "journal.db") as reader:
        kinds = [e.kind for e in reader.entries()]
    assert kinds == ["console.started", "console.stopped"]  # the normal quit


def test_a_shutdown_that_does_not_end_is_ended(tmp_path):
    stuck = run(tmp_path, "2", HANG_THE_SHUTDOWN)
    assert stuck.returncode == EXIT_QUIT_AFTER, stuck.stderr[-2000:]
    assert "--quit-after 2 s: the console did not close within 0.5 s" in stuck.stderr
