"""Driver registry: stable ids → factories (STYLE.md #2, after CHIRP ``directory.py``).

A driver module registers its class with ``@register("pei.motorola", family="motorola")``;
the id is stable because configurations and journals store it. The driver modules are
imported by name in ``_load`` (no globbing, no entry points) so a frozen build sees them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from drivers.base import Capabilities, Radio

# The driver modules, by name. tests/drivers/test_registry.py compares this with the files.
DRIVER_MODULES: tuple[str, ...] = ("drivers.pei.radio",)


@dataclass(frozen=True, slots=True)
class DriverInfo:
    driver_id: str
    factory: Callable[..., Radio]
    defaults: dict[str, Any] = field(default_factory=dict)

    @property
    def module(self) -> str:
        return self.factory.__module__

    def capabilities(self) -> Capabilities | None:
        """The family record, when the factory publishes one (``capabilities_for``)."""
        lookup = getattr(self.factory, "capabilities_for", None)
        return lookup(**self.defaults) if lookup else None


_DRIVERS: dict[str, DriverInfo] = {}
_lock = threading.Lock()
_loaded = False


def register(driver_id: str, **defaults: Any) -> Callable[[type], type]:
    """Class decorator; may be stacked to register one class under several ids."""

    def deco(cls: type) -> type:
        with _lock:
            known = _DRIVERS.get(driver_id)
            if known is not None and known.factory is not cls:
                raise ValueError(f"driver id {driver_id!r} already taken by {known.module}")
            _DRIVERS[driver_id] = DriverInfo(driver_id, cls, dict(defaults))
        return cls

    return deco


def _load() -> None:
    global _loaded
    if _loaded:
        return
    # Literal imports, one per entry of DRIVER_MODULES (kept equal by a test).
    import drivers.pei.radio  # noqa: F401

    _loaded = True


def available() -> list[str]:
    """Registered driver ids, sorted."""
    _load()
    with _lock:
        return sorted(_DRIVERS)


def info(driver_id: str) -> DriverInfo:
    _load()
    with _lock:
        try:
            return _DRIVERS[driver_id]
        except KeyError:
            raise KeyError(f"unknown driver {driver_id!r}; known: {sorted(_DRIVERS)}") from None


def create(driver_id: str, **config: Any) -> Radio:
    """Build a radio; ``config`` overrides the registration defaults (e.g. ``family``) and
    carries ``sink``, ``trace_dir`` and ``clock``. PTT kinds: drivers/ptt/registry.py."""
    entry = info(driver_id)
    return entry.factory(**{**entry.defaults, **config})
