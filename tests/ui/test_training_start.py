"""Training starts even when its simulated fleet cannot."""


def test_training_starts_without_a_fleet_this_system_cannot_run(console_factory, tmp_path):
    """More simulated radios than free pseudo-terminals or open files: refused in plain
    words on screen, and the console starts and saves."""
    from console.notices import NoticeCode

    session = console_factory(tmp_path / "journal.db", training=True, sim_radios=10**7,
                              sound=False)
    notices = [r.notice for r in session.window.notices.rows()]
    assert [n.code for n in notices] == [NoticeCode.SIMULATED_RADIOS_REFUSED]
    assert notices[0].detail.startswith("cannot run 10000000 simulated radios")
    assert session.desk.configs == {}
    assert session.controller.ops.add_note("zonder radio's").result(5).drill


def test_three_hundred_simulated_radios_start_link_and_stop(console_factory, qtbot, tmp_path):
    """Every fd number above 1024 on the console side too (poll, not select)."""
    session = console_factory(tmp_path / "journal.db", training=True, sim_radios=300,
                              sound=False, fleet_process=True)
    assert len(session.desk.radios) == 300
    qtbot.waitUntil(lambda: all(r.state().linked for r in session.desk.radios.values()),
                    timeout=60000)
    assert len(session.controller.radio_grid.panels()) == 300
    session.shutdown()
    assert all(not r.state().linked for r in session.desk.radios.values())
