"""Start-up notices never push the work off the screen: six of them once took half of a
1366x768 screen and the window grew past it, the unit board and the journal below its
bottom. Now at most two rows (fewer when the window is short) and one button for the
rest, room kept for the alarms that may come, the window its own size."""

import pytest

from console.notices import Notice, NoticeCode, Severity
from console.ui.notices_banner import MAX_SHARE_OF_WINDOW
from tests.ui.conftest import raise_emergency

SIX = [
    Notice(NoticeCode.JOURNAL_SET_ASIDE,
           "/home/anna/.local/share/vangnet/journal.db.unusable-20261202T071500Z",
           "not a database", Severity.ERROR),
    Notice(NoticeCode.CONSOLE_ID_NEW, "/home/anna/.config/vangnet/settings.json",
           "the console id could not be read; this run journals under the new id "
           "pos-1a2b3c4d", Severity.ERROR),
    Notice(NoticeCode.RADIO_SKIPPED, "settings.json: radios[1]",
           '"port" is missing (expected a serial port path such as /dev/ttyUSB0)'),
    Notice(NoticeCode.RADIO_SKIPPED, "settings.json: radios[2] (/dev/ttyUSB2)",
           "port already used by radios[0]; each radio needs its own port"),
    Notice(NoticeCode.DATA_FILE_SKIPPED, "/home/anna/.local/share/vangnet/units.csv",
           "line 3: no ISSI; the demo units are used"),
    Notice(NoticeCode.SETTING_UNKNOWN, "settings.json: colour",
           "not a known setting; kept in the file, not used"),
]


def _fits(window, size) -> None:
    assert window.size().toTuple() == size
    assert window.minimumSizeHint().height() <= size[1]
    notices, board = window.notices, window.board
    assert notices.height() <= MAX_SHARE_OF_WINDOW * size[1] + 8
    # The unit board wholly on screen, its table at least one whole row high.
    bottom = board.mapTo(window, board.rect().bottomLeft()).y()
    assert bottom < window.height() - window.statusBar().height()
    table = board.table
    assert table.viewport().height() >= table.verticalHeader().defaultSectionSize()


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_six_notices_and_two_alarms_fit_the_screen(console_factory, qtbot, size):
    session = console_factory(training=True, sim_radios=4, notices=SIX)
    window, notices = session.window, session.window.notices
    window.resize(*size)
    qtbot.waitUntil(lambda: window.size().toTuple() == size)
    qtbot.waitUntil(lambda: notices.isVisible())
    assert 1 <= len(notices.shown_rows()) <= 2 and notices.side.isVisible()
    assert notices.shown_rows()[0].notice is SIX[0]  # an error first
    assert "2" in notices.errors_label.text()
    _fits(window, size)
    board_before = window.board.height()
    banner = session.controller.banner
    for i in range(2):
        raise_emergency(qtbot, session, i + 1)
        _fits(window, size)
    assert banner.rows()[0].isVisible()  # the newest alarm whole, above the notices
    notices.toggle()  # all six: a scroll within the notices' share, nothing pushed off
    assert notices.shown_rows() == notices.rows()
    _fits(window, size)
    notices.toggle()
    _fits(window, size)
    if size == (1920, 1080):  # room enough: the board is not squeezed by the notices
        assert window.board.height() >= min(board_before, 300)


def test_without_alarms_the_board_keeps_most_of_the_screen(console_factory, qtbot):
    size = (1366, 768)
    session = console_factory(training=True, sim_radios=4, notices=SIX)
    window = session.window
    window.resize(*size)
    qtbot.waitUntil(lambda: window.size().toTuple() == size)
    _fits(window, size)
    table = window.board.table
    assert table.viewport().height() >= 5 * table.verticalHeader().defaultSectionSize()
