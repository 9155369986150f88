"""The Report sheet: the annual report as the secretariat used to assemble it by hand.

I. Background, II. Program objectives, III. one section per implementer (numbered A.1, A.2,
... in parts A-D, each with the template's five-column table), IV. Conclusion. Narrative
texts lie in cells merged across the table's width, cut into continuation rows where a row
could not show them whole; table rows continue as in the submission workbook.
"""

from __future__ import annotations

from openpyxl.worksheet.pagebreak import Break

from app.core.catalogue_texts import fallback_note
from app.core.consolidation import Part, Section
from app.core.formatting import format_date
from app.core.report import STATUS_LABELS
from app.exchange.xlsx.consolidated_layout import (
    LAST_REPORT_COLUMN,
    REPORT_COLUMNS,
    REPORT_SHEET,
    REPORT_WIDTH,
    Context,
    moment_of,
    set_widths,
    shown,
)
from app.exchange.xlsx.fit import estimate_lines, row_height, split_for_display
from app.exchange.xlsx.rows import CellSheet, Styled, date_cell, text_cell
from app.exchange.xlsx.table import financing_summary, header_cells, row_block, row_cells

HEADING_HEIGHT = 22.0
# Larger type takes more room: characters a line and points a line relative to 10 points.
_TITLE_SCALE = 1.35
_SUBHEADING_SCALE = 1.15


