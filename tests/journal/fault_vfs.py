"""A SQLite VFS (through apsw) that can simulate a power cut.

Every write is passed through to the real file, but the bytes it overwrote are kept
until the file is fsynced. ``power_cut(dest)`` copies the files and undoes, on the copy,
every write that was never fsynced: what a disk with a volatile cache keeps after power
loss. Shared memory (-shm) is not durable and is never copied.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import apsw


class _Undo:
    def __init__(self) -> None:
        self.records: list[tuple[int, bytes, int]] = []  # (offset, old bytes, old size)


class FaultFile(apsw.VFSFile):
    def __init__(self, vfs: FaultVFS, name, flags):
        super().__init__("", name, flags)
        self._vfs = vfs
        self._name = name.filename() if hasattr(name, "filename") else str(name)
        self._undo = vfs.undo.setdefault(self._name, _Undo())

    def xWrite(self, data, offset):
        size = super().xFileSize()
        old = b""
        if offset < size:
            want = min(len(data), size - offset)
            old = bytes(super().xRead(want, offset))[:want]
        self._undo.records.append((offset, old, size))
        super().xWrite(data, offset)

    def xTruncate(self, newsize):
        size = super().xFileSize()
        if newsize < size:
            self._undo.records.append((newsize, bytes(super().xRead(size - newsize, newsize)),
                                       size))
        super().xTruncate(newsize)

    def xSync(self, flags):
        super().xSync(flags)
        self._undo.records.clear()  # everything written so far is now durable
        self._vfs.syncs += 1


class FaultVFS(apsw.VFS):
    def __init__(self, name: str = "faulty"):
        self.name = name
        self.undo: dict[str, _Undo] = {}
        self.syncs = 0
        super().__init__(name, "")

    def xOpen(self, name, flags):
        return FaultFile(self, name, flags)

    def power_cut(self, files: list[Path], dest: Path) -> list[Path]:
        """Copy ``files`` into ``dest`` as they would be after losing power now."""
        dest.mkdir(parents=True, exist_ok=True)
        out = []
        for src in files:
            if not src.exists():
                continue
            target = dest / src.name
            shutil.copyfile(src, target)
            undo = self.undo.get(str(src))
            if undo and undo.records:
                _revert(target, undo.records)
            out.append(target)
        return out


def _revert(path: Path, records: list[tuple[int, bytes, int]]) -> None:
    with open(path, "r+b") as f:
        for offset, old, old_size in reversed(records):
            if old:
                f.seek(offset)
                f.write(old)
            f.truncate(old_size)
