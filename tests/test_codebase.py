"""House rules that a tool can check (STYLE.md #2, #9, #15)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HARD_LIMIT = 600  # lines; aim < 400 (the before-stop hook lists those over it)


def python_files(*folders: str):
    for folder in folders:
        yield from (ROOT / folder).rglob("*.py")


def test_no_module_over_the_hard_size_limit():
    big = {str(p.relative_to(ROOT)): n for p in python_files("console", "drivers")
           if (n := len(p.read_text("utf-8").splitlines())) > HARD_LIMIT}
    assert not big


def test_no_sleep_in_tests():
    pattern = re.compile(r"\btime\.sleep\(|^\s*from time import .*\bsleep\b", re.M)
    offenders = [str(p.relative_to(ROOT)) for p in python_files("tests")
                 if p.name != "test_codebase.py" and pattern.search(p.read_text("utf-8"))]
    assert not offenders


def test_module_names_are_snake_case():
    bad = [str(p) for p in python_files("console", "drivers") if p.stem != p.stem.lower()]
    assert not bad


def test_every_package_is_declared_in_pyproject():
    import tomllib
    declared = set(tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
                   ["tool"]["setuptools"]["packages"])
    found = {str(p.parent.relative_to(ROOT)).replace("/", ".")
             for top in ("console", "drivers") for p in (ROOT / top).rglob("__init__.py")}
    assert found <= declared, f"add to [tool.setuptools] packages: {sorted(found - declared)}"


# import name -> distribution that must be among [project] dependencies
RUNTIME_DISTRIBUTIONS = {"PySide6": "PySide6-Essentials", "serial": "pyserial",
                         "sounddevice": "sounddevice", "sqlite_utils": "sqlite-utils",
                         "uuid_utils": "uuid-utils", "orjson": "orjson", "numpy": "numpy",
                         "platformdirs": "platformdirs", "filelock": "filelock"}


def test_every_runtime_import_is_a_declared_dependency():
    """A fresh clone installs only what pyproject lists (numpy was once missing)."""
    import sys
    import tomllib
    deps = " ".join(tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
                    ["project"]["dependencies"]).lower()
    pattern = re.compile(r"^\s*(?:from|import) ([A-Za-z_][A-Za-z0-9_]*)", re.M)
    imported = {m for p in python_files("console", "drivers") for m in
                pattern.findall(p.read_text("utf-8"))}
    third_party = imported - set(sys.stdlib_module_names) - {"console", "drivers",
                                                              "resources", "__future__"}
    unknown = third_party - set(RUNTIME_DISTRIBUTIONS)
    assert not unknown, f"map these imports to their distribution: {sorted(unknown)}"
    missing = [d for m, d in RUNTIME_DISTRIBUTIONS.items()
               if m in third_party and d.lower() not in deps]
    assert not missing, f"add to [project] dependencies: {missing}"