class ReportSheet:
    def __init__(self, context: Context, sheet: CellSheet) -> None:
        self.context = context
        self.sheet = sheet
        self.tr = context.tr
        self.styles = context.styles

    def write(self) -> None:
        context, tr = self.context, self.tr
        set_widths(self.sheet, [column.width for column in REPORT_COLUMNS])
        context.setup(self.sheet, REPORT_SHEET)
        self._title_block()
        self._heading(tr("I. Background"))
        self._narrative(context.report.background, tr("No background was written for this year."))
        self.sheet.add([])
        self._objectives()
        self._page_break()
        self._heading(tr("III. Annual activities report"))
        self._prose(
            tr(
                "This part gives the reports of the {count} implementers included, one section "
                "per implementer, numbered within each group. Annex 1 lists every submission "
                "received and why any was left out; Annex 2 lists the implementers that did "
                "not report."
            ).format(count=len(context.report.sections())),
            kind="note",
        )
        self.sheet.add([])
        previous: Part | None = None
        for part in context.report.parts:
            self._part(part, previous)
            previous = part
        self._page_break()
        self._heading(tr("IV. Conclusion"))
        self._narrative(context.report.conclusion, tr("No conclusion was written for this year."))

    # -- Building blocks ------------------------------------------------------------------

    def _merged(self, text: str, kind: str, height: float | None = None) -> None:
        """One row whose single cell spans the table's width."""
        self.sheet.add([text_cell(text, self.styles.get(kind))], height)
        self.sheet.merge_last(1, LAST_REPORT_COLUMN)

    def _heading(self, text: str) -> None:
        self._merged(text, "heading", HEADING_HEIGHT)

    def _subheading(self, text: str) -> None:
        lines = estimate_lines(text, REPORT_WIDTH / _SUBHEADING_SCALE)
        self._merged(text, "subheading", round(row_height(lines) * _SUBHEADING_SCALE + 4, 1))

    def _prose(self, text: str, kind: str = "prose") -> None:
        """A paragraph across the page, continued on further rows when too tall for one."""
        for piece in split_for_display(text, REPORT_WIDTH):
            self._merged(piece, kind, row_height(estimate_lines(piece, REPORT_WIDTH)))

    def _narrative(self, text: str, missing: str) -> None:
        if text.strip():
            self._prose(text)
        else:
            self._prose(missing, kind="note")

    def _page_break(self) -> None:
        """The next row starts a page (a break is given as the row it follows)."""
        self.sheet.row_breaks.append(Break(id=self.sheet.rows_written))

    # -- Parts of the report --------------------------------------------------------------

    def _title_block(self) -> None:
        context, tr = self.context, self.tr
        catalogue = context.catalogue
        title = catalogue.title_in(tr.language).marked
        lines = estimate_lines(title, REPORT_WIDTH / _TITLE_SCALE)
        self._merged(title, "title", round(row_height(lines) * _TITLE_SCALE + 4, 1))
        self._subheading(
            tr(
                "Annual report on the activities of {year} and those programmed for {next_year}"
            ).format(year=context.year, next_year=context.report.next_year)
        )
        self._prose(
            tr(
                "Resolution {resolution}. Consolidated by Focal on {date} from the "
                "submissions listed in Annex 1."
            ).format(
                resolution=catalogue.resolution,
                date=format_date(context.report.made.astimezone().date(), tr.language),
            ),
            kind="note",
        )
        if not catalogue.is_complete_in(tr.language):
            self._prose(fallback_note(tr.language), kind="note")
        self.sheet.add([])

    def _objectives(self) -> None:
        tr, catalogue = self.tr, self.context.catalogue
        self._heading(tr("II. Program objectives"))
        self._subheading(tr("General objectives"))
        for objective in catalogue.general_objectives():
            text = catalogue.objective_text(objective, tr.language).marked
            self._prose(f"{objective.number}. {text}")
        self._subheading(tr("Specific objectives"))
        for objective in catalogue.specific_objectives():
            text = catalogue.objective_text(objective, tr.language).marked
            self._prose(f"{objective.number}. {text}")

    def _part(self, part: Part, previous: Part | None) -> None:
        tr = self.tr
        if previous is not None:
            self._page_break()
        if previous is not None and previous.group_id == "oas" and part.group_id != "oas":
            self._subheading(
                tr("Implementers other than organs, agencies, and entities of the OAS")
            )
        self._heading(f"{part.letter}. {self.context.group_name(part.group_id)}")
        if not part.sections:
            self._prose(tr("No implementer of this group reported."), kind="note")
            self.sheet.add([])
        for index, section in enumerate(part.sections):
            if index:  # each implementer on its own pages, its heading never alone at the foot
                self._page_break()
            self._section(section)
            self.context.progress.step()

    def _section(self, section: Section) -> None:
        tr, styles, report = self.tr, self.styles, section.report
        self._subheading(f"{section.number}  {section.implementer.name}")
        focal = report.focal_point
        who = ", ".join(part for part in (focal.name, focal.title, focal.institution) if part)
        self._label_row(
            tr("Focal point"),
            text_cell(shown(who), styles.get("value")),
            tr("E-mail"),
            text_cell(focal.email, styles.get("value")),
            who,
        )
        self._label_row(
            tr("Status"),
            text_cell(tr.gettext(STATUS_LABELS[report.status]), styles.get("value")),
            tr("Exported (UTC)"),
            date_cell(moment_of(report), styles.get("value-date")),
            "",
        )
        headings = self.context.template_headings()
        lines = max(
            estimate_lines(heading, column.width - 2)
            for heading, column in zip(headings, REPORT_COLUMNS, strict=True)
        )
        self.sheet.add(header_cells(styles, headings), row_height(lines))
        if not report.rows:
            self._prose(tr("This submission has no rows."), kind="note")
        context = self.context
        for row in report.rows:
            fifth = financing_summary(row, self.tr)
            block = row_block(row, financing_text=fifth)
            for cells, points in row_cells(block, context.catalogue, styles, language=tr.language):
                self.sheet.add(cells, points)
        self.sheet.add([])

    def _label_row(
        self, label: str, value: Styled, second_label: str, second_value: Styled, text: str
    ) -> None:
        """Label A, value B:C, label D, value E: the section's focal point and status."""
        styles = self.styles
        width = REPORT_COLUMNS[1].width + REPORT_COLUMNS[2].width
        lines = estimate_lines(text, width)
        self.sheet.add(
            [
                text_cell(label, styles.get("label")),
                value,
                text_cell(None, styles.get("value")),
                text_cell(second_label, styles.get("label")),
                second_value,
            ],
            row_height(lines) if lines > 1 else None,
        )
        self.sheet.merge_last(2, 3)
