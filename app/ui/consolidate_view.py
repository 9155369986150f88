"""The consolidated annual report: sources, check, the secretariat's texts, and the files.

A window of its own beside the report editor (not modal: the secretariat may look at a report
while consolidating). The steps follow the work: list the submissions (files, folders, the
database), *Check* what each becomes (included, superseded, rejected and why), write the
background and conclusion, *Produce* the Excel workbook and/or the PDF. Reading and writing run
on worker threads with progress and Cancel.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.core.consolidation import ConsolidatedReport
from app.core.i18n import _, current_language
from app.core.progress import Progress
from app.services.consolidation import ConsolidationResult, build_consolidated
from app.services.reports import MAX_YEAR, MIN_YEAR
from app.services.workspace import Workspace
from app.ui.accessible import describe
from app.ui.appearance import size_for_text
from app.ui.consolidate_produce import ProducePanel, write_together
from app.ui.consolidate_sources import SourcesPanel
from app.ui.consolidate_texts import ConsolidationTexts
from app.ui.file_choice import accept_drag, take_drop
from app.ui.icons import icon
from app.ui.operations import Operation, report_failure, run_operation
from app.ui.settings import Settings
from app.ui.written_files import (
    WrittenNotice,
    is_known_failure,
    notify_written,
    show_write_error,
)

log = logging.getLogger("focal.ui")


class ConsolidateView(QDialog):
    """One year's annual report: its sources and check, its texts, and producing it."""

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
        self.setWindowTitle(_("Consolidated annual report"))
        self.setWindowIcon(icon("consolidate"))
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.setAcceptDrops(True)
        self._build()
        size_for_text(self, 180, 44)
        self._show_year(None, year)
        if not settings.consolidation_geometry.isEmpty():
            self.restoreGeometry(settings.consolidation_geometry)
        self._update()

    def _build(self) -> None:
        self.year_box = QSpinBox(self)
        self.year_box.setRange(MIN_YEAR, MAX_YEAR)
        self.year_box.setValue(self.year)
        self.year_box.setKeyboardTracking(False)
        describe(
            self.year_box,
            _("Reporting year"),
            _("The year of the annual report; each year keeps its own submissions and texts."),
        )
        self.year_box.valueChanged.connect(self.change_year)
        year_label = QLabel(_("Reporting &year:"), self)
        year_label.setBuddy(self.year_box)
        top = QHBoxLayout()
        top.addWidget(year_label)
        top.addWidget(self.year_box)
        top.addStretch(1)

        self.sources = SourcesPanel(self.workspace.catalogue, self.settings, self)
        self.sources.check_button.clicked.connect(self.check)
        self.sources.changed.connect(self._sources_changed)
        self.sources.message.connect(self._tell)
        self.texts = ConsolidationTexts(self.workspace, self.year, self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.sources)
        self.splitter.addWidget(self.texts)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)

        language = self.settings.consolidation_language or current_language()
        self.output = ProducePanel(self.settings, language, self)
        self.output.produce.connect(self.produce)
        self.output.options_changed.connect(self._update)

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
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.output)
        layout.addLayout(bottom)

    def _tell(self, text: str) -> None:
        self.status.setText(text)

    # --- year ---------------------------------------------------------------------------

    def _show_year(self, old_year: int | None, year: int) -> None:
        paths, include_db = self.settings.consolidation_sources(self.workspace.path, year)
        self.sources.set_sources(paths, include_db)
        self.output.follow_year(old_year, year)
        self.year = year

    def change_year(self, year: int) -> None:
        """Write this year's texts, then show the other year's sources and texts."""
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
        self._show_year(self.year, year)
        self.texts.load(year)
        self._update()

    # --- sources ------------------------------------------------------------------------

    def _sources_changed(self) -> None:
        self._store_sources()
        self._update()

    def _store_sources(self) -> None:
        self.settings.set_consolidation_sources(
            self.workspace.path,
            self.year,
            self.sources.paths(),
            self.sources.include_db.isChecked(),
        )
        self.settings.sync()

    def database_changed(self) -> None:
        if not self.busy():
            self.sources.mark_outdated()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        accept_drag(event, self.busy())

    def dropEvent(self, event: QDropEvent) -> None:
        if paths := take_drop(event, self.busy()):
            self.sources.add_paths(paths)

    # --- check and produce --------------------------------------------------------------

    def busy(self) -> bool:
        return self.operation is not None and self.operation.running

    def _inputs(self) -> tuple[Workspace, int, list[Path], bool, str]:
        return (
            self.workspace,
            self.year,
            [p for p in self.sources.paths() if p.exists()],
            self.sources.include_db.isChecked(),
            self.output.chosen_language(),
        )

    def check(self) -> None:
        if self.busy() or not self.sources.has_sources():
            return
        workspace, year, files, from_db, language = self._inputs()

        def work(progress: Progress) -> ConsolidatedReport:
            return build_consolidated(
                workspace, year, files, from_db=from_db, language=language, progress=progress
            )

        self._start(work, _("Checking the submissions"), self._checked)

    def _checked(self, report: ConsolidatedReport) -> None:
        self.sources.show_report(report)
        self.status.setText(
            _("Checked {count} submissions for {year}.").format(
                count=len(report.checks), year=report.year
            )
        )

    def produce(self) -> None:
        if self.busy() or not self.sources.has_sources():
            return
        outputs = self.output.outputs()
        if isinstance(outputs, str):
            self.status.setText(outputs)
            return
        xlsx, pdf = outputs
        if xlsx is None and pdf is None:
            return
        problem = self.texts.save_now()  # the report reads them from the database
        if problem is not None:
            self.status.setText(
                _("The texts could not be saved, so nothing was produced: {reason}").format(
                    reason=problem
                )
            )
            return
        workspace, year, files, from_db, language = self._inputs()
        paper = self.output.chosen_paper()
        self.settings.pdf_paper = paper
        self.settings.consolidation_language = language

        def work(progress: Progress) -> ConsolidationResult:
            report = build_consolidated(
                workspace, year, files, from_db=from_db, language=language, progress=progress
            )
            return write_together(
                report, xlsx, pdf, language=language, paper=paper, progress=progress
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
        self.sources.show_report(result.report)
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
        has_sources = self.sources.has_sources()
        self.sources.set_busy(busy)
        self.output.set_busy(busy, has_sources)
        self.year_box.setEnabled(not busy)
        self.close_button.setEnabled(not busy)
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
        self.settings.consolidation_language = self.output.chosen_language()
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
