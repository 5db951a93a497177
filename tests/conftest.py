"""Shared test set-up: Qt offscreen before anything imports Qt, crash tracebacks on."""

import faulthandler
import os

# pytest-qt aborts without a platform; offscreen needs no X server (TESTBED.md).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QPA_FONTDIR", "/usr/share/fonts/truetype/dejavu")
faulthandler.enable()
