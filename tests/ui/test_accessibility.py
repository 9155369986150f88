"""Every control of the main window and of every dialog, as a screen reader and the keyboard
meet them: a name and a description, Alt+letter keys that answer one thing each, and a Tab key
that reaches every control and comes back without being kept anywhere.

Dialogs are opened for real (see :mod:`tests.ui.dialogs`); their list is checked against the
dialog classes defined in ``app/ui``, so a new one must be added there.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QStandardItemModel
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.i18n import LANGUAGES, set_language
from app.ui.report_view import TAB_ACTIVITIES, TAB_REPORT
from tests.ui.accessibility import (
    control_of,
    focusable,
    mnemonic_clashes,
    tab_cycle,
    unnamed_controls,
    where,
)
from tests.ui.dialogs import CASES, dialog_classes


@dataclass
class Inspection:
    """What was found in one window; ``kind`` is the class of the window inspected."""

    kind: type
    controls: int = 0
    unnamed: list[str] = field(default_factory=list)
    clashes: dict[str, list[str]] = field(default_factory=dict)
    unreached: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return [
            *self.unnamed,
            *(f"Alt key {key} answers {owners}" for key, owners in self.clashes.items()),
            *(f"Tab never reaches {name}" for name in self.unreached),
        ]


def inspect(window: QWidget) -> Inspection:
    QApplication.processEvents()
    controls = focusable(window)
    found = Inspection(
        type(window), len(controls), unnamed_controls(window), mnemonic_clashes(window)
    )
    if controls:
        forward = tab_cycle(controls[0])
        backward = tab_cycle(controls[0], backwards=True)
        only_forward = [where(w) for w in forward if w not in backward]
        only_backward = [where(w) for w in backward if w not in forward]
        assert only_forward == only_backward == [], "Tab and Shift+Tab visit other controls"
        reached = set(map(id, forward))
        found.unreached = [where(c) for c in controls if id(control_of(c)) not in reached]
    return found


# --- the tests --------------------------------------------------------------------------------


def test_the_checks_find_what_they_look_for(qtbot):
    dialog = QDialog()
    layout = QVBoxLayout(dialog)
    unnamed = QLineEdit(dialog)
    named = QLineEdit(dialog)
    named.setAccessibleName("Named")
    label = QLabel("&Donor:", dialog)
    label.setBuddy(named)
    button = QPushButton("&Delete", dialog)
    table = QTableView(dialog)  # Qt's tables keep the Tab key: a trap once they have a cell
    model = QStandardItemModel(2, 2, table)
    table.setModel(model)
    table.setAccessibleName("Table")
    table.setAccessibleDescription("A table")
    for widget in (unnamed, label, named, button, table):
        layout.addWidget(widget)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    problems = unnamed_controls(dialog)
    assert any(p.startswith("QLineEdit") and "no accessible name" in p for p in problems)
    assert any("(Named): no accessible description" in p for p in problems)
    assert any("QPushButton" in p and "no accessible name" in p for p in problems)
    assert not any("Table" in p for p in problems)
    assert list(mnemonic_clashes(dialog)) == ["Alt+D"]
    table.setFocus()
    table.setCurrentIndex(model.index(0, 0))
    with pytest.raises(AssertionError, match="the focus stays in QTableView"):
        tab_cycle(table)


def test_every_dialog_class_is_inspected():
    inspected = {kind.__name__ for kind, _opener in CASES.values()}
    assert dialog_classes() - inspected == set()


@pytest.mark.parametrize("name", sorted(CASES))
def test_dialog_controls_are_named_and_reached_by_tab(name, window, qtbot, tmp_path):
    kind, opener = CASES[name]
    found = opener(window, qtbot, tmp_path, inspect)
    assert issubclass(found.kind, kind)
    assert found.controls > 0
    assert not found.problems(), "\n".join(found.problems())


def test_main_window_controls_are_named_and_reached_by_tab(window, qtbot):
    view = window.view
    view.row_editor.add_line_button.click()  # a table with cells is where Qt keeps the Tab key
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert view.row_editor.financing_model.rowCount() == 1
    found = inspect(window)
    assert not found.problems(), "\n".join(found.problems())
    view.tabs.setCurrentIndex(TAB_REPORT)
    found = inspect(window)
    assert not found.problems(), "\n".join(found.problems())
    view.navigator.search.setFocus()
    qtbot.keyClicks(view.navigator.search, "migra")
    qtbot.waitUntil(view.navigator.hits.isVisible)
    assert mnemonic_clashes(window) == {}
    assert unnamed_controls(window) == []


def test_the_financing_editors_are_named(window, qtbot):
    editor = window.view.row_editor
    editor.add_line_button.click()
    table = editor.financing_table
    for column in range(table.model().columnCount()):
        table.setCurrentIndex(table.model().index(0, column))
        table.edit(table.currentIndex())
        QApplication.processEvents()
        focused = QApplication.focusWidget()
        assert focused is not None and focused is not table
        assert unnamed_controls(control_of(focused)) == []


def test_each_menu_has_one_item_per_letter(window):
    for menu in window.menuBar().findChildren(QMenu):
        keys = [
            QKeySequence.mnemonic(action.text()).toString()
            for action in menu.actions()
            if action.isVisible() and not action.isSeparator()
        ]
        keys = [key for key in keys if key]
        assert len(keys) == len(set(keys)), (menu.title(), keys)


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_alt_keys_are_unique_in_every_language(language, make_window, db_path, qtbot):
    set_language(language)
    try:
        window = make_window(db_path, open_last=False)
        assert window.create_report("iachr", 2025)
        window.view.navigator.search.setText("migra")  # the search results' label too
        qtbot.waitUntil(window.view.navigator.hits.isVisible)
        clashes = {}
        for tab in (TAB_ACTIVITIES, TAB_REPORT):
            window.view.tabs.setCurrentIndex(tab)
            QApplication.processEvents()
            clashes.update(mnemonic_clashes(window))
        for menu in window.menuBar().findChildren(QMenu):
            keys: dict[str, list[str]] = {}
            for action in menu.actions():
                key = QKeySequence.mnemonic(action.text()).toString()
                if key and action.isVisible():
                    keys.setdefault(key, []).append(action.text())
            clashes.update({f"{menu.title()} {k}": v for k, v in keys.items() if len(v) > 1})
    finally:
        set_language("en")
    assert clashes == {}
