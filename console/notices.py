"""What the centralist must be told about this start, collected before the window exists.

A bad optional part (one radio entry, a unit list, a journal that had to be set aside)
never stops the console: the part is skipped or replaced, and a Notice names it. The
window shows every notice in a banner (errors in red until acknowledged) and the log has
each one. Qt-free: settings, catalog, journal and runtime code make them; the UI shows them.

``code`` picks the sentence the screen shows, in the screen's language (console.ui.notices
holds one translatable sentence per code); ``subject`` is what it is about (a file, a radio
port, a settings key) and ``detail`` the problem in the words of the code that found it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    WARNING = "warning"  # a part was skipped: the console works without it
    ERROR = "error"  # something the centralist must act on: red until acknowledged


class NoticeCode(StrEnum):
    SETTINGS_UNREADABLE = "settings_unreadable"  # settings.json not usable: defaults used
    SETTING_INVALID = "setting_invalid"  # one key's value not usable: its default used
    SETTING_UNKNOWN = "setting_unknown"  # a key we do not know: kept in the file, not used
    SETTINGS_NOT_WRITTEN = "settings_not_written"  # settings.json could not be written
    CONSOLE_ID_NEW = "console_id_new"  # the old console id unreadable: a new chain begins
    RADIO_SKIPPED = "radio_skipped"  # one radio entry not usable: the others start
    DATA_FILE_SKIPPED = "data_file_skipped"  # units.csv / talkgroups.csv not usable
    DATA_ROWS_SKIPPED = "data_rows_skipped"  # some rows of a data file not usable
    LOG_UNAVAILABLE = "log_unavailable"  # vangnet.log cannot be written: stderr only
    JOURNAL_SET_ASIDE = "journal_set_aside"  # journal unusable: moved aside, new one begun
    RECOVERED = "recovered"  # entries held at the last exit were saved now
    CLOCK_BEHIND = "clock_behind"  # the clock is behind the journal: shown times marked
    HISTORY_UNREADABLE = "history_unreadable"  # a long history read only part-way
    SIMULATED_RADIOS_REFUSED = "simulated_radios_refused"  # training without its fleet
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Notice:
    code: NoticeCode
    subject: str  # the file, port or key it is about (shown as is)
    detail: str = ""  # what is wrong, and what is expected
    severity: Severity = Severity.WARNING

    def log_line(self) -> str:
        return f"{self.code.value}: {self.subject}" + (f": {self.detail}" if self.detail else "")
