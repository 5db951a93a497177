"""Two consoles on one data folder (issue 8), as a user starts them: real processes, real lock.

Before the lock the second shared the first's console id and every commit failed on
`UNIQUE constraint failed: entries.console, entries.seq`.
"""

import hashlib
import json
import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path

from console import position_lock
from console.journal.reader import JournalReader
from console.journal.store import JournalStore

ROOT = Path(__file__).resolve().parents[1]
EXIT_POSITION_RUNNING = 3


def env_for(home: Path) -> dict:
    return {**os.environ, "VANGNET_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}


def run(home: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "main.py", "run", *args], cwd=ROOT,
                          env=env_for(home), capture_output=True, text=True, timeout=90)


class RunningConsole:
    """A `vangnet run` left running; waits on its log lines (stderr, --verbose), not time."""

    def __init__(self, home: Path, *args: str):
        self.proc = subprocess.Popen([sys.executable, "main.py", "run", "--verbose", *args],
                                     cwd=ROOT, env=env_for(home), stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE, text=True)
        self.lines: queue.Queue = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()  # keeps the pipe drained

    def _read(self) -> None:
        for line in self.proc.stderr:
            self.lines.put(line)
        self.lines.put(None)

    def wait_for(self, text: str) -> str:
        while True:
            line = self.lines.get(timeout=90)  # safety net only
            assert line is not None, f"exited before {text!r}:\n{''.join(self.seen[-30:])}"
            self.seen.append(line)
            if text in line:
                return line

    def stop(self) -> int:
        self.proc.send_signal(signal.SIGTERM)  # quits through the normal shutdown
        return self.proc.wait(timeout=60)  # safety net only

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=30)


def assert_runs_and_stops(home: Path, *args: str) -> None:
    """Starts, runs, and quits cleanly: waits on its log, not on a --quit-after time (a
    loaded machine took more than 2 s to start)."""
    console = RunningConsole(home, *args)
    try:
        console.wait_for("console running")
        assert console.stop() == 0, "".join(console.seen[-30:])
    finally:
        console.kill()


def entries(db: Path) -> list:
    with JournalReader(db) as reader:
        return list(reader.entries())


def test_a_second_start_is_refused_a_second_position_runs_alongside(tmp_path):
    data = tmp_path / "data"
    drill_db = data / "oefening" / "journal.db"
    first = RunningConsole(tmp_path, "--training", "--radios", "1")
    try:
        first.wait_for("console running")
        second = run(tmp_path, "--training", "--radios", "1", "--quit-after", "5")
        assert second.returncode == EXIT_POSITION_RUNNING, second.stderr[-2000:]
        said = second.stderr
        assert "This position is already running" in said
        assert f"process {first.proc.pid}" in said and str(drill_db) in said
        assert "--position" in said  # and how to start a second one
        assert_runs_and_stops(tmp_path, "--training", "--radios", "1", "--position", "2")
        assert first.stop() == 0
    finally:
        first.kill()
    assert_runs_and_stops(tmp_path, "--training", "--radios", "1")  # the lock is free again

    drill = entries(drill_db)
    main_id = drill[0].console
    assert {e.console for e in drill} == {main_id}
    assert [e.kind for e in drill].count("console.started") == 2  # first and again, not second
    verified = subprocess.run([sys.executable, "main.py", "verify", str(drill_db)], cwd=ROOT,
                              capture_output=True, text=True, timeout=60)
    assert verified.returncode == 0 and "intact" in verified.stdout
    position = data / "posities" / "2"
    pos_id = json.loads((position / "position.json").read_text("utf-8"))["console_id"]
    beside = entries(position / "oefening" / "journal.db")
    assert {e.console for e in beside} == {pos_id + "-oefening"} != {main_id}
    assert [e.kind for e in beside][0] == "console.started"
    assert "start refused: This position is already running" in (
        data / "vangnet.log").read_text("utf-8")


def test_the_refused_start_never_opens_the_journal(tmp_path):
    db = tmp_path / "data" / "journal.db"
    db.parent.mkdir(parents=True)
    with JournalStore(db, "pos-earlier") as store:
        store.append("console.started", {}, operator="anna").result(10)
    before = (hashlib.sha256(db.read_bytes()).hexdigest(), db.stat().st_mtime_ns)
    held = position_lock.acquire(db)  # this test process is the running position
    files = sorted(p.name for p in db.parent.iterdir())
    try:
        refused = run(tmp_path, "--quit-after", "2")
    finally:
        held.release()
    assert refused.returncode == EXIT_POSITION_RUNNING, refused.stderr[-2000:]
    assert f"process {os.getpid()}" in refused.stderr and str(db) in refused.stderr
    assert (hashlib.sha256(db.read_bytes()).hexdigest(), db.stat().st_mtime_ns) == before
    new = sorted(set(p.name for p in db.parent.iterdir()) - set(files))
    # No -wal, no -shm: SQLite never opened it (the log and the console id's copy that
    # Settings.load keeps in the data dir are all that may appear).
    assert set(new) <= {"vangnet.log", "console_id"} and "vangnet.log" in new
    started = run(tmp_path, "--quit-after", "2")
    assert started.returncode == 0, started.stderr[-2000:]
    assert [e.kind for e in entries(db)][-2:] == ["console.started", "console.stopped"]


def test_a_read_only_data_dir_starts_without_the_lock(tiny_fs, monkeypatch):
    """No lock can be made there: the start goes on (the journal says it cannot save)."""
    from console import app as cli
    data = tiny_fs.path / "data"
    data.mkdir()
    tiny_fs.remount("ro")

    class Settings:
        def get(self, key):
            return {"console_id": "pos-main"}.get(key)

    args = cli.build_parser().parse_args(["run", "--quit-after", "1"])
    got = cli._claim_position(args, data, Settings())
    assert got.lock is None and got.journal == data / "journal.db"
    assert got.console_id == "pos-main"
