"""Operator actions that are journal entries: the Qt-free side of every intent.

Widgets and the Qt controller never write to the journal: they call these methods (radio
commands go to the desk). An action is journaled once: pressing again while the first is
being saved adds nothing. A failure to save reaches the failure listeners, so the screen
can say it in plain words; nothing is shown as saved before its commit returned (the
returned future resolves then).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from console.journal.entry import canonical_bytes
from console.journal.health import JournalError, JournalHealth
from console.journal.kinds import (
    ALARM_ACKNOWLEDGED,
    MESSAGE_READ,
    OPERATOR_NOTE,
    TALK_REQUEST_ANSWERED,
    TALK_REQUEST_CLEARED,
    UNIT_ALIAS_SET,
    UNIT_DIPP_SET,
)
from console.journal.store import JournalStore

LOG = logging.getLogger(__name__)

FailureListener = Callable[[str, str], None]  # kind, problem (JournalError.problem)


class Operations:
    def __init__(self, store: JournalStore, *, operator: str, drill: bool):
        self._store = store
        self.operator = operator
        self.drill = drill  # every entry of a training console is a drill entry
        self._in_flight: set[tuple[str, bytes]] = set()
        self._lock = threading.Lock()
        self._failure_listeners: list[FailureListener] = []

    # -- what the screen reads of the journal -----------------------------------------
    @property
    def journal_path(self) -> Path:
        return self._store.path

    @property
    def health(self) -> JournalHealth:
        return self._store.health

    def add_entries_listener(self, fn: Callable[[list], None]) -> None:
        """``fn(entries)`` on the journal writer after every commit (and ingest)."""
        self._store.add_listener(fn)

    def add_health_listener(self, fn: Callable[[JournalHealth], None]) -> None:
        self._store.add_health_listener(fn)

    def add_failure_listener(self, fn: FailureListener) -> None:
        """``fn(kind, problem)`` when an action could not be saved (any thread)."""
        self._failure_listeners.append(fn)

    def save_snapshot(self, name: str, position: int, state: Any) -> Future | None:
        try:
            return self._store.save_snapshot(name, position, state)
        except JournalError as exc:  # the journal is closing; the next start replays
            LOG.warning("snapshot %s not saved: %s", name, exc)
            return None

    # -- the actions ------------------------------------------------------------------
    def acknowledge(self, alarm_id: str) -> Future | None:
        return self.journal(ALARM_ACKNOWLEDGED, {"alarm_id": alarm_id})

    def set_alias(self, issi: str, alias: str) -> Future | None:
        return self.journal(UNIT_ALIAS_SET, {"issi": issi, "alias": alias})

    def set_dipp(self, issi: str, dipp: bool) -> Future | None:
        return self.journal(UNIT_DIPP_SET, {"issi": issi, "dipp": dipp})

    def answer_talk_request(self, issi: str) -> Future | None:
        return self.journal(TALK_REQUEST_ANSWERED, {"issi": issi})

    def clear_talk_request(self, issi: str) -> Future | None:
        return self.journal(TALK_REQUEST_CLEARED, {"issi": issi})

    def mark_read(self, message_id: str) -> Future | None:
        return self.journal(MESSAGE_READ, {"message_id": message_id})

    def add_note(self, text: str) -> Future | None:
        return self.journal(OPERATOR_NOTE, {"text": text})

    def journal(self, kind: str, payload: dict[str, Any]) -> Future | None:
        """Append once; None when the same action is already being saved or the journal
        refused it at once (the failure listeners heard why)."""
        key = (kind, canonical_bytes(payload))
        with self._lock:
            if key in self._in_flight:
                return None
            self._in_flight.add(key)
        try:
            future = self._store.append(kind, payload, operator=self.operator,
                                        drill=self.drill)
        except JournalError as exc:
            with self._lock:
                self._in_flight.discard(key)
            self._failed(kind, exc.problem)
            return None

        def done(f: Future) -> None:
            with self._lock:
                self._in_flight.discard(key)
            exc = f.exception()
            if exc is not None:
                self._failed(kind, getattr(exc, "problem", str(exc)))
        future.add_done_callback(done)
        return future

    def _failed(self, kind: str, problem: str) -> None:
        LOG.error("operator action %s not saved: %s", kind, problem)
        for fn in self._failure_listeners:
            try:
                fn(kind, problem)
            except Exception:
                LOG.exception("failure listener %r failed", fn)
