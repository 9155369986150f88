"""The window's central area: navigator | row editor and report sections | checklist."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QSplitter, QTabWidget, QVBoxLayout, QWidget

from app.core.catalogue import Catalogue, format_activity_numbers
from app.core.checklist import REPORT_FIELDS, MissingItem
from app.core.i18n import _
from app.core.report import FinancingLine, RowData
from app.services.reports import SearchHit, search_report
from app.ui.accessible import describe
from app.ui.autosave import SaveKey
from app.ui.checklist_panel import ChecklistPanel
from app.ui.navigator import Navigator
from app.ui.navigator_model import NavigatorModel
from app.ui.report_sections import CHECKLIST_TO_STORAGE, FOCAL_FIELDS, ReportSections
from app.ui.report_session import ReportSession
from app.ui.row_editor import RowEditor, field_label

TAB_ACTIVITIES, TAB_REPORT = 0, 1
REPORT_LEVEL_FIELDS = set(REPORT_FIELDS) | set(CHECKLIST_TO_STORAGE)


class ReportView(QWidget):
    def __init__(self, catalogue: Catalogue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self.session: ReportSession | None = None
        self.position: int | None = None  # the row shown in the editor

        self.model = NavigatorModel(catalogue, self)
        # Built in reading order, which is the order the Tab key follows: the rows, the tabs,
        # the open section, the checklist. (setTabOrder would be needed otherwise, and Qt
        # links the tab widget's focus chain wrongly when it is moved.)
        self.navigator = Navigator(self.model, self)
        self.tabs = QTabWidget(self)
        self.row_editor = RowEditor(catalogue, self)
        self.sections = ReportSections(self)
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.row_editor, _("&Activities"))
        self.tabs.addTab(self.sections, _("F&ocal point, background and conclusions"))
        self.tabs.setAccessibleName(_("Report sections"))
        # A tab's tooltip is what screen readers say after its name.
        self.tabs.setTabToolTip(
            TAB_ACTIVITIES,
            _("The rows of the report, one activity at a time (Ctrl+Tab switches the tabs)."),
        )
        self.tabs.setTabToolTip(
            TAB_REPORT,
            _("Who reports, and the background and conclusions (Ctrl+D; Ctrl+Tab switches)."),
        )
        self.checklist = ChecklistPanel(self)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.navigator)
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(self.checklist)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        character = self.fontMetrics().averageCharWidth()  # in the system's font size
        self.splitter.setSizes([character * 36, character * 100, character * 32])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        editor = self.row_editor
        describe(
            editor.activity_text,
            _("Text of the activity in the resolution"),
            _("The activity as the resolution states it, and the objectives it serves."),
        )
        describe(
            editor.add_line_button,
            _("Add a financing source"),
            _("Adds a line to the table of financing sources and starts editing it."),
        )
        describe(
            editor.remove_line_button,
            _("Remove the selected financing source"),
            _("Removes the selected line from the table of financing sources."),
        )

        self._checklist_timer = QTimer(self)
        self._checklist_timer.setSingleShot(True)
        self._checklist_timer.setInterval(300)
        self._checklist_timer.timeout.connect(self.refresh_checklist)

        self.navigator.row_chosen.connect(self.show_position)
        self.navigator.search_requested.connect(self.search)
        self.navigator.hit_chosen.connect(self.go_to_hit)
        self.row_editor.text_edited.connect(self._row_text_edited)
        self.row_editor.financing_edited.connect(self._financing_edited)
        self.row_editor.field_left.connect(self._row_field_left)
        self.sections.field_edited.connect(self._report_field_edited)
        self.sections.field_left.connect(self._report_field_left)
        self.checklist.item_activated.connect(self.go_to_missing)

    # --- the open report ----------------------------------------------------------------

    def set_session(self, session: ReportSession | None) -> None:
        if self.session is not None:
            self.session.row_changed.disconnect(self._row_changed)
            self.session.rows_reset.disconnect(self._rows_reset)
            self.session.report_changed.disconnect(self._checklist_timer.start)
        self.session = session
        self.position = None
        report = session.report if session is not None else None
        if session is not None:
            session.row_changed.connect(self._row_changed)
            session.rows_reset.connect(self._rows_reset)
            session.report_changed.connect(self._checklist_timer.start)
            self.row_editor.set_year(session.report.year)
        self.model.set_report(report)
        self.sections.show_report(report)
        self.row_editor.show_row(None)
        self.refresh_checklist()
        self.navigator.search.clear()
        if report is not None and report.rows:
            self.navigator.select_position(0)
            # Ready for typing, from the keyboard too.
            self.row_editor.fields["programmed"].editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def current_row(self) -> RowData | None:
        if self.session is None or self.position is None:
            return None
        rows = self.session.report.rows
        return rows[self.position] if 0 <= self.position < len(rows) else None

    def show_position(self, position: int) -> None:
        """Show a row in the editor; pending edits are written as the row changes."""
        if self.session is None:
            return
        if position != self.position:
            self.session.autosaver.flush()
        self.position = position
        row = self.session.report.rows[position]
        self.row_editor.show_row(row)
        self._describe_row(row, self.session.report.year)
        self.tabs.setCurrentIndex(TAB_ACTIVITIES)

    def _describe_row(self, row: RowData, year: int) -> None:
        """Tell screen readers which activity the fields belong to (the name is the heading)."""
        numbers = format_activity_numbers(row.activities)
        descriptions = {
            "programmed": _("Activity {numbers}: what was programmed for {year}."),
            "executed": _("Activity {numbers}: what was developed or executed in {year}."),
            "planned_next": _("Activity {numbers}: what is programmed for {next_year}."),
            "financing_text": _(
                "Activity {numbers}: how the work was financed, in words. The sources go in "
                "the table of financing sources."
            ),
        }
        for name, text in descriptions.items():
            self.row_editor.fields[name].set_description(
                text.format(numbers=numbers, year=year, next_year=year + 1)
            )

    def select_row_id(self, row_id: int) -> None:
        position = self.model.position_of(row_id)
        if position is not None:
            self.navigator.select_position(position)

    def refresh_checklist(self) -> None:
        self._checklist_timer.stop()
        self.checklist.show_report(self.session.report if self.session else None)

    # --- edits --------------------------------------------------------------------------

    def _row_text_edited(self, field: str, text: str) -> None:
        if self.session is not None and self.position is not None:
            self.session.edit_row_text(self.position, field, text)

    def _financing_edited(self, lines: tuple[FinancingLine, ...]) -> None:
        if self.session is not None and self.position is not None:
            self.session.edit_financing(self.position, lines)

    def _row_field_left(self, field: str) -> None:
        row = self.current_row()
        if self.session is not None and row is not None and row.row_id is not None:
            self.session.autosaver.flush(SaveKey("row", row.row_id, field))

    def _report_field_edited(self, field: str, text: str) -> None:
        if self.session is not None:
            self.session.edit_report_field(field, text)

    def _report_field_left(self, field: str) -> None:
        if self.session is not None:
            self.session.autosaver.flush(SaveKey("report", self.session.report_id, field))

    def _row_changed(self, position: int) -> None:
        if self.session is not None:
            self.model.update_row(position, self.session.report.rows[position])
            self._checklist_timer.start()

    def _rows_reset(self) -> None:
        if self.session is None:
            return
        self.model.set_report(self.session.report)
        self.position = None
        self.row_editor.show_row(None)
        self.refresh_checklist()

    # --- going places -------------------------------------------------------------------

    def go_to_missing(self, item: MissingItem) -> None:
        if item.row is None or item.field in REPORT_LEVEL_FIELDS:
            self.tabs.setCurrentIndex(TAB_REPORT)
            self.sections.focus_field(item.field)
            return
        self.navigator.select_position(item.row)
        self.row_editor.focus_field(item.field)

    def search(self, query: str) -> list[SearchHit]:
        if self.session is None:
            self.navigator.show_hits([])
            return []
        report = self.session.report
        texts = {a.number: a.text for a in self.catalogue.activities}
        hits = search_report(report, query, texts)
        labelled = []
        for hit in hits:
            if hit.row_index is None:
                storage = CHECKLIST_TO_STORAGE.get(hit.field, hit.field)
                where = self.session.describe(SaveKey("report", 0, storage))
            else:
                numbers = format_activity_numbers(report.rows[hit.row_index].activities)
                where = _("Activity {numbers}: {field}").format(
                    numbers=numbers, field=field_label(hit.field, report.year)
                )
            labelled.append((f"{where}\n…{hit.excerpt.strip()}…", hit))
        self.navigator.show_hits(labelled)
        return hits

    def go_to_hit(self, hit: SearchHit) -> None:
        length = len(self.navigator.search.text())
        if hit.row_index is None:
            self.tabs.setCurrentIndex(TAB_REPORT)
            name = CHECKLIST_TO_STORAGE.get(hit.field, hit.field)
            self.sections.select(name, hit.start, length)
            return
        self.navigator.select_position(hit.row_index)
        if hit.field == "financing":
            self.row_editor.focus_field("financing")
        else:
            self.row_editor.focus_field(hit.field, hit.start, length)


__all__ = ["FOCAL_FIELDS", "ReportView"]
