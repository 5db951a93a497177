"""Shared test set-up: Qt offscreen before anything imports Qt, crash tracebacks on."""

import faulthandler
import os
import subprocess
import sys

import pytest

# pytest-qt aborts without a platform; offscreen needs no X server (TESTBED.md).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QPA_FONTDIR", "/usr/share/fonts/truetype/dejavu")
faulthandler.enable(file=sys.__stderr__)  # pytest may replace sys.stderr


class TinyFs:
    """A real tmpfs of a few hundred KiB: a disk that fills up, or turns read-only."""

    def __init__(self, path):
        self.path = path

    def remount(self, *options: str) -> None:
        subprocess.run(["mount", "-o", ",".join(("remount", *options)), str(self.path)],
                       check=True, capture_output=True)


@pytest.fixture
def tiny_fs(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("mounting a tiny filesystem needs root (CI runs as root)")
    mnt = tmp_path / "tiny"
    mnt.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=768k,mode=0755", "tmpfs", str(mnt)],
                   check=True, capture_output=True)
    try:
        yield TinyFs(mnt)
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)
