"""Every setting declared once: key, type, default, help (STYLE.md #12).

Values live in ``settings.json`` in the user config directory; the environment variable
``VANGNET_HOME`` moves data and config under one folder (tests, portable installs).

Loading never stops the start: a bad value falls back to its default, an unreadable file
to all defaults for this run, each with a Notice (``Settings.notices``). Notices are not
logged here: whoever shows them logs them (console/runtime.py ``start_console``), once. The
file is only ever written to add a missing console id, atomically and with every key it had
kept.
"""

from __future__ import annotations

import json
import logging
import os
import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

from console.notices import Notice, NoticeCode, Severity

LOG = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Setting:
    key: str
    type: type
    default: Any
    help: str
    choices: tuple[Any, ...] = ()
    minimum: int | None = None  # for int settings: the smallest value that makes sense


SETTINGS: tuple[Setting, ...] = (
    Setting("console_id", str, "", "This position's id in every journal entry; made on first start."),
    Setting("operator", str, "", "Who is working at this position (journal author)."),
    Setting("language", str, "nl", "Language of the screen.", ("nl", "en")),
    Setting("theme", str, "dark", "Colour theme.", ("dark", "light")),
    Setting("sim_radios", int, 4, "How many simulated radios training mode attaches.",
            minimum=0),
    Setting("radios", list, [],
            "Attached radios, in order: objects with port, driver (pei.motorola | pei.sepura),"
            " alias, options (baudrate, rtscts) and ptt ({} = over the PEI, or method serial"
            " with port, line RTS|DTR, invert). Empty: the likely PEI ports found by `vangnet"
            " ports` are used."),
    Setting("snapshot_every", int, 2000, "Save projection snapshots after this many entries.",
            minimum=1),
    Setting("alarm_escalate_s", int, 30, "Seconds before an unacknowledged emergency escalates.",
            minimum=1),
    Setting("tx_timeout_s", int, 60, "Transmit time-out: PTT is released after this long.",
            minimum=1),
    Setting("ptt_keys", str, "F1,F2,F3,F4,F5,F6,F7,F8",
            "Push-to-talk key per radio, in radio order (Qt key names)."),
    Setting("ptt_selected_keys", str, "Space,ScrollLock",
            "Push-to-talk keys for the selected radio (a USB foot switch sends one of them)."),
    Setting("alarm_device", str, "",
            "Sound device for the alarm tone: a name or number from PortAudio; empty = default."),
    Setting("dipp_silence_min", int, 15,
            "Welfare check: DIPP units not heard for this many minutes are flagged.",
            minimum=1),
)
BY_KEY = {s.key: s for s in SETTINGS}
TYPE_WORDS = {str: "text", int: "a whole number", float: "a number", list: "a list [...]",
              bool: "true or false"}
JSON_WORDS = {list: "list", str: "string", int: "number", float: "number", bool: "true/false",
              type(None): "null"}

SETTINGS_FILE = "settings.json"
# A copy of the console id, written only by us, next to the journal it names. It keeps the
# id when settings.json is broken by hand or lost: a journal chain must never change its
# console id because of a typo elsewhere in the settings (issue 8).
CONSOLE_ID_FILE = "console_id"
# An unreadable settings.json may still hold its id: the console keeps journaling under it.
_ID_IN_TEXT = re.compile(r'"console_id"\s*:\s*"([^"\\]+)"')

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


def problem(key: str, value: Any) -> str | None:
    """What is wrong with ``value`` for setting ``key``, with what is expected; None if fine."""
    s = BY_KEY[key]
    # bool is an int in Python, but `true` is no number of seconds
    if not isinstance(value, s.type) or isinstance(value, bool) != (s.type is bool):
        return f"{shown(value)} is not {TYPE_WORDS.get(s.type, s.type.__name__)}"
    if s.choices and value not in s.choices:
        return f"{shown(value)} is not one of {', '.join(map(str, s.choices))}"
    if s.minimum is not None and value < s.minimum:
        return f"{value} is below {s.minimum}"
    if key == "console_id" and not valid_console_id(value):
        return f"{shown(value)} is not a usable console id (expected text such as pos-1a2b3c4d)"
    return None


def shown(value: Any, limit: int = 60) -> str:
    """A value as the user wrote it in JSON, cut short for a banner."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def valid_console_id(value: Any) -> bool:
    # One line of printable text: it is stored in every entry and in CONSOLE_ID_FILE.
    return isinstance(value, str) and bool(value.strip()) and value.isprintable()


def new_console_id() -> str:
    return "pos-" + uuid.uuid4().hex[:8]


def write_atomically(path: Path, text: str) -> None:
    """A reader (or a crash) sees the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


