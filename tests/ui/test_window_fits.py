"""The window keeps its size whatever arrives: alarms scroll inside the banner's share of
the window instead of pushing the window past the screen (at 1366x768 the journal note and
the radio panels' PTT buttons would fall off the bottom), and a window that grew would be
repainted whole on every alarm."""

import pytest

from tests.ui.conftest import raise_emergency


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_many_alarms_never_grow_the_window(console_factory, qtbot, size):
    session = console_factory(training=True, sim_radios=4)
    window = session.window
    window.resize(*size)
    qtbot.waitUntil(lambda: window.size().toTuple() == size)
    banner = session.controller.banner
    for i in range(12):
        raise_emergency(qtbot, session, i + 1)
        assert window.size().toTuple() == size
        assert window.minimumSizeHint().height() <= size[1]
    assert banner.scroll.verticalScrollBar().maximum() > 0  # the older alarms a scroll away
    assert banner.height() <= 0.4 * size[1] + banner._extras() + 10
