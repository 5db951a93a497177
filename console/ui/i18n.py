"""Qt translations: Dutch by default, English is the source language."""

from __future__ import annotations

import logging

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from console.resources import resource_path

LOG = logging.getLogger(__name__)


def install_translators(app: QApplication, language: str = "nl") -> list[QTranslator]:
    installed: list[QTranslator] = []
    if language == "en":
        return installed
    QLocale.setDefault(QLocale(language))
    ours = QTranslator(app)
    if ours.load(str(resource_path("i18n", f"vangnet_{language}.qm"))):
        app.installTranslator(ours)
        installed.append(ours)
    else:
        LOG.error("no translation for %r; the screen stays in English", language)
    qt = QTranslator(app)  # Qt's own dialogs and context menus
    if qt.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        installed.append(qt)
    return installed
