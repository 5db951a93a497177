"""One console per data folder (issue 8): the lock, its info file and per-position ids."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from console import position_lock
from console.position_lock import PositionBusy, acquire, claim, claim_next, read_holder

ROOT = Path(__file__).resolve().parents[1]

HOLD = """
import sys
from pathlib import Path
from console import position_lock
lock = position_lock.acquire(Path(sys.argv[1]))
print("held", flush=True)
sys.stdin.read()  # hold until the test kills us
"""


@pytest.fixture
def locks():
    """Release whatever a test took, so a failing test leaves nothing locked."""
    taken = []
    yield taken
    for c in taken:
        (c.lock if isinstance(c, position_lock.Claim) else c).release()


def test_a_second_acquire_is_refused_at_once_and_names_the_holder(tmp_path, locks):
    journal = tmp_path / "journal.db"
    locks.append(acquire(journal))
    with pytest.raises(PositionBusy) as busy:
        acquire(journal)
    holder = busy.value.holder
    assert holder is not None and holder.pid == os.getpid()
    assert holder.journal == str(journal) and holder.host
    assert f"process {os.getpid()}" in busy.value.message()
    assert str(journal) in busy.value.message()
    assert not journal.exists()  # the lock never touches the journal


def test_release_frees_the_folder_and_removes_the_info(tmp_path):
    journal = tmp_path / "journal.db"
    first = acquire(journal)
    assert (tmp_path / position_lock.INFO_NAME).exists()
    first.release()
    assert not (tmp_path / position_lock.INFO_NAME).exists()
    second = acquire(journal)
    assert second.held
    second.release()


def test_a_killed_holder_leaves_stale_info_and_a_free_lock(tmp_path, locks):
    """The holder crashed: the kernel dropped its flock; its info file is left behind."""
    journal = tmp_path / "journal.db"
    child = subprocess.Popen([sys.executable, "-c", HOLD, str(journal)], cwd=ROOT,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline() == "held\n"
        with pytest.raises(PositionBusy) as busy:
            acquire(journal)
        assert busy.value.holder.pid == child.pid
    finally:
        child.kill()
        child.wait(timeout=30)  # safety net only
    stale = json.loads((tmp_path / position_lock.INFO_NAME).read_text("utf-8"))
    assert stale["pid"] == child.pid
    assert read_holder(tmp_path) is None  # a dead process holds nothing
    locks.append(acquire(journal))
    assert read_holder(tmp_path).pid == os.getpid()


def test_training_and_live_lock_their_own_folders(tmp_path, locks):
    live = claim(tmp_path, "pos-main", training=False)
    drill = claim(tmp_path, "pos-main", training=True)
    locks += [live, drill]
    assert live.journal == tmp_path / "journal.db" and live.console_id == "pos-main"
    assert drill.journal == tmp_path / "oefening" / "journal.db"
    assert drill.console_id == "pos-main-oefening"


def test_a_position_has_its_own_folder_and_a_stable_id(tmp_path, locks):
    main = claim(tmp_path, "pos-main", training=False)
    locks.append(main)
    second = claim(tmp_path, "pos-main", training=False, position="2")
    assert second.journal == tmp_path / "posities" / "2" / "journal.db"
    assert second.traces == tmp_path / "posities" / "2" / "traces"
    assert second.console_id not in ("pos-main", "")
    first_id = second.console_id
    second.lock.release()
    again = claim(tmp_path, "pos-main", training=False, position="2")  # a restart
    locks.append(again)
    assert again.console_id == first_id
    drill = claim(tmp_path, "pos-main", training=True, position="2")
    locks.append(drill)
    assert drill.console_id == first_id + "-oefening"
    assert drill.journal == tmp_path / "posities" / "2" / "oefening" / "journal.db"


def test_claim_next_takes_the_first_position_not_running(tmp_path, locks):
    locks.append(claim(tmp_path, "pos-main", training=False))
    two = claim_next(tmp_path, "pos-main", training=False)
    locks.append(two)
    three = claim_next(tmp_path, "pos-main", training=False)
    locks.append(three)
    assert (two.position, three.position) == ("2", "3")
    assert len({"pos-main", two.console_id, three.console_id}) == 3


def test_a_bad_position_name_is_refused(tmp_path):
    for name in ("../x", "a/b", "-x", "x" * 33, "é"):
        with pytest.raises(ValueError, match="position name"):
            claim(tmp_path, "pos-main", training=False, position=name)
    assert not (tmp_path / "posities").exists()


def test_an_unreadable_position_file_is_kept_aside_and_a_new_id_made(tmp_path, locks):
    folder = tmp_path / "posities" / "2"
    folder.mkdir(parents=True)
    (folder / position_lock.POSITION_FILE).write_text("{not json")
    c = claim(tmp_path, "pos-main", training=False, position="2")
    locks.append(c)
    assert c.console_id.startswith("pos-") and c.console_id.endswith("-2")
    assert [p.read_text() for p in folder.glob("position.json.bad-*")] == ["{not json"]
