"""GUI fixtures: the real main window on a real database file, settings in the test's folder."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.services import reports
from app.services.workspace import Workspace, open_workspace
from app.ui.main_window import MainWindow
from app.ui.settings import Settings

FAST_SAVE_MS = 150


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(tmp_path / "settings.ini")


@pytest.fixture
def make_window(qtbot, settings: Settings) -> Iterator[Callable[..., MainWindow]]:
    """Build real main windows on a database file; each is finished and closed at teardown."""
    made: list[tuple[MainWindow, Workspace]] = []

    def make(db_path: Path, *, delay_ms: int = FAST_SAVE_MS, open_last: bool = True) -> MainWindow:
        workspace = open_workspace(db_path)
        window = MainWindow(workspace, settings)
        window.autosaver.delay_ms = delay_ms
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        if open_last:
            window.open_initial_report()
        made.append((window, workspace))
        return window

    yield make
    for window, workspace in made:
        window.finish()
        workspace.close()


@pytest.fixture
def window(make_window, db_path: Path) -> MainWindow:
    """A window with a new IACHR 2025 report (activities 1, 2, 3, 4, 30, 31, 32)."""
    made = make_window(db_path)
    assert made.create_report("iachr", 2025)
    return made


def wait_saved(qtbot, window: MainWindow, timeout: int = 5000) -> None:
    qtbot.waitUntil(lambda: not window.autosaver.has_pending(), timeout=timeout)


def stored_report(db_path: Path, report_id: int):
    """The report as the database holds it, read through a separate connection."""
    workspace = open_workspace(db_path)
    try:
        return reports.load_report(workspace, report_id)
    finally:
        workspace.close()
