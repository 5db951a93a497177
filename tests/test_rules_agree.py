"""Rules and constants that the layer rules make us write once per side (drivers may not
import console; console.state and console.ui may not import drivers): the two agree."""

import pytest

from console.journal import kinds
from console.state.status_tables import DEFAULT_OFFSET
from drivers import events as ev
from drivers.base import KEYED, TxState
from drivers.sim.fleet import STATUS_BASE


@pytest.mark.parametrize("group_type", [*range(8), None])
def test_scan_group_rule_is_the_same_for_events_and_payloads(group_type):
    payload = {"radio": "r1", "gssi": "3110001"}
    if group_type is not None:
        payload["group_type"] = group_type
    selected = kinds.selected_gssi(payload) is not None
    assert selected is not ev.is_scan_group(group_type)
    assert selected is (group_type is None or group_type <= 1)  # PEI.md §6: 2-7 scan


def test_a_talkgroup_event_journaled_keeps_its_rule():
    for group_type in range(8):
        event = ev.Talkgroup(gssi="3110001", group_type=group_type)
        payload = {k: v for k, v in event.to_dict().items() if k != "kind"}
        assert (kinds.selected_gssi(payload) is None) is ev.is_scan_group(group_type)


def test_status_base_is_the_same_for_the_simulator_and_the_console():
    assert STATUS_BASE == DEFAULT_OFFSET == 0x8000


def test_floor_state_names_are_the_driver_values():
    names = {name: getattr(kinds, f"TX_{name}") for name in TxState.__members__}
    assert names == {name: state.value for name, state in TxState.__members__.items()}
    assert kinds.TX_KEYED == tuple(s.value for s in KEYED)


def test_grant_codes_are_the_driver_values():
    assert kinds.GRANT_GRANTED == ev.Grant.GRANTED
    assert kinds.GRANT_OTHER_USER == ev.Grant.OTHER_USER


def test_radio_kinds_name_driver_events():
    event_kinds = {c.kind for c in ev.all_event_types()}
    radio = {v for k, v in vars(kinds).items() if k.startswith("RADIO_") and k != "RADIO_PREFIX"}
    assert {kinds.radio_kind(k) for k in event_kinds} >= radio
