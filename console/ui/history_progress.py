"""The bar that says a long history is still being read after a start.

The window works at once (radios, PTT, alarms, notes); the unit board, journal and
messages fill in when the history is folded (ConsoleController, ProjectionHost.start_rebuild).
"""

from __future__ import annotations

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QProgressBar

from console.ui.theme import INFO_BLUE


class HistoryProgress(QFrame):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("historyProgress")
        self.setStyleSheet(f"#historyProgress {{ border: 2px solid {INFO_BLUE}; }}")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setStyleSheet("font-weight:bold;")
        self.bar = QProgressBar()
        self.bar.setMinimumWidth(200)
        self.bar.setMinimumHeight(28)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(8, 4, 8, 4)
        lay.addWidget(self.label, 1)
        lay.addWidget(self.bar)
        self.hide()

    def show_progress(self, done: int, total: int | None) -> None:
        number = QLocale().toString
        if total:
            self.bar.setRange(0, 1000)
            self.bar.setValue(int(1000 * min(done, total) / total))
            self.bar.setFormat(f"{min(100, 100 * done // total)} %")
            read = self.tr("Reading the journal's history: %1 of %2 entries.").replace(
                "%1", number(done)).replace("%2", number(total))
        else:
            self.bar.setRange(0, 0)  # busy: the number to read is not known
            read = self.tr("Reading the journal's history: %1 entries.").replace(
                "%1", number(done))
        self.label.setText(read + " " + self.tr(
            "The unit board, journal and messages are brought up to date when it is done; "
            "radios, PTT, emergency alarms and notes work now."))
        self.show()

    def finish(self) -> None:
        self.hide()
