"""The annual report workbook's shape: sheets, columns, marks and what every sheet writer shares.

Only layout lives here; every decision (which submission, which number, what counts as
reported) is already in :class:`app.core.consolidation.ConsolidatedReport`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from openpyxl.utils import get_column_letter

from app.core.catalogue import Catalogue
from app.core.consolidation import ConsolidatedReport, Coverage
from app.core.financing import FINANCING_SOURCES
from app.core.i18n import N_, Translator
from app.core.progress import Progress
from app.core.report import ReportData
from app.exchange.xlsx.cells import fits_cell, split_text
from app.exchange.xlsx.layout import CELL_LIMIT, COLUMNS, column_heading
from app.exchange.xlsx.rows import CellSheet, Styled, text_cell
from app.exchange.xlsx.styles import CellStyles
from app.exchange.xlsx.workbook import Footer, print_setup

# Sheet names, in the workbook's order (translated when written; see sheet_name).
REPORT_SHEET = N_("Report")
ROWS_SHEET = N_("Rows")
FINANCING_SHEET = N_("Financing")
SUBMISSIONS_SHEET = N_("Submissions")
NOT_REPORTING_SHEET = N_("Not reporting")
COMPLETENESS_SHEET = N_("Completeness")
OBJECTIVES_SHEET = N_("Objectives")
SHEETS = (
    REPORT_SHEET,
    ROWS_SHEET,
    FINANCING_SHEET,
    SUBMISSIONS_SHEET,
    NOT_REPORTING_SHEET,
    COMPLETENESS_SHEET,
    OBJECTIVES_SHEET,
)
_NOT_IN_SHEET_NAMES = str.maketrans(dict.fromkeys("[]:*?/\\", "-"))


def sheet_name(message: str, tr: Translator) -> str:
    """The sheet's translated name, as Excel accepts it (31 characters, no []:*?/\\)."""
    return tr.gettext(message).translate(_NOT_IN_SHEET_NAMES).strip("'")[:31]


# --- Report ------------------------------------------------------------------------------

# The template's five columns; the structured financing of submissions is shown as text
# under the type of financing, and listed one line per row on the Financing sheet.
REPORT_COLUMNS = COLUMNS[:5]
REPORT_WIDTH = sum(column.width for column in REPORT_COLUMNS)
LAST_REPORT_COLUMN = len(REPORT_COLUMNS)


# --- Flat sheets -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FlatColumn:
    key: str
    heading: str  # English, marked for translation; may hold {year}
    width: float
    year_offset: int | None = None  # the heading names the report's year plus this

    def title(self, tr: Translator, year: int) -> str:
        if self.year_offset is None:
            return tr.gettext(self.heading)
        return tr.gettext(self.heading).format(year=year + self.year_offset)


# Rows: one line per report row; a text longer than a cell continues on further lines with
# the same keys (the columns up to and including "part"), see docs/xlsx-format.md.
ROWS_COLUMNS: tuple[FlatColumn, ...] = (
    FlatColumn("section", N_("Section"), 9),
    FlatColumn("implementer_id", N_("Implementer ID"), 14),
    FlatColumn("implementer", N_("Implementer"), 30),
    FlatColumn("group_id", N_("Group ID"), 14),
    FlatColumn("group", N_("Group"), 26),
    FlatColumn("activities", N_("Activities"), 12),
    FlatColumn("first_activity", N_("First activity"), 9),
    FlatColumn("part", N_("Part"), 6),
    FlatColumn("programmed", COLUMNS[1].heading, 40, 0),
    FlatColumn("executed", COLUMNS[2].heading, 40),
    FlatColumn("planned_next", COLUMNS[3].heading, 40, 1),
    FlatColumn("financing_text", COLUMNS[4].heading, 30),
    FlatColumn("financing_sources", N_("Sources of financing"), 24),
    FlatColumn("financing_lines", N_("Financing lines"), 9),
    FlatColumn("row_status", N_("Row status"), 12),
    FlatColumn("focal_point", N_("Focal point"), 26),
    FlatColumn("email", N_("E-mail"), 26),
    FlatColumn("report_status", N_("Status"), 10),
    FlatColumn("exported", N_("Exported (UTC)"), 17),
    FlatColumn("source", N_("Source"), 40),
)
ROWS_TABLE = "ReportRows"

