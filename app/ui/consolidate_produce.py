"""The bottom of the consolidation window: which files to produce, where, on what paper."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from app.core.consolidation import ConsolidatedReport
from app.core.i18n import _
from app.core.progress import Progress
from app.services.consolidation import ConsolidationResult, write_consolidated
from app.ui.accessible import describe
from app.ui.export_dialogs import language_box, paper_box
from app.ui.file_choice import (
    SaveChooser,
    ask_save_path,
    choose_export_path,
    excel_filter,
    file_name,
    pdf_filter,
    start_folder,
    with_suffix,
)
from app.ui.icons import icon
from app.ui.settings import Settings


def write_together(
    report: ConsolidatedReport,
    xlsx: Path | None,
    pdf: Path | None,
    *,
    language: str,
    paper: str,
    progress: Progress,
) -> ConsolidationResult:
    """Both files or neither: a cancel or a failure while writing the PDF must not leave a
    new workbook beside an old PDF. They are written in hidden folders beside their targets
    (same disk, real names in the progress messages) and moved into place at the end."""
    targets = [path for path in (xlsx, pdf) if path is not None]
    stages: dict[Path, Path] = {}
    try:
        for target in targets:
            if target.parent not in stages:
                stages[target.parent] = Path(tempfile.mkdtemp(prefix=".focal-", dir=target.parent))
        result = write_consolidated(
            report,
            xlsx=stages[xlsx.parent] / xlsx.name if xlsx is not None else None,
            pdf=stages[pdf.parent] / pdf.name if pdf is not None else None,
            language=language,
            paper=paper,
            progress=progress,
        )
        progress.check()
        for target in targets:
            os.replace(stages[target.parent] / target.name, target)
    finally:
        for stage in stages.values():
            shutil.rmtree(stage, ignore_errors=True)
    result.written = targets
    return result


def consolidated_name(year: int, suffix: str) -> str:
    return file_name(_("Consolidated-report-{year}").format(year=year), suffix)


class ProducePanel(QGroupBox):
    produce = Signal()
    options_changed = Signal()  # a file was ticked or unticked

    def __init__(self, settings: Settings, language: str, parent: QWidget | None = None) -> None:
        super().__init__(_("Produce the annual report"), parent)
        self.settings = settings
        self.choose_save_path: SaveChooser = ask_save_path  # seam for tests
        self.xlsx_box = QCheckBox(_("&Excel workbook:"), self)
        describe(
            self.xlsx_box,
            _("Produce the Excel workbook"),
            _("Write the annual report as an Excel workbook."),
        )
        self.xlsx_path = QLineEdit(self)
        describe(
            self.xlsx_path,
            _("Excel workbook to write"),
            _("The folder and name of the workbook to write."),
        )
        self.xlsx_change = QPushButton(_("Cha&nge…"), self)
        describe(
            self.xlsx_change,
            _("Choose where to write the Excel workbook"),
            _("Opens a file dialog to choose the folder and name of the workbook."),
        )
        self.xlsx_change.clicked.connect(lambda: self._choose(self.xlsx_path, ".xlsx"))
        self.pdf_box = QCheckBox(_("&PDF:"), self)
        describe(self.pdf_box, _("Produce the PDF"), _("Write the annual report as a PDF."))
        self.pdf_path = QLineEdit(self)
        describe(self.pdf_path, _("PDF to write"), _("The folder and name of the PDF to write."))
        self.pdf_change = QPushButton(_("Chan&ge…"), self)
        describe(
            self.pdf_change,
            _("Choose where to write the PDF"),
            _("Opens a file dialog to choose the folder and name of the PDF."),
        )
        self.pdf_change.clicked.connect(lambda: self._choose(self.pdf_path, ".pdf"))
        for box in (self.xlsx_box, self.pdf_box):
            box.setChecked(True)
            box.toggled.connect(lambda _checked: self.options_changed.emit())
        self.paper = paper_box(self, settings.pdf_paper)
        describe(
            self.paper,
            _("Paper size"),
            _("The paper the PDF is laid out for, as your printer uses it."),
        )
        self.language = language_box(self, language)
        describe(
            self.language,
            _("Language of the report"),
            _("The language of the annual report's headings and labels."),
        )
        self.produce_button = QPushButton(icon("export-pdf"), _("Prod&uce"), self)
        self.produce_button.setToolTip(_("Check the submissions again and write the files."))
        describe(
            self.produce_button,
            _("Produce"),
            _("Check the submissions again and write the files."),
        )
        self.produce_button.clicked.connect(self.produce)
        paper_label = QLabel(_("P&aper:"), self)
        paper_label.setBuddy(self.paper)
        language_label = QLabel(_("&Language:"), self)
        language_label.setBuddy(self.language)
        grid = QGridLayout(self)
        grid.addWidget(self.xlsx_box, 0, 0)
        grid.addWidget(self.xlsx_path, 0, 1)
        grid.addWidget(self.xlsx_change, 0, 2)
        grid.addWidget(paper_label, 0, 3, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.paper, 0, 4)
        grid.addWidget(self.pdf_box, 1, 0)
        grid.addWidget(self.pdf_path, 1, 1)
        grid.addWidget(self.pdf_change, 1, 2)
        grid.addWidget(language_label, 1, 3, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.language, 1, 4)
        grid.addWidget(self.produce_button, 0, 5, 2, 1)
        grid.setColumnStretch(1, 1)
        self.produce_button.setMinimumHeight(self.xlsx_path.sizeHint().height() * 2)

    def chosen_language(self) -> str:
        return str(self.language.currentData())

    def chosen_paper(self) -> str:
        return str(self.paper.currentData())

    def follow_year(self, old_year: int | None, year: int) -> None:
        """Default names follow the year; a name the user chose stays."""
        folder = start_folder(self.settings, Settings.export_folder)
        for line, suffix in ((self.xlsx_path, ".xlsx"), (self.pdf_path, ".pdf")):
            current = Path(line.text()) if line.text() else None
            if current is None:
                line.setText(str(folder / consolidated_name(year, suffix)))
            elif old_year is not None and current.name == consolidated_name(old_year, suffix):
                line.setText(str(current.parent / consolidated_name(year, suffix)))

    def _choose(self, line: QLineEdit, suffix: str) -> None:
        current = Path(line.text()) if line.text() else Path()
        if suffix == ".xlsx":
            title, filter_ = _("Where to write the Excel workbook"), excel_filter()
        else:
            title, filter_ = _("Where to write the PDF"), pdf_filter()
        path = choose_export_path(
            self, self.settings, self.choose_save_path, title, current, filter_, suffix
        )
        if path is not None:
            line.setText(str(path))

    def outputs(self) -> tuple[Path | None, Path | None] | str:
        """The files to write (None for one not wanted), or what is wrong with them."""
        outputs: list[Path | None] = []
        for box, line, suffix, what in (
            (self.xlsx_box, self.xlsx_path, ".xlsx", _("the Excel workbook")),
            (self.pdf_box, self.pdf_path, ".pdf", _("the PDF")),
        ):
            if not box.isChecked():
                outputs.append(None)
                continue
            text = line.text().strip()
            path = with_suffix(Path(text), suffix) if text else None
            if path is None or not path.parent.is_dir():
                line.setFocus()
                return _("Choose an existing folder for {what}.").format(what=what)
            outputs.append(path)
        return outputs[0], outputs[1]

    def set_busy(self, busy: bool = False, has_sources: bool = True) -> None:
        wanted = self.xlsx_box.isChecked() or self.pdf_box.isChecked()
        self.produce_button.setEnabled(not busy and has_sources and wanted)
        for line, change, box in (
            (self.xlsx_path, self.xlsx_change, self.xlsx_box),
            (self.pdf_path, self.pdf_change, self.pdf_box),
        ):
            line.setEnabled(box.isChecked())
            change.setEnabled(box.isChecked())
        self.paper.setEnabled(self.pdf_box.isChecked())
