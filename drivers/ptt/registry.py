"""PTT kinds by stable id (STYLE.md #2, as drivers/registry.py does for radios).

A kind registers its class with ``@register("serial")``; the id is the ``"method"`` of a
radio's ``"ptt"`` settings (README.md "Radios"), so it never changes. Empty settings mean
``"pei"``: the radio's own floor control. The kind modules are imported by name in
``_load`` (no globbing, no entry points) so a frozen build sees them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import Any

from drivers.base import Radio
from drivers.clock import SYSTEM_CLOCK, Clock
from drivers.ptt.base import DEFAULT_TX_TIMEOUT_S, Ptt, PttConfigError

# The kind modules, by name. tests/drivers/test_ptt_registry.py compares this with the files.
PTT_MODULES: tuple[str, ...] = ("drivers.ptt.pei_floor", "drivers.ptt.serial_lines")
DEFAULT_METHOD = "pei"

_KINDS: dict[str, type[Ptt]] = {}
_lock = threading.Lock()
_loaded = False


def register(method: str) -> Callable[[type[Ptt]], type[Ptt]]:
    """Class decorator: ``method`` is the kind's stable id."""

    def deco(cls: type[Ptt]) -> type[Ptt]:
        with _lock:
            known = _KINDS.get(method)
            if known is not None and known is not cls:
                raise ValueError(f"PTT method {method!r} already taken by {known.__module__}")
            _KINDS[method] = cls
        cls.method = method
        return cls

    return deco


def _load() -> None:
    global _loaded
    if _loaded:
        return
    # Literal imports, one per entry of PTT_MODULES (kept equal by a test).
    import drivers.ptt.pei_floor  # noqa: F401
    import drivers.ptt.serial_lines  # noqa: F401

    _loaded = True


def available() -> list[str]:
    """Registered methods, sorted."""
    _load()
    with _lock:
        return sorted(_KINDS)


def kind(method: str) -> type[Ptt]:
    _load()
    with _lock:
        found = _KINDS.get(method)
        if found is None:
            raise PttConfigError(f"unknown PTT method {method!r}; "
                                 f"known: {', '.join(sorted(_KINDS))}")
        return found


def method_of(config: Mapping[str, Any] | None) -> str:
    """The method a radio's ``"ptt"`` settings name (empty settings: the PEI)."""
    method = (config or {}).get("method") or DEFAULT_METHOD
    if not isinstance(method, str):
        raise PttConfigError(f'PTT "method" must be a name, not {method!r}')
    return method


def create(method: str | None = None, *, radio: Radio | None = None,
           config: Mapping[str, Any] | None = None, clock: Clock = SYSTEM_CLOCK,
           tx_timeout_s: float = DEFAULT_TX_TIMEOUT_S) -> Ptt:
    """Build the PTT of one radio. ``method`` defaults to the one ``config`` names.

    Raises PttConfigError naming the bad setting, or a RadioError when the hardware cannot
    be opened (a gateway's port that is missing)."""
    if config is not None and not isinstance(config, Mapping):
        raise PttConfigError(f"PTT settings must be an object, not {config!r}")
    config = dict(config or {})
    named = method_of(config)
    if method is None:
        method = named
    elif config.get("method") and named != method:
        raise PttConfigError(f"PTT method {method!r} asked for settings of {named!r}")
    return kind(method).from_config(config, radio=radio, clock=clock,
                                    tx_timeout_s=tx_timeout_s)
