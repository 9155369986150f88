"""File > Import submissions and Check submission files, driven in the real window.

Workbooks are real Focal exports from another database; only the file dialogs are replaced.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QMimeData, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.core.catalogue import Catalogue
from app.services import backup, reports
from app.services.workspace import open_workspace
from app.services.xlsx_exchange import ImportAction, export_xlsx
from app.ui.import_dialog import ImportDialog
from app.ui.import_model import ACTION, AFTER, BEFORE, PROBLEMS, REPLACE, WHAT, WHERE
from tests.helpers.factories import sample_report
from tests.ui.conftest import stored_report
from tests.ui.keyboard import type_text

FILE_TEXT = "Talleres en Quito y Lima — niñas, niños y adolescentes «migrantes»"


def store(workspace, data) -> int:
    """Put a filled report into a database through the services the window uses."""
    report = reports.create_report(workspace, data.implementer_id, data.year, data.focal_point)
    for row, source in zip(report.rows, data.rows, strict=False):
        names = ("programmed", "executed", "planned_next", "financing_text")
        reports.save_row_texts(workspace, row.row_id, dict(zip(names, source.texts(), strict=True)))
        reports.save_row_financing(workspace, row.row_id, source.financing)
    reports.save_report_fields(
        workspace,
        report.report_id,
        {"background": data.background, "conclusions": data.conclusions},
    )
    return report.report_id


@pytest.fixture
def exported(tmp_path: Path, catalogue: Catalogue) -> Path:
    """A Focal export of IACHR 2025 made in another office's database."""
    source = open_workspace(tmp_path / "other-office.sqlite3")
    try:
        data = sample_report(catalogue, "iachr", 2025, seed=3, min_length=60, max_length=300)
        report_id = store(source, data)
        first_row = reports.load_report(source, report_id).rows[0].row_id
        reports.save_row_texts(source, first_row, {"executed": FILE_TEXT})
        folder = tmp_path / "received"
        folder.mkdir()
        return export_xlsx(source, "iachr", 2025, folder / "IACHR-2025-submission.xlsx")
    finally:
        source.close()


@pytest.fixture
def malformed(exported: Path) -> Path:
    """The export after someone typed a formula into a cell of the Report sheet."""
    target = exported.with_name("broken.xlsx")
    workbook = load_workbook(exported)
    workbook["Report"]["C8"] = "=1+1"
    workbook.save(target)
    return target


def open_import(qtbot, window, paths, *, validate_only=False) -> ImportDialog:
    window.imports.choose_files = lambda *args: list(paths)
    action = window.imports.check_action if validate_only else window.imports.import_action
    action.trigger()
    dialog = window.imports.dialog
    assert dialog is not None and dialog.isVisible()
    wait_idle(qtbot, dialog)
    return dialog


def wait_idle(qtbot, dialog: ImportDialog) -> None:
    qtbot.waitUntil(lambda: not dialog.busy(), timeout=20_000)


def cell(dialog: ImportDialog, row: int, column: int, role=Qt.ItemDataRole.DisplayRole):
    return dialog.model.data(dialog.model.index(row, column), role)


def details(dialog: ImportDialog) -> list[tuple[str, ...]]:
    model = dialog.details_model
    return [
        tuple(model.data(model.index(r, c)) or "" for c in (WHERE, WHAT, BEFORE, AFTER))
        for r in range(model.rowCount())
    ]


