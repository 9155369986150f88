"""File > Export from the real window: the files hold what was typed a moment before.

Only the file dialogs are replaced (through the window's seams); the exports run for real on
worker threads and the files are read back with openpyxl and pypdf.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QKeySequence
from PySide6.QtWidgets import QMessageBox, QPushButton

from app.exchange.xlsx.layout import SubmissionKind
from app.exchange.xlsx.reader import read_submission
from app.services import reports
from app.ui.export_actions import pdf_file_name, submission_file_name
from app.ui.export_dialogs import PdfOptions, TemplateChoice
from app.ui.file_choice import safe_file_stem
from tests.helpers.factories import long_text
from tests.helpers.workbooks import workbook_texts
from tests.ui.keyboard import type_text


class Chooser:
    """Stands in for the save dialog: records what was suggested, answers ``target``."""

    def __init__(self, target: Path | None) -> None:
        self.target = target
        self.suggested: list[Path] = []

    def __call__(self, parent, title, suggested, filter_):
        self.suggested.append(Path(suggested))
        return self.target


class OpenedUrls(QObject):
    """Receives what QDesktopServices.openUrl would hand to the system for file URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def receive(self, url: QUrl) -> None:
        self.urls.append(url)


@pytest.fixture
def opened_urls():
    catcher = OpenedUrls()
    QDesktopServices.setUrlHandler("file", catcher, "receive")
    yield catcher
    QDesktopServices.unsetUrlHandler("file")


def finish(qtbot, window, timeout: int = 30_000) -> None:
    operation = window.exports.operation
    assert operation is not None
    qtbot.waitUntil(lambda: not operation.running, timeout=timeout)


def pdf_words(path: Path) -> str:
    text = "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
    return re.sub(r"\s+", " ", text)


def test_excel_export_holds_the_text_typed_just_before(
    qtbot, make_window, db_path, tmp_path, opened_urls
):
    window = make_window(db_path, delay_ms=60_000)  # only the export can have saved it
    assert window.create_report("iachr", 2025)
    typed = "Capacitación en São Paulo — «éxito» ✓ 🌎"
    type_text(window.view.row_editor.fields["executed"].editor, typed)
    window.show_details()
    type_text(window.view.sections.lines["focal_name"], "María José Gonçalves")
    assert window.autosaver.has_pending()
    folder = tmp_path / "envíos"
    folder.mkdir()
    chooser = Chooser(folder / "chosen")  # typed without the extension
    window.exports.choose_save_path = chooser
    window.exports.excel_action.trigger()
    finish(qtbot, window)

    assert chooser.suggested[0].name == "IACHR-2025-submission.xlsx"
    assert not window.autosaver.has_pending()
    target = folder / "chosen.xlsx"
    cells = workbook_texts(target)
    assert typed in cells
    assert "María José Gonçalves" in cells
    notice = window.exports.notice
    assert notice is not None and notice.isVisible() and not notice.isModal()
    assert "chosen.xlsx" in notice.text()
    notice.open_buttons[0].click()
    assert [url.toLocalFile() for url in opened_urls.urls] == [str(target)]
    # The next export suggests the folder used last.
    window.exports.choose_save_path = Chooser(None)
    window.exports.excel_action.trigger()
    assert window.exports.choose_save_path.suggested[0].parent == folder
    assert window.settings.export_folder == str(folder)


def test_pdf_export_with_options_and_warnings(qtbot, make_window, db_path, tmp_path):
    window = make_window(db_path, delay_ms=60_000)
    assert window.create_report("iachr", 2025)
    type_text(window.view.row_editor.fields["programmed"].editor, "Taller en Bogotá, Perú")
    type_text(window.view.row_editor.fields["executed"].editor, "Seminario 漢字")
    asked = {}

    def options(parent, paper, language):
        asked.update(paper=paper, language=language)
        return PdfOptions("letter", "es")

    window.exports.choose_pdf_options = options
    chooser = Chooser(tmp_path / "informe.pdf")
    window.exports.choose_save_path = chooser
    window.exports.pdf_action.trigger()
    finish(qtbot, window)

    assert asked == {"paper": "a4", "language": "en"}  # the report's language by default
    assert chooser.suggested[0].name == "IACHR-2025-report.pdf"
    reader = PdfReader(tmp_path / "informe.pdf")
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert sorted((round(width), round(height))) == [612, 792]  # Letter (landscape)
    text = pdf_words(tmp_path / "informe.pdf")
    assert "Taller en Bogotá, Perú" in text
    assert reader.trailer["/Root"].get("/Lang") == "es"
    notice = window.exports.notice
    assert notice is not None and "pages" in notice.text()
    assert "U+6F22" in notice.informativeText()
    assert notice.icon() == QMessageBox.Icon.Warning
    assert window.settings.pdf_paper == "letter"


