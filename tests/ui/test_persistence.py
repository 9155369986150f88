"""Everything typed reaches the database and comes back after closing and starting again."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox, QLineEdit

from app.core.report import FinancingLine
from app.ui.autosave import SAVE_DELAY_MS
from tests.helpers.factories import HOSTILE_TEXTS, long_text
from tests.ui.conftest import wait_saved
from tests.ui.keyboard import type_text

ACCENTED = "Capacitación en São Paulo, Québec y Bogotá; niñas «éxito» déjà vu"
EMOJI_AND_RTL = "Emoji 🌎👩🏽‍⚖️ — مهاجرون وحقوق الإنسان — עברית\nNBSP:\u00a0« guillemets »"


def paste(text_field, text: str) -> None:
    """Insert text the way a paste does (keyClicks cannot type emoji or 20,000 characters fast)."""
    text_field.editor.setFocus()
    text_field.editor.insertPlainText(text)


def open_editor(qtbot, table, index):
    """Open the delegate's editor on a cell, as a double click or F2 does."""
    qtbot.wait(1)
    if table.state() != table.State.EditingState or table.currentIndex() != index:
        table.setCurrentIndex(index)
        table.edit(index)
    editor = table.focusWidget()
    assert editor is not table and isinstance(editor, QComboBox | QLineEdit)
    return editor


def commit_with_enter(qtbot, editor) -> None:
    QTest.keyClick(editor, Qt.Key.Key_Return)
    qtbot.wait(1)


def test_every_character_survives_closing_and_starting_again(qtbot, make_window, db_path):
    window = make_window(db_path, delay_ms=SAVE_DELAY_MS)
    assert window.create_report("iachr", 2025)
    fields = window.view.row_editor.fields
    long_executed = long_text(20_000, seed=7)

    # Row 1: typed on the keyboard, emoji and right-to-left text included.
    type_text(fields["programmed"].editor, ACCENTED)
    type_text(fields["executed"].editor, EMOJI_AND_RTL)
    type_text(fields["planned_next"].editor, "Seguimiento en 2026")
    paste(fields["financing_text"], HOSTILE_TEXTS[7])

    # Financing through the table's own editors: a source from the list, donor, amount, currency.
    row_editor = window.view.row_editor
    row_editor.add_line_button.click()
    table = row_editor.financing_table
    model = row_editor.financing_model
    combo = open_editor(qtbot, table, model.index(0, 0))
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData("oas-specific-fund"))
    commit_with_enter(qtbot, combo)
    type_text(open_editor(qtbot, table, model.index(0, 1)), "Gobierno de Canadá")
    commit_with_enter(qtbot, table.focusWidget())
    QTest.keyClicks(open_editor(qtbot, table, model.index(0, 2)), "12,500.50")
    commit_with_enter(qtbot, table.focusWidget())
    currency = open_editor(qtbot, table, model.index(0, 3))
    QTest.keyClicks(currency, "CAD")
    commit_with_enter(qtbot, currency)
    assert model.lines() == (
        FinancingLine("oas-specific-fund", "Gobierno de Canadá", Decimal("12500.50"), "CAD"),
    )

    # Row 2: a 20,000-character text pasted, and one more hostile text.
    window.next_row()
    assert window.view.position == 1
    paste(fields["executed"], long_executed)
    paste(fields["programmed"], HOSTILE_TEXTS[6])

    # Report-level sections.
    window.show_details()
    sections = window.view.sections
    type_text(sections.lines["focal_name"], "María José Gonçalves")
    QTest.keyClicks(sections.lines["focal_email"], "mjg@example.org")
    paste(sections.texts["background"], "Antecedentes: " + EMOJI_AND_RTL)
    paste(sections.texts["conclusions"], long_text(3000, seed=3))

    report_id = window.session.report_id
    wait_saved(qtbot, window, timeout=10_000)
    assert "Saved" in window.save_indicator.text()
    expected = window.session.report
    window.close()
    assert window._closing_done

    again = make_window(db_path)
    assert again.session is not None
    assert again.session.report_id == report_id
    found = again.session.report
    assert found.rows[0].programmed == ACCENTED
    assert found.rows[0].executed == EMOJI_AND_RTL
    assert found.rows[0].planned_next == "Seguimiento en 2026"
    assert found.rows[0].financing_text == HOSTILE_TEXTS[7]
    assert found.rows[0].financing == expected.rows[0].financing
    assert found.rows[1].executed == long_executed
    assert len(found.rows[1].executed) == 20_000
    assert found.rows[1].programmed == HOSTILE_TEXTS[6].replace("\r\n", "\n")
    assert found.focal_point.name == "María José Gonçalves"
    assert found.focal_point.email == "mjg@example.org"
    assert found.background == "Antecedentes: " + EMOJI_AND_RTL
    assert found.conclusions == expected.conclusions
    # And the editors show it: the first row is shown again with its texts.
    assert again.view.row_editor.fields["programmed"].text() == ACCENTED
    assert again.view.sections.texts["background"].text() == "Antecedentes: " + EMOJI_AND_RTL
