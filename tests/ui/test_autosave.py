"""The debounced saver against a real database file, including one locked by another program."""

from __future__ import annotations

import itertools
import sqlite3
from pathlib import Path

import pytest

from app.services import reports
from app.ui.autosave import Autosaver, SaveKey
from app.ui.main_window import SAVE_COPY
from app.ui.report_session import write_edit
from tests.ui.conftest import stored_report, wait_saved
from tests.ui.keyboard import type_text


@pytest.fixture
def report(workspace):
    return reports.create_report(workspace, "cim", 2024)


def test_rapid_edits_become_one_write_of_the_last_text(qtbot, workspace, report):
    writes: list[tuple[SaveKey, object]] = []

    def write(key, value):
        writes.append((key, value))
        return write_edit(workspace, key, value)

    saver = Autosaver(write, delay_ms=100)
    key = SaveKey("row", report.rows[0].row_id, "executed")
    for length in range(1, 6):
        saver.set(key, "abcde"[:length])
    assert saver.has_pending(key)
    qtbot.waitUntil(lambda: not saver.has_pending(), timeout=3000)
    assert writes == [(key, "abcde")]
    assert reports.load_report(workspace, report.report_id).rows[0].executed == "abcde"
    assert saver.last_saved is not None
    saver.stop()


def test_typing_without_a_pause_is_still_written_regularly(qtbot, workspace, report):
    """A debounce alone would wait for a pause that a steady typist never makes."""
    written: list[str] = []

    def write(key, value):
        written.append(value)
        return write_edit(workspace, key, value)

    saver = Autosaver(write, delay_ms=400)
    saver.max_wait_ms = 600
    key = SaveKey("row", report.rows[0].row_id, "executed")
    typed = ""
    for _keystroke in range(30):  # a key every 100 ms for 3 s: never a 400 ms pause
        typed += "a"
        saver.set(key, typed)
        qtbot.wait(100)
    during = list(written)
    qtbot.waitUntil(lambda: not saver.has_pending(), timeout=5000)
    assert len(during) >= 2, during  # written while the typing went on
    assert all(len(a) < len(b) for a, b in itertools.pairwise(during))
    assert reports.load_report(workspace, report.report_id).rows[0].executed == typed
    saver.stop()


def test_flush_now_writes_everything_before_returning(workspace, report):
    saver = Autosaver(lambda key, value: write_edit(workspace, key, value), delay_ms=60_000)
    row_id = report.rows[1].row_id
    saver.set(SaveKey("row", row_id, "programmed"), "uno")
    saver.set(SaveKey("row", row_id, "planned_next"), "dos")
    saver.set(SaveKey("report", report.report_id, "conclusions"), "tres")
    assert saver.flush_now() == {}
    assert not saver.has_pending()
    stored = reports.load_report(workspace, report.report_id)
    assert (stored.rows[1].programmed, stored.rows[1].planned_next) == ("uno", "dos")
    assert stored.conclusions == "tres"
    saver.stop()


def lock_exclusively(path: Path) -> sqlite3.Connection:
    """Another program holding the database: an exclusive transaction from a second connection."""
    other = sqlite3.connect(path, isolation_level=None, timeout=0.1)
    other.execute("BEGIN EXCLUSIVE")
    return other


@pytest.mark.slow
def test_locked_database_shows_the_problem_and_saves_once_released(qtbot, window, db_path):
    editor = window.view.row_editor.fields["executed"].editor
    other = lock_exclusively(db_path)
    try:
        type_text(editor, "texto durante el bloqueo")
        qtbot.waitUntil(
            lambda: "in use by another program" in window.save_indicator.text(), timeout=15_000
        )
        assert "retrying" in window.save_indicator.text()
        assert window.view.row_editor.fields["executed"].text() == "texto durante el bloqueo"
        assert window.autosaver.has_pending()
        # Typing goes on while the database is locked.
        type_text(editor, " y más")
    finally:
        other.execute("ROLLBACK")
        other.close()
    wait_saved(qtbot, window, timeout=30_000)
    assert "Saved" in window.save_indicator.text()
    stored = stored_report(db_path, window.session.report_id)
    assert stored.rows[0].executed == "texto durante el bloqueo y más"


@pytest.mark.slow
def test_closing_on_a_locked_database_offers_a_copy_of_the_unsaved_text(
    qtbot, window, db_path, tmp_path, monkeypatch
):
    window.autosaver.delay_ms = 60_000
    type_text(window.view.row_editor.fields["programmed"].editor, "no se pierde ✓")
    copy = tmp_path / "rescued.txt"
    asked = []

    def ask(title, error):
        asked.append(error)
        return SAVE_COPY

    monkeypatch.setattr(window, "ask_unsaved", ask)
    monkeypatch.setattr("app.ui.main_window.ask_save_path", lambda *args, **kwargs: copy)
    other = lock_exclusively(db_path)
    try:
        assert window.close()
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert len(asked) == 1
    text = copy.read_text(encoding="utf-8")
    assert "no se pierde ✓" in text
    assert "Activity 1" in text
