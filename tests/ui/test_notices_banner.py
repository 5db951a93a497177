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


def _notices(errors: int, warnings: int) -> list[Notice]:
    return ([Notice(NoticeCode.JOURNAL_SET_ASIDE, f"/data/journal.db.unusable-{i}",
                    "not a database", Severity.ERROR) for i in range(errors)]
            + [Notice(NoticeCode.RADIO_SKIPPED, f"radios[{i}]", '"port" is missing')
               for i in range(warnings)])


def test_many_notices_take_two_rows_and_the_rest_one_button(qtbot):
    banner = NoticesBanner()
    qtbot.addWidget(banner)
    notices = _notices(2, 4)
    banner.show_notices(notices[2:] + notices[:2])  # errors come first whatever the order
    assert [r.notice for r in banner.rows()] == notices
    assert banner.shown_rows() == banner.rows()[:2]  # the two errors
    assert banner.side.isVisible() and banner.errors_label.text() == "Errors not yet seen: 2"
    assert banner.toggle_button.text() == "+4 more — show all (Ctrl+B)"
    assert banner.toggle_button.minimumHeight() >= 44
    assert "Ctrl+B" in banner.toggle_button.toolTip()

    qtbot.mouseClick(banner.toggle_button, Qt.MouseButton.LeftButton)
    assert banner.expanded and banner.shown_rows() == banner.rows()  # every one reachable
    assert banner.toggle_button.text() == "Show fewer (Ctrl+B)"
    qtbot.mouseClick(banner.toggle_button, Qt.MouseButton.LeftButton)
    assert not banner.expanded and len(banner.shown_rows()) == 2

    # An error seen: the other error and a warning move up, the count follows.
    qtbot.mouseClick(banner.rows()[0].button, Qt.MouseButton.LeftButton)
    assert [r.notice for r in banner.shown_rows()] == [notices[1], notices[2]]
    assert banner.errors_label.text() == "Errors not yet seen: 1"
    assert banner.toggle_button.text() == "+3 more — show all (Ctrl+B)"
    qtbot.mouseClick(banner.rows()[0].button, Qt.MouseButton.LeftButton)
    assert banner.errors_label.isHidden()  # no error left to see
    for _ in range(2):
        qtbot.mouseClick(banner.rows()[0].button, Qt.MouseButton.LeftButton)
    assert len(banner.rows()) == 2 and banner.side.isHidden()  # both on screen: no button
    assert banner.shown_rows() == banner.rows()


def test_few_notices_need_no_button(qtbot):
    banner = NoticesBanner()
    qtbot.addWidget(banner)
    banner.show_notices([SET_ASIDE, SKIPPED])
    assert banner.shown_rows() == banner.rows() and banner.side.isHidden()


def test_the_shortcut_shows_and_hides_the_others(console_factory, qtbot):
    window = console_factory().window
    notices = window.notices
    notices.show_notices(_notices(1, 5))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    qtbot.keyClick(window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert notices.expanded and notices.shown_rows() == notices.rows()
    qtbot.keyClick(window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert not notices.expanded and len(notices.shown_rows()) < len(notices.rows())
