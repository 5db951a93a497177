"""Journal entries: immutable, hash-chained per console, stamped with a hybrid logical clock.

The hash covers a canonical JSON encoding of every field except the hash itself and the
local position (rowid), so anyone holding the rows can re-check the chain (``verify``).

**Shown times follow the wall clock; order follows the HLC.** When the wall clock is behind
the HLC at stamping (it stepped back, or another console's clock runs ahead), the HLC keeps
its millisecond and counts up, so its time says nothing about when the entry happened;
``wall_ms`` then keeps the wall clock's time, and that is what the screen shows
(``kinds.event_ms``). It is None otherwise (the common case and every older entry), and the
hash covers it only when set, so chains sealed before it existed verify unchanged.
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
# A wall clock this far behind the journal counts as stepped back: the start says so
# (store.clock_notice) and the journal tail marks the times it gave.
CLOCK_STEP_MS = 2_000


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
    wall_ms: int | None = None  # the wall clock when it was behind hlc_ms; hashed when set

    def hashed_fields(self) -> list[Any]:
        return hashed_fields(self.id, self.console, self.seq, self.hlc_ms, self.hlc_counter,
                             self.operator, self.kind, self.payload, self.drill,
                             self.prev_hash, self.wall_ms)

    def computed_hash(self) -> str:
        return entry_hash(self.hashed_fields())

    @property
    def hlc(self) -> tuple[int, int, str]:
        """Total order across consoles: clock, counter, then console id as tie-break."""
        return (self.hlc_ms, self.hlc_counter, self.console)

    @property
    def clock_behind_ms(self) -> int:
        """How far the wall clock was behind the HLC when this entry was stamped (0: not)."""
        return self.hlc_ms - self.wall_ms if self.wall_ms is not None else 0


def hashed_fields(id: str, console: str, seq: int, hlc_ms: int, hlc_counter: int,
                  operator: str, kind: str, payload: dict[str, Any], drill: bool,
                  prev_hash: str, wall_ms: int | None = None) -> list[Any]:
    """What the hash covers, in its order: the one definition for sealing and verifying.
    ``wall_ms`` is appended only when set: entries without it hash as they always did."""
    fields = [id, console, seq, hlc_ms, hlc_counter, operator, kind, payload, drill,
              prev_hash]
    if wall_ms is not None:
        fields.append(wall_ms)
    return fields


def entry_hash(hashed_fields: list[Any]) -> str:
    return hashlib.sha256(canonical_bytes(hashed_fields)).hexdigest()


def seal(*, id: str, console: str, seq: int, hlc: tuple[int, int], operator: str, kind: str,
         payload: dict[str, Any], drill: bool, prev_hash: str, position: int = 0,
         wall_ms: int | None = None) -> Entry:
    """Build an entry and compute its hash."""
    digest = entry_hash(hashed_fields(id, console, seq, hlc[0], hlc[1], operator, kind,
                                      payload, drill, prev_hash, wall_ms))
    return Entry(id, console, seq, hlc[0], hlc[1], operator, kind, payload, drill, prev_hash,
                 digest, position, wall_ms)


def behind_wall(hlc_ms: int, wall: int) -> int | None:
    """The ``wall_ms`` to store for an entry stamped ``hlc_ms`` when the wall clock read
    ``wall``: the wall time when it is behind, else None."""
    return wall if wall < hlc_ms else None


class HybridLogicalClock:
    """Kulkarni et al. HLC: wall milliseconds plus a counter; never goes backwards.

    When the wall clock jumps back, the clock keeps its last millisecond and counts up,
    so local order survives NTP steps and a wrongly set machine clock. ``stamp`` also gives
    the wall time it read: the store keeps it as the entry's ``wall_ms`` (shown times).
    """

    def __init__(self, wall_ms: Callable[[], int] | None = None, start: tuple[int, int] = (0, 0)):
        self._wall_ms = wall_ms or clock_wall_ms
        self._last = start
        self._lock = threading.Lock()

    def now(self) -> tuple[int, int]:
        ms, counter, _ = self.stamp()
        return ms, counter

    def stamp(self) -> tuple[int, int, int]:
        """``now()`` and the wall time it read: (ms, counter, wall). ``wall < ms``: the
        wall clock is behind the clock (it stepped back, or a console ahead was observed)."""
        with self._lock:
            wall = self._wall_ms()
            ms, counter = self._last
            self._last = (wall, 0) if wall > ms else (ms, counter + 1)
            return (*self._last, wall)

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