class Settings:
    def __init__(self, path: Path, values: dict[str, Any], *,
                 document: dict[str, Any] | None = None, writable: bool = True,
                 notices: list[Notice] | None = None):
        self.path = path
        self._values = values  # valid values only; get() falls back to the defaults
        # The file as read: save() writes it back with our changes, so keys this version
        # does not know (or values it could not use) survive for the user to see.
        self._document = dict(document or {})
        self.writable = writable  # False when the file could not be read: never overwrite
        self.notices: list[Notice] = list(notices or [])

    @classmethod
    def load(cls, config_dir: Path | None = None, data_dir: Path | None = None) -> Settings:
        """Never raises. ``data_dir`` holds the console id copy (default: the data dir of
        ``home()``, or ``config_dir`` when only that is given, as tests do)."""
        if config_dir is None:
            data_dir = data_dir or home()[0]
        config_dir = config_dir or home()[1]
        path = config_dir / SETTINGS_FILE
        notices: list[Notice] = []
        document, text, why = _read(path)
        if why:
            notices.append(Notice(NoticeCode.SETTINGS_UNREADABLE, str(path),
                                  f"{why}; defaults used for this run, the file is left as it "
                                  "is for you to fix", Severity.ERROR))
        clean: dict[str, Any] = {}
        for key, value in (document or {}).items():
            if key not in BY_KEY:
                notices.append(Notice(NoticeCode.SETTING_UNKNOWN, f"{path}: {key}",
                                      "not a known setting; kept in the file, not used"))
            elif (bad := problem(key, value)) is not None:
                if key != "console_id":  # a missing id is not a problem: one is made below
                    notices.append(Notice(NoticeCode.SETTING_INVALID, f"{path}: {key}",
                                          f"{bad}; default {shown(BY_KEY[key].default)} used"))
                else:  # no notice for it: the log is where this is told
                    LOG.warning("settings %s: console_id: %s; the id is taken from its copy "
                                "or made anew", path, bad)
            else:
                clean[key] = value
        settings = cls(path, clean, document=document, writable=not why, notices=notices)
        settings._settle_console_id(data_dir or config_dir, text)
        return settings

    def _settle_console_id(self, data_dir: Path, text: str | None) -> None:
        """Keep the console id of earlier runs whenever it can be read at all: from
        settings.json, else its copy in the data dir, else the text of a broken
        settings.json. Only a first start (or nothing readable) makes a new one."""
        id_file = data_dir / CONSOLE_ID_FILE
        copy = _read_id_file(id_file)
        current = self._values.get("console_id")
        if current is None:
            salvaged = _ID_IN_TEXT.search(text or "")
            found = salvaged.group(1) if salvaged and valid_console_id(salvaged.group(1)) else None
            current = copy or found
            if current is None:
                current = new_console_id()
                if not self.writable:  # not silent: this run's entries form a new chain
                    self.notices.append(Notice(
                        NoticeCode.CONSOLE_ID_NEW, str(self.path),
                        f"the console id could not be read; this run journals under the new "
                        f"id {current} (kept in {id_file})", Severity.ERROR))
            self._values["console_id"] = current
            if self.writable:
                try:
                    self.save()
                except OSError as exc:
                    self.notices.append(Notice(
                        NoticeCode.SETTINGS_NOT_WRITTEN, str(self.path),
                        f"cannot be written ({exc.strerror or exc}); console id {current} "
                        f"kept in {id_file} only"))
        if copy != current:  # settings.json wins: an admin may rename the position there
            try:
                write_atomically(id_file, current + "\n")
            except OSError as exc:
                LOG.warning("console id copy %s not written: %s", id_file, exc)

    def get(self, key: str) -> Any:
        return self._values.get(key, BY_KEY[key].default)

    def set(self, key: str, value: Any) -> None:
        bad = problem(key, value)
        if bad is not None:
            raise ValueError(f"setting {key}: {bad}")
        self._values[key] = value

    def save(self) -> None:
        """Write the file as it was read plus the values set since (raises OSError). Keys
        this version does not know are kept. Refused when the file could not be read: it
        may hold the radios of this position, and only its owner can mend it."""
        if not self.writable:
            raise OSError(f"{self.path} could not be read at start; not overwritten")
        merged = {**self._document, **self._values}
        write_atomically(self.path, json.dumps(merged, indent=2, sort_keys=True,
                                               ensure_ascii=False) + "\n")
        self._document = merged


def _read(path: Path) -> tuple[dict[str, Any] | None, str | None, str | None]:
    """(the JSON object, the raw text, why it is unusable). A missing file is a first
    start, not a problem."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, None, None
    except OSError as exc:
        return None, None, f"cannot be read ({exc.strerror or exc})"
    text = raw.decode("utf-8", errors="replace")
    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return None, text, "is not UTF-8 text (expected a JSON object such as {\"language\": \"nl\"})"
    except ValueError as exc:
        return None, text, f"is not valid JSON: {exc}"
    if not isinstance(document, dict):
        return None, text, (f"holds a JSON {JSON_WORDS.get(type(document), 'value')}, "
                            "expected an object {...} of settings")
    return document, text, None


def _read_id_file(path: Path) -> str | None:
    try:
        value = path.read_text("utf-8").strip()
    except (OSError, ValueError):
        return None
    return value if valid_console_id(value) else None
