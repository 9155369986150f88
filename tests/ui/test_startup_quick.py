"""The quick start-up: the window shows the report before the database is opened the full way.

Real windows on real files. Each test builds the window as ``app.ui.application.run`` does
(``quick_start``) and decides when the worker opening the database starts, so that what is
typed in the first moments is known to land before the database is open.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMainWindow

from app.services import reports
from app.services.workspace import open_workspace
from app.ui.application import FIRST_PAINT_FALLBACK_MS, FirstPaint, Started, quick_start
from app.ui.main_window import RETRY
from tests.ui.conftest import FAST_SAVE_MS, stored_report, wait_saved
from tests.ui.keyboard import type_text

TEXT = "Escrito antes de abrir la base: niñas, niños — «protección» ✓ 🌎"


@pytest.fixture
def report_id(db_path: Path) -> int:
    workspace = open_workspace(db_path)
    try:
        report = reports.create_report(workspace, "iachr", 2025)
    finally:
        workspace.close()
    assert report.report_id is not None
    return report.report_id


@pytest.fixture
def started(qtbot, db_path: Path, settings, report_id: int) -> Iterator[Started]:
    """The quick window, shown; its worker is started by the test."""
    start = quick_start(db_path, settings)
    assert start is not None, "the quick path should take this database"
    window = start.window
    window.autosaver.delay_ms = FAST_SAVE_MS
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield start
    if not start.workspace.is_open and start.workspace.error is None:
        start.workspace.open()  # the writer thread may be waiting for it
    window.finish()
    start.opening.join()
    start.workspace.close()


def executed_editor(window):
    return window.view.row_editor.fields["executed"].editor


def test_the_window_shows_the_report_before_the_database_is_open(started, report_id):
    assert started.window.session is not None
    assert started.window.session.report_id == report_id
    assert not started.workspace.is_open
    assert "2025" in started.window.windowTitle()


def test_typing_before_the_database_is_open_is_saved(qtbot, started, db_path, report_id):
    window = started.window
    type_text(executed_editor(window), TEXT)
    qtbot.wait(FAST_SAVE_MS * 3)  # the save is due; it waits for the database
    assert not started.workspace.is_open
    assert window.autosaver.has_pending()

    started.opening.start()
    wait_saved(qtbot, window, timeout=30_000)

    assert started.workspace.is_open
    assert stored_report(db_path, report_id).rows[0].executed == TEXT


def test_a_report_changed_meanwhile_by_another_program_is_reloaded(
    qtbot, started, db_path, report_id
):
    other = open_workspace(db_path)
    try:
        row_id = reports.load_report(other, report_id).rows[0].row_id
        reports.save_row_texts(other, row_id, {"executed": "changed by another Focal"})
    finally:
        other.close()
    window = started.window
    assert window.view.row_editor.fields["executed"].text() == ""

    started.opening.start()

    qtbot.waitUntil(
        lambda: window.view.row_editor.fields["executed"].text() == "changed by another Focal",
        timeout=30_000,
    )
    assert window.session.report.rows[0].executed == "changed by another Focal"


@pytest.mark.slow
def test_a_failed_background_open_says_why_and_loses_nothing(
    qtbot, started, db_path, report_id, monkeypatch
):
    window = started.window
    monkeypatch.setattr("app.storage.database.BUSY_TIMEOUT_MS", 200)
    told: list[str] = []
    monkeypatch.setattr(
        "app.ui.application.QMessageBox.critical",
        lambda _parent, _title, text: told.append(text),
    )
    # Another program holds the file between the quick read and the full opening.
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("PRAGMA locking_mode = EXCLUSIVE")
    other.execute("BEGIN EXCLUSIVE")
    other.execute("COMMIT")
    asked: list[Exception] = []

    def ask(_title: str, error: Exception) -> str:
        asked.append(error)
        other.close()  # the other program lets go; "Try again" now succeeds
        return RETRY

    monkeypatch.setattr(window, "ask_unsaved", ask)
    try:
        type_text(executed_editor(window), TEXT)
        started.opening.start()
        qtbot.waitUntil(lambda: bool(told), timeout=30_000)
        assert "in use by another program" in told[0]
        # The window closes the usual way: the typed text could not be written, so it asked.
        qtbot.waitUntil(lambda: not window.isVisible(), timeout=30_000)
    finally:
        other.close()
    assert len(asked) == 1
    assert "in use by another program" in str(asked[0])
    assert stored_report(db_path, report_id).rows[0].executed == TEXT


def test_ready_means_painted_and_a_window_never_painted_still_gets_going(qtbot):
    shown = QMainWindow()
    qtbot.addWidget(shown)
    exposed_at_callback: list[bool] = []
    FirstPaint(shown, lambda: exposed_at_callback.append(shown.windowHandle().isExposed()))
    shown.show()
    qtbot.waitUntil(lambda: bool(exposed_at_callback), timeout=5000)
    assert exposed_at_callback == [True]

    hidden = QMainWindow()
    qtbot.addWidget(hidden)
    called: list[bool] = []
    FirstPaint(hidden, lambda: called.append(True))
    qtbot.waitUntil(lambda: bool(called), timeout=FIRST_PAINT_FALLBACK_MS + 3000)
    assert called == [True]
