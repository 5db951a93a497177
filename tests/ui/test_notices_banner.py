"""Start-up notices: errors red until seen, warnings put away, never above an alarm."""

from PySide6.QtCore import Qt

from console.notices import Notice, NoticeCode, Severity
from console.ui.notices_banner import NoticesBanner

SET_ASIDE = Notice(NoticeCode.JOURNAL_SET_ASIDE, "/data/journal.db.unusable-20261202T071500Z",
                   "not a database", Severity.ERROR)
SKIPPED = Notice(NoticeCode.RADIO_SKIPPED, "radios[1]",
                 '"port" is missing (expected a serial port path such as /dev/ttyUSB0)')


def test_errors_first_each_named_and_put_away_by_hand(qtbot):
    banner = NoticesBanner()
    qtbot.addWidget(banner)
    assert banner.isHidden()  # nothing to say: no line at all
    banner.show_notices([SKIPPED, SET_ASIDE])
    assert not banner.isHidden()
    first, second = banner.rows()
    assert first.notice is SET_ASIDE and second.notice is SKIPPED
    assert "set aside untouched" in first.label.text()
    assert SET_ASIDE.subject in first.label.text() and "not a database" in first.label.text()
    assert first.button.text() == "Seen" and second.button.text() == "Close"
    assert first.button.minimumHeight() >= 44
    assert second.label.text().startswith("Radio not started: radios[1] — ")
    seen = []
    banner.acknowledged.connect(seen.append)
    qtbot.mouseClick(first.button, Qt.MouseButton.LeftButton)
    assert seen == [SET_ASIDE] and banner.rows() == [second] and not banner.isHidden()
    qtbot.mouseClick(second.button, Qt.MouseButton.LeftButton)
    assert seen == [SET_ASIDE, SKIPPED] and banner.rows() == [] and banner.isHidden()


def test_the_window_shows_notices_below_the_alarms(console_factory):
    session = console_factory()
    window = session.window
    window.notices.show_notices([SET_ASIDE])
    body = window.centralWidget().layout()
    order = [body.itemAt(i).widget() for i in range(body.count())]
    assert order.index(window.alarm_banner) < order.index(window.notices)
    assert window.notices.isVisible()
