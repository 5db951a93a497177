"""Logging set-up: a rotating file in the data directory, warnings also on stderr."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path


def setup_logging(data_dir: Path, verbose: bool = False) -> Path:
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / "vangnet.log"
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s")
    file_handler = logging.handlers.RotatingFileHandler(path, maxBytes=5_000_000,
                                                        backupCount=5, encoding="utf-8")
    file_handler.setFormatter(fmt)
    err = logging.StreamHandler()
    err.setLevel(logging.DEBUG if verbose else logging.WARNING)
    err.setFormatter(fmt)
    root.handlers[:] = [file_handler, err]
    return path
