"""Dutch is the default language; every screen text has a finished Dutch translation."""

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from console.resources import resource_path
from console.ui.i18n import install_translators

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    root = ET.parse(ts).getroot()
    return {(ctx.findtext("name"), m.findtext("source")): m.find("translation")
            for ctx in root.iter("context") for m in ctx.iter("message")}


def test_every_source_text_is_translated(tmp_path):
    shipped = resource_path("i18n", "vangnet_nl.ts")
    fresh = tmp_path / "fresh.ts"
    shutil.copyfile(shipped, fresh)
    sources = sorted(str(p) for p in (ROOT / "console" / "ui").glob("*.py"))
    subprocess.run([BIN / "pyside6-lupdate", "-no-obsolete", *sources, "-ts", str(fresh)],
                   check=True, capture_output=True)
    found = messages(fresh)
    assert len(found) >= 30
    unfinished = [k for k, t in found.items() if t.get("type") == "unfinished" or not t.text]
    assert not unfinished, f"untranslated (run scripts/update_translations.sh): {unfinished}"
    assert found.keys() == messages(shipped).keys(), "vangnet_nl.ts is out of date"


def test_compiled_catalogue_is_current(tmp_path):
    out = tmp_path / "nl.qm"
    subprocess.run([BIN / "pyside6-lrelease", str(resource_path("i18n", "vangnet_nl.ts")),
                    "-qm", str(out)], check=True, capture_output=True)
    assert out.read_bytes() == resource_path("i18n", "vangnet_nl.qm").read_bytes()


def test_dutch_is_installed(qapp):
    translators = install_translators(qapp, "nl")
    try:
        assert QCoreApplication.translate("MainWindow", "Save note") == "Notitie opslaan"
        assert QCoreApplication.translate("RadioHealthModel", "Talkgroup") == "Gespreksgroep"
        # Column titles are translated in each model's own context (TableModel).
        from PySide6.QtCore import Qt

        from console.state.journal_tail import JournalTail
        from console.ui.models import JournalTailModel
        header = JournalTailModel(JournalTail()).headerData(0, Qt.Orientation.Horizontal)
        assert header == "Tijd"
    finally:
        for t in translators:
            qapp.removeTranslator(t)
    assert QCoreApplication.translate("MainWindow", "Save note") == "Save note"
