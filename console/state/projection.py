"""Projections: pure folds over committed entries, in one order for every console.

**One order.** Entries are folded in HLC order (``Entry.hlc``: clock, counter, console id),
not in the order they arrived, so two positions holding the same entries show the same
state whatever order sync delivered them in. Local entries always arrive at the HLC tail
(the journal's clock never goes back and observes every ingested entry); an entry from
another console may arrive *late*, older than what was already folded. Then the host
rewinds: it restores the newest in-memory checkpoint older than the late entry and
re-folds what came after it, in HLC order. A late entry older than every checkpoint makes
the host re-fold from empty state through ``source`` (the journal, read in HLC order).

**One world.** A host folds either live entries or drill entries (``drill``), never both:
a drill entry cannot change live state, and a live entry cannot change a drill's.

Snapshots (stored in the journal, one per projection) carry the HLC key they were taken
at and the highest local position folded then. On start a snapshot is used only if no
entry of its world committed after it is older than it (an entry ingested later);
otherwise that projection is rebuilt by replay.
"""

from __future__ import annotations

import bisect
import itertools
import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol

import orjson

from console.journal.entry import Entry

LOG = logging.getLogger(__name__)

HlcKey = tuple[int, int, str]
BEFORE_ALL: HlcKey = (-1, -1, "")
CHECKPOINT_EVERY = 256  # entries folded between in-memory checkpoints
CHECKPOINTS_KEPT = 8  # so an entry up to ~2,000 entries late is folded without the journal
SNAPSHOT_VERSION = 2
REBUILD_BATCH = 2000  # entries read and folded at a time by a rebuild in one go

# Entries of one world after ``key`` (None: from the start), in HLC order, committed at or
# before local ``position``: what the host re-folds when it must go back further than its
# checkpoints.
Source = Callable[[HlcKey | None, bool, int], Iterable[Entry]]


class Projection(Protocol):
    name: str

    def apply(self, entry: Entry) -> None: ...

    def snapshot(self) -> Any: ...

    def restore(self, state: Any) -> None: ...


def world_name(drill: bool) -> str:
    return "drill" if drill else "live"


