"""SIGKILL at random moments loses nothing that was reported saved."""

import os
import random
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from console.journal.reader import JournalReader
from console.journal.verify import verify

ROOT = Path(__file__).resolve().parents[2]
TRIALS = 24


def run_and_kill(db: Path, kill_after: int) -> list[str]:
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.journal.crash_child", str(db), "pos-crash"],
        cwd=ROOT, stdout=subprocess.PIPE, text=True, bufsize=1)
    reported = []
    try:
        assert child.stdout.readline().strip() == "ready"
        while len(reported) < kill_after:
            line = child.stdout.readline()
            assert line, "child died before the kill"
            reported.append(line.strip())
        child.send_signal(signal.SIGKILL)
        # Ids already written to the pipe before the kill were reported as saved too.
        reported += [line.strip() for line in child.stdout if line.strip()]
    finally:
        child.kill()
        child.wait()
    assert child.returncode == -signal.SIGKILL
    return reported


def test_sigkill_loses_no_saved_entry(tmp_path):
    rng = random.Random(20261123)
    db = tmp_path / "crash.db"
    all_reported: list[str] = []
    for _ in range(TRIALS):
        # The same file across trials: each restart must continue the chain after a kill.
        all_reported += run_and_kill(db, rng.randint(1, 400))
        report = verify(db)
        assert report.ok, report.summary()
    with JournalReader(db) as reader:
        stored = {e.id for e in reader.entries()}
    missing = [i for i in all_reported if i not in stored]
    assert not missing, f"{len(missing)} saved entries lost, first {missing[0]}"
    assert len(all_reported) >= TRIALS
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    assert os.path.getsize(db) > 0
