"""An unexpected error: a dialog says what happened and where the log is; the text is safe."""

from __future__ import annotations

import logging
import sys

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app.logs import log_dir, setup_logging
from app.ui import crash
from tests.ui.conftest import stored_report, wait_saved
from tests.ui.keyboard import type_text


@pytest.fixture
def log_file(monkeypatch):
    """Focal's real rotating log file in the test's data folder (tests normally log nowhere)."""
    root = logging.getLogger("focal")
    saved = root.handlers[:]
    root.handlers.clear()
    monkeypatch.delenv("FOCAL_NO_LOG_FILE", raising=False)
    path = setup_logging()
    assert path is not None
    yield path
    for handler in root.handlers:
        handler.close()
    root.handlers[:] = saved


def raise_in_slot() -> None:
    raise RuntimeError("a bug in a slot: ñandú")


def test_a_bug_in_a_slot_shows_the_dialog_and_typed_text_is_saved(
    qtbot, window, db_path, monkeypatch, log_file
):
    monkeypatch.delenv("FOCAL_NO_CRASH_DIALOG", raising=False)
    monkeypatch.setattr(sys, "excepthook", crash.excepthook)
    field = window.view.row_editor.fields["programmed"]
    field.editor.setFocus()
    type_text(field.editor, "Texto escrito antes del error")
    seen: dict[str, str] = {}

    def read_and_close_dialog() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, read_and_close_dialog)
            return
        from PySide6.QtWidgets import QTextEdit

        details = box.findChild(QTextEdit)
        seen.update(
            details_name=details.accessibleName() if details is not None else "",
            title=box.windowTitle(),
            text=box.text(),
            info=box.informativeText(),
            details=box.detailedText(),
        )
        box.done(0)

    QTimer.singleShot(0, read_and_close_dialog)
    QTimer.singleShot(0, raise_in_slot)
    qtbot.waitUntil(lambda: "details" in seen, timeout=5000)

    assert "unexpected error" in seen["title"]
    assert seen["details_name"]  # the traceback box is named for screen readers
    assert "Your saved text is safe" in seen["text"]
    assert str(log_dir()) in seen["info"]
    assert "RuntimeError: a bug in a slot: ñandú" in seen["details"]
    logged = log_file.read_text(encoding="utf-8")
    assert "unexpected error" in logged and "a bug in a slot: ñandú" in logged
    # The window goes on: what was typed is saved as usual.
    wait_saved(qtbot, window)
    report = stored_report(db_path, window.session.report_id)
    assert report.rows[0].programmed == "Texto escrito antes del error"


def test_the_flag_turns_the_dialog_off_but_still_logs(qtbot, monkeypatch, log_file, capsys):
    monkeypatch.setenv("FOCAL_NO_CRASH_DIALOG", "1")
    try:
        raise ValueError("no dialog wanted")
    except ValueError as error:
        crash.excepthook(type(error), error, error.__traceback__)
    assert QApplication.activeModalWidget() is None
    assert "ValueError: no dialog wanted" in capsys.readouterr().err
    assert "no dialog wanted" in log_file.read_text(encoding="utf-8")
