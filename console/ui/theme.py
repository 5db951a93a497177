"""Dark (night shift) and light themes; large type readable at two metres."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

ALARM_RED = "#c62828"
TRAINING_ORANGE = "#ef6c00"  # training only: a drill is never mistaken for real
INFO_BLUE = "#1e88e5"  # work in progress that is neither an alarm nor training


def apply_theme(app: QApplication, name: str = "dark", point_size: int = 13) -> None:
    app.setStyle("Fusion")
    font = QFont("DejaVu Sans", point_size)
    app.setFont(font)
    if name != "dark":
        app.setPalette(app.style().standardPalette())
        return
    p = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#1e1f22", QPalette.ColorRole.WindowText: "#e8e8e8",
        QPalette.ColorRole.Base: "#141517", QPalette.ColorRole.AlternateBase: "#202226",
        QPalette.ColorRole.Text: "#e8e8e8", QPalette.ColorRole.Button: "#2b2d31",
        QPalette.ColorRole.ButtonText: "#f0f0f0", QPalette.ColorRole.Highlight: "#3d6fb6",
        QPalette.ColorRole.HighlightedText: "#ffffff", QPalette.ColorRole.ToolTipBase: "#2b2d31",
        QPalette.ColorRole.ToolTipText: "#f0f0f0", QPalette.ColorRole.PlaceholderText: "#9a9a9a",
    }
    for role, colour in roles.items():
        p.setColor(role, QColor(colour))
    app.setPalette(p)
