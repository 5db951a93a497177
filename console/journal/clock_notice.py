"""The notice a start gives when this computer's clock is behind its journal (the clock
stepped back, or another console's clock ran ahead)."""

from __future__ import annotations

import time

from console.journal.entry import CLOCK_STEP_MS
from console.notices import Notice, NoticeCode


def clock_behind_notice(newest_ms: int, wall: int) -> Notice | None:
    """A notice when the wall clock is more than CLOCK_STEP_MS behind the journal's newest
    entry: new entries are ordered after it (HLC) but shown at the clock's time, marked."""
    behind = newest_ms - wall
    if behind <= CLOCK_STEP_MS:
        return None
    newest, now = local_times(newest_ms, wall)
    return Notice(NoticeCode.CLOCK_BEHIND, duration_text(behind),
                  f"last time in the journal {newest}, this computer's clock {now}: shown "
                  "times follow the clock, ⚠ marks times out of order")


def duration_text(ms: int) -> str:
    """1 h 3 min, 4 min 10 s, 45 s: how far a clock is behind, in units any reader knows."""
    s = ms // 1000
    if s >= 3600:
        return f"{s // 3600} h {s % 3600 // 60} min"
    if s >= 60:
        return f"{s // 60} min {s % 60} s"
    return f"{s} s"


def local_times(*ms: int) -> list[str]:
    """Times of day as the screen shows them (local time), each with its date when they
    are not all on one day."""
    at = [time.localtime(m / 1000) for m in ms]
    form = "%H:%M:%S" if len({t[:3] for t in at}) == 1 else "%Y-%m-%d %H:%M:%S"
    return [time.strftime(form, t) for t in at]
