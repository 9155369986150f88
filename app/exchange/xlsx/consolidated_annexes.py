"""Annexes 1 and 2: the submissions received (and those left out, with why), and who did not report.

Both are tables to read and print: a title, a note, one header row repeated on every printed
page, wrapped texts in bordered cells, continued on further rows as in the report's table.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from openpyxl.utils import get_column_letter

from app.core.catalogue import format_activity_numbers
from app.core.consolidation import Decision, SourceCheck
from app.core.i18n import N_
from app.core.report import STATUS_LABELS
from app.exchange.xlsx.cells import illegal_character
from app.exchange.xlsx.consolidated_layout import (
    NOT_REPORTING_SHEET,
    SUBMISSIONS_SHEET,
    Context,
    FlatColumn,
    moment_of,
    set_widths,
    shown,
)
from app.exchange.xlsx.fit import estimate_lines, row_height, split_for_display
from app.exchange.xlsx.rows import CellSheet, Styled, date_cell, text_cell, value_cell
from app.exchange.xlsx.styles import Edge, edge_of

Value = str | int | float | datetime | Styled | None
# Notes span at most this many columns: the matrix of annex 3 is a hundred narrow columns wide.
MERGE_LIMIT = 12

SUBMISSIONS_COLUMNS: tuple[FlatColumn, ...] = (
    FlatColumn("section", N_("Section"), 8),
    FlatColumn("implementer", N_("Implementer"), 28),
    FlatColumn("focal_point", N_("Focal point"), 24),
    FlatColumn("email", N_("E-mail"), 24),
    FlatColumn("exported", N_("Exported (UTC)"), 16),
    FlatColumn("status", N_("Status"), 11),
    FlatColumn("rows_filled", N_("Rows filled"), 8),
    FlatColumn("rows", N_("Rows"), 7),
    FlatColumn("source", N_("Source"), 34),
    FlatColumn("remarks", N_("Remarks"), 46),
)
NOT_REPORTING_COLUMNS: tuple[FlatColumn, ...] = (
    FlatColumn("implementer", N_("Implementer"), 44),
    FlatColumn("implementer_id", N_("Implementer ID"), 16),
    FlatColumn("assigned", N_("Assigned"), 9),
    FlatColumn("activities", N_("Activities assigned by the resolution"), 70),
)
DECISION_LABELS = {
    Decision.INCLUDED: N_("Included"),
    Decision.SUPERSEDED: N_("Superseded"),
    Decision.REJECTED: N_("Rejected"),
}


class AnnexSheet:
    """A titled table: header row frozen and repeated on printed pages, rows that continue."""

    def __init__(
        self,
        context: Context,
        sheet: CellSheet,
        message: str,
        columns: tuple[FlatColumn, ...],
        widths: Sequence[float] | None = None,
    ) -> None:
        self.context = context
        self.sheet = sheet
        self.message = message
        self.columns = columns
        self.widths = list(widths or [column.width for column in columns])
        self.styles = context.styles

    @property
    def span(self) -> float:
        """The width of a spanning row (see :meth:`spanning`)."""
        return sum(self.widths[:MERGE_LIMIT])

    def start(
        self,
        title: str,
        note: str,
        *,
        extra_headings: Sequence[Styled] = (),
        frozen_columns: int = 0,
        pages_wide: int = 1,
    ) -> int:
        """Title, note and header row (``extra_headings`` after the columns'); its number."""
        set_widths(self.sheet, self.widths)
        self.context.setup(self.sheet, self.message, pages_wide=pages_wide)
        self.sheet.add([text_cell(title, self.styles.get("title"))], 20)
        self.spanning(note, "note")
        self.sheet.add([])
        headings = self.context.headings(self.columns)
        lines = max(
            estimate_lines(heading, width - 2)
            for heading, width in zip(headings, self.widths, strict=False)
        )
        cells = [*self.context.header_row(self.columns), *extra_headings]
        row = self.sheet.add(cells, row_height(lines))
        self.sheet.freeze_panes = f"{get_column_letter(frozen_columns + 1)}{row + 1}"
        self.sheet.print_title_rows = f"{row}:{row}"
        return row

    def spanning(self, text: str, kind: str) -> None:
        """A row whose one cell spans the table (merged), for notes and group headings."""
        for piece in split_for_display(text, self.span) or [""]:
            lines = estimate_lines(piece, self.span)
            self.sheet.add([text_cell(piece, self.styles.get(kind))], row_height(lines) + 2)
            self.sheet.merge_last(1, min(len(self.widths), MERGE_LIMIT))

    def line(self, values: Sequence[Value], *, continue_texts: bool = True) -> int:
        """One table row; a text too long for its cell continues on the rows below.

        Without ``continue_texts`` the row stays one row (a chart reads the table): a text
        taller than the row shows its beginning, and the cell still holds all of it.
        """
        pieces = [
            split_for_display(value, width)
            if isinstance(value, str) and continue_texts
            else [shown(value)]
            if isinstance(value, str)
            else [value]
            for value, width in zip(values, self.widths, strict=True)
        ]
        height = max(1, *(len(p) for p in pieces))
        for index in range(height):
            edge = edge_of(index, height)
            cells: list[Styled] = []
            lines = 1
            for cell_pieces, width in zip(pieces, self.widths, strict=True):
                value = cell_pieces[index] if index < len(cell_pieces) else None
                cells.append(self._cell(value, edge))
                if isinstance(value, str):
                    lines = max(lines, estimate_lines(value, width))
            last = self.sheet.add(cells, row_height(lines))
        return last

    def _cell(self, value: Value, edge: Edge) -> Styled:
        styles = self.styles
        if isinstance(value, Styled):
            return value
        if isinstance(value, datetime):
            return date_cell(value, styles.get("date", edge))
        if isinstance(value, int | float):
            return value_cell(value, styles.get("count", edge))
        return text_cell(value, styles.get("text", edge))


def write_submissions(context: Context, sheet: CellSheet) -> None:
    """Annex 1: the sections in the report's order, then every source not included and why."""
    tr, report = context.tr, context.report
    annex = AnnexSheet(context, sheet, SUBMISSIONS_SHEET, SUBMISSIONS_COLUMNS)
    annex.start(
        tr("Annex 1. Submissions received"),
        tr(
            "The submissions included in the report, in the order of its sections, then the "
            "submissions received that were not included and why. When an implementer sent "
            "more than one, the newest was included."
        ),
    )
    for section in report.sections():
        submission = section.report
        annex.line(
            [
                section.number,
                section.implementer.name,
                shown(submission.focal_point.name),
                shown(submission.focal_point.email),
                moment_of(submission),
                tr.gettext(STATUS_LABELS[submission.status]),
                submission.rows_filled(),
                len(submission.rows),
                _safe(section.source),
                "",
            ]
        )
    left_out = [check for check in report.checks if check.decision is not Decision.INCLUDED]
    annex.spanning(tr("Submissions not included"), "subheading")
    if not left_out:
        annex.spanning(tr("Every submission received was included."), "note")
    for check in left_out:
        annex.line(
            [
                "",
                _implementer_name(context, check),
                "",
                "",
                check.moment,
                tr.gettext(DECISION_LABELS[check.decision]),
                None,
                None,
                _safe(check.source),
                _remarks(context, check),
            ]
        )
    context.progress.step()


def _implementer_name(context: Context, check: SourceCheck) -> str:
    if check.implementer_id is None:
        return ""
    try:
        return context.catalogue.implementer(check.implementer_id).name
    except KeyError:
        return _safe(check.implementer_id)


def _remarks(context: Context, check: SourceCheck) -> str:
    tr = context.tr
    if check.decision is Decision.SUPERSEDED:
        number = next(
            (
                section.number
                for section in context.report.sections()
                if section.source == check.superseded_by
                and section.implementer.id == check.implementer_id
            ),
            "",
        )
        return tr(
            "A newer submission of the same implementer was included as section {section}: "
            "{source}."
        ).format(section=number, source=_safe(check.superseded_by or ""))
    remarks = []
    for problem in check.problems:
        where = problem.location()
        text = f"{problem.message} ({where})" if where else problem.message
        remarks.append(_safe(text))
    return "\n".join(remarks)


def _safe(text: str) -> str:
    """A file name or message as a cell can hold it: characters XML refuses become U+FFFD.

    Only for what Focal itself reports (paths, problems); typed texts are checked beforehand
    and refused with their place, never changed.
    """
    while (found := illegal_character(text)) is not None:
        position = found[0]
        text = text[:position] + "\ufffd" + text[position + 1 :]
    return text


def write_not_reporting(context: Context, sheet: CellSheet) -> None:
    """Annex 2: implementers with activities in the resolution and no submission, by part."""
    tr, report = context.tr, context.report
    annex = AnnexSheet(context, sheet, NOT_REPORTING_SHEET, NOT_REPORTING_COLUMNS)
    annex.start(
        tr("Annex 2. Implementers that did not report"),
        tr(
            "Implementers to which the resolution assigns activities and from which no "
            "submission for {year} was included."
        ).format(year=context.year),
    )
    if not report.not_reporting:
        annex.spanning(tr("Every implementer with assigned activities reported."), "note")
    for part in report.parts:
        members = [i for i in report.not_reporting if i.group == part.group_id]
        if members:
            annex.spanning(f"{part.letter}. {context.group_name(part.group_id)}", "subheading")
        for implementer in members:
            assigned = context.catalogue.assigned_activities(implementer.id)
            annex.line(
                [
                    implementer.name,
                    implementer.id,
                    len(assigned),
                    format_activity_numbers(assigned),
                ]
            )
    grouped = {part.group_id for part in report.parts}
    others = [i for i in report.not_reporting if i.group not in grouped]
    for implementer in others:
        assigned = context.catalogue.assigned_activities(implementer.id)
        annex.line(
            [implementer.name, implementer.id, len(assigned), format_activity_numbers(assigned)]
        )
    context.progress.step()
