"""Changing the interface language while Focal runs: a new window in the new language, nothing
typed lost, Qt's own buttons translated too."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from app.core.i18n import current_language, translator
from app.ui.application import apply_language
from app.ui.preferences import PreferencesDialog
from app.ui.window_host import WindowHost
from tests.ui.conftest import stored_report
from tests.ui.keyboard import type_text


@pytest.fixture
def english() -> Iterator[None]:
    application = QApplication.instance()
    assert isinstance(application, QApplication)
    apply_language("en", application)
    yield
    apply_language("en", application)


def host_for(window) -> WindowHost:
    application = QApplication.instance()
    assert isinstance(application, QApplication)
    return WindowHost(window, lambda language: apply_language(language, application))


def menu_titles(window) -> list[str]:
    return [action.text() for action in window.menuBar().actions()]


def test_switching_language_keeps_unsaved_text_and_place(qtbot, window, db_path, english):
    window.autosaver.delay_ms = 60_000  # the text is still pending when the language changes
    host = host_for(window)
    window.view.navigator.select_position(2)
    field = window.view.row_editor.fields["executed"]
    field.editor.setFocus()
    type_text(field.editor, "Capacitación de 40 funcionarios — «segunda fase»")
    assert window.autosaver.has_pending()
    report_id = window.session.report_id

    window.change_language("es")

    new = host.window
    assert new is not window and not window.isVisible() and new.isVisible()
    assert current_language() == "es"
    spanish = translator("es")
    assert menu_titles(new)[0] == spanish.gettext("&File") != "&File"
    assert new.session.report_id == report_id and new.view.position == 2
    assert new.view.row_editor.fields["executed"].text().startswith("Capacitación de 40")
    stored = stored_report(db_path, report_id)
    assert stored.rows[2].executed == "Capacitación de 40 funcionarios — «segunda fase»"
    assert new.settings.language == "es"
    # Qt's own standard buttons follow (Qt's translations are installed with Focal's).
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text().replace("&", "") == "Cancelar"

    new.change_language("pt")
    newest = host.window
    assert newest is not new and current_language() == "pt"
    assert menu_titles(newest)[0] == translator("pt").gettext("&File")
    assert newest.view.row_editor.fields["executed"].text().startswith("Capacitación de 40")
    newest.finish()


def test_preferences_offer_system_language_and_the_four(qtbot, settings, english):
    dialog = PreferencesDialog("", None)
    qtbot.addWidget(dialog)
    codes = [dialog.language.itemData(i) for i in range(dialog.language.count())]
    assert codes == ["", "en", "es", "fr", "pt"]
    assert dialog.language_setting() == ""
    dialog.language.setCurrentIndex(codes.index("fr"))
    assert dialog.language_setting() == "fr"
    assert dialog.language.accessibleName() and dialog.language.accessibleDescription()


def test_same_language_changes_nothing(qtbot, window, english):
    host = host_for(window)
    window.settings.language = "en"
    window.change_language("en")
    assert host.window is window
