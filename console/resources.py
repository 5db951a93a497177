"""The one reader of shipped data in ``resources/`` (STYLE.md #12)."""

from __future__ import annotations

from importlib import resources as _res
from pathlib import Path


def resource_path(*parts: str) -> Path:
    """Path of a shipped file; resources/ is a plain package directory, never zipped."""
    return Path(str(_res.files("resources").joinpath(*parts)))
