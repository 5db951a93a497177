"""Logging set-up: a rotating file in the data directory, warnings also on stderr.

Logging never stops the console nor floods its terminal (issue 8): a log file that cannot
be opened leaves stderr as the only log (and a Notice for the screen); a log file that
stops working later (disk full) says so once on stderr and is tried again now and then.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
import time
from collections.abc import Callable
from pathlib import Path

from console.notices import Notice, NoticeCode

LOG_FILE = "vangnet.log"
MAX_BYTES, BACKUPS = 5_000_000, 5
RETRY_S = 60.0  # a broken log file is tried again after this long (space may be back)
FORMAT = "%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"


class QuietFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log file whose failure is told once, not as a traceback per record.

    ``logging.Handler.handleError`` prints ``--- Logging error ---`` and a traceback for
    every record that fails; on a full disk that is every record. Here the first failure
    writes one line to stderr and switches the file off; a record after ``RETRY_S`` tries
    it again (reopened: the old stream may hold a buffer it can never flush)."""

    def __init__(self, path: Path, *, monotonic: Callable[[], float] = time.monotonic):
        super().__init__(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
        self._monotonic = monotonic
        self.broken_since: float | None = None  # when it stopped working; None: it works
        self._failure: BaseException | None = None  # set by handleError during one emit

    def emit(self, record: logging.LogRecord) -> None:
        if self.broken_since is not None:
            if self._monotonic() - self.broken_since < RETRY_S:
                return
            self._drop_stream()
        self._failure = None
        super().emit(record)  # calls handleError on any failure
        if self._failure is not None:
            if self.broken_since is None:
                _say(f"vangnet: the log file {self.baseFilename} stopped working "
                     f"({_reason(self._failure)}); logging to stderr only, trying again "
                     f"every {RETRY_S:.0f} s")
            self.broken_since = self._monotonic()
        elif self.broken_since is not None:
            self.broken_since = None
            _say(f"vangnet: the log file {self.baseFilename} works again")

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 (logging's name)
        self._failure = sys.exc_info()[1] or RuntimeError("unknown")  # called in an except

    def _drop_stream(self) -> None:
        stream, self.stream = self.stream, None
        if stream is not None:
            try:
                stream.close()  # its unflushable buffer goes: those records are lost
            except (OSError, ValueError):
                pass


class QuietStreamHandler(logging.StreamHandler):
    """stderr that has gone (no terminal, a closed pipe) is not worth a traceback."""

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802
        pass


def setup_logging(data_dir: Path, verbose: bool = False, *,
                  monotonic: Callable[[], float] = time.monotonic
                  ) -> tuple[Path | None, Notice | None]:
    """(the log file, or None when only stderr logs; a Notice when the file could not be
    opened). Never raises: a console without its log file still has to start."""
    level = logging.DEBUG if verbose else logging.INFO
    root = logging.getLogger()
    root.setLevel(level)
    fmt = logging.Formatter(FORMAT)
    err = QuietStreamHandler()
    err.setFormatter(fmt)
    path = data_dir / LOG_FILE
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        file_handler = QuietFileHandler(path, monotonic=monotonic)
    except OSError as exc:
        err.setLevel(level)  # stderr is the only log now: nothing goes to it less
        root.handlers[:] = [err]
        notice = Notice(NoticeCode.LOG_UNAVAILABLE, str(path),
                        f"cannot be opened ({exc.strerror or exc}); logging to stderr only")
        logging.getLogger(__name__).error("log %s", notice.log_line())
        return None, notice
    file_handler.setFormatter(fmt)
    err.setLevel(logging.DEBUG if verbose else logging.WARNING)
    root.handlers[:] = [file_handler, err]
    return path, None


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__


def _say(line: str) -> None:
    try:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):  # no stderr at all: nothing to tell
        pass
