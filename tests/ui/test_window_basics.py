"""The main window on a real database: creating, editing, statuses, progress, rows."""

from __future__ import annotations

from app.core.report import RowStatus
from app.ui.navigator_model import STATUS_ROLE
from tests.ui.conftest import stored_report, wait_saved
from tests.ui.keyboard import type_text


def type_into(qtbot, window, field: str, text: str) -> None:
    editor = window.view.row_editor.fields[field].editor
    editor.setFocus()
    type_text(editor, text)


def status_of(window, position: int) -> str:
    model = window.view.model
    return model.data(model.index(position, 0), STATUS_ROLE)


def test_new_report_has_one_row_per_assigned_activity(window):
    report = window.session.report
    assert [row.activities for row in report.rows] == [(1,), (2,), (3,), (4,), (30,), (31,), (32,)]
    assert window.view.model.rowCount() == 7
    assert "IACHR" in window.windowTitle() or "Inter-American" in window.windowTitle()
    headings = window.view.row_editor.fields
    assert (
        headings["programmed"].heading.text().replace("&", "") == "Activities programmed for 2025"
    )
    assert "2026" in headings["planned_next"].heading.text()


def test_statuses_and_progress_follow_edits(qtbot, window, db_path):
    assert status_of(window, 0) == RowStatus.EMPTY.value
    type_into(qtbot, window, "programmed", "Taller en Quito")
    assert status_of(window, 0) == RowStatus.IN_PROGRESS.value
    type_into(qtbot, window, "executed", "Hecho")
    type_into(qtbot, window, "planned_next", "Seguimiento")
    type_into(qtbot, window, "financing_text", "Fondo regular")
    assert status_of(window, 0) == RowStatus.COMPLETE.value
    qtbot.waitUntil(lambda: window.view.checklist.progress.value() == 1)
    assert window.view.checklist.progress.maximum() == 7
    assert "1 of 7" in window.view.checklist.progress.format()
    wait_saved(qtbot, window)
    stored = stored_report(db_path, window.session.report_id)
    assert stored.rows[0].status is RowStatus.COMPLETE
    assert stored.rows[0].programmed == "Taller en Quito"
