"""The talkgroup hold survives a restart: it is rebuilt from the journal, not kept in memory."""

from tests.ui.test_console import wait_linked


def test_a_held_talkgroup_is_held_again_after_a_restart(console_factory, qtbot, tmp_path):
    db = tmp_path / "hold.db"
    session = console_factory(db, training=True, sim_radios=1)
    wait_linked(qtbot, session, 1)
    ctl = session.controller
    radio = "2040001"
    group = next(g.gssi for g in ctl.data.talkgroups
                          if g.gssi != session.desk.radio_state(radio).talkgroup)
    ctl.set_hold(radio, group)
    qtbot.waitUntil(lambda: session.desk.held_group(radio) == group, timeout=5000)
    qtbot.waitUntil(lambda: ctl.host.projections["holds"].of(radio) == group, timeout=5000)
    session.shutdown()

    again = console_factory(db, training=True, sim_radios=1)
    assert again.desk.held_group(radio) == group
    panel = again.controller.radio_grid.panel(radio)
    qtbot.waitUntil(lambda: panel.hold.isChecked(), timeout=5000)
    # the new simulated radio starts on its own group: the desk moves it back to the held one
    qtbot.waitUntil(lambda: (again.desk.radio_state(radio) or None) is not None
                    and again.desk.radio_state(radio).talkgroup == group, timeout=10000)
