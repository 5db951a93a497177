"""Sealed entries of several consoles, as sync would bring them (ingest and order tests)."""

from __future__ import annotations

from typing import Any

import orjson

from console.journal.entry import GENESIS_HASH, Entry, canonical_bytes, new_entry_id, seal


class Chain:
    """One console's hash chain, sealed the way its journal would seal it."""

    def __init__(self, console: str, start_ms: int = 1_800_000_000_000):
        self.console, self.ms, self.entries = console, start_ms, []
        self._counter = 0

    def add(self, kind: str, payload: dict[str, Any], *, operator: str = "system",
            drill: bool = False, step_ms: int = 1000, same_ms: bool = False,
            entry_id: str | None = None, wall_ms: int | None = None) -> Entry:
        if same_ms:
            self._counter += 1
        else:
            self.ms, self._counter = self.ms + step_ms, 0
        prev = self.entries[-1].hash if self.entries else GENESIS_HASH
        e = seal(id=entry_id or new_entry_id(), console=self.console, seq=len(self.entries) + 1,
                 hlc=(self.ms, self._counter), operator=operator, kind=kind,
                 payload=orjson.loads(canonical_bytes(payload)),  # as a journal holds it
                 drill=drill, prev_hash=prev, wall_ms=wall_ms)
        self.entries.append(e)
        return e
