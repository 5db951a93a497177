"""What became of an operator command, in plain words and as a journal payload."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from console.journal.kinds import COMMAND_PTT_PRESS, COMMAND_SEND_TEXT, command_name
from drivers.errors import CommandRejected, LinkLost, NoResponse, NotSupported


@dataclass(frozen=True, slots=True)
class CommandOutcome:
    command_id: str  # id of the command.* entry
    command: str  # talkgroup_select, ptt_press, ...
    radio: str
    outcome: str  # ok | rejected | timeout | link_lost | not_supported | error
    code: int | None = None  # +CME/+CMS error number when rejected
    meaning: str = ""  # the error code's meaning (EN 300 392-5 table, drivers/pei/cme.py)
    detail: str = ""
    message_reference: int | None = None  # send_text: matches the later delivery report
    tx_state: str | None = None  # ptt_press: floor state at the radio's OK
    saved: bool = True  # command and outcome committed to the journal (not in the payload)

    @property
    def ok(self) -> bool:
        return self.outcome == "ok"

    def payload(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items()
                if v not in (None, "") and k != "saved"}


def outcome_of(command_id: str, command: str, radio: str, exc: BaseException | None,
               detail: str = "", value: Any = None) -> CommandOutcome:
    base = dict(command_id=command_id, command=command, radio=radio, detail=detail)
    if exc is None:
        extra: dict[str, Any] = {}
        if command == command_name(COMMAND_SEND_TEXT) and isinstance(value, int):
            extra["message_reference"] = value
        if command == command_name(COMMAND_PTT_PRESS) and value is not None:
            extra["tx_state"] = str(value)
        return CommandOutcome(outcome="ok", **base, **extra)
    if isinstance(exc, CommandRejected):
        return CommandOutcome(outcome="rejected", code=exc.code, meaning=exc.meaning, **base)
    if isinstance(exc, NoResponse):
        return CommandOutcome(outcome="timeout", meaning=str(exc), **base)
    if isinstance(exc, LinkLost):
        return CommandOutcome(outcome="link_lost", meaning=str(exc), **base)
    if isinstance(exc, NotSupported):
        return CommandOutcome(outcome="not_supported", meaning=str(exc), **base)
    return CommandOutcome(outcome="error", meaning=f"{type(exc).__name__}: {exc}", **base)
