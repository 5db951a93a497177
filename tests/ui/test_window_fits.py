"""The window keeps its size whatever arrives: alarms scroll inside the banner's share of
the window instead of pushing the window past the screen (at 1366x768 the journal note and
the radio panels' PTT buttons would fall off the bottom), and a window that grew would be
repainted whole on every alarm."""

import pytest


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_many_alarms_never_grow_the_window(console_factory, qtbot, size):
    session = console_factory(training=True, sim_radios=4)
    window = session.window
    window.resize(*size)
    qtbot.waitUntil(lambda: window.size().toTuple() == size)
    banner = session.controller.banner
    for i in range(12):
        session.store.append("radio.status", {
            "radio": "radio-2040001", "from_issi": f"23010{i:02d}", "to": "2040001",
            "value": 0, "is_emergency": True}, operator="system", drill=True).result()
        qtbot.waitUntil(lambda n=i + 1: len(banner.rows()) == n)
        assert window.size().toTuple() == size
        assert window.minimumSizeHint().height() <= size[1]
    assert banner.scroll.verticalScrollBar().maximum() > 0  # the older alarms a scroll away
    assert banner.height() <= 0.4 * size[1] + banner._extras() + 10
