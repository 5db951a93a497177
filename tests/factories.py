"""Build committed-looking journal entries for projection and model tests."""

from __future__ import annotations

import itertools
from typing import Any

from console.journal.entry import GENESIS_HASH, Entry, new_entry_id, seal

_positions = itertools.count(1)


def make_entry(kind: str, payload: dict[str, Any], *, hlc_ms: int = 1_800_000_000_000,
               operator: str = "system", console: str = "pos-test", drill: bool = False,
               position: int | None = None, entry_id: str | None = None,
               wall_ms: int | None = None) -> Entry:
    pos = next(_positions) if position is None else position
    return seal(id=entry_id or new_entry_id(), console=console, seq=pos, hlc=(hlc_ms, 0),
                operator=operator, kind=kind, payload=payload, drill=drill,
                prev_hash=GENESIS_HASH, position=pos, wall_ms=wall_ms)


def entries(*items: tuple[str, dict[str, Any]], start_ms: int = 1_800_000_000_000,
            step_ms: int = 1000) -> list[Entry]:
    """Consecutive entries, one ``step_ms`` apart."""
    return [make_entry(k, p, hlc_ms=start_ms + i * step_ms) for i, (k, p) in enumerate(items)]
