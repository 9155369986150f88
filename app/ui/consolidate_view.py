"""The consolidated annual report: sources, check, the secretariat's texts, and the files.

A window of its own beside the report editor (not modal: the secretariat may look at a report
while consolidating). The steps follow the work: list the submissions (files, folders, the
database), *Check* what each becomes (included, superseded, rejected and why), write the
background and conclusion, *Produce* the Excel workbook and/or the PDF. Reading and writing run
on worker threads with progress and Cancel.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.consolidation import ConsolidatedReport, Decision
from app.core.i18n import _, current_language
from app.core.progress import Progress
from app.services.consolidation import (
    ConsolidationResult,
    build_consolidated,
    write_consolidated,
)
from app.services.reports import MAX_YEAR, MIN_YEAR
from app.services.workspace import Workspace
from app.ui.consolidate_model import SourceCheckModel, SourceFilesModel
from app.ui.consolidate_texts import ConsolidationTexts
from app.ui.export_dialogs import language_box, paper_box
from app.ui.file_choice import (
    FolderChooser,
    OpenChooser,
    SaveChooser,
    ask_folder,
    ask_open_paths,
    ask_save_path,
    excel_filter,
    file_name,
    pdf_filter,
    remember_folder,
    start_folder,
    with_suffix,
)
from app.ui.icons import icon
from app.ui.import_dialog import local_paths
from app.ui.operations import Operation, report_failure, run_operation
from app.ui.settings import Settings
from app.ui.written_files import (
    WrittenNotice,
    is_known_failure,
    notify_written,
    show_write_error,
)

log = logging.getLogger("focal.ui")


def consolidated_name(year: int, suffix: str) -> str:
    return file_name(_("Consolidated-report-{year}").format(year=year), suffix)


class ConsolidateView(QDialog):
    """Sources, check results and texts of one year's annual report, and producing it."""

    def __init__(
        self, workspace: Workspace, settings: Settings, year: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.settings = settings
        self.year = year
        self.operation: Operation[Any] | None = None
        self.produced: ConsolidationResult | None = None
        self.notice: WrittenNotice | None = None
        # Seams for tests: the file dialogs. Reading, checking and writing are real.
        self.choose_files: OpenChooser = ask_open_paths
        self.choose_folder: FolderChooser = ask_folder
        self.choose_save_path: SaveChooser = ask_save_path
        self.setWindowTitle(_("Consolidated annual report"))
        self.setWindowIcon(icon("report"))
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.setAcceptDrops(True)
        self.resize(1280, 820)
        self._build()
        self._load_year_state(year)
        if not settings.consolidation_geometry.isEmpty():
            self.restoreGeometry(settings.consolidation_geometry)
        self._update()

    # --- building -----------------------------------------------------------------------

    def _build(self) -> None:
        self.year_box = QSpinBox(self)
        self.year_box.setRange(MIN_YEAR, MAX_YEAR)
        self.year_box.setValue(self.year)
        self.year_box.setKeyboardTracking(False)
        self.year_box.setAccessibleName(_("Reporting year"))
        self.year_box.valueChanged.connect(self.change_year)
        year_label = QLabel(_("Reporting &year:"), self)
        year_label.setBuddy(self.year_box)
        top = QHBoxLayout()
        top.addWidget(year_label)
        top.addWidget(self.year_box)
        top.addStretch(1)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self._sources_panel())
        self.texts = ConsolidationTexts(self.workspace, self.year, self)
        splitter.addWidget(self.texts)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        self.splitter = splitter

        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setAccessibleName(_("Consolidation status"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self._produce_panel())
        layout.addLayout(bottom)

    def _sources_panel(self) -> QWidget:
        panel = QWidget(self)
        self.files_model = SourceFilesModel(self)
        self.files_view = QListView(panel)
        self.files_view.setModel(self.files_model)
        self.files_view.setAccessibleName(_("Submission files and folders"))
        self.files_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.files_view.setMinimumHeight(90)
        files_label = QLabel(_("&Submissions (workbooks and folders; you can drop them here):"))
        files_label.setBuddy(self.files_view)
        self.add_files_button = QPushButton(icon("open"), _("Add &files…"), panel)
        self.add_files_button.clicked.connect(self.add_files)
        self.add_folder_button = QPushButton(_("Add f&older…"), panel)
        self.add_folder_button.clicked.connect(self.add_folder)
        self.remove_button = QPushButton(icon("remove-row"), _("&Remove"), panel)
        self.remove_button.clicked.connect(self.remove_selected)
        self.files_view.selectionModel().selectionChanged.connect(self._update)
        self.include_db = QCheckBox(_("Include the reports in this &database"), panel)
        self.include_db.toggled.connect(self._sources_changed)
        self.check_button = QPushButton(icon("status-complete"), _("C&heck"), panel)
        self.check_button.setToolTip(_("Read the submissions and show what becomes of each."))
        self.check_button.clicked.connect(self.check)
        buttons = QHBoxLayout()
        for widget in (self.add_files_button, self.add_folder_button, self.remove_button):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        db_row = QHBoxLayout()
        db_row.addWidget(self.include_db, 1)
        db_row.addWidget(self.check_button)

        self.checks_model = SourceCheckModel(self.workspace.catalogue, self)
        self.checks_view = QTableView(panel)
        self.checks_view.setModel(self.checks_model)
        self.checks_view.setAccessibleName(_("What becomes of each submission"))
        self.checks_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.checks_view.setTabKeyNavigation(False)
        self.checks_view.verticalHeader().setVisible(False)
        self.checks_view.setWordWrap(True)
        self.checks_view.horizontalHeader().setStretchLastSection(True)
        self.checks_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((210, 110, 110)):
            self.checks_view.setColumnWidth(column, width)
        self.counts = QLabel(_("Press Check to see what becomes of each submission."), panel)
        self.counts.setWordWrap(True)
        self.counts.setAccessibleName(_("Check results"))
        checks_label = QLabel(_("Chec&k results:"), panel)
        checks_label.setBuddy(self.checks_view)

        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(files_label)
        layout.addWidget(self.files_view, 1)
        layout.addLayout(buttons)
        layout.addLayout(db_row)
        layout.addWidget(checks_label)
        layout.addWidget(self.counts)
        layout.addWidget(self.checks_view, 3)
        return panel

    def _produce_panel(self) -> QGroupBox:
        group = QGroupBox(_("Produce the annual report"), self)
        self.xlsx_box = QCheckBox(_("&Excel workbook:"), group)
        self.xlsx_box.setChecked(True)
        self.xlsx_path = QLineEdit(group)
        self.xlsx_path.setAccessibleName(_("Excel workbook to write"))
        self.xlsx_change = QPushButton(_("Cha&nge…"), group)
        self.xlsx_change.setAccessibleName(_("Choose where to write the Excel workbook"))
        self.xlsx_change.clicked.connect(lambda: self._choose_output(self.xlsx_path, ".xlsx"))
        self.pdf_box = QCheckBox(_("&PDF:"), group)
        self.pdf_box.setChecked(True)
        self.pdf_path = QLineEdit(group)
        self.pdf_path.setAccessibleName(_("PDF to write"))
        self.pdf_change = QPushButton(_("Chan&ge…"), group)
        self.pdf_change.setAccessibleName(_("Choose where to write the PDF"))
        self.pdf_change.clicked.connect(lambda: self._choose_output(self.pdf_path, ".pdf"))
        self.paper = paper_box(group, self.settings.pdf_paper)
        self.paper.setAccessibleName(_("Paper size"))
        self.language = language_box(
            group, self.settings.consolidation_language or current_language()
        )
        self.language.setAccessibleName(_("Language of the report"))
        self.produce_button = QPushButton(icon("export-pdf"), _("Prod&uce"), group)
        self.produce_button.setToolTip(_("Check the submissions again and write the files."))
        self.produce_button.clicked.connect(self.produce)
        for box in (self.xlsx_box, self.pdf_box):
            box.toggled.connect(self._update)
        paper_label = QLabel(_("P&aper:"), group)
        paper_label.setBuddy(self.paper)
        language_label = QLabel(_("&Language:"), group)
        language_label.setBuddy(self.language)
        grid = QGridLayout(group)
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
        return group

    # --- year ---------------------------------------------------------------------------

    def _load_year_state(self, year: int) -> None:
        paths, include_db = self.settings.consolidation_sources(self.workspace.path, year)
        self.files_model.set_paths(paths)
        self.include_db.blockSignals(True)
        self.include_db.setChecked(include_db)
        self.include_db.blockSignals(False)
        folder = start_folder(self.settings, Settings.export_folder)
        for line, suffix in ((self.xlsx_path, ".xlsx"), (self.pdf_path, ".pdf")):
            current = Path(line.text()) if line.text() else None
            if current is None or current.name == consolidated_name(self.year, suffix):
                parent = current.parent if current is not None else folder
                line.setText(str(parent / consolidated_name(year, suffix)))
        self.year = year
        self.show_report(None)

    def change_year(self, year: int) -> None:
        if year == self.year or self.busy():
            return
        problem = self.texts.save_now()
        if problem is not None:
            QMessageBox.warning(
                self,
                _("Consolidated annual report"),
                _(
                    "The texts of {year} could not be saved yet, so the year was not "
                    "changed: {reason}"
                ).format(year=self.year, reason=problem),
            )
            self.year_box.blockSignals(True)
            self.year_box.setValue(self.year)
            self.year_box.blockSignals(False)
            return
        self._store_sources()
        self._load_year_state(year)
        self.texts.load(year)
        self._update()

    # --- sources ------------------------------------------------------------------------

    def add_files(self) -> None:
        folder = start_folder(self.settings, Settings.import_folder)
        chosen = self.choose_files(self, _("Choose submission workbooks"), folder, excel_filter())
        if chosen:
            remember_folder(self.settings, Settings.import_folder, chosen[0])
            self.add_paths(chosen)

    def add_folder(self) -> None:
        folder = start_folder(self.settings, Settings.import_folder)
        chosen = self.choose_folder(self, _("Choose a folder of submissions"), folder)
        if chosen is not None:
            remember_folder(self.settings, Settings.import_folder, chosen)
            self.add_paths([chosen])

    def add_paths(self, paths: Sequence[Path]) -> int:
        """Add workbooks and folders (a folder's workbooks are read at each check)."""
        wanted = [p for p in paths if p.is_dir() or p.suffix.lower() == ".xlsx"]
        added = self.files_model.add(wanted)
        if len(wanted) < len(paths):
            self.status.setText(_("Only Excel workbooks (.xlsx) and folders can be added."))
        if added:
            self._sources_changed()
        return added

    def remove_selected(self) -> None:
        rows = [index.row() for index in self.files_view.selectionModel().selectedIndexes()]
        if rows:
            self.files_model.remove_rows(rows)
            self._sources_changed()

    def _sources_changed(self) -> None:
        self._store_sources()
        if self.checks_model.checks:
            self.show_report(None)
            self.counts.setText(_("The submissions changed; press Check again."))
        self._update()

    def _store_sources(self) -> None:
        self.settings.set_consolidation_sources(
            self.workspace.path, self.year, self.files_model.paths, self.include_db.isChecked()
        )
        self.settings.sync()

    def database_changed(self) -> None:
        """Reports were imported or replaced in the window: a check shown may be outdated."""
        if self.include_db.isChecked() and self.checks_model.checks and not self.busy():
            self.counts.setText(_("Reports in the database changed; press Check again."))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.busy() or not local_paths(event):
            event.ignore()
            return
        event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = local_paths(event)
        if paths and not self.busy():
            event.acceptProposedAction()
            self.add_paths(paths)

    # --- check and produce --------------------------------------------------------------

    def busy(self) -> bool:
        return self.operation is not None and self.operation.running

    def _has_sources(self) -> bool:
        return bool(self.files_model.paths) or self.include_db.isChecked()

    def _inputs(self) -> tuple[Workspace, int, list[Path], bool, str]:
        return (
            self.workspace,
            self.year,
            [p for p in self.files_model.paths if p.exists()],
            self.include_db.isChecked(),
            str(self.language.currentData()),
        )

    def check(self) -> None:
        if self.busy() or not self._has_sources():
            return
        workspace, year, files, from_db, language = self._inputs()

        def work(progress: Progress) -> ConsolidatedReport:
            return build_consolidated(
                workspace, year, files, from_db=from_db, language=language, progress=progress
            )

        self._start(work, _("Checking the submissions"), self.show_report)

    def show_report(self, report: ConsolidatedReport | None) -> None:
        self.checks_model.set_report(report)
        self.checks_view.resizeRowsToContents()
        if report is None:
            self.counts.setText(_("Press Check to see what becomes of each submission."))
            self.counts.setToolTip("")
            return
        self.counts.setText(
            _(
                "{included} included, {superseded} superseded, {rejected} rejected; "
                "{missing} implementers did not report."
            ).format(
                included=self.checks_model.count(Decision.INCLUDED),
                superseded=self.checks_model.count(Decision.SUPERSEDED),
                rejected=self.checks_model.count(Decision.REJECTED),
                missing=len(report.not_reporting),
            )
        )
        self.counts.setToolTip(
            _("Did not report:") + "\n" + "\n".join(i.name for i in report.not_reporting)
        )
        self.status.setText(
            _("Checked {count} submissions for {year}.").format(
                count=len(report.checks), year=report.year
            )
        )

    def _choose_output(self, line: QLineEdit, suffix: str) -> None:
        current = Path(line.text()) if line.text() else Path()
        title = (
            _("Where to write the Excel workbook")
            if suffix == ".xlsx"
            else _("Where to write the PDF")
        )
        chosen = self.choose_save_path(
            self, title, current, excel_filter() if suffix == ".xlsx" else pdf_filter()
        )
        if chosen is not None:
            path = with_suffix(chosen, suffix)
            line.setText(str(path))
            remember_folder(self.settings, Settings.export_folder, path)

    def _outputs(self) -> tuple[Path | None, Path | None] | None:
        """The files to write, or None after saying what is wrong with them."""
        outputs: list[Path | None] = []
        for box, line, suffix in (
            (self.xlsx_box, self.xlsx_path, ".xlsx"),
            (self.pdf_box, self.pdf_path, ".pdf"),
        ):
            if not box.isChecked():
                outputs.append(None)
                continue
            text = line.text().strip()
            path = with_suffix(Path(text), suffix) if text else None
            if path is None or not path.parent.is_dir():
                self.status.setText(
                    _("Choose an existing folder for {what}.").format(
                        what=box.text().replace("&", "").rstrip(":")
                    )
                )
                line.setFocus()
                return None
            outputs.append(path)
        return outputs[0], outputs[1]

    def produce(self) -> None:
        if self.busy() or not self._has_sources():
            return
        outputs = self._outputs()
        if outputs is None:
            return
        xlsx, pdf = outputs
        if xlsx is None and pdf is None:
            return
        problem = self.texts.save_now()
        if problem is not None:
            self.status.setText(
                _("The texts could not be saved, so nothing was produced: {reason}").format(
                    reason=problem
                )
            )
            return
        workspace, year, files, from_db, language = self._inputs()
        paper = str(self.paper.currentData())
        self.settings.pdf_paper = paper
        self.settings.consolidation_language = language

        def work(progress: Progress) -> ConsolidationResult:
            report = build_consolidated(
                workspace, year, files, from_db=from_db, language=language, progress=progress
            )
            return write_consolidated(
                report, xlsx=xlsx, pdf=pdf, language=language, paper=paper, progress=progress
            )

        written = [p for p in (xlsx, pdf) if p is not None]
        self._start(
            work,
            _("Producing the annual report"),
            self._produced,
            on_failure=lambda error: self._failed(written, error),
        )

    def _produced(self, result: ConsolidationResult) -> None:
        self.produced = result
        self.show_report(result.report)
        names = ", ".join(path.name for path in result.written)
        text = _("Wrote {names}.").format(names=names)
        if result.pdf_pages:
            text = _("Wrote {names}; the PDF has {pages} pages.").format(
                names=names, pages=result.pdf_pages
            )
        self.status.setText(text)
        self.notice = notify_written(
            self, _("Consolidated annual report"), text, result.written, result.warnings
        )

    def _failed(self, paths: list[Path], error: BaseException) -> None:
        if not is_known_failure(error):
            report_failure(self, error)
            return
        path = paths[-1] if len(paths) > 1 and ".pdf" in str(error) else paths[0]
        self.status.setText(show_write_error(self, path, error))

    def _start(
        self,
        work: Callable[[Progress], Any],
        title: str,
        done: Callable[[Any], None],
        on_failure: Callable[[BaseException], None] | None = None,
    ) -> None:
        operation = run_operation(
            work, parent=self, title=title, on_success=done, on_failure=on_failure
        )
        operation.cancelled.connect(
            lambda: self.status.setText(_("Cancelled; nothing was written."))
        )
        operation.finished.connect(self._update)
        self.operation = operation
        self.status.setText(title + "…")
        self._update()

    # --- state and closing --------------------------------------------------------------

    def _update(self) -> None:
        busy = self.busy()
        has_sources = self._has_sources()
        for widget in (self.add_files_button, self.add_folder_button, self.include_db,
                       self.year_box, self.close_button):  # fmt: skip
            widget.setEnabled(not busy)
        self.remove_button.setEnabled(not busy and self.files_view.selectionModel().hasSelection())
        self.check_button.setEnabled(not busy and has_sources)
        wants_output = self.xlsx_box.isChecked() or self.pdf_box.isChecked()
        self.produce_button.setEnabled(not busy and has_sources and wants_output)
        for line, change, box in (
            (self.xlsx_path, self.xlsx_change, self.xlsx_box),
            (self.pdf_path, self.pdf_change, self.pdf_box),
        ):
            line.setEnabled(box.isChecked())
            change.setEnabled(box.isChecked())
        self.paper.setEnabled(self.pdf_box.isChecked())
        if not busy and not has_sources:
            self.status.setText(
                _("Add the submissions received, or include the reports in this database.")
            )

    def settle(self) -> bool:
        """Write the texts; when that fails, ask. False means: stay open."""
        while True:
            problem = self.texts.save_now()
            if problem is None:
                return True
            box = QMessageBox(
                QMessageBox.Icon.Warning,
                _("Consolidated annual report"),
                _("The background or conclusion is not saved yet: {reason}").format(reason=problem),
                parent=self,
            )
            retry = box.addButton(_("&Try again"), QMessageBox.ButtonRole.AcceptRole)
            box.addButton(QMessageBox.StandardButton.Cancel)
            box.setDefaultButton(retry)
            box.exec()
            if box.clickedButton() is not retry:
                return False

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.busy() or not self.settle():
            event.ignore()
            return
        self._store_sources()
        self.settings.consolidation_language = str(self.language.currentData())
        self.settings.consolidation_geometry = self.saveGeometry()
        self.settings.sync()
        event.accept()

    def reject(self) -> None:
        self.close()

    def finish(self) -> str:
        """At exit without the window closing: write the texts; what could not be written."""
        problem = self.texts.save_now()
        unsaved = self.texts.unsaved_text() if problem is not None else ""
        self.texts.stop()
        return unsaved
