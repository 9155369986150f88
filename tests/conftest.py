"""Shared fixtures: a real SQLite file per test, the shipped catalogue, Qt offscreen.

Qt's platform is chosen here, before any Qt import, so GUI tests run without a screen.
Focal's data folder (logs, backups, settings) is redirected into the test's tmp folder.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["FOCAL_NO_LOG_FILE"] = "1"
os.environ["FOCAL_NO_CRASH_DIALOG"] = "1"

from app.core.catalogue import Catalogue, default_catalogue
from app.services.workspace import Workspace, open_workspace

# Tools from the system that some tests drive for real. On developer machines without them,
# those tests skip with the reason; CI sets FOCAL_REQUIRE_TOOLS=1 so a missing tool fails.
REQUIRE_TOOLS = os.environ.get("FOCAL_REQUIRE_TOOLS") == "1"


def require_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        if REQUIRE_TOOLS:
            pytest.fail(f"{name} is required (FOCAL_REQUIRE_TOOLS=1) but not installed")
        pytest.skip(f"{name} is not installed (apt install it, see README)")
    return path


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "focal-data"
    monkeypatch.setenv("FOCAL_DATA_DIR", str(folder))
    monkeypatch.delenv("FOCAL_DB", raising=False)
    return folder


@pytest.fixture
def catalogue() -> Catalogue:
    return default_catalogue()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "focal.sqlite3"


@pytest.fixture
def workspace(db_path: Path) -> Iterator[Workspace]:
    ws = open_workspace(db_path)
    yield ws
    ws.close()
