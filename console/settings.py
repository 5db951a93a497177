"""Every setting declared once: key, type, default, help (STYLE.md #12).

Values live in ``settings.json`` in the user config directory; the environment variable
``VANGNET_HOME`` moves data and config under one folder (tests, portable installs).
"""

from __future__ import annotations

import json
import logging
import os
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

LOG = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Setting:
    key: str
    type: type
    default: Any
    help: str
    choices: tuple[Any, ...] = ()


SETTINGS: tuple[Setting, ...] = (
    Setting("console_id", str, "", "This position's id in every journal entry; made on first start."),
    Setting("operator", str, "", "Who is working at this position (journal author)."),
    Setting("language", str, "nl", "Language of the screen.", ("nl", "en")),
    Setting("theme", str, "dark", "Colour theme.", ("dark", "light")),
    Setting("sim_radios", int, 4, "How many simulated radios training mode attaches."),
    Setting("radios", list, [],
            "Attached radios, in order: objects with port, driver (pei.motorola | pei.sepura),"
            " alias, options (baudrate, rtscts) and ptt ({} = over the PEI, or method serial"
            " with port, line RTS|DTR, invert). Empty: the likely PEI ports found by `vangnet"
            " ports` are used."),
    Setting("snapshot_every", int, 2000, "Save projection snapshots after this many entries."),
    Setting("alarm_escalate_s", int, 30, "Seconds before an unacknowledged emergency escalates."),
    Setting("tx_timeout_s", int, 60, "Transmit time-out: PTT is released after this long."),
    Setting("ptt_keys", str, "F1,F2,F3,F4,F5,F6,F7,F8",
            "Push-to-talk key per radio, in radio order (Qt key names)."),
    Setting("ptt_selected_keys", str, "Space,ScrollLock",
            "Push-to-talk keys for the selected radio (a USB foot switch sends one of them)."),
    Setting("alarm_device", str, "",
            "Sound device for the alarm tone: a name or number from PortAudio; empty = default."),
    Setting("dipp_silence_min", int, 15,
            "Welfare check: DIPP units not heard for this many minutes are flagged."),
)
BY_KEY = {s.key: s for s in SETTINGS}


TRAINING_DIR = "oefening"  # training's own data, apart from live work
DRILL_SUFFIX = "-oefening"


def work_paths(data_dir: Path, console_id: str, training: bool) -> tuple[Path, Path, str]:
    """(journal file, wire-trace folder, console id) of live work or of training.

    Training never writes into the live journal: its own file and traces under
    ``oefening/``, and its own console id, so a drill's entries can never take the place
    of real ones anywhere they meet (a central store keys entries by console and seq)."""
    if not training:
        return data_dir / "journal.db", data_dir / "traces", console_id
    base = data_dir / TRAINING_DIR
    return base / "journal.db", base / "traces", console_id + DRILL_SUFFIX


def home() -> tuple[Path, Path]:
    """(data dir, config dir)."""
    root = os.environ.get("VANGNET_HOME")
    if root:
        return Path(root) / "data", Path(root) / "config"
    return (Path(platformdirs.user_data_dir("vangnet", appauthor=False)),
            Path(platformdirs.user_config_dir("vangnet", appauthor=False)))


class Settings:
    def __init__(self, path: Path, values: dict[str, Any]):
        self.path = path
        self._values = values

    @classmethod
    def load(cls, config_dir: Path | None = None) -> Settings:
        path = (config_dir or home()[1]) / "settings.json"
        values: dict[str, Any] = {}
        unreadable = False
        if path.exists():
            try:
                values = json.loads(path.read_text("utf-8"))
            except (OSError, ValueError) as exc:
                LOG.error("settings file %s unreadable (%s); using defaults", path, exc)
                unreadable = True
            if not isinstance(values, dict):
                LOG.error("settings file %s is not a JSON object; using defaults", path)
                values, unreadable = {}, True
        clean = {}
        for key, value in values.items():
            s = BY_KEY.get(key)
            if s is None:
                LOG.warning("unknown setting %r ignored", key)
            elif (not isinstance(value, s.type) or isinstance(value, bool) != (s.type is bool)
                  or (s.choices and value not in s.choices)):
                LOG.warning("setting %r=%r invalid; default used", key, value)
            else:
                clean[key] = value
        settings = cls(path, clean)
        if unreadable:  # never replace the user's file (radios, id) with defaults
            settings.set("console_id", settings.get("console_id") or "pos-unreadable-settings")
            return settings
        if not settings.get("console_id"):
            settings.set("console_id", "pos-" + uuid.uuid4().hex[:8])
            settings.save()
        return settings

    def get(self, key: str) -> Any:
        return self._values.get(key, BY_KEY[key].default)

    def set(self, key: str, value: Any) -> None:
        s = BY_KEY[key]
        if not isinstance(value, s.type) or (s.choices and value not in s.choices):
            raise ValueError(f"invalid value for {key}: {value!r}")
        self._values[key] = value

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self._values, indent=2, sort_keys=True), "utf-8")
        os.replace(tmp, self.path)
