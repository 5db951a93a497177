"""The shortcut overlay (F9): a see-through panel over the work area, never a dialog.

It sits below the alarm stack, so it can never hide an emergency; any key or click
closes it.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

SHORTCUTS = (
    ("F1 … F8", QT_TRANSLATE_NOOP("HelpOverlay", "Push-to-talk on radio 1 … 8 (hold)")),
    ("Space / Scroll Lock", QT_TRANSLATE_NOOP("HelpOverlay",
                                              "Push-to-talk on the selected radio (hold)")),
    ("Ctrl+1 … Ctrl+8", QT_TRANSLATE_NOOP("HelpOverlay", "Select radio 1 … 8")),
    ("Ctrl+G", QT_TRANSLATE_NOOP("HelpOverlay", "Choose talkgroup of the selected radio")),
    ("Ctrl+H", QT_TRANSLATE_NOOP("HelpOverlay", "Hold the selected radio on its group")),
    ("F12", QT_TRANSLATE_NOOP("HelpOverlay", "Acknowledge the newest emergency")),
    ("Ctrl+F", QT_TRANSLATE_NOOP("HelpOverlay", "Search the unit board")),
    ("Ctrl+L", QT_TRANSLATE_NOOP("HelpOverlay", "Give the selected unit an alias")),
    ("Ctrl+T", QT_TRANSLATE_NOOP("HelpOverlay", "Answer the first talk request")),
    ("Ctrl+M", QT_TRANSLATE_NOOP("HelpOverlay", "Write an SDS message")),
    ("Ctrl+N", QT_TRANSLATE_NOOP("HelpOverlay", "Write a journal note")),
    ("Ctrl+Enter", QT_TRANSLATE_NOOP("HelpOverlay", "Save the note / send the message")),
    ("Ctrl+J", QT_TRANSLATE_NOOP("HelpOverlay", "Go to the journal")),
    ("Ctrl+B", QT_TRANSLATE_NOOP("HelpOverlay", "Show all start-up notices, or fewer")),
    ("F9", QT_TRANSLATE_NOOP("HelpOverlay", "Show or hide this help")),
)


class HelpOverlay(QWidget):
    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("helpOverlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet("#helpOverlay { background: rgba(10, 12, 16, 225); }"
                           " QLabel { color: white; font-size: 16pt; }")
        grid = QGridLayout(self)
        grid.setContentsMargins(60, 40, 60, 40)
        title = QLabel(self.tr("Keyboard shortcuts — any key closes this"))
        title.setStyleSheet("font-weight: bold; font-size: 20pt;")
        grid.addWidget(title, 0, 0, 1, 2)
        self.key_labels: list[QLabel] = []
        for row, (keys, text) in enumerate(SHORTCUTS, start=1):
            key = QLabel(keys)
            key.setStyleSheet("font-family: 'DejaVu Sans Mono'; font-weight: bold;")
            self.key_labels.append(key)
            grid.addWidget(key, row, 0)
            grid.addWidget(QLabel(QCoreApplication.translate("HelpOverlay", text)), row, 1)
        grid.setRowStretch(len(SHORTCUTS) + 1, 1)
        parent.installEventFilter(self)
        self.hide()

    def set_ptt_keys(self, radio_keys: list[str], selected_keys: list[str]) -> None:
        """The configured keys (settings) instead of the defaults in the first two rows."""
        if radio_keys:
            first, last = radio_keys[0], radio_keys[-1]
            self.key_labels[0].setText(first if first == last else f"{first} … {last}")
        if selected_keys:
            self.key_labels[1].setText(" / ".join(selected_keys))

    def toggle(self) -> None:
        if self.isVisible():
            self.hide()
            return
        self.setGeometry(self.parentWidget().rect())
        self.show()
        self.raise_()
        self.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.parentWidget().rect())
        return False

    def keyPressEvent(self, event) -> None:
        self.hide()

    def mousePressEvent(self, event) -> None:
        self.hide()
