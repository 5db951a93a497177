"""The PEI start sequence (PEI.md §4) run on a fresh session, and its "optional" steps.

Optional steps may be rejected by a radio, never ignored: a rejection is logged and the
start goes on. Used by drivers/pei/radio.py on every connect.
"""

from __future__ import annotations

import logging

from drivers.base import Capabilities
from drivers.errors import CommandRejected
from drivers.pei import commands as cmd
from drivers.pei.session import Response, Session


def start_sequence(session: Session, caps: Capabilities, log: logging.Logger) -> None:
    """AT until OK, echo off, character set, identification, SDS PIDs, then the queries
    whose answers fill the radio's state (PEI.md §4)."""
    session.sync(caps.init_timeout_s)
    optional(session, cmd.echo_off(), log)
    if optional(session, cmd.cscs(caps.cscs_quoted), log) is None:
        optional(session, cmd.cscs(not caps.cscs_quoted), log)
    for field in ("manufacturer", "model", "revision"):
        optional(session, cmd.identification(field, caps.identification), log)
    for line in cmd.ctsp_registrations():
        optional(session, line, log)
    for line in (cmd.cnumf(), cmd.ctom_query(), cmd.ctgs_query(), cmd.csq(), cmd.cbc()):
        optional(session, line, log)


def optional(session: Session, line: str, log: logging.Logger) -> Response | None:
    """``line``'s Response, or None when the radio rejected it (logged)."""
    try:
        return session.command(line)
    except CommandRejected as exc:
        if exc.family == "CME" and exc.code == 38 and line.startswith("AT+CTSP"):
            return Response(line)  # PID already registered: harmless (PEI.md §5, §10)
        log.warning("%s", exc)
        return None
