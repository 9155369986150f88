"""Navigating rows, filtering, adding, grouping and ungrouping, the checklist and search."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.core.report import RowStatus
from app.ui.report_view import TAB_ACTIVITIES, TAB_REPORT
from tests.ui.conftest import stored_report, wait_saved
from tests.ui.keyboard import type_text


def fill_row(window, position: int, prefix: str) -> None:
    window.view.navigator.select_position(position)
    for name, text_field in window.view.row_editor.fields.items():
        type_text(text_field.editor, f"{prefix} {name}")


def visible_numbers(window) -> list[str]:
    proxy = window.view.navigator.proxy
    return [proxy.index(row, 0).data() for row in range(proxy.rowCount())]


def test_only_incomplete_filter_hides_complete_rows(qtbot, window):
    fill_row(window, 0, "uno")
    fill_row(window, 2, "tres")
    assert window.session.report.rows[0].status is RowStatus.COMPLETE
    assert len(visible_numbers(window)) == 7
    window.view.navigator.only_incomplete.setChecked(True)
    assert visible_numbers(window) == ["2", "4", "30", "31", "32"]
    assert window.incomplete_action.isChecked()
    window.incomplete_action.setChecked(False)
    assert len(visible_numbers(window)) == 7


def test_next_and_previous_row_shortcuts(qtbot, window):
    window.activateWindow()
    editor = window.view.row_editor.fields["programmed"].editor
    editor.setFocus()
    assert window.view.position == 0
    QTest.keyClick(editor, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.view.position == 1
    QTest.keyClick(editor, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert window.view.position == 2
    assert window.view.row_editor.title.text() == "Activity 3"
    QTest.keyClick(editor, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert window.view.position == 1
    QTest.keyClick(editor, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    QTest.keyClick(editor, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert window.view.position == 0


def test_next_row_skips_rows_the_filter_hides(qtbot, window):
    fill_row(window, 1, "dos")
    window.view.navigator.select_position(0)
    window.view.navigator.only_incomplete.setChecked(True)
    window.next_row()
    assert window.view.position == 2


def test_switching_rows_keeps_each_rows_text(qtbot, window):
    type_text(window.view.row_editor.fields["executed"].editor, "primera fila")
    window.next_row()
    assert window.view.row_editor.fields["executed"].text() == ""
    type_text(window.view.row_editor.fields["executed"].editor, "segunda fila")
    window.previous_row()
    assert window.view.row_editor.fields["executed"].text() == "primera fila"


def test_add_activity_row_lands_in_number_order(qtbot, window, db_path):
    window.add_activities([5, 40])
    numbers = [row.activities for row in window.session.report.rows]
    assert numbers == [(1,), (2,), (3,), (4,), (5,), (30,), (31,), (32,), (40,)]
    assert window.view.row_editor.title.text() == "Activity 5"
    assert window.view.model.rowCount() == 9
    type_text(window.view.row_editor.fields["programmed"].editor, "nueva actividad")
    wait_saved(qtbot, window)
    stored = stored_report(db_path, window.session.report_id)
    assert stored.rows[4].programmed == "nueva actividad"
    assert window.view.checklist.progress.maximum() == 9


def test_group_rows_one_to_four_keeps_texts_then_ungroup(qtbot, window, db_path):
    for position in range(4):
        window.view.navigator.select_position(position)
        type_text(window.view.row_editor.fields["executed"].editor, f"texto {position + 1}")
    # No wait: grouping must write pending edits first.
    selection = window.view.navigator.view.selectionModel()
    proxy = window.view.navigator.proxy
    window.view.navigator.select_position(0)
    for position in range(1, 4):
        selection.select(
            proxy.index(position, 0),
            selection.SelectionFlag.Select | selection.SelectionFlag.Rows,
        )
    assert window.view.navigator.selected_positions() == [0, 1, 2, 3]
    assert window.group_action.isEnabled()
    window.group_action.trigger()
    rows = window.session.report.rows
    assert rows[0].activities == (1, 2, 3, 4)
    assert rows[0].executed == "texto 1\n\ntexto 2\n\ntexto 3\n\ntexto 4"
    assert window.view.model.index(0, 0).data() == "1-4"
    assert window.view.row_editor.title.text() == "Activities 1-4"
    assert window.view.row_editor.fields["executed"].text() == rows[0].executed
    assert "4." in window.view.row_editor.activity_text.toPlainText()
    stored = stored_report(db_path, window.session.report_id)
    assert stored.rows[0].activities == (1, 2, 3, 4)
    assert stored.rows[0].executed == rows[0].executed

    assert window.ungroup_action.isEnabled()
    window.ungroup_action.trigger()
    rows = window.session.report.rows
    assert [row.activities for row in rows[:4]] == [(1,), (2,), (3,), (4,)]
    assert rows[0].executed == "texto 1\n\ntexto 2\n\ntexto 3\n\ntexto 4"
    assert window.view.model.rowCount() == 7


def test_checklist_item_moves_focus_to_the_editor_to_fix(qtbot, window):
    window.activateWindow()
    checklist = window.view.checklist
    items = {(item.row, item.field): i for i, item in enumerate(checklist.items)}
    assert (None, "focal_point.email") in items
    assert (3, "executed") in items
    entry = checklist.list.model().index(items[(3, "executed")], 0)
    rect = checklist.list.visualRect(entry)
    QTest.mouseClick(checklist.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.view.position == 3
    assert window.view.tabs.currentIndex() == TAB_ACTIVITIES
    assert window.view.row_editor.fields["executed"].editor.hasFocus()

    entry = checklist.list.model().index(items[(None, "focal_point.email")], 0)
    checklist.list.setCurrentIndex(entry)
    checklist.list.setFocus()
    QTest.keyClick(checklist.list, Qt.Key.Key_Return)
    assert window.view.tabs.currentIndex() == TAB_REPORT
    assert window.view.sections.lines["focal_email"].hasFocus()

    type_text(window.view.sections.lines["focal_email"], "ana@example.org")
    checklist_now = window.view.checklist
    qtbot.waitUntil(lambda: all(item.field != "focal_point.email" for item in checklist_now.items))


def test_search_finds_text_in_any_field(qtbot, window):
    view = window.view
    view.navigator.select_position(2)
    type_text(view.row_editor.fields["planned_next"].editor, "Seminario en Cartagena")
    view.navigator.select_position(5)
    type_text(view.row_editor.fields["financing_text"].editor, "Aporte de cartagena")
    window.show_details()
    type_text(view.sections.texts["conclusions"].editor, "Conclusión: Cartagena 2025")
    type_text(view.sections.lines["focal_institution"], "Alcaldía de Cartagena")
    window.find_action.trigger()
    assert view.navigator.search.hasFocus()
    type_text(view.navigator.search, "cartagena")
    hits = view.navigator.hits.model()
    qtbot.waitUntil(lambda: hits.rowCount() == 4)
    places = {(hit.row_index, hit.field) for hit in view.search("cartagena")}
    assert places == {
        (2, "planned_next"),
        (5, "financing_text"),
        (None, "conclusions"),
        (None, "focal_point.institution"),
    }
    labels = [hits.index(i, 0).data() for i in range(4)]
    assert any("Activity 3" in label and "2026" in label for label in labels)
    # Enter goes to the hits in order, selecting the match in its editor.
    view.navigator.search.setFocus()
    QTest.keyClick(view.navigator.search, Qt.Key.Key_Return)
    first = view.navigator.hits.currentIndex().data(Qt.ItemDataRole.UserRole + 1)
    if first.row_index is not None:
        editor = view.row_editor.fields[first.field].editor
        assert view.position == first.row_index
        assert editor.textCursor().selectedText().casefold() == "cartagena"
    # The activity text of the resolution is searched too.
    assert any(hit.field == "activity" for hit in view.search("inter-american human rights system"))
