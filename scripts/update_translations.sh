#!/usr/bin/env bash
# Refresh the Dutch catalogue from the sources, then compile it. Translate the new
# (unfinished) messages in resources/i18n/vangnet_nl.ts with Qt Linguist
# (.venv/bin/pyside6-linguist) and run this again; a test fails while any is unfinished.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/pyside6-lupdate -no-obsolete console/ui/*.py -ts resources/i18n/vangnet_nl.ts
.venv/bin/pyside6-lrelease resources/i18n/vangnet_nl.ts -qm resources/i18n/vangnet_nl.qm
