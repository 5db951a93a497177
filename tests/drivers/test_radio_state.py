"""The pure event → RadioState fold (drivers.base.apply_event), PEI.md §6 and §7.3."""

from __future__ import annotations

import pytest

from drivers import events as ev
from drivers.base import RadioState, TxState, apply_event

IDLE = RadioState("r", "p", "motorola", linked=True, cc_instance=1)


def grant(g: int, talker: str | None = None, cc: int = 1) -> ev.TxGrant:
    return ev.TxGrant(cc_instance=cc, grant=g, talker_issi=talker, own_transmission=talker is None)


@pytest.mark.parametrize("event,expected", [
    (grant(0), TxState.GRANTED),
    (grant(0, "2040001"), TxState.OTHER_TALKER),  # grant 0 WITH a talker is not ours
    (grant(1), TxState.REFUSED),
    (grant(2), TxState.QUEUED),  # queued is not permission
    (grant(3, "2040001"), TxState.OTHER_TALKER),
])
def test_grant_to_floor_state(event, expected):
    assert apply_event(IDLE, event).tx_state == expected


def test_grant_for_another_call_is_ignored():
    assert apply_event(IDLE, grant(0, cc=2)) is IDLE


def test_other_talker_ceasing_frees_the_floor_but_not_ours():
    other = apply_event(IDLE, grant(3, "2040001"))
    assert apply_event(other, ev.TxCeased(cc_instance=1)).tx_state == TxState.IDLE
    ours = apply_event(IDLE, grant(0))
    assert apply_event(ours, ev.TxCeased(cc_instance=1)).tx_state == TxState.GRANTED


def test_call_release_forgets_the_cc_instance():
    ours = apply_event(IDLE, grant(0))
    after = apply_event(ours, ev.CallReleased(cc_instance=1, cause=1))
    assert after.cc_instance is None and after.tx_state == TxState.IDLE


def test_talkgroup_during_start_is_state_not_wish():
    wish = RadioState("r", "p", "motorola", linked=False, talkgroup="1", desired_talkgroup="2")
    during = apply_event(wish, ev.Talkgroup(gssi="1", group_type=1), initialising=True)
    assert (during.talkgroup, during.desired_talkgroup) == ("1", "2")
    later = apply_event(wish, ev.Talkgroup(gssi="3", group_type=1))
    assert (later.talkgroup, later.desired_talkgroup) == ("3", "3")
    scan = apply_event(wish, ev.Talkgroup(gssi="4", group_type=3))
    assert scan is wish
