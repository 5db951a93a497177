"""Logging never stops the console nor floods its terminal (issue 8): a log file that
cannot be opened leaves stderr and a notice; a full disk is told once on stderr."""

import logging

import pytest

from console.logs import LOG_FILE, RETRY_S, setup_logging
from console.notices import NoticeCode
from tests.journal.test_disk_full import fill

LOG = logging.getLogger("tests.logs")


@pytest.fixture(autouse=True)
def keep_root_logger():
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    for handler in root.handlers:
        if handler not in handlers:
            handler.close()
    root.handlers[:], root.level = handlers, level


class FakeMonotonic:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_a_data_dir_that_cannot_be_made_logs_to_stderr(tmp_path, capsys):
    (tmp_path / "file").write_text("not a folder")
    path, notice = setup_logging(tmp_path / "file" / "data")  # does not raise
    assert path is None
    assert notice.code is NoticeCode.LOG_UNAVAILABLE
    assert notice.subject == str(tmp_path / "file" / "data" / LOG_FILE)
    assert "stderr only" in notice.detail
    LOG.info("radio linked")  # stderr is the only log now: it gets everything
    assert "radio linked" in capsys.readouterr().err


def test_a_read_only_data_dir_logs_to_stderr(tiny_fs, capsys):
    tiny_fs.remount("ro")
    path, notice = setup_logging(tiny_fs.path)
    assert path is None and notice.code is NoticeCode.LOG_UNAVAILABLE
    assert "Read-only" in notice.detail
    LOG.warning("journal cannot save")
    err = capsys.readouterr().err
    assert "journal cannot save" in err and "Logging error" not in err


def test_a_full_disk_is_told_once_and_the_file_is_tried_again(tiny_fs, capsys):
    clock = FakeMonotonic()
    path, notice = setup_logging(tiny_fs.path, monotonic=clock)
    assert notice is None and path == tiny_fs.path / LOG_FILE
    filler = fill(tiny_fs.path)
    for i in range(50):
        LOG.info("event %d %s", i, "x" * 5000)
    err = capsys.readouterr().err
    assert "Logging error" not in err and "Traceback" not in err
    assert len(err.splitlines()) == 1, err
    assert "stopped working" in err and str(path) in err and "No space" in err

    clock.now += RETRY_S - 1  # too soon: not tried
    LOG.info("still full")
    clock.now += 1  # tried again, still full: still quiet
    LOG.info("still full at the retry")
    assert capsys.readouterr().err == ""
    filler.unlink()
    clock.now += RETRY_S
    LOG.info("space is back")
    assert "works again" in capsys.readouterr().err
    logging.getLogger().handlers[0].flush()
    assert "space is back" in path.read_text()