FINANCING_COLUMNS: tuple[FlatColumn, ...] = (
    FlatColumn("section", N_("Section"), 9),
    FlatColumn("implementer_id", N_("Implementer ID"), 14),
    FlatColumn("activities", N_("Activities"), 12),
    FlatColumn("line", N_("Line"), 6),
    FlatColumn("source_code", N_("Source code"), 30),
    FlatColumn("source", N_("Source of financing"), 36),
    FlatColumn("donor", N_("Donor"), 30),
    FlatColumn("amount", N_("Amount"), 16),
    FlatColumn("currency", N_("Currency"), 9),
)
FINANCING_TABLE = "FinancingLines"


# --- Completeness ------------------------------------------------------------------------

MARKS: dict[Coverage, str] = {
    Coverage.REPORTED: "R",
    Coverage.EMPTY: "E",
    Coverage.NOT_REPORTED: "–",
}
EXTRA_MARK = "*"  # after R or E: an activity the resolution does not assign to the implementer

# The columns before the matrix, with their widths.
COMPLETENESS_COLUMNS: tuple[FlatColumn, ...] = (
    FlatColumn("section", N_("Section"), 8),
    FlatColumn("implementer", N_("Implementer"), 32),
    FlatColumn("assigned", N_("Assigned"), 9),
    FlatColumn("reported", N_("Reported"), 9),
    FlatColumn("empty", N_("Empty"), 8),
    FlatColumn("not_reported", N_("Not reported"), 9),
    FlatColumn("complete", N_("% complete"), 9),
    FlatColumn("extra", N_("Other activities"), 9),
)
ACTIVITY_WIDTH = 4.3


def mark(coverage: Coverage, assigned: bool) -> str:
    return MARKS[coverage] + ("" if assigned else EXTRA_MARK)


# --- What the sheet writers share --------------------------------------------------------


@dataclass
class Context:
    """The report being written and the workbook-wide things every sheet writer needs."""

    report: ConsolidatedReport
    tr: Translator
    styles: CellStyles
    progress: Progress
    source_labels: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        self.source_labels = {s.code: s.label_in(self.tr) for s in FINANCING_SOURCES}

    @property
    def catalogue(self) -> Catalogue:
        return self.report.catalogue

    @property
    def year(self) -> int:
        return self.report.year

    def footer(self, sheet_title: str) -> Footer:
        title = self.tr("Annual report {year}").format(year=self.year)
        return Footer(title, sheet_title)

    def setup(
        self,
        sheet: CellSheet,
        message: str,
        *,
        orientation: str = "landscape",
        pages_wide: int = 1,
    ) -> None:
        print_setup(
            sheet,
            self.tr,
            self.footer(sheet_name(message, self.tr)),
            orientation=orientation,
            pages_wide=pages_wide,
        )

    def template_headings(self) -> list[str]:
        catalogue = self.catalogue
        return [column_heading(c, self.tr, catalogue.resolution, self.year) for c in REPORT_COLUMNS]

    def headings(self, columns: tuple[FlatColumn, ...]) -> list[str]:
        return [column.title(self.tr, self.year) for column in columns]

    def header_row(self, columns: tuple[FlatColumn, ...]) -> list[Styled]:
        style = self.styles.get("header")
        return [text_cell(heading, style) for heading in self.headings(columns)]

    def group_name(self, group_id: str) -> str:
        """The group's name in the workbook's language (English marked [EN] if not official)."""
        try:
            return self.catalogue.group_name_in(group_id, self.tr.language).marked
        except KeyError:
            for part in self.report.parts:
                if part.group_id == group_id:
                    return part.title
            return group_id


def moment_of(report: ReportData) -> datetime | None:
    """When the submission was made: as :attr:`Submission.moment` decides duplicates."""
    return report.exported or report.updated


def shown(text: str) -> str:
    """``text`` for a cell only read by people: cut with "…" when longer than a cell holds.

    Used where the exact value is on a flat sheet (a focal point's name and position joined).
    """
    if fits_cell(text):
        return text
    return split_text(text, CELL_LIMIT - 1)[0] + "…"


def set_widths(sheet: CellSheet, widths: list[float]) -> None:
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def section_order(report: ConsolidatedReport) -> dict[str, int]:
    """Section number -> its place in the report, to list sections in the report's order."""
    return {section.number: index for index, section in enumerate(report.sections())}
