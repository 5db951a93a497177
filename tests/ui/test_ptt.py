"""PTT controls: press-and-hold button (mouse, touch, Space) and application PTT keys."""

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QVBoxLayout, QWidget

from console.ui.ptt import PttButton, PttKeys, key_code


class Recorder:
    def __init__(self, pressed, released):
        self.log = []
        pressed.connect(lambda *a: self.log.append(("press", *a)))
        released.connect(lambda *a: self.log.append(("release", *a)))


@pytest.fixture
def button(qtbot):
    host = QWidget()
    lay = QVBoxLayout(host)
    btn = PttButton("PTT")
    other = QPushButton("other")
    lay.addWidget(btn)
    lay.addWidget(other)
    qtbot.addWidget(host)
    host.show()
    qtbot.waitExposed(host)
    btn.other, btn.host = other, host  # qtbot only keeps a weak reference to host
    return btn


def test_mouse_press_and_hold_then_release(qtbot, button):
    rec = Recorder(button.ptt_pressed, button.ptt_released)
    clicked = []
    button.clicked.connect(lambda: clicked.append(1))
    qtbot.mousePress(button, Qt.MouseButton.LeftButton)
    assert rec.log == [("press",)] and button.held and button.isDown()
    qtbot.mouseMove(button, QPoint(-50, -50))  # drifting off the button keeps the floor
    assert button.held
    qtbot.mouseRelease(button, Qt.MouseButton.LeftButton)
    assert rec.log == [("press",), ("release",)] and not button.held
    assert not clicked and not button.isChecked()  # never a toggle, never a click


def test_right_button_does_nothing(qtbot, button):
    rec = Recorder(button.ptt_pressed, button.ptt_released)
    qtbot.mousePress(button, Qt.MouseButton.RightButton)
    qtbot.mouseRelease(button, Qt.MouseButton.RightButton)
    assert rec.log == []


def test_touch_press_and_release(qtbot, button):
    rec = Recorder(button.ptt_pressed, button.ptt_released)
    device = QTest.createTouchDevice()
    centre = button.rect().center()
    QTest.touchEvent(button, device).press(0, centre, button).commit()
    qtbot.waitUntil(lambda: button.held, timeout=1000)
    QTest.touchEvent(button, device).move(0, centre + QPoint(3, 0), button).commit()
    assert button.held
    QTest.touchEvent(button, device).release(0, centre, button).commit()
    qtbot.waitUntil(lambda: not button.held, timeout=1000)
    assert rec.log == [("press",), ("release",)]


def test_space_on_the_focused_button_is_hold_to_talk(qtbot, button):
    rec = Recorder(button.ptt_pressed, button.ptt_released)
    button.setFocus()
    qtbot.keyPress(button, Qt.Key.Key_Space)
    QApplication.sendEvent(button, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Space,
                                             Qt.KeyboardModifier.NoModifier, " ", True))
    qtbot.keyRelease(button, Qt.Key.Key_Space)
    assert rec.log == [("press",), ("release",)]


@pytest.mark.parametrize("how", ["hide", "disable", "focus", "deactivate"])
def test_fail_safe_release(qtbot, button, how):
    rec = Recorder(button.ptt_pressed, button.ptt_released)
    button.setFocus()
    qtbot.mousePress(button, Qt.MouseButton.LeftButton)
    if how == "hide":
        button.hide()
    elif how == "disable":
        button.setEnabled(False)
    elif how == "focus":
        button.other.setFocus()
        qtbot.waitUntil(lambda: button.other.hasFocus(), timeout=1000)
    else:
        qtbot.waitUntil(button.isActiveWindow, timeout=1000)
        dialog = QWidget()  # e.g. a dialog of another program comes to the front
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.activateWindow()
        qtbot.waitUntil(lambda: not button.isActiveWindow(), timeout=1000)
    assert rec.log == [("press",), ("release",)]
    qtbot.mouseRelease(button, Qt.MouseButton.LeftButton)  # the late real release: no-op
    assert rec.log == [("press",), ("release",)]


# --- PttKeys ------------------------------------------------------------------------------

