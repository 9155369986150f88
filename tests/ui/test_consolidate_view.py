"""File > Consolidated annual report in the real window: sources, check, texts, produce.

The submissions are real Focal exports from another office's database plus the reports in
the window's own database; only the file dialogs are replaced.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QMimeData, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from app.core.consolidation import Decision
from app.services import reports
from app.services.consolidation import get_texts
from app.services.workspace import open_workspace
from app.services.xlsx_exchange import export_xlsx
from app.ui.consolidate_model import DECISION, DETAILS, SOURCE
from app.ui.consolidate_view import ConsolidateView
from tests.helpers.factories import sample_report
from tests.helpers.workbooks import workbook_texts
from tests.ui.keyboard import type_text

BACKGROUND = "Durante 2025 la Secretaría recibió informes de Perú, Québec y São Tomé — «récord» ✓"
CONCLUSION = "Se recomienda ampliar la cooperación.\nSegundo párrafo con emoji 🌎"


@pytest.fixture
def inbox(tmp_path: Path, catalogue) -> Path:
    """Received workbooks: CIM's first and corrected exports, and a damaged workbook."""
    office = open_workspace(tmp_path / "cim-office.sqlite3")
    folder = tmp_path / "inbox"
    folder.mkdir()
    try:
        data = sample_report(catalogue, "cim", 2025, seed=11, min_length=40, max_length=200)
        report = reports.create_report(office, "cim", 2025, data.focal_point)
        for row, source in zip(report.rows, data.rows, strict=False):
            reports.save_row_texts(office, row.row_id, {"executed": source.executed})
        export_xlsx(office, "cim", 2025, folder / "CIM-first.xlsx")
        reports.save_report_fields(office, report.report_id, {"conclusions": "Versión corregida"})
        export_xlsx(office, "cim", 2025, folder / "CIM-corrected.xlsx")
    finally:
        office.close()
    workbook = load_workbook(folder / "CIM-corrected.xlsx")
    workbook["Report"]["C8"] = "=1+1"
    workbook.save(folder / "damaged.xlsx")
    return folder


def wait_idle(qtbot, view: ConsolidateView) -> None:
    qtbot.waitUntil(lambda: not view.busy(), timeout=60_000)


def checked(qtbot, view: ConsolidateView) -> dict[str, tuple[str, str]]:
    view.sources.check_button.click()
    wait_idle(qtbot, view)
    model = view.sources.checks_model
    lines = {}
    for row in range(model.rowCount()):
        source = model.data(model.index(row, SOURCE))
        lines[source] = (
            model.data(model.index(row, DECISION)),
            model.data(model.index(row, DETAILS)),
        )
    return lines


def test_check_shows_what_becomes_of_each_submission(qtbot, window, inbox, qtmodeltester):
    view = window.consolidation.show_view()
    assert view.isVisible() and not view.isModal()
    assert view.year_box.value() == 2025  # the open report's year
    assert view.sources.include_db.isChecked()
    view.sources.add_paths([inbox])
    assert view.sources.files_model.rowCount() == 1  # the folder, read again at each check
    lines = checked(qtbot, view)
    assert lines["CIM-corrected.xlsx"][0] == "Included"
    assert lines["CIM-corrected.xlsx"][1].startswith("Section A.")
    assert lines["This database"][0] == "Included"  # the IACHR report of the window
    assert lines["CIM-first.xlsx"] == ("Superseded", "Superseded by the newer CIM-corrected.xlsx")
    decision, details = lines["damaged.xlsx"]
    assert decision == "Rejected"
    assert details.startswith("Report, cell C8: ")
    assert "formula" in details
    assert view.sources.checks_model.count(Decision.INCLUDED) == 2
    assert len(view.sources.checks_model.checks) == 4
    assert view.sources.counts.text().startswith("2 included, 1 superseded, 1 rejected; ")
    assert "implementers did not report" in view.sources.counts.text()
    assert "Brazil" in view.sources.counts.toolTip()
    qtmodeltester.check(view.sources.checks_model)
    qtmodeltester.check(view.sources.files_model)

    # Without the database's reports, only the files count.
    view.sources.include_db.setChecked(False)
    assert view.sources.checks_model.rowCount() == 0  # the shown check no longer applies
    lines = checked(qtbot, view)
    assert "This database" not in lines
    view.sources.files_view.setCurrentIndex(view.sources.files_model.index(0))
    view.sources.remove_button.click()
    assert view.sources.files_model.rowCount() == 0
    assert not view.sources.check_button.isEnabled()