def test_a_focal_export_becomes_a_new_report(qtbot, make_window, db_path, exported):
    window = make_window(db_path)
    assert window.session is None
    dialog = open_import(qtbot, window, [exported])
    assert dialog.model.rowCount() == 1
    assert cell(dialog, 0, ACTION) == "New report"
    assert cell(dialog, 0, 1) == "IACHR"
    assert cell(dialog, 0, 1, Qt.ItemDataRole.ToolTipRole).startswith(
        "Inter-American Commission on Human Rights (IACHR)"
    )
    assert cell(dialog, 0, REPLACE, Qt.ItemDataRole.CheckStateRole) is None
    assert dialog.import_button.isEnabled()
    assert "1 new" in dialog.status.text()
    with qtbot.waitSignal(window.reports_changed, timeout=20_000):
        dialog.import_button.click()
    wait_idle(qtbot, dialog)
    assert cell(dialog, 0, ACTION) == "Imported as a new report."
    assert not dialog.import_button.isEnabled()
    assert dialog.backup_path is None  # nothing was replaced
    # The window opens what was imported, since no report was open.
    assert window.session is not None
    assert window.session.report.rows[0].executed == FILE_TEXT
    assert window.view.row_editor.fields["executed"].text() == FILE_TEXT
    stored = stored_report(db_path, window.session.report_id)
    assert stored.rows[0].executed == FILE_TEXT


