import pytest

from console.runtime import start_console


@pytest.fixture
def console_factory(qtbot, tmp_path):
    """Start real consoles (journal, projections, window, desk); shut all down at the end."""
    sessions = []

    def make(db=None, *, training=False, sim_radios=0, traffic_rate=0.0, **kw):
        session = start_console(db or tmp_path / "journal.db", console_id="pos-test",
                                operator="anna", training=training, sim_radios=sim_radios,
                                traffic_rate=traffic_rate, **kw)
        sessions.append(session)
        qtbot.addWidget(session.window)
        session.window.show()
        return session

    yield make
    for s in sessions:
        s.shutdown()
