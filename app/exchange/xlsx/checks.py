"""What must hold before a report is written as a workbook, each problem naming its cell.

An export that cannot be exact is refused before anything is written, so the previous file
stays: a character XML cannot carry, a single-cell field longer than a cell, an activity or a
financing source the catalogue does not know.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from openpyxl.utils import get_column_letter

from app.core.catalogue import Catalogue, format_activity_numbers
from app.core.financing import is_source_code
from app.core.i18n import _
from app.core.problems import Problem
from app.core.report import ReportData
from app.exchange.xlsx.cells import character_name, fits_cell, illegal_character
from app.exchange.xlsx.fit import narrative_pieces
from app.exchange.xlsx.layout import (
    CELL_LIMIT,
    COLUMN,
    COLUMNS,
    FIRST_DATA_ROW,
    IDENTITY_FIELDS,
    IDENTITY_FIRST_ROW,
    IDENTITY_SHEET,
    NARRATIVE_FIRST_ROW,
    NARRATIVE_SECTIONS,
    NARRATIVE_SHEET,
    REPORT_SHEET,
    TITLE_FIELDS,
    heading_year,
)

if TYPE_CHECKING:
    from app.exchange.xlsx.writer import RowBlock

# Report attributes written on the Identity sheet, with their keys there.
_IDENTITY_ATTRIBUTES = (
    ("uuid", "report_uuid"),
    ("implementer_id", "implementer_id"),
    ("language", "language"),
    ("catalogue_id", "catalogue_id"),
    ("catalogue_version", "catalogue_version"),
)


class _Collector:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def add(self, message: str, sheet: str, cell: str) -> None:
        self.problems.append(Problem(message, self.path, sheet, cell))

    def field(self, text: str, sheet: str, cell: str, label: str, single_cell: bool) -> None:
        """A report-level field named by ``label``."""
        found = illegal_character(text)
        if found is not None:
            self.add(
                _(
                    "{field}: the character {code} at position {position} cannot be stored in "
                    "an Excel file; remove it and export again."
                ).format(field=label, code=character_name(found[1]), position=found[0] + 1),
                sheet,
                cell,
            )
        if single_cell and not fits_cell(text):
            self.add(
                _(
                    "{field} is longer than the {limit} characters an Excel cell holds; "
                    "shorten it and export again."
                ).format(field=label, limit=CELL_LIMIT),
                sheet,
                cell,
            )

    def row_field(
        self, text: str, cell: str, numbers: str, column: str, single_cell: bool = False
    ) -> None:
        """A field of the row for activities ``numbers``, in the column headed ``column``."""
        found = illegal_character(text)
        if found is not None:
            self.add(
                _(
                    "Activity {numbers}, column “{column}”: the character {code} at position "
                    "{position} cannot be stored in an Excel file; remove it and export again."
                ).format(
                    numbers=numbers,
                    column=column,
                    code=character_name(found[1]),
                    position=found[0] + 1,
                ),
                REPORT_SHEET,
                cell,
            )
        if single_cell and not fits_cell(text):
            self.add(
                _(
                    "Activity {numbers}, column “{column}”: the text is longer than the {limit} "
                    "characters an Excel cell holds; shorten it and export again."
                ).format(numbers=numbers, column=column, limit=CELL_LIMIT),
                REPORT_SHEET,
                cell,
            )


def check_report(
    report: ReportData, catalogue: Catalogue, blocks: Sequence[RowBlock], path: Path
) -> list[Problem]:
    """Problems that would make the workbook inexact or unreadable; empty when it can be written."""
    collector = _Collector(path)
    focal = report.focal_point
    title_texts = {
        "implementer": report.implementer_name,
        "focal_point.institution": focal.institution,
        "focal_point.name": focal.name,
        "focal_point.title": focal.title,
        "focal_point.email": focal.email,
        "focal_point.phone": focal.phone,
    }
    for field in TITLE_FIELDS:
        if field.key in title_texts:
            cell = f"{get_column_letter(field.value_column)}{field.row}"
            collector.field(title_texts[field.key], REPORT_SHEET, cell, _(field.label), True)
    row_number = NARRATIVE_FIRST_ROW
    for key, label in NARRATIVE_SECTIONS:
        text = getattr(report, key)
        collector.field(text, NARRATIVE_SHEET, f"B{row_number}", _(label), False)
        row_number += len(narrative_pieces(text))
    identity_rows = {key: IDENTITY_FIRST_ROW + i for i, (key, _label) in enumerate(IDENTITY_FIELDS)}
    for attribute, key in _IDENTITY_ATTRIBUTES:
        cell = f"C{identity_rows[key]}"
        collector.field(str(getattr(report, attribute)), IDENTITY_SHEET, cell, key, True)
    row_number = FIRST_DATA_ROW
    for block in blocks:
        _check_row(collector, block, catalogue, report.year, row_number)
        row_number += block.height
    return collector.problems


def _check_row(
    collector: _Collector, block: RowBlock, catalogue: Catalogue, year: int, row_number: int
) -> None:
    row = block.row
    numbers = format_activity_numbers(row.activities)
    unknown = [n for n in row.activities if not catalogue.has_activity(n)]
    if unknown or not row.activities:
        collector.add(
            _("Activity {numbers} is not in the catalogue {catalogue}.").format(
                numbers=format_activity_numbers(unknown) or "—", catalogue=catalogue.id
            ),
            REPORT_SHEET,
            f"A{row_number}",
        )
    for column in COLUMNS[1:5]:
        heading = _(column.heading).format(year=heading_year(column, year), resolution="")
        collector.row_field(
            getattr(row, column.key), f"{column.letter}{row_number}", numbers, heading
        )
    for offset, line in enumerate(block.lines):
        at = row_number + offset
        if line.source is not None and not is_source_code(line.source):
            collector.add(
                _("Activity {numbers}: the financing source “{code}” is unknown.").format(
                    numbers=numbers, code=line.source
                ),
                REPORT_SHEET,
                f"{COLUMN['source'].letter}{at}",
            )
        for key in ("donor", "currency"):
            column = COLUMN[key]
            collector.row_field(
                getattr(line, key), f"{column.letter}{at}", numbers, _(column.heading), True
            )
