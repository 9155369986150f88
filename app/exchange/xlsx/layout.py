"""The submission workbook's shape, shared by the writer and the reader.

Sheet names and identity keys are fixed English words: they are how Focal finds its way in a
workbook whatever the report's language. Everything a person reads (headings, labels,
instructions) is translated, and the reader accepts those texts in any supported language.
"""

from __future__ import annotations

import enum
import functools
import re
from dataclasses import dataclass

from app.core.i18n import LANGUAGES, N_, Translator, translator
from app.core.report import EXCEL_CELL_LIMIT

FORMAT_NAME = "focal-submission"
FORMAT_VERSION = 1


class SubmissionKind(enum.StrEnum):
    EXPORT = "export"  # written by Focal from a report in its database
    TEMPLATE = "template"  # a blank workbook for an implementer without Focal


REPORT_SHEET = "Report"
NARRATIVE_SHEET = "Narrative"
INSTRUCTIONS_SHEET = "Instructions"
IDENTITY_SHEET = "Identity"
LISTS_SHEET = "Lists"
SHEETS = (REPORT_SHEET, NARRATIVE_SHEET, INSTRUCTIONS_SHEET, IDENTITY_SHEET, LISTS_SHEET)
# Sheets the reader needs; the instructions and the drop-down lists may be missing.
REQUIRED_SHEETS = (REPORT_SHEET, NARRATIVE_SHEET, IDENTITY_SHEET)

CELL_LIMIT = EXCEL_CELL_LIMIT


# --- Report sheet ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TitleField:
    """A label and its value cell in the title block above the table."""

    key: str  # "year", "focal_point.name", ...
    label: str  # English, marked for translation
    row: int
    column: int  # of the label; the value is in the next column

    @property
    def value_column(self) -> int:
        return self.column + 1


TITLE_ROW = 1  # the Program, in bold, in A1
TITLE_FIELDS: tuple[TitleField, ...] = (
    TitleField("implementer", N_("Implementer"), 2, 1),
    TitleField("year", N_("Reporting year"), 3, 1),
    TitleField("focal_point.institution", N_("Institution"), 4, 1),
    TitleField("focal_point.name", N_("Focal point"), 2, 3),
    TitleField("focal_point.title", N_("Position"), 3, 3),
    TitleField("focal_point.email", N_("E-mail"), 4, 3),
    TitleField("focal_point.phone", N_("Telephone"), 5, 3),
)
HEADER_ROW = 7
FIRST_DATA_ROW = 8
# Drop-down lists and cell formats reach this far below the last row, for rows a person adds.
SPARE_ROWS = 300


@dataclass(frozen=True, slots=True)
class Column:
    key: str  # a RowData text field, "activities", or a FinancingLine field
    index: int  # 1-based
    width: float  # in Excel's character units
    heading: str  # English, marked for translation; may hold {resolution} and {year}

    @property
    def letter(self) -> str:
        return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[self.index - 1]


COLUMNS: tuple[Column, ...] = (
    Column("activities", 1, 34, N_("Activities stated in Resolution {resolution}")),
    Column("programmed", 2, 40, N_("Activities programmed to be executed in {year}")),
    Column("executed", 3, 40, N_("Activities developed/executed")),
    Column("planned_next", 4, 40, N_("Activities programmed to be executed in {year}")),
    Column("financing_text", 5, 26, N_("Type of financing")),
    Column("source", 6, 22, N_("Source of financing")),
    Column("donor", 7, 18, N_("Donor")),
    Column("amount", 8, 14, N_("Amount")),
    Column("currency", 9, 9, N_("Currency")),
)
COLUMN = {column.key: column for column in COLUMNS}
LAST_COLUMN = COLUMNS[-1].index


def heading_year(column: Column, year: int) -> int | None:
    """The year a column's heading names, for the report's ``year``."""
    if column.key == "programmed":
        return year
    if column.key == "planned_next":
        return year + 1
    return None


def column_heading(column: Column, tr: Translator, resolution: str, year: int) -> str:
    return tr.gettext(column.heading).format(
        resolution=resolution, year=heading_year(column, year) or ""
    )


INSTRUCTIONS_WIDTH = 75

# --- Narrative sheet ---------------------------------------------------------------------

NARRATIVE_LABEL_WIDTH = 22
NARRATIVE_TEXT_WIDTH = 110
NARRATIVE_HEADER_ROW = 2
NARRATIVE_FIRST_ROW = 3
NARRATIVE_HEADINGS = (N_("Section"), N_("Text"))
NARRATIVE_SECTIONS: tuple[tuple[str, str], ...] = (
    ("background", N_("Background")),
    ("conclusions", N_("Conclusions")),
)

# --- Identity sheet ----------------------------------------------------------------------

IDENTITY_HEADER_ROW = 3
IDENTITY_FIRST_ROW = 4
IDENTITY_HEADINGS = (N_("Key"), N_("Field"), N_("Value"))
IDENTITY_FIELDS: tuple[tuple[str, str], ...] = (
    ("format", N_("Workbook format")),
    ("kind", N_("Kind of workbook")),
    ("report_uuid", N_("Report identifier")),
    ("implementer_id", N_("Implementer identifier")),
    ("implementer_name", N_("Implementer")),
    ("year", N_("Reporting year")),
    ("status", N_("Status")),
    ("language", N_("Language")),
    ("catalogue_id", N_("Catalogue")),
    ("catalogue_version", N_("Catalogue version")),
    ("focal_version", N_("Focal version")),
    ("exported_at", N_("Exported (UTC)")),
    ("created_at", N_("Report created (UTC)")),
    ("updated_at", N_("Report last changed (UTC)")),
)
REQUIRED_IDENTITY = (
    "format",
    "kind",
    "report_uuid",
    "implementer_id",
    "year",
    "status",
    "language",
    "catalogue_id",
)


# --- Limits for files from outside -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Limits:
    """What a submission workbook may reach before Focal refuses to parse it."""

    file_bytes: int = 50 * 1024 * 1024
    uncompressed_bytes: int = 100 * 1024 * 1024
    entries: int = 500
    ratio: int = 200  # uncompressed / compressed, for entries over 1 MB
    rows: int = 10_000
    columns: int = 64


LIMITS = Limits()


# --- Matching texts a person may have re-typed, in any language -------------------------

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Compare headings and labels without regard to case, spacing or a trailing colon."""
    return _SPACES.sub(" ", text).strip().rstrip(":").strip().casefold()


@functools.lru_cache(maxsize=512)
def label_variants(message: str, **fields: object) -> frozenset[str]:
    """``message`` translated into every supported language, folded."""
    return frozenset(fold(translator(code).gettext(message).format(**fields)) for code in LANGUAGES)