class ProjectionHost:
    """Feeds entries of one world to its projections; one owning thread feeds it."""

    def __init__(self, projections: Iterable[Projection], *, drill: bool = False,
                 source: Source | None = None, checkpoint_every: int = CHECKPOINT_EVERY,
                 checkpoints_kept: int = CHECKPOINTS_KEPT):
        self.projections = {p.name: p for p in projections}
        self.drill = drill
        self.source = source
        self.position = 0  # highest local position delivered to this host
        self.top: HlcKey = BEFORE_ALL  # newest entry folded
        self.keys = {name: BEFORE_ALL for name in self.projections}  # per projection
        self.other_world = 0  # entries of the other world seen and not folded
        self.rewinds = 0
        self._empty = self._capture()
        self._every = checkpoint_every
        self._checkpoints: deque[tuple[HlcKey, bytes]] = deque(maxlen=checkpoints_kept)
        self._recent: list[tuple[HlcKey, Entry]] = []  # folded since the oldest checkpoint
        self._since_checkpoint = 0
        self.rebuilding: Rebuild | None = None  # a history still folding (start_rebuild)
        self._waiting: list[Entry] = []  # applied while it folds: folded after it
        # Projections that look at an entry while it waits (e.g. an acknowledgement)
        self._previews = [p for p in self.projections.values() if hasattr(p, "preview")]

    # -- start ------------------------------------------------------------------------
    def rebuild(self, reader: Any, use_snapshots: bool = True) -> int:
        """Restore valid snapshots, then replay the rest in HLC order; returns how many
        entries were replayed."""
        rebuild = self.start_rebuild(reader, use_snapshots)
        while not rebuild.step(REBUILD_BATCH):
            pass
        return rebuild.done

    def start_rebuild(self, reader: Any, use_snapshots: bool = True) -> Rebuild:
        """Restore valid snapshots and begin replaying the rest; :meth:`Rebuild.step` folds
        it in slices, so a long history can fold while the screen works. Until the last
        step, entries given to :meth:`apply` wait (``rebuilding``) and are folded after the
        history, in HLC order. Projections that read only a few ``kinds`` are complete at
        once: a quick look through the kind index folds them before the first step."""
        self.position = reader.last_position()
        stored = reader.snapshots() if use_snapshots else {}
        for name, proj in self.projections.items():
            saved = stored.get(self.snapshot_name(name))
            if saved is None:
                continue
            position, state = saved
            if not isinstance(state, dict) or state.get("v") != SNAPSHOT_VERSION:
                continue  # written by an older version: replay instead
            key = _key(state["hlc"])
            if reader.has_late_entries(key, position, self.drill):
                LOG.info("snapshot %s predates entries ingested after it; replaying",
                         self.snapshot_name(name))
                continue
            proj.restore(state["state"])
            self.keys[name] = key
        for name, proj in self.projections.items():
            kinds = getattr(proj, "kinds", None)
            if kinds:
                after = None if self.keys[name] == BEFORE_ALL else self.keys[name]
                for entry in reader.entries_of(tuple(kinds), self.drill, self.position,
                                               after=after):
                    self._fold_one(name, proj, entry)
        start = min(self.keys.values(), default=BEFORE_ALL)
        self.rebuilding = Rebuild(
            self, reader.entries_by_hlc(None if start == BEFORE_ALL else start, self.drill,
                                        self.position),
            # at most every entry held; exact for a rebuild from empty state
            total=reader.count() if start == BEFORE_ALL else None)
        return self.rebuilding

    def reset(self) -> None:
        """Back to the state before any entry or snapshot (a rebuild begun again)."""
        if self.rebuilding is not None and self.rebuilding.closing is not None:
            self.rebuilding.closing.close()
        self._restore(self._empty, BEFORE_ALL)
        self.position, self.top, self.other_world = 0, BEFORE_ALL, 0
        self.rebuilding, self._waiting = None, []
        self._checkpoints.clear()
        self._recent.clear()
        self._since_checkpoint = 0

    def _finish_rebuild(self) -> None:
        self.top = max([self.top, *self.keys.values()])
        self._checkpoints.clear()
        self._recent.clear()
        self._checkpoint()
        waiting, self._waiting = self._waiting, []
        self.rebuilding = None
        self.apply_all(waiting)  # in HLC order; an older one rewinds as any late entry

    # -- folding ----------------------------------------------------------------------
    def apply(self, entry: Entry) -> None:
        if self.rebuilding is not None:
            self._waiting.append(entry)
            for proj in self._previews:
                try:
                    proj.preview(entry)
                except Exception:
                    LOG.exception("projection %s failed to preview entry %s", proj.name,
                                  entry.id)
            return
        self.position = max(self.position, entry.position)
        if entry.drill != self.drill:
            self.other_world += 1
            return
        key = entry.hlc
        if key > self.top:
            self._fold(entry)
            self.top = key
            self._recent.append((key, entry))
            self._since_checkpoint += 1
            if self._since_checkpoint >= self._every:
                self._checkpoint()
        elif not self._seen(key):
            self._rewind(entry)

    def apply_all(self, entries: Iterable[Entry]) -> None:
        for e in entries:
            self.apply(e)

    def _fold(self, entry: Entry) -> None:
        for name, proj in self.projections.items():
            self._fold_one(name, proj, entry)

    def _fold_one(self, name: str, proj: Projection, entry: Entry) -> None:
        key = entry.hlc
        if key <= self.keys[name]:
            return  # already in this projection's snapshot
        try:
            proj.apply(entry)
        except Exception:  # a bad entry must not stop the screen from updating
            LOG.exception("projection %s failed on entry %s", name, entry.id)
        self.keys[name] = key

    def _fold_batch(self, entries: list[Entry]) -> None:
        """Many entries in HLC order: the same as ``_fold`` on each, in one pass without a
        key check for the projections already behind the whole batch."""
        if not entries:
            return
        first, last = entries[0].hlc, entries[-1].hlc
        behind = [(n, p) for n, p in self.projections.items() if self.keys[n] < first]
        rest = [(n, p) for n, p in self.projections.items() if self.keys[n] >= first]
        for entry in entries:
            for name, proj in behind:
                try:
                    proj.apply(entry)
                except Exception:
                    LOG.exception("projection %s failed on entry %s", name, entry.id)
            for name, proj in rest:
                self._fold_one(name, proj, entry)
        for name, _ in behind:
            self.keys[name] = last

    def _seen(self, key: HlcKey) -> bool:
        """An HLC key names one entry (each console's clock is strictly increasing)."""
        i = bisect.bisect_left(self._recent, key, key=lambda item: item[0])
        return i < len(self._recent) and self._recent[i][0] == key

    def _rewind(self, late: Entry) -> None:
        key = late.hlc
        self.rewinds += 1
        while self._checkpoints and self._checkpoints[-1][0] >= key:
            self._checkpoints.pop()
        if not self._checkpoints:
            self._refold_all(late)
            return
        at, state = self._checkpoints[-1]
        self._restore(state, at)
        bisect.insort(self._recent, (key, late), key=lambda item: item[0])
        for k, entry in self._recent:
            if k > at:
                self._fold(entry)
        self._since_checkpoint = sum(1 for k, _ in self._recent if k > at)

    def _refold_all(self, late: Entry) -> None:
        """Back to empty state and every entry of this world again, in HLC order."""
        if self.source is None:
            LOG.error("entry %s is older than every checkpoint and there is no journal to "
                      "re-fold from; folded out of order", late.id)
            self._fold_out_of_order(late)
            return
        LOG.info("entry %s from %s arrived late; re-folding from the journal", late.id,
                 late.console)
        self._restore(self._empty, BEFORE_ALL)
        self._recent.clear()
        for entry in self.source(None, self.drill, self.position):
            self._fold(entry)
        self.top = max(self.top, late.hlc)
        self._checkpoints.clear()
        self._checkpoint()

    def _fold_out_of_order(self, late: Entry) -> None:
        for name in self.keys:
            self.keys[name] = BEFORE_ALL
        self._fold(late)
        for name in self.keys:
            self.keys[name] = self.top

    # -- checkpoints ------------------------------------------------------------------
    def _capture(self) -> bytes:
        # Through JSON: a checkpoint shares nothing mutable with the live projections (orjson
        # writes the frozen row dataclasses itself: ~15x faster than dataclasses.asdict).
        return orjson.dumps({n: p.snapshot() for n, p in self.projections.items()})

    def _restore(self, state: bytes, at: HlcKey) -> None:
        states = orjson.loads(state)
        for name, proj in self.projections.items():
            proj.restore(states[name])
            self.keys[name] = at

    def _checkpoint(self) -> None:
        at = self.top
        self._checkpoints.append((at, self._capture()))
        self._since_checkpoint = 0
        oldest = self._checkpoints[0][0]
        drop = bisect.bisect_right(self._recent, oldest, key=lambda item: item[0])
        del self._recent[:drop]

    # -- stored snapshots -------------------------------------------------------------
    def snapshot_name(self, name: str) -> str:
        return f"{world_name(self.drill)}.{name}"

    def snapshots(self) -> dict[str, tuple[int, Any]]:
        return dict(self.snapshot_of(n) for n in self.projections)

    def snapshot_of(self, name: str) -> tuple[str, tuple[int, Any]]:
        """(stored name, (position, state)) for ``JournalStore.save_snapshot``."""
        state = {"v": SNAPSHOT_VERSION, "hlc": list(self.keys[name]),
                 "state": self.projections[name].snapshot()}
        return self.snapshot_name(name), (self.position, state)


def _key(value: Any) -> HlcKey:
    ms, counter, console = value
    return (int(ms), int(counter), str(console))


class Rebuild:
    """A history folding in slices (:meth:`ProjectionHost.start_rebuild`)."""

    def __init__(self, host: ProjectionHost, entries: Iterator[Entry], total: int | None):
        self.host = host
        self._entries = entries
        self.total = total  # entries to fold, when known (else None)
        self.done = 0
        self.finished = False
        self.closing: Any = None  # closed when finished (the reader it reads through)

    def step(self, limit: int) -> bool:
        """Fold up to ``limit`` more entries; True once the history is folded (and what
        waited meanwhile too). A read that fails ends the rebuild with what was read
        (the error propagates: the caller says so)."""
        if self.finished:
            return True
        try:
            batch = list(itertools.islice(self._entries, limit))
        except BaseException:
            self.finish()
            raise
        self.host._fold_batch(batch)
        self.done += len(batch)
        if len(batch) < limit:
            self.finish()
        return self.finished

    def finish(self) -> None:
        """End now (also after a read error): what waited is folded."""
        if not self.finished:
            self.finished = True
            if self.closing is not None:
                self.closing.close()
            self.host._finish_rebuild()
