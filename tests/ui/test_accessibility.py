"""Every control of the main window and of every dialog, as a screen reader and the keyboard
meet them: a name and a description, Alt+letter keys that answer one thing each, and a Tab key
that reaches every control and comes back without being kept anywhere.

Dialogs are opened for real: through the window's commands where they are modal (and inspected
from a timer while their event loop runs), built with the window's data otherwise. The list of
dialogs is checked against the dialog classes defined in ``app/ui``, so a new one must be added.
"""

from __future__ import annotations

import ast
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QStandardItemModel
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.progress import Progress
from app.services.xlsx_exchange import export_xlsx
from app.ui import file_choice
from app.ui.about import ShortcutsDialog
from app.ui.add_activity_dialog import AddActivityDialog
from app.ui.backups_dialog import BackupsDialog
from app.ui.consolidate_view import ConsolidateView
from app.ui.export_dialogs import PdfOptionsDialog, TemplateDialog
from app.ui.import_dialog import ImportDialog
from app.ui.new_report_dialog import NewReportDialog
from app.ui.open_report_dialog import OpenReportDialog
from app.ui.operations import Operation
from app.ui.preferences import PreferencesDialog
from app.ui.report_view import TAB_REPORT
from app.ui.written_files import WrittenNotice, notify_written, show_write_error
from tests.ui.accessibility import (
    control_of,
    focusable,
    mnemonic_clashes,
    tab_cycle,
    unnamed_controls,
    where,
)

UI = Path(__file__).resolve().parents[2] / "app" / "ui"
DIALOG_BASES = {"QDialog", "QMessageBox", "QFileDialog", "QProgressDialog", "QInputDialog"}


def dialog_classes() -> set[str]:
    """Names of the classes in app/ui that are dialogs (directly or through another one)."""
    bases: dict[str, set[str]] = {}
    for path in UI.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                bases[node.name] = {
                    base.id if isinstance(base, ast.Name) else getattr(base, "attr", "")
                    for base in node.bases
                }
    found: set[str] = set()
    changed = True
    while changed:
        changed = False
        for name, parents in bases.items():
            if name not in found and parents & (DIALOG_BASES | found):
                found.add(name)
                changed = True
    return found


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


def top_level(kind: type, owner: QWidget) -> QWidget | None:
    """The visible ``kind`` window that belongs to ``owner`` (not one another test left)."""
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, kind) and widget.isVisible():
            parent = widget.parentWidget()
            while parent is not None and parent is not owner:
                parent = parent.parentWidget()
            if parent is owner:
                return widget
    return None


def while_open(
    kind: type, owner: QWidget, trigger: Callable[[], object], timeout_s: float = 15
) -> Inspection:
    """Run ``trigger`` (which shows a ``kind`` window over ``owner``, modal or not), inspect that
    window from inside its event loop, then close it."""
    result: dict[str, object] = {}
    deadline = time.monotonic() + timeout_s

    def poll() -> None:
        dialog = top_level(kind, owner)
        if dialog is None or not dialog.isActiveWindow():
            if time.monotonic() < deadline:
                QTimer.singleShot(20, poll)
            else:
                result["error"] = AssertionError(f"no {kind.__name__} was shown")
            return
        try:
            result["found"] = inspect(dialog)
        except BaseException as error:  # noqa: BLE001 -- raised again by the test, outside Qt
            result["error"] = error
        finally:
            if isinstance(dialog, QDialog):
                dialog.done(QDialog.DialogCode.Rejected)
            else:
                dialog.close()

    QTimer.singleShot(0, poll)
    trigger()
    while "found" not in result and "error" not in result and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.01)
    if "error" in result:
        raise result["error"]  # type: ignore[misc]
    assert "found" in result, f"no {kind.__name__} was shown"
    return result["found"]  # type: ignore[return-value]


def shown(dialog: QWidget, qtbot) -> Inspection:
    """Show a dialog built by the test (or by a command that does not wait) and inspect it."""
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    try:
        return inspect(dialog)
    finally:
        dialog.close()


# --- the dialogs ------------------------------------------------------------------------------

Opener = Callable[..., Inspection]
CASES: dict[str, tuple[type, Opener]] = {}


def case(name: str, kind: type) -> Callable[[Opener], Opener]:
    def register(opener: Opener) -> Opener:
        CASES[name] = (kind, opener)
        return opener

    return register


@case("new report", NewReportDialog)
def _new_report(window, qtbot, tmp_path):
    return while_open(NewReportDialog, window, window.new_action.trigger)


@case("open report", OpenReportDialog)
def _open_report(window, qtbot, tmp_path):
    assert window.create_report("cim", 2024)
    return while_open(OpenReportDialog, window, window.open_action.trigger)


@case("add activities", AddActivityDialog)
def _add_activities(window, qtbot, tmp_path):
    return while_open(AddActivityDialog, window, window.add_action.trigger)


