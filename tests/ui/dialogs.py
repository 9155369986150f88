"""The dialogs of the window, each opened for real so that a test can look at it.

Modal dialogs are opened through the window's commands and looked at from a timer while their
event loop runs; the others are built with the window's data. :data:`CASES` maps a name to the
dialog class and the opener; :func:`dialog_classes` lists the dialog classes defined in
``app/ui``, so that a test can check that none is left out.
"""

from __future__ import annotations

import ast
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QMessageBox,
    QProgressDialog,
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
from app.ui.written_files import WrittenNotice, notify_written, show_write_error

Look = Callable[[QWidget], Any]

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
    kind: type, owner: QWidget, look: Look, trigger: Callable[[], object], timeout_s: float = 15
) -> Any:
    """Run ``trigger`` (which shows a ``kind`` window over ``owner``, modal or not), ``look`` at
    that window from inside its event loop, then close it; what ``look`` returned."""
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
            result["found"] = look(dialog)
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
    return result["found"]


def shown(dialog: QWidget, qtbot, look: Look) -> Any:
    """Show a dialog built by the test (or by a command that does not wait) and look at it."""
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    try:
        return look(dialog)
    finally:
        dialog.close()


# --- the dialogs ------------------------------------------------------------------------------

Opener = Callable[..., Any]
CASES: dict[str, tuple[type, Opener]] = {}


def case(name: str, kind: type) -> Callable[[Opener], Opener]:
    def register(opener: Opener) -> Opener:
        CASES[name] = (kind, opener)
        return opener

    return register


@case("new report", NewReportDialog)
def _new_report(window, qtbot, tmp_path, look):
    return while_open(NewReportDialog, window, look, window.new_action.trigger)


@case("open report", OpenReportDialog)
def _open_report(window, qtbot, tmp_path, look):
    assert window.create_report("cim", 2024)
    return while_open(OpenReportDialog, window, look, window.open_action.trigger)


@case("add activities", AddActivityDialog)
def _add_activities(window, qtbot, tmp_path, look):
    return while_open(AddActivityDialog, window, look, window.add_action.trigger)


@case("keyboard shortcuts", ShortcutsDialog)
def _shortcuts(window, qtbot, tmp_path, look):
    return while_open(ShortcutsDialog, window, look, window.shortcuts_action.trigger)


@case("about", QMessageBox)
def _about(window, qtbot, tmp_path, look):
    return while_open(QMessageBox, window, look, window.about_action.trigger)


@case("PDF options", PdfOptionsDialog)
def _pdf_options(window, qtbot, tmp_path, look):
    return while_open(PdfOptionsDialog, window, look, window.exports.pdf_action.trigger)


@case("blank template", TemplateDialog)
def _template(window, qtbot, tmp_path, look):
    return while_open(TemplateDialog, window, look, window.exports.template_action.trigger)


@case("save file", QFileDialog)
def _save_file(window, qtbot, tmp_path, look):
    suggested = tmp_path / "IACHR-2025-submission.xlsx"
    return while_open(
        QFileDialog,
        window,
        look,
        lambda: file_choice.ask_save_path(window, "Export", suggested, file_choice.excel_filter()),
    )


@case("open files", QFileDialog)
def _open_files(window, qtbot, tmp_path, look):
    return while_open(
        QFileDialog,
        window,
        look,
        lambda: file_choice.ask_open_paths(window, "Import", tmp_path, file_choice.excel_filter()),
    )


@case("choose folder", QFileDialog)
def _folder(window, qtbot, tmp_path, look):
    return while_open(
        QFileDialog, window, look, lambda: file_choice.ask_folder(window, "Folder", tmp_path)
    )


def workbook(window, tmp_path: Path) -> Path:
    path = tmp_path / "received" / "IACHR-2025-submission.xlsx"
    path.parent.mkdir(exist_ok=True)
    return export_xlsx(window.workspace, "iachr", 2025, path)


def _import_dialog(window, qtbot, tmp_path, look, *, validate_only: bool):
    path = workbook(window, tmp_path)
    window.imports.choose_files = lambda *_args: [path]  # the file dialog is inspected above
    dialog = window.imports.open_dialog(validate_only=validate_only)
    assert dialog is not None
    qtbot.waitUntil(lambda: not dialog.busy() and dialog.model.rowCount() == 1, timeout=20_000)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    found = look(dialog)
    dialog.close()
    return found


@case("import", ImportDialog)
def _import(window, qtbot, tmp_path, look):
    return _import_dialog(window, qtbot, tmp_path, look, validate_only=False)


@case("check files", ImportDialog)
def _check(window, qtbot, tmp_path, look):
    return _import_dialog(window, qtbot, tmp_path, look, validate_only=True)


@case("consolidated report", ConsolidateView)
def _consolidation(window, qtbot, tmp_path, look):
    view = window.consolidation.show_view()
    view.sources.add_paths([workbook(window, tmp_path)])
    view.sources.include_db.setChecked(True)
    view.check()
    qtbot.waitUntil(lambda: not view.busy(), timeout=30_000)
    assert view.sources.checks_model.rowCount() > 0
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    found = look(view)
    view.close()
    return found


@case("file written", WrittenNotice)
def _written(window, qtbot, tmp_path, look):
    paths = [workbook(window, tmp_path), tmp_path / "report.pdf"]
    paths[1].write_bytes(b"%PDF-1.4\n")
    notice = notify_written(window, "Export", "Wrote two files.", paths, ["A warning."])
    notice.activateWindow()
    qtbot.waitUntil(notice.isActiveWindow)
    found = look(notice)
    notice.close()
    return found


@case("file not written", QMessageBox)
def _not_written(window, qtbot, tmp_path, look):
    error = PermissionError(13, "Permission denied")
    return while_open(
        QMessageBox, window, look, lambda: show_write_error(window, tmp_path / "locked.xlsx", error)
    )


@case("unsaved text", QMessageBox)
def _unsaved(window, qtbot, tmp_path, look):
    return while_open(
        QMessageBox, window, look, lambda: window.ask_unsaved("Close Focal", OSError("disk"))
    )


@case("progress", QProgressDialog)
def _progress(window, qtbot, tmp_path, look):
    release = threading.Event()

    def work(progress: Progress) -> None:
        progress.start(2)
        release.wait(20)

    operation = Operation(work, parent=window, title="Working", minimum_duration_ms=0).start()
    try:
        qtbot.waitUntil(lambda: operation.dialog is not None and operation.dialog.isVisible())
        return shown(operation.dialog, qtbot, look)
    finally:
        release.set()
        qtbot.waitUntil(lambda: not operation.running, timeout=20_000)


@case("backups", BackupsDialog)
def _backups(window, qtbot, tmp_path, look):
    return shown(BackupsDialog(window.workspace.path, window), qtbot, look)


@case("preferences", PreferencesDialog)
def _preferences(window, qtbot, tmp_path, look):
    return shown(PreferencesDialog("", window), qtbot, look)