def test_replacing_needs_the_tick_and_shows_the_differences(
    qtbot, make_window, db_path, exported, workspace
):
    window = make_window(db_path, delay_ms=60_000)
    report = reports.create_report(workspace, "iachr", 2025)
    assert window.open_report(report.report_id)
    # Typed just before importing: the comparison must see it (written first).
    type_text(window.view.row_editor.fields["executed"].editor, "Texto escrito en la ventana")
    assert window.autosaver.has_pending()
    dialog = open_import(qtbot, window, [exported])
    assert not window.autosaver.has_pending()
    plan = dialog.model.plan(0)
    assert plan.action is ImportAction.CONFLICT
    assert cell(dialog, 0, ACTION) == "Exists: tick Replace to replace it"
    assert cell(dialog, 0, REPLACE, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    assert not dialog.import_button.isEnabled()
    changed = [
        line for line in details(dialog) if line[0] == "Activity 1" and "developed" in line[1]
    ]
    assert len(changed) == 1
    _where, what, before, after = changed[0]
    assert before == "Texto escrito en la ventana"
    assert after.startswith(FILE_TEXT[:40])
    assert "27 →" in what

    # Without the tick nothing changes, even when asked.
    dialog.import_chosen()
    wait_idle(qtbot, dialog)
    assert (
        stored_report(db_path, report.report_id).rows[0].executed == "Texto escrito en la ventana"
    )

    asked = []
    dialog.confirm_replacing_open = lambda plan: asked.append(plan.path) or True
    # The keyboard way: Space on the line ticks Replace (and clears it again).
    dialog.table.setFocus()
    dialog.table.setCurrentIndex(dialog.model.index(0, ACTION))
    QTest.keyClick(dialog.table, Qt.Key.Key_Space)
    assert dialog.model.replace == {exported}
    QTest.keyClick(dialog.table, Qt.Key.Key_Space)
    assert dialog.model.replace == set()
    index = dialog.model.index(0, REPLACE)
    assert dialog.model.setData(index, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert cell(dialog, 0, ACTION) == "Replaces the report in the database"
    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(window.reports_changed, timeout=20_000):
        dialog.import_button.click()
    wait_idle(qtbot, dialog)
    assert asked == [exported]  # the open report: the user was warned
    assert cell(dialog, 0, ACTION) == "Imported: the report in the database was replaced."
    assert stored_report(db_path, report.report_id).rows[0].executed == FILE_TEXT
    # The window shows the new content, and the old one is kept in a backup.
    assert window.session.report.rows[0].executed == FILE_TEXT
    assert window.view.row_editor.fields["executed"].text() == FILE_TEXT
    assert dialog.backup_path is not None and dialog.backup_path.is_file()
    assert dialog.backup_path.parent == backup.backup_dir()
    kept = open_workspace(dialog.backup_path)
    try:
        old = reports.load_report(kept, report.report_id)
        assert old.rows[0].executed == "Texto escrito en la ventana"
    finally:
        kept.close()


def test_declining_to_replace_the_open_report_changes_nothing(
    qtbot, make_window, db_path, exported, workspace
):
    window = make_window(db_path)
    report = reports.create_report(workspace, "iachr", 2025)
    assert window.open_report(report.report_id)
    dialog = open_import(qtbot, window, [exported])
    dialog.model.set_replace(0, True)
    dialog.confirm_replacing_open = lambda plan: False
    dialog.import_button.click()
    assert not dialog.busy()
    assert stored_report(db_path, report.report_id).rows[0].executed == ""
    assert window.session.report.rows[0].executed == ""


def test_the_same_file_again_changes_nothing(qtbot, make_window, db_path, exported):
    window = make_window(db_path)
    dialog = open_import(qtbot, window, [exported])
    dialog.import_button.click()
    wait_idle(qtbot, dialog)
    dialog.close()
    again = open_import(qtbot, window, [exported])
    assert again is not dialog
    assert again.model.plan(0).action is ImportAction.UNCHANGED
    assert cell(again, 0, ACTION) == "No change: the database holds the same"
    assert not again.import_button.isEnabled()
    assert len(reports.list_reports(window.workspace)) == 1


def test_a_malformed_workbook_is_refused_with_sheet_and_cell(
    qtbot, make_window, db_path, exported, malformed
):
    window = make_window(db_path)
    dialog = open_import(qtbot, window, [malformed, exported])
    assert [cell(dialog, row, 0) for row in range(2)] == ["broken.xlsx", exported.name]
    assert dialog.model.plan(0).action is ImportAction.REFUSED
    assert cell(dialog, 0, ACTION) == "Refused: see the problems"
    assert cell(dialog, 0, PROBLEMS).startswith("Report, cell C8: ")
    dialog.table.selectRow(0)
    lines = details(dialog)
    assert any(line[0] == "Report, cell C8" and "formula" in line[1] for line in lines)
    # The good file can go in; the broken one changes nothing.
    dialog.import_button.click()
    wait_idle(qtbot, dialog)
    assert cell(dialog, 0, ACTION) == "Not imported: the file has problems."
    assert [s.implementer_id for s in reports.list_reports(window.workspace)] == ["iachr"]


def test_check_files_has_no_import_button(qtbot, make_window, db_path, exported, malformed):
    window = make_window(db_path)
    dialog = open_import(qtbot, window, [exported, malformed], validate_only=True)
    assert dialog.windowTitle() == "Check submission files"
    assert not dialog.import_button.isVisible()
    assert dialog.table.isColumnHidden(REPLACE)
    assert cell(dialog, 0, ACTION) == "Can be imported"
    assert cell(dialog, 1, ACTION) == "Cannot be imported"
    assert dialog.status.text() == "1 of 2 workbooks can be imported."
    assert reports.list_reports(window.workspace) == []


def test_workbooks_and_folders_can_be_dropped(qtbot, make_window, db_path, exported, malformed):
    window = make_window(db_path)
    dialog = open_import(qtbot, window, [exported])
    (exported.parent / "~$IACHR-2025-submission.xlsx").write_bytes(b"Excel's lock file")
    (exported.parent / "notes.txt").write_text("not a workbook")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(exported.parent))])
    position = dialog.rect().center()
    actions = Qt.DropAction.CopyAction
    button, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(position, actions, mime, button, modifiers)
    QApplication.sendEvent(dialog, enter)
    assert enter.isAccepted()
    drop = QDropEvent(position, actions, mime, button, modifiers)
    QApplication.sendEvent(dialog, drop)
    wait_idle(qtbot, dialog)
    names = sorted(cell(dialog, row, 0) for row in range(dialog.model.rowCount()))
    assert names == sorted([exported.name, "broken.xlsx"])


def test_item_models_pass_the_model_tester(
    qtmodeltester, qtbot, make_window, db_path, exported, malformed
):
    window = make_window(db_path)
    dialog = open_import(qtbot, window, [exported, malformed])
    qtmodeltester.check(dialog.model)
    dialog.table.selectRow(1)
    qtmodeltester.check(dialog.details_model)
