"""Push-to-talk controls: a press-and-hold button and keyboard/foot-switch keys.

PTT is tiny and fails safe (STYLE.md #14): both controls only ever say "pressed" and
"released"; they never toggle, and whenever they might miss the physical release (the
button is hidden or disabled, loses focus, the window or application is deactivated) they
release themselves. A release that is not needed costs nothing; a PTT stuck on blocks a
whole talkgroup. The desk adds its transmit time-out behind this.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QWidget,
)

LOG = logging.getLogger(__name__)

DEFAULT_RADIO_KEYS = tuple(f"F{n}" for n in range(1, 9))  # F1-F8 -> radios in order
DEFAULT_SELECTED_KEYS = ("Space", "ScrollLock")  # ScrollLock: what USB foot switches send
RELEASE_DEBOUNCE_MS = 60  # longer than X autorepeat's release-press gap (~0 to 40 ms)
_TOUCH_END = (QEvent.Type.TouchEnd, QEvent.Type.TouchCancel)


class PttButton(QPushButton):
    """Transmits while held by mouse, touch or the Space key; never a toggle."""

    ptt_pressed = Signal()
    ptt_released = Signal()

    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(text, parent)
        self.setCheckable(False)
        self.setAutoRepeat(False)
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        self._held = False

    @property
    def held(self) -> bool:
        return self._held

    def press(self) -> None:
        if self._held or not self.isEnabled():
            return
        self._held = True
        self.setDown(True)
        self.ptt_pressed.emit()

    def release(self) -> None:
        if not self._held:
            return
        self._held = False
        self.setDown(False)
        self.ptt_released.emit()

    # The base class would emit clicked() on release and "un-press" when the pointer
    # leaves the button; a talking dispatcher whose mouse drifts must keep the floor.
    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.press()
            event.accept()
        else:
            event.ignore()

    def mouseReleaseEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.release()
            event.accept()
        else:
            event.ignore()

    def mouseMoveEvent(self, event) -> None:
        event.accept()

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Space:
            if not event.isAutoRepeat():
                self.press()
            event.accept()
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Space:
            if not event.isAutoRepeat():
                self.release()
            event.accept()
            return
        super().keyReleaseEvent(event)

    def event(self, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.TouchBegin:  # accepted: Qt then sends no synthetic mouse
            self.press()
            event.accept()
            return True
        if kind == QEvent.Type.TouchUpdate:
            event.accept()
            return True
        if kind in _TOUCH_END:
            self.release()
            event.accept()
            return True
        if kind == QEvent.Type.UngrabMouse:  # a popup took the mouse: its release is lost
            self.release()
        return super().event(event)

    # --- fail safe ------------------------------------------------------------------------
    def hideEvent(self, event) -> None:
        self.release()
        super().hideEvent(event)

    def focusOutEvent(self, event) -> None:
        self.release()
        super().focusOutEvent(event)

    def changeEvent(self, event) -> None:
        kind = event.type()
        if (kind == QEvent.Type.ActivationChange and not self.isActiveWindow()) or (
                kind == QEvent.Type.EnabledChange and not self.isEnabled()):
            self.release()
        super().changeEvent(event)


def key_code(name: str) -> int:
    """Qt key code of a key name as QKeySequence spells it ("F1", "Space", "ScrollLock")."""
    seq = QKeySequence.fromString(name, QKeySequence.SequenceFormat.PortableText)
    if seq.isEmpty() or seq.count() != 1 or seq[0].key() == Qt.Key.Key_unknown:
        raise ValueError(f"not a single key: {name!r}")
    return seq[0].key().value


def is_text_input(widget: QWidget | None) -> bool:
    if isinstance(widget, QComboBox):
        return widget.isEditable()
    return isinstance(widget, QLineEdit | QTextEdit | QPlainTextEdit | QAbstractSpinBox)


class PttKeys(QObject):
    """Application-wide PTT keys: one per radio, and keys for the selected radio.

    Install with ``QApplication.instance().installEventFilter(keys)`` (``install()``).
    Modifiers are ignored, so a key held with Shift still keys and releases. A key that
    types text (Space) is left to the text field that has the focus; a dedicated key (F1,
    ScrollLock of a foot switch) works everywhere.
    """

    ptt_pressed = Signal(str)
    ptt_released = Signal(str)

    def __init__(self, radio_ids: Sequence[str], selected_radio: Callable[[], str | None], *,
                 radio_keys: Mapping[str, str] | None = None,
                 selected_keys: Sequence[str] = DEFAULT_SELECTED_KEYS,
                 parent: QObject | None = None):
        super().__init__(parent)
        if radio_keys is None:
            radio_keys = dict(zip(radio_ids, DEFAULT_RADIO_KEYS, strict=False))
        self._radio_of_key = {key_code(name): radio for radio, name in radio_keys.items()}
        self._selected_keys = {key_code(name) for name in selected_keys}
        self._selected_radio = selected_radio
        self._down: dict[int, str] = {}  # key held -> the radio its press keyed
        self._pending_release: dict[int, QTimer] = {}  # key -> its release, not yet final
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.applicationStateChanged.connect(self._on_application_state)

    def install(self) -> None:
        QApplication.instance().installEventFilter(self)

    def uninstall(self) -> None:
        self.release_all()
        QApplication.instance().removeEventFilter(self)

    def releases_pending(self) -> int:
        """Key releases not yet final (waiting out the autorepeat debounce)."""
        return len(self._pending_release)

    def held(self) -> dict[int, str]:
        return dict(self._down)

    def release_all(self) -> None:
        for timer in self._pending_release.values():
            timer.stop()
        self._pending_release.clear()
        down, self._down = self._down, {}
        for radio in dict.fromkeys(down.values()):
            self.ptt_released.emit(radio)

    def _target(self, key: int, event) -> str | None:
        if key in self._radio_of_key:
            return self._radio_of_key[key]
        if key in self._selected_keys:
            text = event.text()
            if text and text.isprintable() and is_text_input(QApplication.focusWidget()):
                return None  # Space in a search or note field is a space
            return self._selected_radio()
        return None

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.WindowDeactivate and isinstance(obj, QWidget) and obj.isWindow():
            self.release_all()  # the key's release will go to another window or program
            return False
        if kind not in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease,
                        QEvent.Type.ShortcutOverride) or not isinstance(obj, QWidget):
            return False  # the QWindow sees key events before its widget: act only once
        key = event.key()
        if kind == QEvent.Type.KeyRelease:
            if key not in self._down:
                return False
            if not event.isAutoRepeat() and key not in self._pending_release:
                # X sends autorepeat as release+press pairs, and after a focus change Qt
                # no longer flags them: a release is final only if no press follows soon.
                # Without this a held key toggled the transmitter at 25 Hz (seen live).
                timer = QTimer(self)
                timer.setSingleShot(True)
                timer.timeout.connect(lambda key=key: self._finish_release(key))
                self._pending_release[key] = timer
                timer.start(RELEASE_DEBOUNCE_MS)
            return True
        if key in self._down:  # autorepeat (or a duplicate) of a held key: swallow it
            if kind == QEvent.Type.KeyPress and key in self._pending_release:
                self._pending_release.pop(key).stop()  # the key is still held
            if kind == QEvent.Type.ShortcutOverride:
                event.accept()
            return True
        radio = self._target(key, event)
        if radio is None:
            return False
        if kind == QEvent.Type.ShortcutOverride:
            event.accept()  # we take the key: no shortcut may fire on it
            return True
        if event.isAutoRepeat():
            return True
        if radio in self._down.values():
            self._down[key] = radio  # a second key on the same radio: one press
            return True
        self._down[key] = radio
        self.ptt_pressed.emit(radio)
        return True

    def _finish_release(self, key: int) -> None:
        if self._pending_release.pop(key, None) is None or key not in self._down:
            return
        radio = self._down.pop(key)
        if radio not in self._down.values():  # another key may still hold it
            self.ptt_released.emit(radio)

    def _on_application_state(self, state: Qt.ApplicationState) -> None:
        if state != Qt.ApplicationState.ApplicationActive:
            self.release_all()
