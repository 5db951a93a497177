"""verify detects edited, swapped, deleted and truncated entries and names the first bad one."""

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from console.journal.verify import verify

ROOT = Path(__file__).resolve().parents[2]


def tampered(src: Path, dst: Path, *sql: str) -> Path:
    shutil.copyfile(src, dst)
    conn = sqlite3.connect(dst)
    conn.execute("DROP TRIGGER entries_no_update")  # a tamperer would not ask permission
    conn.execute("DROP TRIGGER entries_no_delete")
    for line in sql:
        conn.execute(line)
    conn.commit()
    conn.close()
    return dst


def ids(path: Path) -> dict[int, str]:
    conn = sqlite3.connect(path)
    out = dict(conn.execute("SELECT seq, id FROM entries"))
    conn.close()
    return out


def test_intact_journal_verifies(filled_journal):
    report = verify(filled_journal)
    assert report.ok, report.summary()
    assert report.entries == 30 and report.consoles == {"pos-1": 30}


def test_edited_payload_is_named(filled_journal, tmp_path):
    bad = tampered(filled_journal, tmp_path / "edit.db",
                   """UPDATE entries SET payload='{"text":"nothing happened"}' WHERE seq=12""")
    report = verify(bad)
    assert not report.ok
    assert report.bad_entry == ids(filled_journal)[12]
    assert "changed" in report.problem


def test_swapped_entries_are_named(filled_journal, tmp_path):
    # Swap the places of entries 7 and 8 in the chain.
    bad = tampered(filled_journal, tmp_path / "swap.db",
                   "UPDATE entries SET seq = -1 WHERE seq = 7",
                   "UPDATE entries SET seq = 7 WHERE seq = 8",
                   "UPDATE entries SET seq = 8 WHERE seq = -1")
    report = verify(bad)
    assert not report.ok
    assert report.bad_entry == ids(filled_journal)[8]  # now standing at seq 7


def test_deleted_entry_is_named(filled_journal, tmp_path):
    bad = tampered(filled_journal, tmp_path / "delete.db", "DELETE FROM entries WHERE seq = 20")
    report = verify(bad)
    assert not report.ok
    assert report.bad_entry == "pos-1:20" and "missing" in report.problem


def test_truncated_tail_is_detected(filled_journal, tmp_path):
    bad = tampered(filled_journal, tmp_path / "tail.db", "DELETE FROM entries WHERE seq > 25")
    report = verify(bad)
    assert not report.ok
    assert report.bad_entry == "pos-1:26" and "missing at the end" in report.problem


def test_truncated_file_is_detected(filled_journal, tmp_path):
    bad = tmp_path / "cut.db"
    data = filled_journal.read_bytes()
    bad.write_bytes(data[: len(data) // 2])
    report = verify(bad)
    assert not report.ok
    assert "damaged" in report.problem


@pytest.mark.parametrize("case", ["intact", "edited"])
def test_verify_command_exit_codes(filled_journal, tmp_path, case):
    path = filled_journal
    if case == "edited":
        path = tampered(filled_journal, tmp_path / "e.db",
                        "UPDATE entries SET operator='mallory' WHERE seq=3")
    run = subprocess.run([sys.executable, "main.py", "verify", str(path)], cwd=ROOT,
                         capture_output=True, text=True, timeout=60)
    if case == "intact":
        assert run.returncode == 0, run.stderr
        assert "intact: 30 entries" in run.stdout
    else:
        assert run.returncode == 1
        assert ids(filled_journal)[3] in run.stdout