@pytest.fixture
def keys_env(qtbot):
    host = QWidget()
    lay = QVBoxLayout(host)
    edit, plain = QLineEdit(), QPushButton("focus me")
    lay.addWidget(edit)
    lay.addWidget(plain)
    qtbot.addWidget(host)
    host.show()
    qtbot.waitExposed(host)
    state = {"selected": "r2"}
    keys = PttKeys(["r1", "r2", "r3"], lambda: state["selected"])
    keys.install()
    plain.setFocus()
    yield keys, edit, plain, state
    keys.uninstall()


def key(widget, k, kind=QEvent.Type.KeyPress, text="", autorepeat=False):
    QApplication.sendEvent(widget, QKeyEvent(kind, k, Qt.KeyboardModifier.NoModifier, text,
                                             autorepeat))


def settle(qtbot, rec, expected):
    """A key release is final after RELEASE_DEBOUNCE_MS (X autorepeat pairs): wait for it."""
    qtbot.waitUntil(lambda: rec.log == expected, timeout=1000)


def test_function_key_per_radio(qtbot, keys_env):
    keys, edit, plain, _ = keys_env
    rec = Recorder(keys.ptt_pressed, keys.ptt_released)
    qtbot.keyPress(plain, Qt.Key.Key_F1)
    qtbot.keyPress(plain, Qt.Key.Key_F3)
    qtbot.keyRelease(plain, Qt.Key.Key_F1)
    qtbot.keyRelease(plain, Qt.Key.Key_F3)
    settle(qtbot, rec, [("press", "r1"), ("press", "r3"), ("release", "r1"), ("release", "r3")])
    qtbot.keyPress(plain, Qt.Key.Key_F8)  # no eighth radio: not ours
    assert len(rec.log) == 4


def test_space_and_foot_switch_key_the_selected_radio(qtbot, keys_env):
    keys, edit, plain, state = keys_env
    rec = Recorder(keys.ptt_pressed, keys.ptt_released)
    clicked = []
    plain.clicked.connect(lambda: clicked.append(1))
    qtbot.keyPress(plain, Qt.Key.Key_Space)
    state["selected"] = "r3"  # the selection changes while keyed: r2 is still released
    qtbot.keyRelease(plain, Qt.Key.Key_Space)
    settle(qtbot, rec, [("press", "r2"), ("release", "r2")])
    qtbot.keyPress(plain, Qt.Key.Key_ScrollLock)
    qtbot.keyRelease(plain, Qt.Key.Key_ScrollLock)
    settle(qtbot, rec, [("press", "r2"), ("release", "r2"), ("press", "r3"), ("release", "r3")])
    assert not clicked  # Space did not also click the focused button


def test_space_in_a_text_field_types(qtbot, keys_env):
    keys, edit, plain, _ = keys_env
    rec = Recorder(keys.ptt_pressed, keys.ptt_released)
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus, timeout=1000)
    qtbot.keyClicks(edit, "RR BRW")
    assert edit.text() == "RR BRW" and rec.log == []
    qtbot.keyPress(edit, Qt.Key.Key_ScrollLock)  # the foot switch works even there
    qtbot.keyRelease(edit, Qt.Key.Key_ScrollLock)
    settle(qtbot, rec, [("press", "r2"), ("release", "r2")])


def test_autorepeat_is_ignored(qtbot, keys_env):
    keys, _, plain, _ = keys_env
    rec = Recorder(keys.ptt_pressed, keys.ptt_released)
    key(plain, Qt.Key.Key_F2)
    for _ in range(3):  # X11 autorepeat: release+press pairs flagged as autorepeat
        key(plain, Qt.Key.Key_F2, QEvent.Type.KeyRelease, autorepeat=True)
        key(plain, Qt.Key.Key_F2, autorepeat=True)
    key(plain, Qt.Key.Key_F2, QEvent.Type.KeyRelease)
    settle(qtbot, rec, [("press", "r2"), ("release", "r2")])


def test_unflagged_autorepeat_pairs_do_not_toggle_the_transmitter(qtbot, keys_env):
    """After a focus change X's autorepeat pairs arrive without the autorepeat flag."""
    keys, _, plain, _ = keys_env
    rec = Recorder(keys.ptt_pressed, keys.ptt_released)
    key(plain, Qt.Key.Key_F2)
    for _ in range(5):
        key(plain, Qt.Key.Key_F2, QEvent.Type.KeyRelease)
        key(plain, Qt.Key.Key_F2)
    assert rec.log == [("press", "r2")]  # still keyed, never released in between
    key(plain, Qt.Key.Key_F2, QEvent.Type.KeyRelease)
    settle(qtbot, rec, [("press", "r2"), ("release", "r2")])