@case("keyboard shortcuts", ShortcutsDialog)
def _shortcuts(window, qtbot, tmp_path):
    return while_open(ShortcutsDialog, window, window.shortcuts_action.trigger)


@case("about", QMessageBox)
def _about(window, qtbot, tmp_path):
    return while_open(QMessageBox, window, window.about_action.trigger)


@case("PDF options", PdfOptionsDialog)
def _pdf_options(window, qtbot, tmp_path):
    return while_open(PdfOptionsDialog, window, window.exports.pdf_action.trigger)


@case("blank template", TemplateDialog)
def _template(window, qtbot, tmp_path):
    return while_open(TemplateDialog, window, window.exports.template_action.trigger)


@case("save file", QFileDialog)
def _save_file(window, qtbot, tmp_path):
    suggested = tmp_path / "IACHR-2025-submission.xlsx"
    return while_open(
        QFileDialog,
        window,
        lambda: file_choice.ask_save_path(window, "Export", suggested, file_choice.excel_filter()),
    )


@case("open files", QFileDialog)
def _open_files(window, qtbot, tmp_path):
    return while_open(
        QFileDialog,
        window,
        lambda: file_choice.ask_open_paths(window, "Import", tmp_path, file_choice.excel_filter()),
    )


@case("choose folder", QFileDialog)
def _folder(window, qtbot, tmp_path):
    return while_open(
        QFileDialog, window, lambda: file_choice.ask_folder(window, "Folder", tmp_path)
    )


def workbook(window, tmp_path: Path) -> Path:
    path = tmp_path / "received" / "IACHR-2025-submission.xlsx"
    path.parent.mkdir(exist_ok=True)
    return export_xlsx(window.workspace, "iachr", 2025, path)


@case("import", ImportDialog)
def _import(window, qtbot, tmp_path):
    path = workbook(window, tmp_path)
    window.imports.choose_files = lambda *_args: [path]  # the file dialog is inspected above
    dialog = window.imports.open_dialog(validate_only=False)
    assert dialog is not None
    qtbot.waitUntil(lambda: not dialog.busy() and dialog.model.rowCount() == 1, timeout=20_000)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    found = inspect(dialog)
    dialog.close()
    return found


@case("check files", ImportDialog)
def _check(window, qtbot, tmp_path):
    path = workbook(window, tmp_path)
    window.imports.choose_files = lambda *_args: [path]
    dialog = window.imports.open_dialog(validate_only=True)
    assert dialog is not None
    qtbot.waitUntil(lambda: not dialog.busy() and dialog.model.rowCount() == 1, timeout=20_000)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    found = inspect(dialog)
    dialog.close()
    return found


@case("consolidated report", ConsolidateView)
def _consolidation(window, qtbot, tmp_path):
    view = window.consolidation.show_view()
    view.sources.add_paths([workbook(window, tmp_path)])
    view.sources.include_db.setChecked(True)
    view.check()
    qtbot.waitUntil(lambda: not view.busy(), timeout=30_000)
    assert view.sources.checks_model.rowCount() > 0
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    found = inspect(view)
    view.close()
    return found


@case("file written", WrittenNotice)
def _written(window, qtbot, tmp_path):
    paths = [workbook(window, tmp_path), tmp_path / "report.pdf"]
    paths[1].write_bytes(b"%PDF-1.4\n")
    notice = notify_written(window, "Export", "Wrote two files.", paths, ["A warning."])
    notice.activateWindow()
    qtbot.waitUntil(notice.isActiveWindow)
    found = inspect(notice)
    notice.close()
    return found


@case("file not written", QMessageBox)
def _not_written(window, qtbot, tmp_path):
    error = PermissionError(13, "Permission denied")
    return while_open(
        QMessageBox, window, lambda: show_write_error(window, tmp_path / "locked.xlsx", error)
    )


@case("unsaved text", QMessageBox)
def _unsaved(window, qtbot, tmp_path):
    return while_open(
        QMessageBox, window, lambda: window.ask_unsaved("Close Focal", OSError("disk"))
    )


@case("progress", QProgressDialog)
def _progress(window, qtbot, tmp_path):
    release = threading.Event()

    def work(progress: Progress) -> None:
        progress.start(2)
        release.wait(20)

    operation = Operation(work, parent=window, title="Working", minimum_duration_ms=0).start()
    try:
        qtbot.waitUntil(lambda: operation.dialog is not None and operation.dialog.isVisible())
        return shown(operation.dialog, qtbot)
    finally:
        release.set()
        qtbot.waitUntil(lambda: not operation.running, timeout=20_000)


@case("backups", BackupsDialog)
def _backups(window, qtbot, tmp_path):
    return shown(BackupsDialog(window.workspace.path, window), qtbot)


@case("preferences", PreferencesDialog)
def _preferences(window, qtbot, tmp_path):
    return shown(PreferencesDialog("", window), qtbot)


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
    found = opener(window, qtbot, tmp_path)
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
