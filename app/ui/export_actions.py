"""File > Export to Excel, Export PDF and Export blank template, for the open report.

Each export first writes every pending edit, so the file holds exactly what is on screen, then
asks where to write (in the folder used last time), writes on a worker thread with progress and
Cancel, and ends with a notice offering to open the file or show it in its folder. The writers
are atomic: a cancelled or failed export leaves no file, and an overwritten one intact.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

from app.core.i18n import _, current_language
from app.core.progress import Progress
from app.core.report import ReportData
from app.ui.export_dialogs import ask_pdf_options, ask_template
from app.ui.file_choice import (
    SaveChooser,
    ask_save_path,
    choose_export_path,
    excel_filter,
    file_name,
    pdf_filter,
    start_folder,
)
from app.ui.icons import icon
from app.ui.new_report_dialog import default_year
from app.ui.operations import Operation, report_failure, run_operation
from app.ui.settings import Settings
from app.ui.written_files import (
    WrittenNotice,
    is_known_failure,
    notify_written,
    show_write_error,
)

if TYPE_CHECKING:
    from app.services.pdf_export import PdfResult
    from app.ui.main_window import MainWindow


def short_name(window: MainWindow, implementer_id: str, fallback: str) -> str:
    try:
        return window.workspace.catalogue.implementer(implementer_id).short_name
    except KeyError:
        return fallback


def submission_file_name(name: str, year: int) -> str:
    return file_name(_("{name}-{year}-submission").format(name=name, year=year), ".xlsx")


def pdf_file_name(name: str, year: int) -> str:
    return file_name(_("{name}-{year}-report").format(name=name, year=year), ".pdf")


def template_file_name(name: str, year: int) -> str:
    return file_name(_("{name}-{year}-template").format(name=name, year=year), ".xlsx")


def make_action(
    parent: QObject,
    text: str,
    icon_name: str,
    tip: str,
    slot: Callable[[], object],
    shortcuts: tuple[str, ...] = (),
    icon_text: str = "",
) -> QAction:
    """An action with its icon, shortcuts, status tip and a name screen readers announce."""
    action = QAction(icon(icon_name), text, parent)
    if shortcuts:
        action.setShortcuts([QKeySequence(s) for s in shortcuts])
    if icon_text:
        action.setIconText(icon_text)
    action.setStatusTip(tip)
    action.setToolTip(tip)
    action.triggered.connect(lambda _checked=False: slot())
    return action


class ExportActions(QObject):
    """The export commands of the main window and the seams tests use to choose files."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        # Seams: tests replace these dialogs by a chosen answer; the export itself is real.
        self.choose_save_path: SaveChooser = ask_save_path
        self.choose_pdf_options = ask_pdf_options
        self.choose_template = ask_template
        self.operation: Operation[Any] | None = None
        self.notice: WrittenNotice | None = None
        self.excel_action = make_action(
            self,
            _("Export to &Excel…"),
            "export-excel",
            _("Write the open report as an Excel workbook to send or to keep."),
            self.export_excel,
            ("Ctrl+E",),
            _("Excel"),
        )
        self.pdf_action = make_action(
            self,
            _("Export &PDF…"),
            "export-pdf",
            _("Write the open report as a PDF to print, sign and send."),
            self.export_pdf,
            ("Ctrl+Shift+E", "Ctrl+P"),
            _("PDF"),
        )
        self.template_action = make_action(
            self,
            _("Export blank &template…"),
            "template",
            _("Write an empty Excel workbook for an implementer to fill in without Focal."),
            self.export_template,
            ("Ctrl+Shift+T",),
        )

    @property
    def settings(self) -> Settings:
        return self.window.settings

    def actions(self) -> list[QAction]:
        return [self.excel_action, self.pdf_action, self.template_action]

    def update(self) -> None:
        has_report = self.window.session is not None
        busy = self.operation is not None and self.operation.running
        self.excel_action.setEnabled(has_report and not busy)
        self.pdf_action.setEnabled(has_report and not busy)
        self.template_action.setEnabled(not busy)

    # --- the three exports --------------------------------------------------------------

    def _report(self, title: str) -> ReportData | None:
        """The open report after its pending edits were written; None to stop."""
        session = self.window.session
        if session is None or not self.window.settle_pending(title):
            return None
        return session.report

    def _ask_path(self, title: str, name: str, filter_: str, suffix: str) -> Path | None:
        suggested = start_folder(self.settings, Settings.export_folder) / name
        return choose_export_path(
            self.window, self.settings, self.choose_save_path, title, suggested, filter_, suffix
        )

    def export_excel(self) -> None:
        session = self.window.session
        if session is None:
            return
        report = session.report
        title = _("Export to Excel")
        name = submission_file_name(
            short_name(self.window, report.implementer_id, report.implementer_name), report.year
        )
        path = self._ask_path(title, name, excel_filter(), ".xlsx")
        if path is None or self._report(title) is None:
            return
        workspace = self.window.workspace
        # The services (openpyxl, reportlab) are imported when used: the window starts without.
        from app.services.xlsx_exchange import export_xlsx

        def work(progress: Progress) -> Path:
            return export_xlsx(
                workspace, report.implementer_id, report.year, path, progress=progress
            )

        self._run(
            work,
            path,
            _("Exporting to Excel"),
            lambda written: self._done(
                title, _("Wrote {name}.").format(name=written.name), written
            ),
        )

    def export_pdf(self) -> None:
        session = self.window.session
        if session is None:
            return
        report = session.report
        title = _("Export PDF")
        options = self.choose_pdf_options(self.window, self.settings.pdf_paper, report.language)
        if options is None:
            return
        self.settings.pdf_paper = options.paper
        name = pdf_file_name(
            short_name(self.window, report.implementer_id, report.implementer_name), report.year
        )
        path = self._ask_path(title, name, pdf_filter(), ".pdf")
        if path is None or self._report(title) is None:
            return
        workspace = self.window.workspace
        from app.services.pdf_export import export_pdf

        def work(progress: Progress) -> PdfResult:
            return export_pdf(
                workspace,
                report.implementer_id,
                report.year,
                path,
                paper=options.paper,
                language=options.language,
                progress=progress,
            )

        def done(result: PdfResult) -> None:
            text = _("Wrote {name} ({pages} pages).").format(
                name=result.path.name, pages=result.pages
            )
            self._done(title, text, result.path, result.warnings)

        self._run(work, path, _("Exporting PDF"), done)

    def export_template(self) -> None:
        session = self.window.session
        catalogue = self.window.workspace.catalogue
        choice = self.choose_template(
            self.window,
            catalogue,
            session.report.implementer_id if session else None,
            session.report.year if session else default_year(),
            current_language(),
        )
        if choice is None:
            return
        title = _("Export blank template")
        name = template_file_name(short_name(self.window, choice.implementer_id, ""), choice.year)
        path = self._ask_path(title, name, excel_filter(), ".xlsx")
        if path is None:
            return
        workspace = self.window.workspace
        from app.services.xlsx_exchange import write_template

        def work(progress: Progress) -> Path:
            return write_template(
                workspace,
                choice.implementer_id,
                choice.year,
                path,
                language=choice.language,
                progress=progress,
            )

        self._run(
            work,
            path,
            _("Exporting the template"),
            lambda written: self._done(
                title, _("Wrote the blank template {name}.").format(name=written.name), written
            ),
        )

    # --- running and reporting ----------------------------------------------------------

    def _run(
        self, work: Callable[[Progress], Any], path: Path, title: str, done: Callable[[Any], None]
    ) -> None:
        window = self.window
        operation: Operation[Any] = run_operation(
            work,
            parent=window,
            title=title,
            label=_("Writing {name}…").format(name=path.name),
            on_success=done,
            on_failure=lambda error: self._failed(path, error),
        )
        operation.cancelled.connect(
            lambda: window.statusBar().showMessage(
                _("Export cancelled; {name} was not written.").format(name=path.name), 8000
            )
        )
        operation.finished.connect(self.update)
        self.operation = operation
        self.update()

    def _done(self, title: str, text: str, path: Path, warnings: list[str] | None = None) -> None:
        self.window.statusBar().showMessage(_("Wrote {path}").format(path=path), 10000)
        self.notice = notify_written(self.window, title, text, [path], warnings or [])

    def _failed(self, path: Path, error: BaseException) -> None:
        if not is_known_failure(error):
            report_failure(self.window, error)  # a bug: the crash dialog, with the log
            return
        text = show_write_error(self.window, path, error)
        self.window.statusBar().showMessage(text, 10000)
