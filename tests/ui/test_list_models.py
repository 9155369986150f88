"""The lists of the window and its dialogs are item models: they pass Qt's model tester with
real reports, and their views reach the places they list by mouse and keyboard."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.services import reports
from app.ui.add_activity_dialog import NUMBER_ROLE, AddActivityDialog
from app.ui.navigator_model import HIT_ROLE
from app.ui.report_view import TAB_REPORT
from tests.ui.keyboard import type_text


def click(view, index) -> None:
    QTest.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center()
    )


def test_search_hits_model_lists_the_hits_and_leads_to_them(
    qtmodeltester, qtbot, make_window, db_path, workspace
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
    assert navigator.hits_label.text() == "&Found 3 places"

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
    qtmodeltester, qtbot, workspace, catalogue
):
    created = reports.create_report(workspace, "iachr", 2025)
    assert created.rows[5].activities == (31,)
    reports.remove_row(workspace, created.rows[5].row_id)
    reports.add_activity_rows(workspace, created.report_id, [5])
    report = reports.load_report(workspace, created.report_id)
    taken = {n for row in report.rows for n in row.activities}
    dialog = AddActivityDialog(catalogue, taken, report.implementer_id)
    qtbot.addWidget(dialog)
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
