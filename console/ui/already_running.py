"""The small window of a second start on a running position: where that one runs, and
two plain choices (start a second position, or close).

Started from a desktop icon there is no terminal to read, so the reason must be on screen.
Without a screen to ask on (offscreen, ``--quit-after``, ``--no-dialog``) nothing is
shown: the caller prints the reason and exits.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from console.position_lock import Holder

HEADLESS_PLATFORMS = ("offscreen", "minimal")


def can_ask(quit_after: float | None = None, no_dialog: bool = False) -> bool:
    """Is there a screen and a person to ask? Otherwise a window would wait forever."""
    if no_dialog or quit_after or os.environ.get("VANGNET_NO_DIALOG"):
        return False
    if os.environ.get("QT_QPA_PLATFORM", "").split(":")[0] in HEADLESS_PLATFORMS:
        return False
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


class AlreadyRunningDialog(QDialog):
    """Accepted: start a second position; rejected (Close, Escape, window closed): exit."""

    def __init__(self, holder: Holder | None, folder: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Vangnet — position already running"))
        self.setStyleSheet("QLabel { font-size: 16pt; } QPushButton { font-size: 16pt;"
                           " min-height: 64px; padding: 0 24px; }")
        title = QLabel(self.tr("This position is already running."))
        title.setStyleSheet("font-size: 22pt; font-weight: bold;")
        if holder is None:
            where = self.tr("It has not said where yet. Folder: %1").replace("%1", folder)
        else:
            where = (self.tr("Started %1 on computer %2 (process %3).\nJournal: %4")
                     .replace("%1", holder.since()).replace("%2", holder.host)
                     .replace("%3", str(holder.pid)).replace("%4", holder.journal))
        self.details = QLabel(where)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setWordWrap(True)
        advice = QLabel(self.tr("Use the window that is already open. Or start a second"
                                " position here: it has its own journal and its own id."))
        advice.setWordWrap(True)
        self.second_button = QPushButton(self.tr("Start a second position"))
        self.close_button = QPushButton(self.tr("Close"))
        self.second_button.clicked.connect(self.accept)
        self.close_button.clicked.connect(self.reject)
        # Enter never starts a position by accident: Close has the focus and is the default.
        self.second_button.setAutoDefault(False)
        self.close_button.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.second_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 28)
        layout.setSpacing(18)
        for w in (title, self.details, advice):
            layout.addWidget(w)
        layout.addLayout(buttons)
        self.setMinimumWidth(720)
        self.close_button.setFocus()


def ask_second_position(holder: Holder | None, folder: str) -> bool:
    """Show the window and wait for the choice: True to start a second position."""
    dialog = AlreadyRunningDialog(holder, folder)
    dialog.adjustSize()
    # Low on the screen: the running console's alarms are at its top and stay visible.
    # Modal only within this process, which has no console yet; the running one stays usable.
    area = dialog.screen().availableGeometry()
    dialog.move(area.center().x() - dialog.width() // 2,
                area.bottom() - dialog.height() - area.height() // 10)
    return dialog.exec() == QDialog.DialogCode.Accepted


def position_title(name: str) -> str:
    """Shown in the window title, so two positions on one screen are told apart."""
    return QCoreApplication.translate("AlreadyRunningDialog", "Position %1").replace("%1", name)
