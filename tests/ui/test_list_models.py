"""The lists of the window and its dialogs are item models: they pass Qt's model tester with
real reports, and their views reach the places they list by mouse and keyboard."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TypeVar

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QIcon
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from app.core.checklist import MissingItem
from app.core.report import FinancingLine, FocalPoint
from app.services import reports
from app.ui.about import ShortcutsDialog
from app.ui.add_activity_dialog import NUMBER_ROLE, AddActivityDialog
from app.ui.checklist_panel import ITEM_ROLE, ChecklistPanel
from app.ui.navigator_model import HIT_ROLE
from app.ui.open_report_dialog import REPORT_ID_ROLE, OpenReportDialog
from app.ui.report_view import TAB_REPORT
from app.ui.save_indicator import local_time
from tests.ui.keyboard import type_text

W = TypeVar("W", bound=QWidget)


@pytest.fixture
def keep(qtbot) -> Callable[[W], W]:
    """Keeps widgets alive past the test's body: the model tester disconnects from their
    models at teardown, so tests request this (and the windows' fixtures) before
    ``qtmodeltester``, which is then torn down first."""
    kept: list[QWidget] = []

    def keep_widget(widget: W) -> W:
        qtbot.addWidget(widget)
        kept.append(widget)
        return widget

    return keep_widget


def click(view, index) -> None:
    QTest.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center()
    )


def test_search_hits_model_lists_the_hits_and_leads_to_them(
    make_window, db_path, workspace, qtmodeltester, qtbot
):
    report = reports.create_report(workspace, "iachr", 2025)
    reports.save_row_texts(
        workspace, report.rows[1].row_id, {"executed": "Taller en Quito; otro taller en Lima."}
    )
    reports.save_report_fields(workspace, report.report_id, {"background": "Un taller regional."})
    window = make_window(db_path)
    navigator = window.view.navigator
    navigator.search.setText("taller")
    hits = window.view.search("taller")
    model = navigator.hits.model()
    qtmodeltester.check(model, force_py=True)
    assert [model.index(i, 0).data(HIT_ROLE) for i in range(model.rowCount())] == hits
    assert [(hit.row_index, hit.field) for hit in hits] == [
        (None, "background"),
        (1, "executed"),
        (1, "executed"),
    ]
    label = model.index(2, 0).data()
    assert label.startswith("Activity 2: ") and "taller en Lima" in label
    assert navigator.hits_label.text() == "Fo&und 3 places"

    click(navigator.hits, model.index(2, 0))
    editor = window.view.row_editor.fields["executed"].editor
    assert window.view.position == 1
    assert editor.textCursor().selectionStart() == hits[2].start
    assert editor.textCursor().selectedText() == "taller"

    navigator.hits.setFocus()
    QTest.keyClick(navigator.hits, Qt.Key.Key_Home)
    QTest.keyClick(navigator.hits, Qt.Key.Key_Return)
    assert window.view.tabs.currentIndex() == TAB_REPORT
    background = window.view.sections.texts["background"].editor
    assert background.textCursor().selectedText() == "taller"

    navigator.search.setText("nowhere to be found")
    assert window.view.search("nowhere to be found") == []
    assert model.rowCount() == 0
    assert navigator.hits.isVisibleTo(window)
    assert navigator.hits_label.text() == "Nothing found for “nowhere to be found”"
    navigator.search.clear()
    window.view.search("")
    assert model.rowCount() == 0
    assert not navigator.hits.isVisibleTo(window)


def test_activity_choices_model_offers_the_activities_the_report_lacks(
    keep, qtmodeltester, workspace, catalogue
):
    created = reports.create_report(workspace, "iachr", 2025)
    assert created.rows[5].activities == (31,)
    reports.remove_row(workspace, created.rows[5].row_id)
    reports.add_activity_rows(workspace, created.report_id, [5])
    report = reports.load_report(workspace, created.report_id)
    taken = {n for row in report.rows for n in row.activities}
    dialog = keep(AddActivityDialog(catalogue, taken, report.implementer_id))
    model = dialog.list.model()
    qtmodeltester.check(model, force_py=True)
    numbers = [model.index(i, 0).data(NUMBER_ROLE) for i in range(model.rowCount())]
    assert numbers == [a.number for a in catalogue.activities if a.number not in taken]
    assert 31 in numbers and 5 not in numbers and 1 not in numbers
    texts = [model.index(i, 0).data() for i in range(model.rowCount())]
    assert [n for n, text in zip(numbers, texts, strict=True) if "(assigned to you)" in text] == [
        31
    ]
    six = model.index(numbers.index(6), 0)
    assert six.data() == f"6. {catalogue.activity(6).text}"
    assert six.data(Qt.ItemDataRole.ToolTipRole) == catalogue.activity(6).heading


def test_add_activity_dialog_filters_selects_and_adds(qtbot, window, monkeypatch):
    taken = {n for row in window.session.report.rows for n in row.activities}
    dialog = AddActivityDialog(window.workspace.catalogue, taken, "iachr", window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    view, model = dialog.list, dialog.list.model()

    def shown() -> list[int]:
        return [
            model.index(i, 0).data(NUMBER_ROLE)
            for i in range(model.rowCount())
            if not view.isRowHidden(i)
        ]

    type_text(dialog.filter, "consular")
    assert shown() == [48, 49]  # activity 4 mentions it too, but is in the report
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Home)
    QTest.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert dialog.numbers() == [48, 49]
    dialog.filter.clear()
    type_text(dialog.filter, "49")
    assert shown() == [49]
    assert dialog.numbers() == [49]  # a chosen activity the filter hides is not added
    dialog.filter.clear()
    assert len(shown()) == model.rowCount() == 100 - len(taken)
    assert dialog.numbers() == [48, 49]
    dialog.select_numbers({5, 40})
    assert dialog.numbers() == [5, 40]
    six = view.visualRect(model.index(shown().index(6), 0)).center()
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=six)  # a double-click's
    QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=six)  # two halves
    assert dialog.result() == AddActivityDialog.DialogCode.Accepted
    assert dialog.numbers() == [6]

    def choose(chooser: AddActivityDialog) -> int:
        chooser.select_numbers({48, 49})
        return 1

    monkeypatch.setattr(AddActivityDialog, "exec", choose)
    window.add_action.trigger()
    added = [row.activities for row in window.session.report.rows]
    assert (48,) in added and (49,) in added
    assert window.view.current_row().activities == (48,)


def test_missing_items_model_lists_what_a_real_report_lacks(keep, qtmodeltester, qtbot, workspace):
    created = reports.create_report(
        workspace, "iachr", 2025, FocalPoint(name="Ana Pérez", institution="IACHR")
    )
    for row in created.rows[:6]:
        reports.save_row_texts(
            workspace,
            row.row_id,
            {"programmed": "Talleres.", "executed": "Dos talleres.", "planned_next": "Uno."},
        )
    reports.save_report_fields(workspace, created.report_id, {"conclusions": "Bien."})
    report = reports.load_report(workspace, created.report_id)
    panel = keep(ChecklistPanel())
    panel.resize(240, 500)
    panel.show()
    qtbot.waitExposed(panel)
    panel.show_report(report)
    model = panel.list.model()
    qtmodeltester.check(model, force_py=True)
    shown = [model.index(i, 0).data(ITEM_ROLE) for i in range(model.rowCount())]
    assert shown == panel.items
    assert [item.message for item in shown] == [
        "Focal point: e-mail is missing",
        "The background is empty",
        "Activity 1: no financing given",
        "Activity 2: no financing given",
        "Activity 3: no financing given",
        "Activity 4: no financing given",
        "Activity 30: no financing given",
        "Activity 31: no financing given",
        "Activity 32: activities programmed for 2025 is empty",
        "Activity 32: activities developed/executed is empty",
        "Activity 32: activities programmed for 2026 is empty",
        "Activity 32: no financing given",
    ]
    assert shown[1] == MissingItem("The background is empty", "background")
    assert shown[-1] == MissingItem("Activity 32: no financing given", "financing", 6)
    first = model.index(0, 0)
    assert first.data() == "Focal point: e-mail is missing"
    assert isinstance(first.data(Qt.ItemDataRole.DecorationRole), QIcon)
    assert not first.data(Qt.ItemDataRole.DecorationRole).isNull()
    assert first.data(Qt.ItemDataRole.ToolTipRole) == "Go to the place to fix this"
    assert panel.heading.text() == "&Missing (12)"
    assert panel.progress.text() == "0 of 7 rows complete"
    # Long messages wrap inside the narrow panel rather than scrolling sideways.
    assert panel.list.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    long_one = panel.list.visualRect(model.index(8, 0))
    assert long_one.right() <= panel.list.viewport().width()
    assert long_one.height() > panel.list.visualRect(first).height()

    with qtbot.waitSignal(panel.item_activated) as activated:
        click(panel.list, model.index(8, 0))
    assert activated.args == [shown[8]]

    panel.show_report(None)
    assert model.rowCount() == 0
    assert panel.heading.text() == ""


def test_reports_model_lists_the_database_reports_and_opens_the_chosen_one(
    keep, qtmodeltester, qtbot, make_window, db_path, workspace, monkeypatch
):
    iachr = reports.create_report(workspace, "iachr", 2024)
    cim = reports.create_report(workspace, "cim", 2025)
    peru = reports.create_report(workspace, "per", 2025)
    mexico = reports.create_report(workspace, "mex", 2023)
    row = iachr.rows[0]
    reports.save_row_texts(
        workspace, row.row_id, {"programmed": "Uno.", "executed": "Dos.", "planned_next": "Tres."}
    )
    reports.save_row_financing(
        workspace, row.row_id, [FinancingLine("oas-regular-fund", "", Decimal("10.00"), "USD")]
    )
    summaries = reports.list_reports(workspace)
    dialog = keep(OpenReportDialog(summaries, iachr.report_id))
    model = dialog.tree.model()
    qtmodeltester.check(model, force_py=True)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)] == [
        "Implementer",
        "Year",
        "Rows complete",
        "Last change",
    ]
    ids = [model.index(r, 0).data(REPORT_ID_ROLE) for r in range(model.rowCount())]
    assert ids == [cim.report_id, peru.report_id, iachr.report_id, mexico.report_id]
    by_id = {summary.id: summary for summary in summaries}
    third = [model.index(2, c).data() for c in range(4)]
    assert third == [
        by_id[iachr.report_id].implementer_name,
        "2024",
        f"1 of {len(iachr.rows)}",
        local_time(by_id[iachr.report_id].updated, "yyyy-MM-dd HH:mm"),
    ]
    assert [model.index(r, 0).data() for r in (1, 3)] == ["Peru", "Mexico"]
    assert not model.index(0, 0).data(Qt.ItemDataRole.DecorationRole).isNull()
    assert model.index(0, 1).data(Qt.ItemDataRole.DecorationRole) is None
    assert dialog.report_id() == iachr.report_id  # the open report is the current line

    dialog.show()
    qtbot.waitExposed(dialog)
    type_text(dialog.filter, "2025")
    assert [dialog.tree.isRowHidden(r, QModelIndex()) for r in range(4)] == [
        False,
        False,
        True,
        True,
    ]
    assert dialog.report_id() == cim.report_id  # the current line hid: the first shown is
    type_text(dialog.filter, " nowhere")
    assert dialog.report_id() is None
    assert not dialog.open_button.isEnabled()
    dialog.filter.clear()
    assert dialog.open_button.isEnabled()
    dialog.tree.setFocus()
    QTest.keyClick(dialog.tree, Qt.Key.Key_Down)
    assert dialog.report_id() == peru.report_id
    QTest.keyClick(dialog.tree, Qt.Key.Key_Return)
    assert dialog.result() == OpenReportDialog.DialogCode.Accepted

    window = make_window(db_path)
    assert window.session.report_id != mexico.report_id

    def double_click_mexico(chooser: OpenReportDialog) -> int:
        chooser.show()
        where = chooser.tree.visualRect(chooser.tree.model().index(3, 1)).center()
        QTest.mouseClick(chooser.tree.viewport(), Qt.MouseButton.LeftButton, pos=where)
        QTest.mouseDClick(chooser.tree.viewport(), Qt.MouseButton.LeftButton, pos=where)
        return chooser.result()

    monkeypatch.setattr(OpenReportDialog, "exec", double_click_mexico)
    window.open_action.trigger()
    assert window.session.report_id == mexico.report_id


def test_shortcuts_model_lists_the_window_actions_keys(window, qtmodeltester, monkeypatch):
    shown = []

    def capture(dialog: ShortcutsDialog) -> int:
        shown.append(dialog)
        return 0

    monkeypatch.setattr(ShortcutsDialog, "exec", capture)
    window.shortcuts_action.trigger()
    model = shown[0].table.model()
    qtmodeltester.check(model, force_py=True)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(2)] == [
        "Command",
        "Keys",
    ]
    rows = [(model.index(r, 0).data(), model.index(r, 1).data()) for r in range(model.rowCount())]
    assert ("Find in report", "Ctrl+F") in rows
    assert ("Add activities", "Ctrl+Shift+A") in rows
    assert rows[-2:] == [
        ("Next field", "Tab"),
        ("Go to a heading's field", "Alt + underlined letter"),
    ]
    assert shown[0].table.accessibleName() == "Keyboard shortcuts"
    assert shown[0].table.verticalHeader().isHidden()
