"""Pairing final results with commands again after a timeout (PEI.md §2).

PEI.md §2: the radio has one command in flight and answers in order, and unsolicited lines
may interleave with an answer. A command that timed out may still be answered later, or
never; its late ``OK`` would complete whichever command is in flight by then. So after a
timeout the session is *unsynchronised*: before the next queued command it writes a probe
whose answer is distinctive (an information line that no owed command produces: ``+CSQ:``,
``+CBC:`` or ``+CNUMF:``) and discards final results until either

* the probe's information line has arrived, and then a final result (the probe's own), or
* more final results have arrived than commands are owed (the last one is the probe's own).

Because the radio answers in order, nothing owed can arrive after the probe's answer. A
late result that arrives while nothing is in flight is counted too: once every owed
command is answered, no probe is needed. The session bounds the whole resync with a
deadline and reports a radio that stays silent as a lost link.
"""

from __future__ import annotations

import re

from drivers import events as ev
from drivers.pei import commands

# Read-only queries with an information line that is never unsolicited (PEI.md §4).
PROBES: tuple[tuple[str, type[ev.Event]], ...] = (
    (commands.csq(), ev.Signal),
    (commands.cbc(), ev.Battery),
    (commands.cnumf(), ev.OwnIdentity),
)


def _stem(command: str) -> str:
    """``AT+CSQ?`` → ``AT+CSQ``: commands with one stem give the same information line."""
    return re.split(r"[?=]", command, maxsplit=1)[0].strip().upper()


class Resync:
    """Unsynchronised state of one session; used by its I/O thread only."""

    def __init__(self) -> None:
        self._reset()

    def _reset(self) -> None:
        self.owed = 0  # commands written whose final result has not been seen
        self.first: str | None = None  # the command whose timeout started this
        self.deadline: float | None = None  # set when the first probe is written
        self._stems: set[str] = set()  # every owed command of this episode
        self._seen = False  # the probe in flight has had its information line

    @property
    def needed(self) -> bool:
        return self.owed > 0

    def timed_out(self, command: str) -> None:
        """``command`` was written and got no final result in time: it is owed."""
        self.first = self.first or command
        self.owed += 1
        self._stems.add(_stem(command))
        self._seen = False

    def expired(self, now: float) -> bool:
        return self.needed and self.deadline is not None and now >= self.deadline

    def probe(self, now: float, limit: float) -> tuple[str, type[ev.Event] | None]:
        """The next probe and the event that marks its answer (None: count finals only)."""
        if self.deadline is None:
            self.deadline = now + limit
        self._seen = False
        for line, kind in PROBES:
            if _stem(line) not in self._stems:
                return line, kind
        return PROBES[0][0], None  # all used (can't happen within the usual deadline)

    def probe_event(self, event: ev.Event, kind: type[ev.Event] | None) -> None:
        if kind is not None and isinstance(event, kind):
            self._seen = True

    def final(self, probing: bool) -> bool:
        """A final result arrived (with the probe in flight, or nothing). True: it is the
        probe's own, or the last owed one, and commands and results are paired again."""
        if probing and (self._seen or self.owed == 0):
            self._reset()
            return True
        if self.owed:
            self.owed -= 1
        if not probing and self.owed == 0 and self.first is not None:
            self._reset()
            return True
        return False
