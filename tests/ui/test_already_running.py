"""The small window of a second start: who runs this position, and the two choices."""

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from console import app as cli
from console import position_lock
from console.position_lock import Holder
from console.ui import already_running
from console.ui.already_running import AlreadyRunningDialog, can_ask

HOLDER = Holder(pid=4321, host="meldkamer-7", started="2025-01-01T00:05:00+01:00",
                journal="/data/vangnet/journal.db")


@pytest.fixture
def dialog(qtbot):
    d = AlreadyRunningDialog(HOLDER, "/data/vangnet")
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    return d


def test_it_names_the_running_position(dialog):
    text = dialog.details.text()
    for part in ("4321", "meldkamer-7", "2025-01-01 00:05", "/data/vangnet/journal.db"):
        assert part in text
    assert dialog.second_button.height() >= 60 and dialog.close_button.height() >= 60


def test_start_a_second_position_accepts(qtbot, dialog):
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.second_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_close_and_escape_reject(qtbot, dialog):
    with qtbot.waitSignal(dialog.rejected):
        qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Rejected
    dialog.show()
    with qtbot.waitSignal(dialog.rejected):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)


def test_unknown_holder_names_the_folder(qtbot):
    d = AlreadyRunningDialog(None, "/data/vangnet")
    qtbot.addWidget(d)
    assert "/data/vangnet" in d.details.text()


def test_no_window_without_a_screen_or_with_quit_after(monkeypatch):
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert not can_ask()
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.delenv("VANGNET_NO_DIALOG", raising=False)
    assert can_ask()
    assert not can_ask(quit_after=3) and not can_ask(no_dialog=True)
    monkeypatch.setenv("VANGNET_NO_DIALOG", "1")
    assert not can_ask()


class FixedSettings:
    def get(self, key):
        return {"console_id": "pos-main"}.get(key)


@pytest.mark.parametrize("button", ["second_button", "close_button"])
def test_the_start_follows_the_button(qtbot, tmp_path, monkeypatch, button):
    """cmd_run's path: the running position's folder is locked, the window asks."""
    held = position_lock.claim(tmp_path, "pos-main", training=True)
    monkeypatch.setattr(already_running, "can_ask", lambda *a: True)
    monkeypatch.setattr(cli, "_new_app", lambda *a: None)  # the test's QApplication is used

    def click():
        shown = QApplication.activeModalWidget()
        assert isinstance(shown, AlreadyRunningDialog)
        getattr(shown, button).click()

    QTimer.singleShot(0, click)
    args = cli.build_parser().parse_args(["run", "--training"])
    try:
        got = cli._claim_position(args, tmp_path, FixedSettings())
    finally:
        held.lock.release()
    if button == "close_button":
        assert got == cli.EXIT_POSITION_RUNNING
        return
    got.lock.release()
    assert got.position == "2"
    assert got.journal == tmp_path / "posities" / "2" / "oefening" / "journal.db"
    assert got.console_id.endswith("-2-oefening")


def test_enter_closes_rather_than_starting_a_position(qtbot, dialog):
    with qtbot.waitSignal(dialog.rejected):
        qtbot.keyClick(dialog, Qt.Key.Key_Return)
