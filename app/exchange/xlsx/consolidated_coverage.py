"""Annexes 3 and 4: what each implementer reported of its activities, and the objectives served.

The completeness matrix has one line per section and one column per activity; its marks are
coloured by conditional formatting, so a mark the secretariat corrects by hand recolours
itself. The objective table has one row per specific objective, which the chart reads.
"""

from __future__ import annotations

import math

from openpyxl.chart import BarChart, Reference
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from app.core.catalogue import format_activity_numbers
from app.core.consolidation import CompletenessLine, Coverage
from app.core.i18n import N_
from app.exchange.xlsx.consolidated_annexes import AnnexSheet
from app.exchange.xlsx.consolidated_layout import (
    ACTIVITY_WIDTH,
    COMPLETENESS_COLUMNS,
    COMPLETENESS_SHEET,
    EXTRA_MARK,
    MARKS,
    OBJECTIVES_SHEET,
    Context,
    FlatColumn,
    mark,
    section_order,
)
from app.exchange.xlsx.fit import estimate_lines, row_height
from app.exchange.xlsx.rows import CellSheet, Styled, text_cell, value_cell

# Excel's own "good", "neutral" and "bad" colours, lighter for activities not assigned.
_COLOURS: dict[str, tuple[str, str]] = {
    MARKS[Coverage.REPORTED]: ("C6EFCE", "006100"),
    MARKS[Coverage.EMPTY]: ("FFEB9C", "9C5700"),
    MARKS[Coverage.NOT_REPORTED]: ("FFC7CE", "9C0006"),
    MARKS[Coverage.REPORTED] + EXTRA_MARK: ("E2F5E6", "006100"),
    MARKS[Coverage.EMPTY] + EXTRA_MARK: ("FFF5CF", "9C5700"),
}
# Activity columns a printed page holds at a readable scale, besides the repeated A:B.
_ACTIVITIES_A_PAGE = 36

OBJECTIVE_COLUMNS: tuple[FlatColumn, ...] = (
    FlatColumn("objective", N_("Objective"), 9),
    FlatColumn("text", N_("Specific objective"), 52),
    FlatColumn("serving", N_("Activities serving it (Appendix I)"), 22),
    FlatColumn("reported", N_("Activities reported"), 22),
    FlatColumn("sections", N_("Reported by sections"), 26),
    FlatColumn("serving_count", N_("Number of activities serving it"), 11),
    FlatColumn("reported_count", N_("Number of activities reported"), 11),
    FlatColumn("sections_count", N_("Number of sections"), 10),
)


def write_completeness(context: Context, sheet: CellSheet) -> None:
    tr, styles, lines = context.tr, context.styles, context.report.completeness
    activities = sorted({number for line in lines for number in line.cells})
    first_activity = len(COMPLETENESS_COLUMNS) + 1
    widths = [c.width for c in COMPLETENESS_COLUMNS] + [ACTIVITY_WIDTH] * len(activities)
    annex = AnnexSheet(context, sheet, COMPLETENESS_SHEET, COMPLETENESS_COLUMNS, widths)
    header = annex.start(
        tr("Annex 3. Completeness of the reports"),
        tr(
            "One line per section, one column per activity assigned to or reported by an "
            "implementer in the report. The totals count the activities the resolution "
            "assigns to each implementer; the legend is below the table."
        ),
        extra_headings=[value_cell(n, styles.get("header")) for n in activities],
        frozen_columns=len(COMPLETENESS_COLUMNS),
        pages_wide=max(1, math.ceil(len(activities) / _ACTIVITIES_A_PAGE)),
    )
    sheet.print_title_cols = "A:B"
    if not lines:
        annex.spanning(tr("No report was included."), "note")
    for line in lines:
        annex.line(_line_values(line, activities, context))
    last = sheet.rows_written
    if lines:
        annex.line(_totals(lines, activities, context))
    matrix = f"{get_column_letter(first_activity)}{header + 1}:"
    matrix += (
        f"{get_column_letter(first_activity + max(0, len(activities) - 1))}{max(last, header)}"
    )
    sheet.add([])
    legend_first = sheet.rows_written + 1
    _legend(annex, context)
    ranges = f"A{legend_first}:A{sheet.rows_written}"
    if activities and lines:
        ranges = f"{matrix} {ranges}"
    for text, (fill, colour) in _COLOURS.items():
        sheet.conditional_formatting.add(
            ranges,
            CellIsRule(
                operator="equal",
                formula=[f'"{text}"'],
                fill=PatternFill(start_color=fill, end_color=fill, fill_type="solid"),
                font=Font(color=colour),
            ),
        )
    context.progress.step()