def test_background_and_conclusion_are_kept_after_closing(qtbot, window, db_path):
    view = window.consolidation.show_view()
    view.texts.autosaver.delay_ms = 60_000  # only leaving, closing or the year can save
    type_text(view.texts.background.editor, BACKGROUND)
    type_text(view.texts.conclusion.editor, CONCLUSION)
    assert view.texts.autosaver.has_pending()
    assert "Saving" in view.texts.indicator.text()
    # Another year: this year's texts are written first, the other year's shown.
    view.year_box.setValue(2024)
    assert view.texts.background.text() == ""
    type_text(view.texts.background.editor, "Antecedentes 2024")
    view.close()
    assert not view.isVisible()
    check = open_workspace(db_path)
    try:
        assert get_texts(check, 2025) == (BACKGROUND, CONCLUSION)
        assert get_texts(check, 2024) == ("Antecedentes 2024", "")
    finally:
        check.close()
    again = window.consolidation.show_view()
    again.year_box.setValue(2025)
    assert again.texts.background.text() == BACKGROUND
    assert again.texts.conclusion.text() == CONCLUSION


def test_closing_focal_writes_the_texts(qtbot, make_window, db_path):
    window = make_window(db_path)
    view = window.consolidation.show_view()
    view.texts.autosaver.delay_ms = 60_000
    type_text(view.texts.conclusion.editor, CONCLUSION)
    assert window.close()
    check = open_workspace(db_path)
    try:
        assert get_texts(check, view.year)[1] == CONCLUSION
    finally:
        check.close()


def test_sources_are_remembered_and_dropped_files_added(qtbot, make_window, db_path, inbox):
    window = make_window(db_path)
    view = window.consolidation.show_view()
    (inbox / "notes.txt").write_text("not a workbook")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(inbox / n)) for n in ("CIM-first.xlsx", "notes.txt")])
    position = view.rect().center()
    button, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(position, Qt.DropAction.CopyAction, mime, button, modifiers)
    QApplication.sendEvent(view, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(
        view, QDropEvent(position, Qt.DropAction.CopyAction, mime, button, modifiers)
    )
    assert view.sources.files_model.paths == [inbox / "CIM-first.xlsx"]
    assert "Only Excel workbooks" in view.status.text()
    view.sources.include_db.setChecked(False)
    view.close()
    window.close()
    other = make_window(db_path)
    reopened = other.consolidation.show_view()
    assert reopened.sources.files_model.paths == [inbox / "CIM-first.xlsx"]
    assert not reopened.sources.include_db.isChecked()


def test_produce_writes_the_workbook_and_the_pdf(qtbot, window, inbox, tmp_path):
    from pypdf import PdfReader

    view = window.consolidation.show_view()
    type_text(view.texts.background.editor, BACKGROUND)
    view.sources.add_paths([inbox / "CIM-corrected.xlsx", inbox / "damaged.xlsx"])
    out = tmp_path / "annual"
    out.mkdir()
    view.output.choose_save_path = lambda parent, title, suggested, filter_: (
        out / Path(suggested).name
    )
    assert Path(view.output.xlsx_path.text()).name == "Consolidated-report-2025.xlsx"
    view.output.xlsx_change.click()
    view.output.pdf_change.click()
    view.output.produce_button.click()
    wait_idle(qtbot, view)
    xlsx, pdf = out / "Consolidated-report-2025.xlsx", out / "Consolidated-report-2025.pdf"
    assert view.produced is not None and view.produced.written == [xlsx, pdf]
    assert BACKGROUND in workbook_texts(xlsx)  # typed just before producing
    reader = PdfReader(pdf)
    assert len(reader.pages) == view.produced.pdf_pages > 1
    text = " ".join((page.extract_text() or "") for page in reader.pages)
    assert "Secretaría recibió informes" in " ".join(text.split())
    assert view.sources.checks_model.count(Decision.REJECTED) == 1
    notice = view.notice
    assert notice is not None and len(notice.open_buttons) == 2
    assert sorted(p.name for p in out.iterdir()) == [
        "Consolidated-report-2025.pdf",
        "Consolidated-report-2025.xlsx",
    ]


def test_cancelled_produce_leaves_the_old_files_and_nothing_else(qtbot, window, inbox, tmp_path):
    from PySide6.QtWidgets import QPushButton

    view = window.consolidation.show_view()
    view.sources.add_paths([inbox])
    out = tmp_path / "annual"
    out.mkdir()
    old = out / "Consolidated-report-2025.xlsx"
    old.write_bytes(b"last year's way of doing it")
    view.output.xlsx_path.setText(str(old))
    view.output.pdf_path.setText(str(out / "Consolidated-report-2025.pdf"))
    view.output.produce_button.click()
    operation = view.operation
    assert operation is not None and operation.running
    with qtbot.waitSignal(operation.cancelled, timeout=60_000):
        operation.dialog.findChild(QPushButton).click()
    assert view.status.text() == "Cancelled; nothing was written."
    assert old.read_bytes() == b"last year's way of doing it"
    assert [p.name for p in out.iterdir()] == [old.name]  # no hidden folders left either