def test_release_arrives_after_focus_moved(qtbot, keys_env):
    keys, edit, plain, _ = keys_env
    rec = Recorder(keys.ptt_pressed, keys.ptt_released)
    qtbot.keyPress(plain, Qt.Key.Key_Space)
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus, timeout=1000)
    qtbot.keyRelease(edit, Qt.Key.Key_Space)  # in a text field now, still our release
    settle(qtbot, rec, [("press", "r2"), ("release", "r2")])
    assert edit.text() == ""


def test_two_keys_on_one_radio_release_once_both_are_up(qtbot, keys_env):
    keys, _, plain, _ = keys_env
    rec = Recorder(keys.ptt_pressed, keys.ptt_released)
    qtbot.keyPress(plain, Qt.Key.Key_F2)
    qtbot.keyPress(plain, Qt.Key.Key_Space)  # selected is r2 as well
    qtbot.keyRelease(plain, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: keys.releases_pending() == 0, timeout=1000)  # F2's is final
    assert rec.log == [("press", "r2")]
    qtbot.keyRelease(plain, Qt.Key.Key_Space)
    settle(qtbot, rec, [("press", "r2"), ("release", "r2")])


def test_window_deactivation_releases_held_keys(qtbot, keys_env):
    keys, _, plain, _ = keys_env
    rec = Recorder(keys.ptt_pressed, keys.ptt_released)
    qtbot.keyPress(plain, Qt.Key.Key_F1)
    QApplication.sendEvent(plain.window(), QEvent(QEvent.Type.WindowDeactivate))
    assert rec.log == [("press", "r1"), ("release", "r1")]
    qtbot.keyRelease(plain, Qt.Key.Key_F1)  # the real release later is not a second one
    assert len(rec.log) == 2


def test_configured_keys_and_bad_names():
    keys = PttKeys(["a", "b"], lambda: None, radio_keys={"b": "F10"}, selected_keys=("F12",))
    assert keys._radio_of_key == {key_code("F10"): "b"}
    with pytest.raises(ValueError):
        PttKeys(["a"], lambda: None, radio_keys={"a": "NoSuchKey"})


def test_nothing_selected_leaves_space_alone(qtbot, keys_env):
    keys, _, plain, state = keys_env
    state["selected"] = None
    rec = Recorder(keys.ptt_pressed, keys.ptt_released)
    clicked = []
    plain.clicked.connect(lambda: clicked.append(1))
    qtbot.keyClick(plain, Qt.Key.Key_Space)
    assert rec.log == [] and clicked == [1]


def test_space_on_a_focused_ptt_button_keys_that_radio(qtbot):
    """Tab to radio 2's PTT while radio 1 is selected: Space must key radio 2."""
    from console.ui.radio_panel import RadioPanel, RadioPanelGrid
    grid = RadioPanelGrid()
    qtbot.addWidget(grid)
    for n in (1, 2):
        grid.add_panel(RadioPanel(f"r{n}", f"Sim {n}", talkgroups=[], alias_of=lambda i: None,
                                  clock=lambda: 0.0))
    keys = PttKeys(["r1", "r2"], grid.selected_id)
    keys.install()
    rec = Recorder(keys.ptt_pressed, keys.ptt_released)
    try:
        grid.show()
        qtbot.waitExposed(grid)
        assert grid.selected_id() == "r1"
        grid.activateWindow()
        qtbot.waitUntil(grid.isActiveWindow, timeout=1000)
        grid.panel("r2").ptt.setFocus()
        qtbot.waitUntil(lambda: grid.selected_id() == "r2", timeout=1000)
        qtbot.keyPress(grid.panel("r2").ptt, Qt.Key.Key_Space)
        assert rec.log == [("press", "r2")]
        qtbot.keyRelease(grid.panel("r2").ptt, Qt.Key.Key_Space)
        settle(qtbot, rec, [("press", "r2"), ("release", "r2")])
    finally:
        keys.uninstall()
