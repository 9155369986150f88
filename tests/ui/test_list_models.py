"""The lists of the window and its dialogs are item models: they pass Qt's model tester with
real reports, and their views reach the places they list by mouse and keyboard."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.services import reports
from app.ui.navigator_model import HIT_ROLE
from app.ui.report_view import TAB_REPORT


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
