"""Shortcuts with an explicit context.

PySide6's ``QShortcut(key, parent, slot, context=...)`` silently leaves the context at
WindowShortcut: a "local" Enter shortcut then fires anywhere in the window (it answered
talk requests while the operator typed a talkgroup). Always build them here.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget


def local_shortcut(key: QKeySequence | str | Qt.Key, parent: QWidget,
                   slot: Callable[[], object]) -> QShortcut:
    """Active only while the focus is in ``parent`` or one of its children."""
    shortcut = QShortcut(QKeySequence(key), parent)
    shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    shortcut.activated.connect(slot)
    return shortcut
