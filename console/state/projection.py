"""Projections: pure folds over committed entries, rebuilt from the journal on start.

A projection sees entries in local commit order (``Entry.position``) exactly once. Its
state can be snapshotted as JSON, so a large journal is rebuilt from the snapshot plus
the entries after it, and the result equals a full replay (tested).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any, Protocol

from console.journal.entry import Entry

LOG = logging.getLogger(__name__)


class Projection(Protocol):
    name: str

    def apply(self, entry: Entry) -> None: ...

    def snapshot(self) -> Any: ...

    def restore(self, state: Any) -> None: ...


class ProjectionHost:
    """Feeds entries to its projections; not thread-safe: one owning thread feeds it."""

    def __init__(self, projections: Iterable[Projection]):
        self.projections = {p.name: p for p in projections}
        self.positions = {name: 0 for name in self.projections}

    def rebuild(self, reader: Any, use_snapshots: bool = True) -> int:
        """Restore snapshots, then replay the tail; returns how many entries were replayed."""
        snaps = reader.snapshots() if use_snapshots else {}
        for name, proj in self.projections.items():
            if name in snaps:
                position, state = snaps[name]
                proj.restore(state)
                self.positions[name] = position
        start = min(self.positions.values(), default=0)
        replayed = 0
        for entry in reader.entries(after=start):
            self.apply(entry)
            replayed += 1
        return replayed

    def apply(self, entry: Entry) -> None:
        for name, proj in self.projections.items():
            if entry.position <= self.positions[name]:
                continue  # already in this projection's snapshot
            try:
                proj.apply(entry)
            except Exception:  # a bad entry must not stop the screen from updating
                LOG.exception("projection %s failed on entry %s", name, entry.id)
            self.positions[name] = entry.position

    def apply_all(self, entries: Iterable[Entry]) -> None:
        for e in entries:
            self.apply(e)

    def snapshots(self) -> dict[str, tuple[int, Any]]:
        return {n: self.snapshot_of(n) for n in self.projections}

    def snapshot_of(self, name: str) -> tuple[int, Any]:
        return self.positions[name], self.projections[name].snapshot()