def test_blank_template_for_another_implementer(qtbot, window, tmp_path, catalogue):
    offered = {}

    def choose(parent, catalogue_, implementer_id, year, language):
        offered.update(implementer=implementer_id, year=year)
        return TemplateChoice("cim", 2026, "fr")

    window.exports.choose_template = choose
    chooser = Chooser(tmp_path / "cim.xlsx")
    window.exports.choose_save_path = chooser
    window.exports.template_action.trigger()
    finish(qtbot, window)

    assert offered == {"implementer": "iachr", "year": 2025}  # the open report's
    assert chooser.suggested[0].name == "CIM-2026-template.xlsx"
    read = read_submission(tmp_path / "cim.xlsx", catalogue)
    assert read.kind is SubmissionKind.TEMPLATE
    assert read.report is not None
    assert (read.report.implementer_id, read.report.year) == ("cim", 2026)
    assert [row.activities for row in read.report.rows] == [
        (n,) for n in catalogue.assigned_activities("cim")
    ]


def test_cancelled_export_leaves_the_old_file_and_no_other(
    qtbot, make_window, db_path, tmp_path, workspace
):
    report = reports.create_report(workspace, "iachr", 2025)
    for index, row in enumerate(report.rows):  # a long report: some seconds of typesetting
        texts = {
            field: long_text(30_000, seed=index * 10 + k)
            for k, field in enumerate(("programmed", "executed", "planned_next"))
        }
        reports.save_row_texts(workspace, row.row_id, texts)
    window = make_window(db_path)
    target = tmp_path / "out" / "report.pdf"
    target.parent.mkdir()
    target.write_bytes(b"%PDF-1.4 the version sent last week")
    for action, options in (("pdf_action", True), ("excel_action", False)):
        if options:
            window.exports.choose_pdf_options = lambda *args: PdfOptions("a4", "en")
        path = target if options else target.with_suffix(".xlsx")
        window.exports.choose_save_path = Chooser(path)
        getattr(window.exports, action).trigger()
        operation = window.exports.operation
        assert operation is not None and operation.running
        with qtbot.waitSignal(operation.cancelled, timeout=30_000):
            operation.dialog.findChild(QPushButton).click()  # the progress dialog's Cancel
        assert "cancelled" in window.statusBar().currentMessage()
    assert target.read_bytes() == b"%PDF-1.4 the version sent last week"
    assert sorted(p.name for p in target.parent.iterdir()) == ["report.pdf"]


def test_a_file_that_cannot_be_written_is_named_in_one_sentence(
    qtbot, window, tmp_path, monkeypatch
):
    # A folder where the file should be: the atomic replace fails like a file open in Excel
    # does on Windows (an OS error at the last step), after everything else was written.
    target = tmp_path / "IACHR.pdf"
    target.mkdir()
    shown = []
    monkeypatch.setattr(QMessageBox, "open", lambda box: shown.append(box.text()))
    window.exports.choose_pdf_options = lambda *args: PdfOptions("a4", "en")
    window.exports.choose_save_path = Chooser(target)
    window.exports.pdf_action.trigger()
    finish(qtbot, window)
    assert len(shown) == 1
    assert shown[0].startswith("IACHR.pdf could not be written")
    assert shown[0].count(".") == 2  # the name's dot and the full stop: one sentence
    assert target.is_dir() and not any(target.iterdir())
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".IACHR")] == []


def test_write_error_sentences(tmp_path):
    from app.ui.written_files import write_error_text

    path = tmp_path / "IACHR-2025-submission.xlsx"
    text = write_error_text(path, PermissionError(13, "Permission denied"))
    assert text.startswith("IACHR-2025-submission.xlsx could not be written because it is open")
    assert "Excel" in text
    assert "disk is full" in write_error_text(path, OSError(28, "No space left on device"))


