"""The talkgroup hold survives a restart: it is a projection of command entries."""

from console.state.holds import Holds
from tests.chains import Chain


def hold(c, radio, gssi, outcome="ok"):
    cmd = c.add("command.hold", {"radio": radio, "gssi": gssi}, operator="anna")
    c.add("command.result", {"command_id": cmd.id, "command": "hold", "radio": radio,
                             "outcome": outcome})


def select(c, radio, gssi, outcome="ok"):
    cmd = c.add("command.talkgroup_select", {"radio": radio, "gssi": gssi}, operator="anna")
    c.add("command.result", {"command_id": cmd.id, "command": "talkgroup_select",
                             "radio": radio, "outcome": outcome})


def fold(entries):
    holds = Holds()
    for e in entries:
        holds.apply(e)
    return holds


def test_a_hold_takes_effect_only_when_the_radio_accepted_it():
    c = Chain("pos-a")
    hold(c, "r1", "3110001")
    hold(c, "r2", "3120001", outcome="rejected")
    assert fold(c.entries).held == {"r1": "3110001"}


def test_release_and_a_select_while_held_moves_the_hold():
    c = Chain("pos-a")
    hold(c, "r1", "3110001")
    hold(c, "r2", "3110001")
    select(c, "r1", "3120001")  # accepted while held: the hold goes along
    select(c, "r3", "3120001")  # not held: no hold appears
    select(c, "r2", "3130001", outcome="timeout")
    hold(c, "r2", None)
    assert fold(c.entries).held == {"r1": "3120001"}


def test_snapshot_restores_held_and_pending_commands():
    c = Chain("pos-a")
    hold(c, "r1", "3110001")
    cmd = c.add("command.hold", {"radio": "r2", "gssi": "3120001"}, operator="anna")
    before = fold(c.entries)
    after = Holds()
    after.restore(before.snapshot())
    after.apply(c.add("command.result", {"command_id": cmd.id, "command": "hold",
                                         "radio": "r2", "outcome": "ok"}))
    assert after.held == {"r1": "3110001", "r2": "3120001"}
