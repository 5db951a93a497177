"""Entry kinds and one-line summaries for the journal tail.

Radio events are journaled as ``radio.<event kind>`` with the radio id and the event's
fields as payload, so every kind of drivers/events.py has a journal kind without a table.
"""

from __future__ import annotations

from typing import Any

CONSOLE_STARTED = "console.started"
CONSOLE_STOPPED = "console.stopped"
OPERATOR_NOTE = "operator.note"
RADIO_PREFIX = "radio."


def radio_kind(event_kind: str) -> str:
    return RADIO_PREFIX + event_kind


def summarize(kind: str, payload: dict[str, Any]) -> str:
    """Short English text for logs and the tail; the UI may translate known kinds."""
    if kind == OPERATOR_NOTE:
        return str(payload.get("text", ""))
    if kind.startswith(RADIO_PREFIX):
        rest = {k: v for k, v in payload.items() if k != "radio" and v is not None}
        fields = ", ".join(f"{k}={v}" for k, v in rest.items())
        return f"{payload.get('radio', '?')}: {kind[len(RADIO_PREFIX):]} {fields}".strip()
    return ", ".join(f"{k}={v}" for k, v in payload.items())