def test_file_names_are_valid_on_windows():
    assert submission_file_name("IACHR", 2025) == "IACHR-2025-submission.xlsx"
    assert pdf_file_name("Legal Affairs/Services", 2025) == "Legal-Affairs-Services-2025-report.pdf"
    assert safe_file_stem('a:b*c?"d<e>f|g') == "a-b-c-d-e-f-g"
    assert safe_file_stem("CON") == "_CON"
    assert safe_file_stem("Perú. ") == "Perú"
    assert safe_file_stem("   ") == "Focal"


def test_new_commands_have_shortcuts_that_clash_with_nothing(window):
    seen: dict[str, str] = {}
    for action in window.actions():
        for shortcut in action.shortcuts():
            keys = shortcut.toString(QKeySequence.SequenceFormat.PortableText)
            assert keys not in seen, f"{keys}: {seen.get(keys)} and {action.text()}"
            seen[keys] = action.text()
    assert seen["Ctrl+E"] == "Export to &Excel…"
    assert seen["Ctrl+Shift+E"] == seen["Ctrl+P"] == "Export &PDF…"
    assert seen["Ctrl+Shift+I"] == "&Import submissions…"
    file_menu = window.menuBar().actions()[0].menu()
    texts = [a.text() for a in file_menu.actions()]
    for action in (window.exports.excel_action, window.imports.import_action):
        assert action.text() in texts
        assert action.statusTip() and not action.icon().isNull()
    assert window.consolidation.action.text() in texts
    assert window.exports.excel_action in window.toolbar.actions()


def test_exports_need_an_open_report(qtbot, make_window, db_path):
    window = make_window(db_path)
    assert window.session is None
    assert not window.exports.excel_action.isEnabled()
    assert not window.exports.pdf_action.isEnabled()
    assert window.exports.template_action.isEnabled()
    assert window.create_report("cim", 2024)
    assert window.exports.excel_action.isEnabled()
    assert window.exports.pdf_action.isEnabled()


def test_every_input_of_the_new_dialogs_has_an_accessible_name(qtbot, window, catalogue):
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QAbstractSpinBox,
        QComboBox,
        QHeaderView,
        QLineEdit,
        QPlainTextEdit,
    )

    from app.ui.export_dialogs import PdfOptionsDialog, TemplateDialog
    from app.ui.import_dialog import ImportDialog

    dialogs = [
        PdfOptionsDialog("a4", "en", window),
        TemplateDialog(catalogue, "iachr", 2025, "en", window),
        ImportDialog(window.workspace, window.settings, parent=window),
        window.consolidation.show_view(),
    ]
    for dialog in dialogs:
        dialog.show()
        kinds = (QLineEdit, QPlainTextEdit, QAbstractItemView, QComboBox, QAbstractSpinBox)
        unnamed = [
            widget
            for kind in kinds
            for widget in dialog.findChildren(kind)
            if not widget.accessibleName()
            and widget.isVisibleTo(dialog)
            and not isinstance(widget, QHeaderView)
            and not isinstance(widget.parent(), QComboBox | QAbstractSpinBox)
            and not isinstance(widget.parent().parent(), QComboBox)  # a combo box's popup
        ]
        assert unnamed == [], dialog.windowTitle()
        buttons = [b for b in dialog.findChildren(QAbstractButton) if b.isVisibleTo(dialog)]
        assert all(b.text() or b.accessibleName() or b.toolTip() for b in buttons)
        dialog.close()


def test_keyboard_reaches_the_exports_and_the_shortcuts_list_names_them(qtbot, window, monkeypatch):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QTableView

    from app.ui.about import ShortcutsDialog

    chooser = Chooser(None)  # the user cancels the save dialog
    window.exports.choose_save_path = chooser
    window.view.row_editor.fields["executed"].editor.setFocus()
    QTest.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert [p.name for p in chooser.suggested] == ["IACHR-2025-submission.xlsx"]
    seen = {}

    def capture(dialog):
        model = dialog.findChild(QTableView).model()
        seen.update(
            {model.index(r, 0).data(): model.index(r, 1).data() for r in range(model.rowCount())}
        )
        return 0

    monkeypatch.setattr(ShortcutsDialog, "exec", capture)
    window.shortcuts_action.trigger()
    assert seen["Export to Excel"] == "Ctrl+E"
    assert seen["Export PDF"] == "Ctrl+Shift+E, Ctrl+P"
    assert seen["Import submissions"] == "Ctrl+Shift+I"
    assert seen["Export blank template"] == "Ctrl+Shift+T"
