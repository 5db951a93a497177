"""What the alarm sounder must do, decided from the open alarms (Qt-free, driver-free).

The player is handed in by the composition root (``drivers.audio.tone.TonePlayer`` or a
fake): this module only needs ``play_loop(samples)``, ``stop()`` and, unless ``tone_for``
is given, ``tone(escalated) -> samples``. It talks to the player only when the wanted
state changes, so calling :meth:`AlarmSound.update` after every sync and on every banner
tick costs nothing and never restarts a tone that is already playing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Protocol

from console.state.alarms import is_overdue

LOG = logging.getLogger(__name__)

SILENT, ALARM, ESCALATED = "silent", "alarm", "escalated"
RETRY_MS = 10_000  # while an alarm is open and the sound device is missing, try again


class Player(Protocol):
    def play_loop(self, samples: Any) -> None: ...

    def stop(self) -> None: ...


class AlarmSound:
    def __init__(self, player: Player, clock_ms: Callable[[], int],
                 escalate_after_s: float = 30.0, *,
                 tone_for: Callable[[bool], Any] | None = None):
        self.player = player
        self.clock_ms = clock_ms
        self.escalate_after_s = escalate_after_s
        self._tone_for = tone_for or player.tone  # type: ignore[attr-defined]
        self.state = SILENT
        self._last_request_ms = 0

    def wanted(self, board: Any) -> str:
        """silent without open alarms; escalated once any of them is overdue."""
        alarms = board.open_alarms()
        if not alarms:
            return SILENT
        now = self.clock_ms()
        if any(is_overdue(a, now, self.escalate_after_s) for a in alarms):
            return ESCALATED
        return ALARM

    def update(self, board: Any) -> str:
        wanted = self.wanted(board)
        now = self.clock_ms()
        # A sound card plugged back in (or a sound server restarted) during an alarm is
        # used within RETRY_MS; the player logs a repeated failure only once.
        retry = (wanted != SILENT and not getattr(self.player, "available", True)
                 and now - self._last_request_ms >= RETRY_MS)
        if wanted != self.state or retry:
            if wanted != self.state:
                LOG.info("alarm sound: %s -> %s", self.state, wanted)
            self.state = wanted
            self._last_request_ms = now
            if wanted == SILENT:
                self.player.stop()
            else:
                self.player.play_loop(self._tone_for(wanted == ESCALATED))
        return self.state

    def problem(self) -> str | None:
        """Why there is no sound (for the banner), or None while the player is fine."""
        if getattr(self.player, "available", True):
            return None
        return str(getattr(self.player, "last_error", "") or "unknown")

    def silence(self) -> None:
        """Stop at shutdown, whatever the alarms."""
        if self.state != SILENT:
            self.state = SILENT
            self.player.stop()
