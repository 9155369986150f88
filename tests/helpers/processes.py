"""Focal in a fresh Python process, started as a user would: start-up, crash and import checks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def focal_env(data_dir: Path | None = None, **extra: str) -> dict[str, str]:
    """This environment with windows off screen and, when given, Focal's data in ``data_dir``."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **extra)
    if data_dir is not None:
        env["FOCAL_DATA_DIR"] = str(data_dir)
    return env


def run_python(
    *arguments: str, env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """``python arguments`` run from the repository root, its output captured as text."""
    return subprocess.run(
        [sys.executable, *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
