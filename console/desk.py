"""The Desk: Qt-free coordinator between the radios and the journal.

It opens the configured radios through the driver registry and turns every event they
report into a journal entry (``radio.<kind>``, drill-flagged in training mode). Later
issues add operator commands (talkgroup, PTT, SDS) with their outcomes and the alarms.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from console.journal.kinds import radio_kind
from console.journal.store import JournalError, JournalStore
from drivers import registry
from drivers.base import Radio
from drivers.errors import RadioError
from drivers.events import Event

LOG = logging.getLogger(__name__)

# Final results belong to the command that caused them, not to the journal on their own.
NOT_JOURNALED = frozenset({"ok", "error"})
SYSTEM_OPERATOR = "system"


@dataclass(frozen=True, slots=True)
class RadioConfig:
    radio_id: str
    port: str
    driver: str = "pei.motorola"
    alias: str = ""
    options: dict[str, Any] = field(default_factory=dict)


class Desk:
    def __init__(self, store: JournalStore, radios: list[RadioConfig], *, training: bool,
                 trace_dir: Path | None = None):
        self.store = store
        self.training = training
        self.configs = {c.radio_id: c for c in radios}
        self.radios: dict[str, Radio] = {}
        self._trace_dir = trace_dir

    def start(self) -> None:
        for cfg in self.configs.values():
            try:
                radio = registry.create(cfg.driver, radio_id=cfg.radio_id, port=cfg.port,
                                        sink=self._on_event, trace_dir=self._trace_dir,
                                        **cfg.options)
                radio.start()
            except (RadioError, KeyError, OSError) as exc:
                LOG.error("radio %s on %s could not start: %s", cfg.radio_id, cfg.port, exc)
                continue
            self.radios[cfg.radio_id] = radio

    def stop(self) -> None:
        """Stop every radio (each releases its PTT first); never raises."""
        for radio_id, radio in self.radios.items():
            try:
                radio.stop()
            except Exception:
                LOG.exception("radio %s did not stop cleanly", radio_id)
        self.radios.clear()

    def _on_event(self, radio_id: str, event: Event) -> None:
        """Runs on a radio's I/O thread: hand the entry to the journal writer, never block."""
        if event.kind in NOT_JOURNALED:
            return
        payload = {"radio": radio_id, **{k: v for k, v in event.to_dict().items()
                                         if k != "kind"}}
        try:
            future = self.store.append(radio_kind(event.kind), payload,
                                       operator=SYSTEM_OPERATOR, drill=self.training)
        except JournalError as exc:  # closed during shutdown
            LOG.warning("event from %s not journaled: %s", radio_id, exc)
            return
        future.add_done_callback(_log_failure)


def _log_failure(future) -> None:
    exc = future.exception()
    if exc is not None:
        LOG.error("radio event not saved: %s", exc)
