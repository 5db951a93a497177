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


def raise_emergency(qtbot, session, n: int) -> None:
    """The ``n``-th emergency (from 1): a drill emergency status committed, then waited
    for until the banner shows ``n`` alarms."""
    session.store.append("radio.status", {
        "radio": "radio-2040001", "from_issi": f"23010{n - 1:02d}", "to": "2040001",
        "value": 0, "is_emergency": True}, operator="system", drill=True).result()
    qtbot.waitUntil(lambda: len(session.controller.banner.rows()) == n)
