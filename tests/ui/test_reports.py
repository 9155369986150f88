"""Several reports in one database: creating, switching, reopening the last; start-up notices."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from app.services import reports
from app.ui.crash import SessionMarker
from app.ui.new_report_dialog import NewReportDialog, default_year
from app.ui.open_report_dialog import OpenReportDialog
from tests.ui.conftest import stored_report
from tests.ui.keyboard import type_text


def test_reopens_the_last_report_at_start(qtbot, make_window, db_path, workspace):
    first = reports.create_report(workspace, "iachr", 2024)
    second = reports.create_report(workspace, "cim", 2025)
    window = make_window(db_path)
    # Without a remembered report, the most recently changed one opens.
    assert window.session.report_id == second.report_id
    assert window.open_report(first.report_id)
    window.close()
    again = make_window(db_path)
    assert again.session.report_id == first.report_id
    assert "2024" in again.windowTitle()


def test_switching_reports_saves_pending_edits(qtbot, make_window, db_path, workspace):
    first = reports.create_report(workspace, "iachr", 2024)
    second = reports.create_report(workspace, "cim", 2025)
    window = make_window(db_path, delay_ms=60_000)  # only the switch can have saved it
    window.open_report(first.report_id)
    type_text(window.view.row_editor.fields["executed"].editor, "antes de cambiar")
    window.show_details()
    type_text(window.view.sections.lines["focal_phone"], "+57 1 555 0100")
    assert window.autosaver.has_pending()
    assert window.open_report(second.report_id)
    assert not window.autosaver.has_pending()
    stored = stored_report(db_path, first.report_id)
    assert stored.rows[0].executed == "antes de cambiar"
    assert stored.focal_point.phone == "+57 1 555 0100"
    assert window.view.row_editor.fields["executed"].text() == ""
    assert window.session.report.implementer_id == "cim"


def test_open_report_dialog_lists_and_filters_reports(qtbot, workspace):
    reports.create_report(workspace, "iachr", 2024)
    wanted = reports.create_report(workspace, "cim", 2025)
    dialog = OpenReportDialog(reports.list_reports(workspace))
    qtbot.addWidget(dialog)
    assert dialog.tree.model().rowCount() == 2
    type_text(dialog.filter, "women")
    assert dialog.report_id() == wanted.report_id


def test_new_report_dialog_finds_implementers_and_refuses_duplicates(qtbot, catalogue):
    dialog = NewReportDialog(catalogue, {("iachr", 2025)}, year=2025)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    groups = [dialog.proxy.index(row, 0).data() for row in range(dialog.proxy.rowCount())]
    assert groups == [group.name for group in catalogue.groups]
    type_text(dialog.filter, "Commission on Human")
    assert dialog.implementer_id() == "iachr"
    assert not ok.isEnabled()
    assert "already a 2025 report" in dialog.problem.text()
    dialog.year.setValue(2024)
    assert ok.isEnabled()
    dialog.filter.clear()
    type_text(dialog.filter, "Perú")
    assert dialog.implementer_id() == "per"
    dialog.filter.clear()
    type_text(dialog.filter, "mexico")
    assert dialog.implementer_id() == "mex"
    assert dialog.focal_lines["institution"].text() == "Mexico"
    type_text(dialog.filter, "x")
    dialog.filter.clear()
    type_text(dialog.filter, "peru")
    type_text(dialog.focal_lines["name"], "Rosa Quispe")
    type_text(dialog.focal_lines["email"], "rquispe@example.pe")
    choice = dialog.choice()
    assert (choice.implementer_id, choice.year) == ("per", 2024)
    assert choice.focal_point.name == "Rosa Quispe"
    assert choice.focal_point.institution == "Peru"
    assert dialog.year_hint.text() == "Activities executed in 2024, planned for 2025."


def test_new_report_from_the_menu_creates_and_opens_it(qtbot, make_window, db_path, monkeypatch):
    window = make_window(db_path)
    assert window.session is None
    chosen = {}

    def fill(dialog):
        type_text(dialog.filter, "IACHR")
        chosen["ok"] = dialog.select_implementer("iachr")
        dialog.year.setValue(2023)
        type_text(dialog.focal_lines["email"], "foco@example.org")
        return 1

    monkeypatch.setattr(NewReportDialog, "exec", fill)
    window.new_action.trigger()
    assert chosen["ok"]
    assert window.session.report.year == 2023
    assert window.session.report.focal_point.email == "foco@example.org"
    assert window.view.model.rowCount() == 7
    assert window.view.sections.lines["focal_email"].text() == "foco@example.org"


def test_default_year_is_last_year_in_the_first_half():
    import datetime

    assert default_year(datetime.date(2026, 3, 1)) == 2025
    assert default_year(datetime.date(2026, 9, 1)) == 2026


def test_after_a_crash_the_start_says_what_was_recovered(qtbot, make_window, db_path, workspace):
    report = reports.create_report(workspace, "iachr", 2024)
    reports.save_report_fields(workspace, report.report_id, {"background": "guardado"})
    marker = SessionMarker()
    marker.mark_running(db_path)  # as a run that never reached its clean exit leaves it
    assert SessionMarker().previous_run_crashed()
    window = make_window(db_path)
    window.show_recovery_notice()
    box = window.recovery_notice
    assert isinstance(box, QMessageBox)
    assert not box.isModal()
    assert "not closed properly" in box.text()
    assert "recovered" in box.text()
    assert window.view.sections.texts["background"].text() == "guardado"
    marker.clear()
    assert not SessionMarker().previous_run_crashed()


def test_window_geometry_and_splitters_are_remembered(qtbot, make_window, db_path, workspace):
    reports.create_report(workspace, "iachr", 2024)
    window = make_window(db_path)
    geometry_before = bytes(window.settings.geometry.data())
    window.view.splitter.setSizes([200, 700, 200])
    sizes = window.view.splitter.sizes()
    window.checklist_action.setChecked(False)
    window.close()
    again = make_window(db_path)
    assert bytes(again.settings.geometry.data()) != geometry_before  # written at close
    assert again.view.splitter.sizes()[0] == sizes[0]
    assert not again.checklist_action.isChecked()
    assert again.view.checklist.isHidden()


def test_every_input_has_an_accessible_name(qtbot, window):
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit, QPlainTextEdit, QTreeView

    unnamed = [
        widget
        for kind in (QLineEdit, QPlainTextEdit, QTreeView, QComboBox)
        for widget in window.findChildren(kind)
        if not widget.accessibleName()
        and widget.isVisibleTo(window)
        and not isinstance(widget.parent(), QComboBox)
    ]
    assert unnamed == []
    buttons = [
        b
        for b in window.findChildren(QAbstractButton)
        if b.isVisibleTo(window) and not isinstance(b.parent(), QLineEdit)  # Qt's clear button
    ]
    assert all(b.text() or b.accessibleName() or b.toolTip() for b in buttons)


def test_shortcuts_dialog_lists_the_window_shortcuts(qtbot, window, monkeypatch):
    from app.ui.about import ShortcutsDialog

    seen = {}

    def capture(dialog):
        model = dialog.findChild(__import__("PySide6.QtWidgets").QtWidgets.QTableView).model()
        seen["rows"] = {
            model.index(r, 0).data(): model.index(r, 1).data() for r in range(model.rowCount())
        }
        return 0

    monkeypatch.setattr(ShortcutsDialog, "exec", capture)
    window.shortcuts_action.trigger()
    assert "Ctrl+PgDown" in seen["rows"]["Next row"]
    assert "Alt+Down" in seen["rows"]["Next row"]
    assert seen["rows"]["Group selected rows"] == "Ctrl+G"
    QTest.keyClick(window, Qt.Key.Key_Escape)


def test_language_choice_is_stored_for_the_next_start(qtbot, window, monkeypatch):
    told = []
    monkeypatch.setattr(
        "app.ui.main_window.QMessageBox.information", lambda *args: told.append(args[2])
    )
    language_menu = next(
        action.menu()
        for action in window.menuBar().actions()[2].menu().actions()
        if action.menu() is not None
    )
    spanish = next(a for a in language_menu.actions() if a.data() == "es")
    spanish.trigger()
    assert window.settings.language == "es"
    assert spanish.isChecked()
    assert told == ["The new language is used the next time Focal starts."]
