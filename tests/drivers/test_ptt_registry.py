"""PTT kinds ↔ files, stable ids, and settings that are refused by name (STYLE.md #2)."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest

import drivers.ptt
from drivers.clock import FakeClock
from drivers.pei import families
from drivers.pei.radio import PeiRadio
from drivers.ptt import registry
from drivers.ptt.base import Ptt, PttConfigError
from drivers.ptt.pei_floor import PeiFloorPtt
from drivers.ptt.serial_lines import SerialLinePtt

PTT_DIR = Path(drivers.ptt.__file__).parent


def _registering_modules(folder: Path) -> set[str]:
    found = set()
    for path in sorted(folder.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                for deco in node.decorator_list:
                    target = deco.func if isinstance(deco, ast.Call) else deco
                    if getattr(target, "id", getattr(target, "attr", None)) == "register":
                        found.add(f"drivers.ptt.{path.stem}")
    return found


def test_kind_files_match_the_registry():
    registered = {registry.kind(m).__module__ for m in registry.available()}
    assert _registering_modules(PTT_DIR) == registered == set(registry.PTT_MODULES)


def test_load_imports_every_kind_module_by_name():
    source = Path(registry.__file__).read_text(encoding="utf-8")
    load = next(n for n in ast.parse(source).body
                if isinstance(n, ast.FunctionDef) and n.name == "_load")
    imported = {alias.name for n in ast.walk(load) if isinstance(n, ast.Import)
                for alias in n.names}
    assert imported == set(registry.PTT_MODULES)


def test_stable_ids():
    assert registry.available() == ["pei", "serial"]
    assert registry.kind("pei") is PeiFloorPtt and PeiFloorPtt.method == "pei"
    assert registry.kind("serial") is SerialLinePtt and SerialLinePtt.method == "serial"
    assert registry.method_of({}) == registry.method_of(None) == "pei"  # README: empty = PEI


def test_an_id_cannot_be_taken_twice():
    with pytest.raises(ValueError):
        registry.register("serial")(type("Impostor", (Ptt,), {}))


def test_settings_from_the_readme_build_each_kind():
    clock = FakeClock()
    radio = PeiRadio("r", "/nonexistent")  # never started: building PTT needs no link
    pei = registry.create(config={}, radio=radio, clock=clock, tx_timeout_s=42.0)
    assert isinstance(pei, PeiFloorPtt) and pei.radio is radio and pei.tx_timeout_s == 42.0
    line = registry.create(config={"method": "serial", "port": "loop://", "line": "dtr",
                                   "invert": True}, clock=clock)
    try:
        assert isinstance(line, SerialLinePtt) and (line.line, line.invert) == ("DTR", True)
        assert line.clock is clock
    finally:
        line.close()


@pytest.mark.parametrize("config, named", [
    ({"method": "serial"}, '"port"'),
    ({"method": "serial", "port": ""}, '"port"'),
    ({"method": "serial", "port": "loop://", "line": "CTS"}, '"line"'),
    ({"method": "serial", "port": "loop://", "invert": "yes"}, '"invert"'),
    ({"method": "serial", "port": "loop://", "baud": 9600}, "'baud'"),
    ({"method": "pei", "port": "/dev/ttyUSB3"}, "'port'"),
    ({"method": "cm108"}, "unknown PTT method 'cm108'"),
    ({"method": 3}, '"method"'),
    (["serial"], "object"),
])
def test_bad_settings_are_refused_by_name(config, named):
    with pytest.raises(PttConfigError) as info:
        registry.create(config=config, radio=PeiRadio("r", "/nonexistent"))
    assert named in str(info.value)


def test_pei_needs_a_radio_that_keys_over_the_pei():
    with pytest.raises(PttConfigError, match="needs|none was given"):
        registry.create("pei")
    lacking = dataclasses.replace(families.FAMILIES["motorola"], ptt_over_pei=False)
    with pytest.raises(PttConfigError, match='"method": "serial"'):
        registry.create(config={}, radio=PeiRadio("r", "/nonexistent", capabilities=lacking))


def test_method_and_settings_must_agree():
    with pytest.raises(PttConfigError, match="asked for"):
        registry.create("pei", config={"method": "serial", "port": "loop://"})
