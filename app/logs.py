"""Logging: one named logger per layer, a rotating file in the user's data folder."""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

from app.storage.database import data_dir

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def log_dir() -> Path:
    return data_dir() / "logs"


def setup_logging(level: int = logging.INFO, to_file: bool = True) -> Path | None:
    """Log to ``logs/focal.log`` (rotated, 1 MB x 5) and warnings to stderr."""
    root = logging.getLogger("focal")
    root.setLevel(level)
    if root.handlers:
        return None
    console = logging.StreamHandler()
    console.setLevel(logging.WARNING)
    console.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    root.addHandler(console)
    if not to_file or os.environ.get("FOCAL_NO_LOG_FILE"):
        return None
    folder = log_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            folder / "focal.log", maxBytes=1_000_000, backupCount=5, encoding="utf-8"
        )
    except OSError:
        root.warning("cannot write the log file in %s", folder)
        return None
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    root.addHandler(handler)
    return folder / "focal.log"
