"""Registry ↔ files, stable ids, and NotSupported from the capability record
(STYLE.md #2 and #3)."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest

import drivers
from drivers import registry
from drivers.base import Capabilities, Radio, RadioState
from drivers.errors import NotSupported
from drivers.pei import families
from drivers.pei.radio import PeiRadio

PEI_DIR = Path(drivers.__file__).parent / "pei"


def _registering_modules(folder: Path) -> set[str]:
    """Modules in ``folder`` whose source applies ``@register(...)`` (a driver module)."""
    found = set()
    for path in sorted(folder.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef | ast.FunctionDef):
                for deco in node.decorator_list:
                    target = deco.func if isinstance(deco, ast.Call) else deco
                    if getattr(target, "id", getattr(target, "attr", None)) == "register":
                        found.add(f"drivers.pei.{path.stem}")
    return found


def test_driver_files_match_the_registry():
    on_disk = _registering_modules(PEI_DIR)
    registered = {registry.info(i).module for i in registry.available()}
    assert on_disk == registered == set(registry.DRIVER_MODULES)


def test_load_imports_every_driver_module_by_name():
    source = Path(registry.__file__).read_text(encoding="utf-8")
    load = next(n for n in ast.parse(source).body
                if isinstance(n, ast.FunctionDef) and n.name == "_load")
    imported = {alias.name for n in ast.walk(load) if isinstance(n, ast.Import)
                for alias in n.names}
    assert imported == set(registry.DRIVER_MODULES)


def test_stable_ids_and_family_records():
    assert registry.available() == ["pei.motorola", "pei.sepura"]
    for driver_id in registry.available():
        caps = registry.info(driver_id).capabilities()
        assert caps is not None and f"pei.{caps.family}" == driver_id
        assert caps.maturity in ("tested-sim", "untested")
    assert families.FAMILIES["motorola"].lip_hex_digits == 22
    assert families.FAMILIES["sepura"].lip_hex_digits == 21


def test_create_builds_an_unstarted_radio_with_overrides():
    radio = registry.create("pei.sepura", radio_id="r9", port="/nonexistent",
                            baudrate=115200)
    assert isinstance(radio, PeiRadio) and radio.id == "r9"
    assert radio.capabilities.family == "sepura" and radio.capabilities.baudrate == 115200
    assert not radio.state().linked


def test_unknown_driver_and_unknown_override_are_refused():
    with pytest.raises(KeyError):
        registry.create("pei.hytera", radio_id="x", port="/x")
    with pytest.raises(TypeError):
        registry.create("pei.motorola", radio_id="x", port="/x", warp_drive=True)


def test_an_id_cannot_be_taken_twice():
    with pytest.raises(ValueError):
        registry.register("pei.motorola")(type("Impostor", (), {}))


# --- NotSupported from the capability record ------------------------------------------

OPS = {
    "talkgroups": [lambda r: r.select_talkgroup("1000001"), lambda r: r.query_talkgroup()],
    "ptt_over_pei": [lambda r: r.ptt_press(), lambda r: r.ptt_release()],
    "status": [lambda r: r.send_status("2040001", 0x8002)],
    "text": [lambda r: r.send_text("2040001", "hallo")],
    "sds": [lambda r: r.send_status("2040001", 0x8002), lambda r: r.send_text("2040001", "x")],
}
FLAGS = [f.name for f in dataclasses.fields(Capabilities) if f.type in (bool, "bool")
         and f.name != "rtscts" and f.name != "cscs_quoted"]


def test_every_feature_flag_has_operations():
    assert set(FLAGS) == set(OPS)


@pytest.mark.parametrize("flag", sorted(OPS))
@pytest.mark.parametrize("family", sorted(families.FAMILIES))
def test_unsupported_operations_raise_not_supported(flag, family):
    lacking = dataclasses.replace(families.FAMILIES[family], **{flag: False})
    radio = PeiRadio("r", "/nonexistent", capabilities=lacking)  # never started: no I/O
    for op in OPS[flag]:
        with pytest.raises(NotSupported):
            op(radio)


def test_text_longer_than_the_family_allows_is_not_supported():
    radio = PeiRadio("r", "/nonexistent", max_sds_bits=64)
    with pytest.raises(NotSupported):
        radio.send_text("2040001", "far too long for 64 bits")


def test_base_radio_refuses_everything_it_does_not_implement():
    class Bare(Radio):
        def start(self, timeout=None): ...
        def stop(self): ...
        def state(self):
            return RadioState("b", "-", "bare", linked=False)

    bare = Bare("b", Capabilities(family="bare"))
    for ops in OPS.values():
        for op in ops:
            with pytest.raises(NotSupported):
                op(bare)
