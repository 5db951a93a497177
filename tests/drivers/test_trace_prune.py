"""A folder of wire traces is pruned by age, then by size; only our files, never an open one.

Seen before (issue 8): every training run leaves a trace per simulated radio that is never
deleted, because a simulated radio's port is a new temporary path each run, so the per-port
pruning (drivers/pei/transport.py) never sees two sessions of one "port".
Time is the ``now=`` parameter and file modification times set with ``os.utime``.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from drivers.pei import trace

NOW = 1_800_000_000.0  # seconds since the epoch (January 2027)
DAY = 86400.0


def make(folder: Path, name: str, *, age_days: float, size: int = 100,
         ours: bool = True) -> Path:
    path = folder / name
    head = f"{trace.HEADER} port=COM3\n" if ours else "# someone else's file\n"
    path.write_text(head + "x" * max(0, size - len(head)), "ascii")
    os.utime(path, (NOW - age_days * DAY, NOW - age_days * DAY))
    return path


def prune(folder: Path, **limits) -> list[Path]:
    return trace.prune_trace_dir(folder, now=NOW, **limits)


def test_old_traces_go_fresh_ones_and_foreign_files_stay(tmp_path):
    old = [make(tmp_path, "pei-a-1.trace", age_days=15),
           make(tmp_path, "pei-a-1.trace.3", age_days=20)]  # a rotated part
    fresh = [make(tmp_path, "pei-b-2.trace", age_days=13.9),
             make(tmp_path, "pei-b-2.trace.1", age_days=1)]
    foreign = [make(tmp_path, "unknown.trace", age_days=30, ours=False),  # no header
               make(tmp_path, "notes.txt", age_days=30),  # our header, not our name
               make(tmp_path, "pei-c-3.trace.bak", age_days=30),
               make(tmp_path, "pei-c-3.trace.1.gz", age_days=30)]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    target = make(elsewhere, "pei-d-4.trace", age_days=30)  # a subfolder is not looked in
    (tmp_path / "link.trace").symlink_to(target)  # nor followed through a link
    assert sorted(prune(tmp_path)) == sorted(old)
    for path in fresh + foreign + [target, tmp_path / "link.trace"]:
        assert os.path.lexists(path), path
    assert prune(tmp_path) == []  # nothing more to do


def test_then_the_oldest_go_until_the_folder_fits(tmp_path):
    files = [make(tmp_path, f"pei-x-{n}.trace", age_days=10 - n, size=1000) for n in range(6)]
    make(tmp_path, "big.bin", age_days=9, size=50_000)  # not ours: not counted, not deleted
    removed = prune(tmp_path, max_total_bytes=2500)
    assert removed == files[:4]  # oldest first, until 2 x 1000 bytes are left
    assert [p.exists() for p in files] == [False] * 4 + [True] * 2
    assert (tmp_path / "big.bin").exists()
    assert prune(tmp_path, max_total_bytes=0) == files[4:]


def test_an_open_trace_is_never_deleted(tmp_path):
    path = tmp_path / "pei-live-1.trace"
    writer = trace.TraceWriter(path, "COM3")
    try:
        writer.rx(b"OK\r\n" * 500)
        os.utime(path, (NOW - 30 * DAY, NOW - 30 * DAY))  # looks old and is too big
        older = make(tmp_path, "pei-live-0.trace", age_days=1, size=500)
        assert prune(tmp_path, max_total_bytes=0) == [older]
        assert path.exists()
    finally:
        writer.close()
    assert prune(tmp_path, max_total_bytes=0) == [path]  # closed: an old file like any


def test_what_cannot_be_deleted_is_logged_and_the_rest_goes_on(tmp_path, monkeypatch, caplog):
    stuck = make(tmp_path, "pei-a-1.trace", age_days=20)
    other = make(tmp_path, "pei-b-2.trace", age_days=19)
    real_unlink = Path.unlink

    def unlink(self, missing_ok=False):
        if self.name == stuck.name:
            raise PermissionError(13, "Permission denied", str(self))
        return real_unlink(self, missing_ok)

    monkeypatch.setattr(Path, "unlink", unlink)
    with caplog.at_level(logging.WARNING, logger="drivers.pei.trace"):
        assert prune(tmp_path) == [other]
    assert stuck.exists()
    assert f"cannot delete old trace {stuck}" in caplog.text


def test_a_missing_or_unreadable_folder_is_no_error(tmp_path, caplog):
    assert prune(tmp_path / "never-made") == []
    file_not_folder = make(tmp_path, "pei-a-1.trace", age_days=20)
    with caplog.at_level(logging.WARNING, logger="drivers.pei.trace"):
        assert prune(file_not_folder) == []
    assert "pruning traces in" in caplog.text

