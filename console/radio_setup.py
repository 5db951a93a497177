"""The ``radios`` setting checked and turned into RadioConfig records; Qt-free.

A bad entry is skipped with a Notice naming it (its index and port) and what is expected;
the other radios start (issue 8). Radio ids are unique and stable: they key the journal's
``radio.*`` entries and the holds, so they depend only on the configured port paths, never
on the order of the entries or on which ports happen to be plugged in.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Collection, Iterable, Mapping
from typing import Any

from console.desk import RadioConfig
from console.notices import Notice, NoticeCode
from console.settings import SETTINGS_FILE, TYPE_WORDS, shown
from drivers import registry

DEFAULT_DRIVER = "pei.motorola"
ENTRY_KEYS = ("port", "driver", "alias", "options", "ptt", "id")
PORT_EXAMPLE = "a serial port path such as /dev/ttyUSB0"
_SEPARATORS = re.compile(r"[/\\]+")  # POSIX paths and Windows ones (\\.\COM10)


def radio_configs(entries: object, detected: Iterable[Any] | None = None, *,
                  known_drivers: Collection[str] | None = None,
                  where: str = SETTINGS_FILE) -> tuple[list[RadioConfig], list[Notice]]:
    """Radios from the ``radios`` setting, in order; with none, the ports ``detected``
    (``drivers.pei.ports.detect()``) calls likely. ``known_drivers``: the driver ids a
    radio may name (default: the driver registry's). ``where`` names the settings file
    in the notices."""
    notices: list[Notice] = []
    if not isinstance(entries, list):
        notices.append(_skipped(f"{where}: radios", f"{shown(entries)} is not a list [...] of "
                                                   "radio objects; no radio configured"))
        entries = []
    label = f"{where}: radios"
    if not entries and detected:
        label = "detected ports"
        entries = [{"port": c.device, "driver": f"pei.{c.family or 'motorola'}",
                    "alias": c.description or c.device}
                   for c in detected if c.likelihood == "likely"]
    known = set(registry.available() if known_drivers is None else known_drivers)
    checked: list[tuple[str, dict[str, Any]]] = []  # (subject, fields) of usable entries
    ports: dict[str, int] = {}  # same-port key -> index of the entry that has it
    for index, item in enumerate(entries):
        fields = _check_entry(item, index, f"{label}[{index}]", known, ports, notices)
        if fields is not None:
            checked.append((f"{label}[{index}] ({fields['port']})", fields))
    ids = _radio_ids([(fields["port"], fields.get("id")) for _, fields in checked])
    configs = []
    for (subject, fields), radio_id in zip(checked, ids, strict=True):
        if radio_id is None:
            notices.append(_skipped(subject, f"its radio id {shown(fields.get('id'))} is "
                                             "taken by an earlier radio (expected a unique "
                                             '"id", or none)' if fields.get("id") else
                                    'no unique radio id can be made from its port; give it '
                                    'an "id"'))
            continue
        configs.append(RadioConfig(radio_id, fields["port"], fields["driver"], fields["alias"],
                                   fields["options"], fields["ptt"]))
    return configs, notices  # the caller logs and shows them (start_console)


def _check_entry(item: object, index: int, subject: str, known: set[str],
                 ports: dict[str, int], notices: list[Notice]) -> dict[str, Any] | None:
    """The entry's fields with defaults filled in, or None (and a notice) when unusable.
    A bad optional field falls back to its default; a bad or taken port, or an unknown
    driver, skips the radio. ``ports``: the ports of the entries before (updated)."""
    if not isinstance(item, Mapping):
        notices.append(_skipped(subject, f"{shown(item)} is not a radio object (expected "
                                         f'{{"port": "/dev/ttyUSB0", ...}})'))
        return None
    port = item.get("port")
    if port is None:
        notices.append(_skipped(subject, f'"port" is missing (expected {PORT_EXAMPLE})'))
        return None
    if not isinstance(port, str) or not port.strip():
        notices.append(_skipped(subject, f'"port" {shown(port)} is not usable (expected '
                                         f"{PORT_EXAMPLE})"))
        return None
    port = port.strip()
    subject = f"{subject} ({port})"
    key = _same_port_key(port)
    if key in ports:  # the second opener would fight the first for every byte
        notices.append(_skipped(subject, f"port already used by radios[{ports[key]}]; "
                                         "each radio needs its own port"))
        return None
    driver = item.get("driver", DEFAULT_DRIVER)
    if not isinstance(driver, str) or driver not in known:  # a guess could mis-read the radio
        notices.append(_skipped(subject, f'"driver" {shown(driver)} is unknown (expected '
                                         f"one of {', '.join(sorted(known))})"))
        return None
    ports[key] = index
    for key in item:
        if key not in ENTRY_KEYS:
            _invalid(notices, subject, key, "unknown key, ignored (expected "
                                            f"{', '.join(ENTRY_KEYS)})")
    alias = item.get("alias") or f"Radio {index + 1}"
    if not isinstance(alias, str):
        _invalid(notices, subject, "alias", f"{shown(alias)} is not text; "
                                            f'"Radio {index + 1}" used')
        alias = f"Radio {index + 1}"
    radio_id = item.get("id")
    if radio_id is not None and not _usable_id(radio_id):
        _invalid(notices, subject, "id", f"{shown(radio_id)} is not usable (expected a short "
                                         "text such as tafel-1); made from the port")
        radio_id = None
    ptt = item.get("ptt") or {}
    # Passed on as written: the desk names an unusable "ptt" on the radio's panel and runs
    # it without PTT. A fallback to {} would key over the PEI, which nobody asked for.
    ptt = dict(ptt) if isinstance(ptt, Mapping) else ptt
    return {"port": port, "driver": driver, "alias": alias, "id": radio_id, "ptt": ptt,
            "options": _options(item.get("options"), driver, subject, notices)}


def _options(options: object, driver: str, subject: str, notices: list[Notice]) -> dict:
    """Driver options the driver knows, of the type of its default; the rest are dropped
    with a notice (today an unknown option stops the radio from starting at all)."""
    if options is None:
        return {}
    if not isinstance(options, Mapping):
        _invalid(notices, subject, "options", f"{shown(options)} is not an object {{...}}; "
                                              "driver defaults used")
        return {}
    try:
        caps = registry.info(driver).capabilities()
    except KeyError:  # known_drivers named one the registry lacks (tests): no record
        caps = None
    if caps is None:
        return dict(options)
    defaults = {f.name: getattr(caps, f.name) for f in dataclasses.fields(caps)
                if f.name != "family"}
    kept = {}
    for key, value in options.items():
        if key not in defaults:
            _invalid(notices, subject, f"options.{key}", "unknown option, ignored (expected "
                                                         f"one of {', '.join(defaults)})")
        elif not _same_kind(value, defaults[key]):
            _invalid(notices, subject, f"options.{key}",
                     f"{shown(value)} is not {TYPE_WORDS.get(type(defaults[key]), 'valid')}; "
                     f"default {shown(defaults[key])} used")
        else:
            kept[key] = value
    return kept


def _same_kind(value: object, default: object) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(value, bool) and isinstance(default, bool)
    if isinstance(default, float):
        return isinstance(value, int | float)  # 1 for 1.0 is fine in JSON
    return isinstance(value, type(default))


def _same_port_key(port: str) -> str:
    """Two entries name one port when their paths lead to the same device: the same
    path, or two links (by-id, by-path, ttyUSB0) resolving to one device node."""
    if "://" in port:  # pyserial URLs (rfc2217://, socket://) are no file paths
        return port
    return os.path.realpath(port)


def _usable_id(value: object) -> bool:
    # Any one line of text, as before: journals of earlier runs may hold it.
    return isinstance(value, str) and bool(value.strip()) and value.isprintable()


def _radio_ids(wanted: list[tuple[str, str | None]]) -> list[str | None]:
    """One id per (port, explicit id): the explicit id when given; else the port's file
    name (``radio-2040001``, ``ttyUSB0``, as before) when no other radio has it; else
    as many trailing path parts as make it unique, joined by '-' (``x/F``, ``y/F`` ->
    ``x-F``, ``y-F``). Independent of entry order; None where no unique id exists."""
    parts = [[p for p in _SEPARATORS.split(port) if p] or [port] for port, _ in wanted]
    depth = [1] * len(wanted)

    def derived(i: int) -> str:
        return "-".join(parts[i][-depth[i]:])

    while True:
        names = [given or derived(i) for i, (_, given) in enumerate(wanted)]
        clash = [i for i, (_, given) in enumerate(wanted) if not given
                 and names.count(names[i]) > 1
                 and depth[i] < len(parts[i])]
        if not clash:
            break
        for i in clash:
            depth[i] += 1
    ids: list[str | None] = []
    for i, (_, given) in enumerate(wanted):
        name = given or names[i]
        ids.append(None if name in ids else name)  # the earlier entry keeps a shared id
    return ids


def _skipped(subject: str, detail: str) -> Notice:
    return Notice(NoticeCode.RADIO_SKIPPED, subject, detail)


def _invalid(notices: list[Notice], subject: str, key: str, detail: str) -> None:
    notices.append(Notice(NoticeCode.SETTING_INVALID, f"{subject}: {key}", detail))
