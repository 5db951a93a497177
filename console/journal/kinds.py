"""Entry kinds and their payloads: the contract between desk, projections and sync.

Radio events are journaled as ``radio.<event kind>`` with the radio id and the event's
fields as payload (drivers/events.py), so every driver event has a journal kind:
    radio.status        {radio, from_issi, to, value, is_emergency}
    radio.location      {radio, from_issi, to, lat, lon, velocity_kmh, direction_deg,
                         is_emergency}
    radio.call_incoming {radio, cc_instance, calling_issi, called, is_group, priority,
                         is_emergency}
    radio.tx_grant      {radio, cc_instance, grant, talker_issi, own_transmission}
    radio.talkgroup     {radio, gssi, group_type}
    radio.text          {radio, from_issi, to, text, protocol_id, message_reference, ...,
                         parts, missing_parts}   missing_parts non-empty: incomplete text
                                                 (a concatenated text whose parts stopped)
    radio.sds_ack       {radio, from_issi, to, delivery_status, message_reference}
    radio.sds_short_report {radio, from_issi, to, ...}   delivery information, not a status
    radio.unrecognized  {radio, line, raw_hex, reason, from_issi, to, service, protocol_id,
                         length_bits}   anything the decoder could not read, kept raw
    radio.link_lost     {radio, port, reason}   ... and so on for every event kind.

Operator commands are journaled before they run, their outcome after it:
    command.talkgroup_select {radio, gssi}
    command.hold             {radio, gssi}          gssi None = hold released
    command.ptt_press        {radio}
    command.ptt_release      {radio}
    command.send_status      {radio, to, value}
    command.send_text        {radio, to, text}
    command.result           {command_id, command, radio, outcome, code, meaning, detail,
                              message_reference}
        outcome: ok | rejected | timeout | link_lost | not_supported | error
Other operator entries:
    operator.note            {text}
    alarm.acknowledged       {alarm_id}             alarm_id = id of the entry that raised it
    talk_request.answered    {issi}
    talk_request.cleared     {issi}
    unit.alias_set           {issi, alias}
    unit.dipp_set            {issi, dipp}
    message.read             {message_id}           an incoming SDS was read
"""

from __future__ import annotations

from typing import Any

CONSOLE_STARTED = "console.started"
CONSOLE_STOPPED = "console.stopped"
OPERATOR_NOTE = "operator.note"
RADIO_PREFIX = "radio."
# radio.<event kind> (drivers/events.py), those the projections read by name
RADIO_STATUS = "radio.status"
RADIO_LOCATION = "radio.location"
RADIO_CALL_INCOMING = "radio.call_incoming"
RADIO_CALL_RELEASED = "radio.call_released"
RADIO_TX_GRANT = "radio.tx_grant"
RADIO_TX_CEASED = "radio.tx_ceased"
RADIO_TALKGROUP = "radio.talkgroup"
RADIO_TEXT = "radio.text"
RADIO_UNRECOGNIZED = "radio.unrecognized"
RADIO_SDS_SENT = "radio.sds_sent"
RADIO_SDS_FAILED = "radio.sds_failed"
RADIO_SDS_REPORT = "radio.sds_report"
RADIO_SDS_SHORT_REPORT = "radio.sds_short_report"
RADIO_SDS_ACK = "radio.sds_ack"
RADIO_LINK_LOST = "radio.link_lost"
COMMAND_PREFIX = "command."
COMMAND_RESULT = "command.result"
COMMAND_HOLD = "command.hold"
COMMAND_TALKGROUP_SELECT = "command.talkgroup_select"
COMMAND_PTT_PRESS = "command.ptt_press"
COMMAND_PTT_RELEASE = "command.ptt_release"
COMMAND_SEND_STATUS = "command.send_status"
COMMAND_SEND_TEXT = "command.send_text"
MESSAGE_READ = "message.read"
ALARM_ACKNOWLEDGED = "alarm.acknowledged"
TALK_REQUEST_ANSWERED = "talk_request.answered"
TALK_REQUEST_CLEARED = "talk_request.cleared"
UNIT_ALIAS_SET = "unit.alias_set"
UNIT_DIPP_SET = "unit.dipp_set"

# Floor states as ``command.result`` carries them (``tx_state``) and the radio panel shows
# them: the values of drivers.base.TxState, which console.state and console.ui may not
# import (tests/test_rules_agree.py keeps the two equal). Only granted means talk.
TX_IDLE = "idle"
TX_REQUESTING = "requesting"
TX_QUEUED = "queued"  # explicitly NOT permission to talk (PEI.md §7.3)
TX_GRANTED = "granted"
TX_REFUSED = "refused"
TX_OTHER_TALKER = "other_talker"
TX_KEYED = (TX_REQUESTING, TX_QUEUED, TX_GRANTED)
# +CTXG TxGrant values in ``radio.tx_grant`` payloads that carry a talker (PEI.md §7.3;
# drivers.events.Grant on the driver side)
GRANT_GRANTED, GRANT_OTHER_USER = 0, 3


def event_ms(entry: Any) -> int:
    """When it happened: the time a radio event was heard (``payload.heard_ms``, set when it
    was saved late after the journal could not save), else the wall clock's time when it
    was behind the HLC (``entry.wall_ms``: the clock stepped back), else the entry's HLC
    time. Shown times, escalation and waiting times use this, never the commit time; order
    is the HLC's (``Entry.hlc``)."""
    heard = entry.payload.get("heard_ms")
    if isinstance(heard, int) and not isinstance(heard, bool):
        return heard
    wall = entry.wall_ms
    return wall if wall is not None else entry.hlc_ms


def radio_kind(event_kind: str) -> str:
    return RADIO_PREFIX + event_kind


def command_name(kind: str) -> str:
    """The command a ``command.*`` kind names, as ``command.result`` payloads carry it
    (``command.ptt_press`` → ``ptt_press``)."""
    return kind[len(COMMAND_PREFIX):] if kind.startswith(COMMAND_PREFIX) else kind


def selected_gssi(payload: dict[str, Any]) -> str | None:
    """The group a ``radio.talkgroup`` entry says the radio is ON; None for a scan group
    (group types 2-7 are scan priorities, PEI.md section 6; a missing type is the
    selection). The one payload form of drivers.events.is_scan_group (a test keeps them
    equal): every projection asks this."""
    if int(payload.get("group_type") or 1) > 1 or not payload.get("gssi"):
        return None
    return str(payload["gssi"])


def summarize(kind: str, payload: dict[str, Any]) -> str:
    """Short English text for logs and the tail; the UI may translate known kinds."""
    if kind == OPERATOR_NOTE:
        return str(payload.get("text", ""))
    if kind.startswith(RADIO_PREFIX) or kind.startswith(COMMAND_PREFIX):
        rest = {k: v for k, v in payload.items() if k != "radio" and v is not None}
        fields = ", ".join(f"{k}={v}" for k, v in rest.items())
        name = kind.split(".", 1)[1]
        return f"{payload.get('radio', '?')}: {name} {fields}".strip()
    return ", ".join(f"{k}={v}" for k, v in payload.items())
