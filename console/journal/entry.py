"""Journal entries: immutable, hash-chained per console, stamped with a hybrid logical clock.

The hash covers a canonical JSON encoding of every field except the hash itself and the
local position (rowid), so anyone holding the rows can re-check the chain (``verify``).
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import orjson
import uuid_utils

from drivers.clock import wall_ms as clock_wall_ms

GENESIS_HASH = "0" * 64


def canonical_bytes(value: Any) -> bytes:
    """The canonical encoding that is hashed and stored: JSON with sorted keys, no
    spaces, UTF-8, floats in shortest round-trip form, NaN/Infinity as null (orjson).
    Raises TypeError for anything JSON cannot hold."""
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)


def canonical_json(value: Any) -> str:
    return canonical_bytes(value).decode("utf-8")


def new_entry_id() -> str:
    """UUIDv7 (RFC 9562): time-ordered, so ids sort roughly by creation time."""
    return str(uuid_utils.uuid7())


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    console: str
    seq: int
    hlc_ms: int
    hlc_counter: int
    operator: str
    kind: str
    payload: dict[str, Any]
    drill: bool
    prev_hash: str
    hash: str
    position: int = field(default=0, compare=False)  # local rowid; not hashed

    def hashed_fields(self) -> list[Any]:
        return hashed_fields(self.id, self.console, self.seq, self.hlc_ms, self.hlc_counter,
                             self.operator, self.kind, self.payload, self.drill,
                             self.prev_hash)

    def computed_hash(self) -> str:
        return entry_hash(self.hashed_fields())

    @property
    def hlc(self) -> tuple[int, int, str]:
        """Total order across consoles: clock, counter, then console id as tie-break."""
        return (self.hlc_ms, self.hlc_counter, self.console)


def hashed_fields(id: str, console: str, seq: int, hlc_ms: int, hlc_counter: int,
                  operator: str, kind: str, payload: dict[str, Any], drill: bool,
                  prev_hash: str) -> list[Any]:
    """What the hash covers, in its order: the one definition for sealing and verifying."""
    return [id, console, seq, hlc_ms, hlc_counter, operator, kind, payload, drill, prev_hash]


def entry_hash(hashed_fields: list[Any]) -> str:
    return hashlib.sha256(canonical_bytes(hashed_fields)).hexdigest()


def seal(*, id: str, console: str, seq: int, hlc: tuple[int, int], operator: str, kind: str,
         payload: dict[str, Any], drill: bool, prev_hash: str, position: int = 0) -> Entry:
    """Build an entry and compute its hash."""
    digest = entry_hash(hashed_fields(id, console, seq, hlc[0], hlc[1], operator, kind,
                                      payload, drill, prev_hash))
    return Entry(id, console, seq, hlc[0], hlc[1], operator, kind, payload, drill, prev_hash,
                 digest, position)


class HybridLogicalClock:
    """Kulkarni et al. HLC: wall milliseconds plus a counter; never goes backwards.

    When the wall clock jumps back, the clock keeps its last millisecond and counts up,
    so local order survives NTP steps and a wrongly set machine clock.
    """

    def __init__(self, wall_ms: Callable[[], int] | None = None, start: tuple[int, int] = (0, 0)):
        self._wall_ms = wall_ms or clock_wall_ms
        self._last = start
        self._lock = threading.Lock()

    def now(self) -> tuple[int, int]:
        with self._lock:
            wall = self._wall_ms()
            ms, counter = self._last
            self._last = (wall, 0) if wall > ms else (ms, counter + 1)
            return self._last

    def observe(self, remote: tuple[int, int]) -> tuple[int, int]:
        """Merge a timestamp received from another console (sync pull)."""
        with self._lock:
            wall = self._wall_ms()
            ms, counter = self._last
            top = max(wall, ms, remote[0])
            if top == ms and top == remote[0]:
                counter = max(counter, remote[1]) + 1
            elif top == ms:
                counter += 1
            elif top == remote[0]:
                counter = remote[1] + 1
            else:
                counter = 0
            self._last = (top, counter)
            return self._last
