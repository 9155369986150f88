"""The template's five-column activity table, shared by the submission and the annual report.

Headings carry the real years (the report's year and the next), so a column headed with the
wrong year (seed 004's "2011" where 2012 was meant) cannot happen; the first column prints the
activity numbers in bold with the resolution's text, the last the financing text followed by
the structured financing lines.
"""

from __future__ import annotations

from app.core.catalogue import Catalogue, format_activity_numbers
from app.core.financing import financing_line_text
from app.core.i18n import N_, Translator, _
from app.core.report import RowData
from app.exchange.pdf.blocks import Cell, Column, Row, Table, Text

# First column (activity numbers and the resolution's text) narrower, the three activity
# columns wide, financing narrower: the proportions of the template (seed 004).
COLUMN_WIDTHS = (0.17, 0.225, 0.225, 0.225, 0.155)

# Names of a row's fields in warnings ("Activity 3: Activities developed/executed").
FIELD_NAMES: dict[str, str] = {
    "programmed": N_("Programmed activities"),
    "executed": N_("Activities developed/executed"),
    "planned_next": N_("Activities programmed for next year"),
    "financing_text": N_("Type of financing"),
}


def activity_headings(year: int, catalogue: Catalogue, tr: Translator) -> tuple[Column, ...]:
    """The five column headings for a report on ``year`` (programmed for ``year + 1``)."""
    headings = (
        tr("Activities stated in Resolution {resolution}").format(resolution=catalogue.resolution),
        tr("Activities programmed to be executed in {year}").format(year=year),
        tr("Activities developed/executed"),
        tr("Activities programmed to be executed in {year}").format(year=year + 1),
        tr("Type of financing"),
    )
    return tuple(Column(h, w) for h, w in zip(headings, COLUMN_WIDTHS, strict=True))


def activity_table(
    rows: tuple[RowData, ...], year: int, catalogue: Catalogue, tr: Translator, section: str = ""
) -> Table:
    """One row per activity or group of activities; ``section`` ("A.1") names warnings."""
    return Table(
        columns=activity_headings(year, catalogue, tr),
        rows=[activity_row(row, catalogue, tr, section) for row in rows],
    )


def field_place(numbers: str, name: str, section: str = "") -> str:
    """Where a text is, for warnings: 'Activity 3: Type of financing' (in the interface
    language), with the section of the annual report when there is one."""
    field = _(FIELD_NAMES[name])
    if section:
        return _("Section {section}, activity {numbers}: {field}").format(
            section=section, numbers=numbers, field=field
        )
    return _("Activity {numbers}: {field}").format(numbers=numbers, field=field)


def activity_row(row: RowData, catalogue: Catalogue, tr: Translator, section: str = "") -> Row:
    numbers = format_activity_numbers(row.activities)
    texts: list[Cell] = [
        (Text(getattr(row, name), where=field_place(numbers, name, section)),)
        for name in ("programmed", "executed", "planned_next")
    ]
    where = field_place(numbers, "financing_text", section)
    return Row(
        cells=(_activities_cell(row, catalogue, tr), *texts, _financing_cell(row, where, tr)),
        continued=(Text(tr("(continued)"), "oblique", typed=False, marker=f"{numbers}."),),
    )


def _activities_cell(row: RowData, catalogue: Catalogue, tr: Translator) -> Cell:
    cell: list[Text] = []
    for index, number in enumerate(row.activities):
        marker = f"{number}."
        if catalogue.has_activity(number):
            text = catalogue.activity_text(number, tr.language).marked
            cell.append(Text(text, typed=False, marker=marker, gap=index > 0))
        else:
            text = tr("This activity is not in the Program's text.")
            cell.append(Text(text, "oblique", typed=False, marker=marker, gap=index > 0))
    return tuple(cell)


def _financing_cell(row: RowData, where: str, tr: Translator) -> Cell:
    cell = [Text(row.financing_text, where=where)]
    lines = [financing_line_text(line, tr) for line in row.financing if not line.is_empty()]
    has_text = bool(row.financing_text.strip())
    for index, line in enumerate(lines):
        cell.append(Text(line, "oblique", where=where, typed=False, gap=index > 0 or has_text))
    return tuple(cell)