def _line_values(
    line: CompletenessLine, activities: list[int], context: Context
) -> list[str | int | float | Styled | None]:
    assigned = set(line.assigned)
    reported = line.count(Coverage.REPORTED)
    mark_style = context.styles.get("mark")
    values: list[str | int | float | Styled | None] = [
        line.section.number,
        line.section.implementer.name,
        len(line.assigned),
        reported,
        line.count(Coverage.EMPTY),
        line.count(Coverage.NOT_REPORTED),
        _percent(reported, len(line.assigned), context),
        len(line.extra),
    ]
    for number in activities:
        coverage = line.cells.get(number)
        text = mark(coverage, number in assigned) if coverage is not None else None
        values.append(text_cell(text, mark_style))
    return values


def _totals(
    lines: tuple[CompletenessLine, ...], activities: list[int], context: Context
) -> list[str | int | float | Styled | None]:
    assigned = sum(len(line.assigned) for line in lines)
    reported = sum(line.count(Coverage.REPORTED) for line in lines)
    values: list[str | int | float | Styled | None] = [
        context.tr("Total"),
        context.tr("Activity columns: sections that reported the activity"),
        assigned,
        reported,
        sum(line.count(Coverage.EMPTY) for line in lines),
        sum(line.count(Coverage.NOT_REPORTED) for line in lines),
        _percent(reported, assigned, context),
        sum(len(line.extra) for line in lines),
    ]
    count_style = context.styles.get("count")
    for number in activities:
        count = sum(1 for line in lines if line.cells.get(number) is Coverage.REPORTED)
        values.append(value_cell(count, count_style))
    return values


def _percent(part: int, whole: int, context: Context) -> Styled:
    style = context.styles.get("percent")
    return value_cell(part / whole if whole else None, style)


def _legend(annex: AnnexSheet, context: Context) -> None:
    tr, styles, sheet = context.tr, context.styles, annex.sheet
    entries = (
        (mark(Coverage.REPORTED, True), tr("Reported: a row covers the activity and has text.")),
        (
            mark(Coverage.EMPTY, True),
            tr("Empty: a row covers the activity, but nothing was written in it."),
        ),
        (
            mark(Coverage.NOT_REPORTED, True),
            tr("Not reported: the activity is assigned to the implementer and no row covers it."),
        ),
        (
            mark(Coverage.REPORTED, False),
            tr(
                "Reported (E*: empty), although the resolution does not assign the activity to "
                "the implementer; counted under “Other activities” only."
            ),
        ),
        ("", tr("Blank: neither assigned nor reported.")),
    )
    last_column = len(COMPLETENESS_COLUMNS)
    width = sum(column.width for column in COMPLETENESS_COLUMNS[1:])
    for symbol, text in entries:
        sheet.add(
            [text_cell(symbol, styles.get("mark")), text_cell(text, styles.get("prose"))],
            row_height(estimate_lines(text, width)),
        )
        sheet.merge_last(2, last_column)


def write_objectives(context: Context, sheet: CellSheet) -> None:
    tr, report = context.tr, context.report
    order = section_order(report)
    annex = AnnexSheet(context, sheet, OBJECTIVES_SHEET, OBJECTIVE_COLUMNS)
    note = tr(
        "For each specific objective of the Program, the activities that serve it according "
        "to Appendix I of the resolution, those of them reported for {year}, and the sections "
        "that reported them."
    ).format(year=context.year)
    if context.catalogue.appendix_caveat:
        note += "\n" + context.catalogue.appendix_caveat_in(tr.language).marked
    header = annex.start(tr("Annex 4. Specific objectives covered"), note)
    last = header
    for objective in report.objectives:
        sections = sorted(
            {number for numbers in objective.reported.values() for number in numbers},
            key=lambda number: order.get(number, len(order)),
        )
        last = annex.line(
            [
                objective.number,
                context.catalogue.specific_objective_text(objective.number, tr.language).marked,
                format_activity_numbers(objective.activities),
                format_activity_numbers(objective.reported),
                ", ".join(sections),
                len(objective.activities),
                objective.reported_count,
                len(sections),
            ],
            continue_texts=False,
        )
    if last > header:
        _chart(context, sheet, header, last)
    context.progress.step()


def _chart(context: Context, sheet: CellSheet, header: int, last: int) -> None:
    tr = context.tr
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "clustered"
    chart.title = tr("Activities serving each specific objective and reported in {year}").format(
        year=context.year
    )
    chart.x_axis.title = tr("Specific objective")
    chart.y_axis.title = tr("Activities")
    # openpyxl 3.1 marks axes as deleted unless told otherwise; Excel then draws none.
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    serving = [c.key for c in OBJECTIVE_COLUMNS].index("serving_count") + 1
    data = Reference(sheet, min_col=serving, max_col=serving + 1, min_row=header, max_row=last)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=header + 1, max_row=last))
    chart.width = 30  # centimetres
    chart.height = 11
    chart.legend.position = "b"
    sheet.add_chart(chart, f"A{last + 3}")
