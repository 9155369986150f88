"""The submission workbook: a report as the sheet a focal point would have made by hand.

Written with openpyxl's write-only workbook (rows stream to disk, styles are shared arrays), so
an export costs little more than writing the bare cells. Everything is checked before the
first byte is written; the file appears in place only once complete (``atomic_write``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from app import __version__
from app.core.atomic import atomic_write
from app.core.catalogue import Catalogue, format_activity_numbers
from app.core.financing import COMMON_CURRENCIES, FINANCING_SOURCES
from app.core.i18n import _, translator
from app.core.problems import FileProblemError
from app.core.progress import NO_PROGRESS, Progress
from app.core.report import ROW_TEXT_FIELDS, FinancingLine, ReportData, RowData
from app.exchange.xlsx.cells import fits_cell, split_text
from app.exchange.xlsx.checks import check_report
from app.exchange.xlsx.fit import estimate_lines, narrative_pieces, row_height, split_for_display
from app.exchange.xlsx.instructions import instruction_paragraphs
from app.exchange.xlsx.layout import (
    CELL_LIMIT,
    COLUMN,
    COLUMNS,
    FIRST_DATA_ROW,
    FORMAT_NAME,
    FORMAT_VERSION,
    HEADER_ROW,
    IDENTITY_FIELDS,
    IDENTITY_FIRST_ROW,
    IDENTITY_HEADINGS,
    IDENTITY_SHEET,
    INSTRUCTIONS_SHEET,
    INSTRUCTIONS_WIDTH,
    LISTS_SHEET,
    NARRATIVE_FIRST_ROW,
    NARRATIVE_HEADINGS,
    NARRATIVE_LABEL_WIDTH,
    NARRATIVE_SECTIONS,
    NARRATIVE_SHEET,
    NARRATIVE_TEXT_WIDTH,
    REPORT_SHEET,
    SPARE_ROWS,
    TITLE_FIELDS,
    SubmissionKind,
    column_heading,
)
from app.exchange.xlsx.rows import Styled, lead_cell, new_sheet, text_cell, value_cell
from app.exchange.xlsx.styles import CellStyles, edge_of

__all__ = [
    "RowBlock",
    "activity_text",
    "header_cells",
    "row_blocks",
    "row_cells",
    "write_submission",
]


@dataclass(frozen=True, slots=True)
class RowBlock:
    """A report row as it lies on the sheet: texts cut to show in cells, a financing line a row."""

    row: RowData
    pieces: dict[str, list[str]]
    lines: tuple[FinancingLine, ...]

    @property
    def height(self) -> int:
        return max(1, len(self.lines), *(len(p) for p in self.pieces.values()))

    def row_height(self, index: int, activity: str | None) -> float:
        """Points for physical row ``index`` of the block, to show its tallest cell whole."""
        lines = estimate_lines(activity or "", COLUMN["activities"].width)
        for name, pieces in self.pieces.items():
            if index < len(pieces):
                lines = max(lines, estimate_lines(pieces[index], COLUMN[name].width))
        if index < len(self.lines):
            line = self.lines[index]
            lines = max(lines, estimate_lines(line.donor, COLUMN["donor"].width))
        return row_height(lines)


def row_blocks(rows: Sequence[RowData]) -> list[RowBlock]:
    return [
        RowBlock(
            row,
            {
                name: split_for_display(getattr(row, name), COLUMN[name].width)
                for name in ROW_TEXT_FIELDS
            },
            tuple(line for line in row.financing if not line.is_empty()),
        )
        for row in rows
    ]


def activity_text(activities: Sequence[int], catalogue: Catalogue) -> tuple[str, str]:
    """The numbers (first line: what the reader matches on) and the resolution's words after."""
    numbers = format_activity_numbers(activities)
    if len(activities) == 1:
        body = catalogue.activity(activities[0]).text
    else:
        body = "\n".join(f"{n}. {catalogue.activity(n).text}" for n in activities)
    rest = "\n" + body
    if not fits_cell(numbers + rest):  # only shown, never read back: shortening loses nothing
        rest = split_text(rest, CELL_LIMIT - len(numbers) - 8)[0].rstrip() + "…"
    return numbers, rest


def header_cells(styles: CellStyles, headings: Sequence[str], kind: str = "header") -> list[Styled]:
    return [text_cell(heading, styles.get(kind)) for heading in headings]


def row_cells(
    block: RowBlock,
    catalogue: Catalogue,
    styles: CellStyles,
    source_labels: dict[str, str],
) -> list[tuple[list[Styled], float]]:
    """The physical rows of one report row, with their heights in points.

    The first names the activities; the others, with an empty first column, continue it.
    """
    height = block.height
    physical: list[tuple[list[Styled], float]] = []
    for index in range(height):
        edge = edge_of(index, height)
        activity = activity_text(block.row.activities, catalogue) if index == 0 else None
        style = styles.get("activity", edge)
        cells = [lead_cell(*activity, style) if activity else text_cell(None, style)]
        text_style = styles.get("text", edge)
        for name in ROW_TEXT_FIELDS:
            pieces = block.pieces[name]
            cells.append(text_cell(pieces[index] if index < len(pieces) else None, text_style))
        line = block.lines[index] if index < len(block.lines) else None
        cells.extend(_financing_cells(line, styles, edge, source_labels))
        physical.append((cells, block.row_height(index, "".join(activity or ""))))
    return physical


def _financing_cells(
    line: FinancingLine | None,
    styles: CellStyles,
    edge: Any,
    source_labels: dict[str, str],
) -> list[Styled]:
    text_style = styles.get("text", edge)
    if line is None:
        return [
            text_cell(None, text_style),
            text_cell(None, text_style),
            value_cell(None, styles.get("amount", edge)),
            text_cell(None, text_style),
        ]
    return [
        text_cell(source_labels[line.source] if line.source else None, text_style),
        text_cell(line.donor, text_style),
        _amount_cell(line.amount, styles, edge),
        text_cell(line.currency, text_style),
    ]


# Excel keeps 15 significant digits of a number; longer amounts would change when it saves.
EXCEL_DIGITS = 15


def _amount_cell(amount: Decimal | None, styles: CellStyles, edge: Any) -> Styled:
    """A number when Excel holds it exactly (so it can add it up), else its digits as text."""
    if amount is None:
        return value_cell(None, styles.get("amount", edge))
    number = float(amount)
    if (
        len(amount.normalize().as_tuple().digits) <= EXCEL_DIGITS
        and Decimal(repr(number)) == amount
    ):
        return value_cell(
            int(number) if number.is_integer() else number, styles.get("amount", edge)
        )
    return text_cell(str(amount), styles.get("text", edge))


def _iso(moment: datetime | None) -> str:
    return moment.astimezone(UTC).isoformat() if moment else ""


def write_submission(
    report: ReportData,
    catalogue: Catalogue,
    path: Path,
    *,
    template: bool = False,
    language: str = "en",
    progress: Progress | None = None,
) -> None:
    """Write ``report`` as a submission workbook.

    Raises FileProblemError, naming each cell, before anything is written when the report
    cannot be written exactly; the file at ``path`` is then left as it was.
    """
    progress = progress or NO_PROGRESS
    path = Path(path)
    blocks = row_blocks(report.rows)
    problems = check_report(report, catalogue, blocks, path)
    if problems:
        raise FileProblemError(problems)
    progress.start(len(blocks) + 2, _("Writing {name}").format(name=path.name))
    kind = SubmissionKind.TEMPLATE if template else SubmissionKind.EXPORT
    workbook = Workbook(write_only=True)
    try:
        _SubmissionWriter(workbook, report, catalogue, language, kind, progress).write(blocks)
        progress.check()
        with atomic_write(path) as stream:
            workbook.save(stream)
    except BaseException:
        _discard(workbook)
        raise
    progress.step(_("Wrote {name}").format(name=path.name))


def _discard(workbook: Workbook) -> None:
    """After a failure or a cancel: end openpyxl's half-written sheets, remove their temp files."""
    for sheet in workbook.worksheets:
        writer = getattr(sheet, "_writer", None)
        if writer is None:
            continue
        with contextlib.suppress(Exception):
            if not sheet.closed:
                sheet.close()
        with contextlib.suppress(OSError, ValueError):
            writer.cleanup()


class _SubmissionWriter:
    def __init__(
        self,
        workbook: Workbook,
        report: ReportData,
        catalogue: Catalogue,
        language: str,
        kind: SubmissionKind,
        progress: Progress,
    ) -> None:
        self.workbook = workbook
        self.report = report
        self.catalogue = catalogue
        self.tr = translator(language)
        self.language = language
        self.kind = kind
        self.progress = progress
        self.source_labels = {s.code: s.label_in(self.tr) for s in FINANCING_SOURCES}

    def write(self, blocks: list[RowBlock]) -> None:
        report_sheet = new_sheet(self.workbook, REPORT_SHEET)
        self.styles = CellStyles(report_sheet)
        last_row = self._report_sheet(report_sheet, blocks)
        self._validations(report_sheet, last_row)
        self._narrative_sheet(new_sheet(self.workbook, NARRATIVE_SHEET))
        self._instructions_sheet(new_sheet(self.workbook, INSTRUCTIONS_SHEET))
        self._identity_sheet(new_sheet(self.workbook, IDENTITY_SHEET))
        self._lists_sheet(new_sheet(self.workbook, LISTS_SHEET))
        self._properties()
        self.progress.step()

    # -- Report ---------------------------------------------------------------------------

    def _report_sheet(self, sheet: Any, blocks: list[RowBlock]) -> int:
        tr, report, styles = self.tr, self.report, self.styles
        for column in COLUMNS:
            sheet.column_dimensions[column.letter].width = column.width
        sheet.freeze_panes = f"B{FIRST_DATA_ROW}"
        self._print_setup(sheet)
        sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
        values: dict[str, object] = {
            "implementer": report.implementer_name,
            "year": report.year,
            "focal_point.institution": report.focal_point.institution,
            "focal_point.name": report.focal_point.name,
            "focal_point.title": report.focal_point.title,
            "focal_point.email": report.focal_point.email,
            "focal_point.phone": report.focal_point.phone,
        }
        title = f"{self.catalogue.title} — {self.catalogue.resolution}"
        grid: dict[int, list[Styled | None]] = {1: [text_cell(title, styles.get("title"))]}
        for field in TITLE_FIELDS:
            row = grid.setdefault(field.row, [])
            row.extend([None] * (field.value_column - len(row)))
            row[field.column - 1] = text_cell(tr.gettext(field.label), styles.get("label"))
            value = values[field.key]
            row[field.column] = (
                value_cell(value, styles.get("value"))
                if isinstance(value, int)
                else text_cell(str(value), styles.get("value"))
            )
        title_lines: dict[int, int] = {}
        for field in TITLE_FIELDS:
            width = COLUMNS[field.column].width
            lines = estimate_lines(str(values[field.key]), width)
            title_lines[field.row] = max(title_lines.get(field.row, 1), lines)
        for index in range(1, HEADER_ROW):
            if title_lines.get(index, 1) > 1:
                sheet.row_dimensions[index].height = row_height(title_lines[index])
            sheet.append(grid.get(index, []))
        headings = [
            column_heading(column, tr, self.catalogue.resolution, report.year) for column in COLUMNS
        ]
        header_lines = max(
            estimate_lines(heading, column.width - 2)
            for heading, column in zip(headings, COLUMNS, strict=True)
        )
        sheet.row_dimensions[HEADER_ROW].height = row_height(header_lines)
        sheet.append(header_cells(styles, headings))
        row_number = FIRST_DATA_ROW
        for block in blocks:
            for cells, points in row_cells(block, self.catalogue, styles, self.source_labels):
                sheet.row_dimensions[row_number].height = points
                sheet.append(cells)
                row_number += 1
            self.progress.step()
        return row_number - 1

    def _print_setup(self, sheet: Any, orientation: str = "landscape") -> None:
        """One page wide, as many long as needed, with the report's footer."""
        sheet.page_setup.orientation = orientation
        sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_margins.left = sheet.page_margins.right = 0.4
        sheet.page_margins.top = 0.5
        sheet.page_margins.bottom = 0.6
        sheet.page_margins.footer = 0.3
        sheet.oddFooter.left.text = self._short_name().replace("&", "&&")
        sheet.oddFooter.center.text = str(self.report.year)
        sheet.oddFooter.right.text = self.tr("Page {page} of {pages}").format(page="&P", pages="&N")
        for part in (sheet.oddFooter.left, sheet.oddFooter.center, sheet.oddFooter.right):
            part.size = 8

    def _short_name(self) -> str:
        try:
            return self.catalogue.implementer(self.report.implementer_id).short_name[:60]
        except KeyError:
            return self.report.implementer_name[:60]

    def _validations(self, sheet: Any, last_row: int) -> None:
        tr = self.tr
        end = max(last_row, FIRST_DATA_ROW) + SPARE_ROWS
        sources = DataValidation(
            type="list",
            formula1=f"'{LISTS_SHEET}'!$A$1:$A${len(FINANCING_SOURCES)}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=tr("Source of financing"),
            error=tr("Choose a source of financing from the list."),
        )
        sources.add(f"F{FIRST_DATA_ROW}:F{end}")
        currencies = DataValidation(
            type="list",
            formula1=f"'{LISTS_SHEET}'!$B$1:$B${len(COMMON_CURRENCIES)}",
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="warning",
            errorTitle=tr("Currency"),
            error=tr("Use a three-letter ISO 4217 currency code, such as USD."),
        )
        currencies.add(f"I{FIRST_DATA_ROW}:I{end}")
        amounts = DataValidation(
            type="decimal",
            operator="between",
            formula1="-1E+15",
            formula2="1E+15",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=tr("Amount"),
            error=tr("Type the amount as a number, without the currency."),
        )
        amounts.add(f"H{FIRST_DATA_ROW}:H{end}")
        for validation in (sources, currencies, amounts):
            sheet.data_validations.append(validation)

    # -- Other sheets ---------------------------------------------------------------------

    def _narrative_sheet(self, sheet: Any) -> None:
        tr, styles = self.tr, self.styles
        sheet.column_dimensions["A"].width = NARRATIVE_LABEL_WIDTH
        sheet.column_dimensions["B"].width = NARRATIVE_TEXT_WIDTH
        sheet.freeze_panes = f"A{NARRATIVE_FIRST_ROW}"
        self._print_setup(sheet)
        sheet.print_title_rows = f"{NARRATIVE_FIRST_ROW - 1}:{NARRATIVE_FIRST_ROW - 1}"
        sheet.append([text_cell(tr("Background and conclusions"), styles.get("title"))])
        sheet.append(header_cells(styles, [tr.gettext(h) for h in NARRATIVE_HEADINGS]))
        row_number = NARRATIVE_FIRST_ROW
        for key, label in NARRATIVE_SECTIONS:
            pieces = narrative_pieces(getattr(self.report, key))
            for index, piece in enumerate(pieces):
                edge = edge_of(index, len(pieces))
                name = tr.gettext(label) if index == 0 else None
                sheet.row_dimensions[row_number].height = row_height(
                    max(3, estimate_lines(piece, NARRATIVE_TEXT_WIDTH))
                )
                sheet.append(
                    [
                        text_cell(name, styles.get("activity", edge)),
                        text_cell(piece, styles.get("text", edge)),
                    ]
                )
                row_number += 1

    def _instructions_sheet(self, sheet: Any) -> None:
        sheet.column_dimensions["A"].width = INSTRUCTIONS_WIDTH
        self._print_setup(sheet, "portrait")
        sheet.append([text_cell(self.tr("How to fill in this workbook"), self.styles.get("title"))])
        style = self.styles.get("paragraph")
        for row, paragraph in enumerate(
            instruction_paragraphs(self.report, self.catalogue, self.tr), start=2
        ):
            # 11-point text: a little fewer characters a line than the table's 10-point.
            lines = estimate_lines(paragraph, INSTRUCTIONS_WIDTH * 0.9) + 1
            sheet.row_dimensions[row].height = round(row_height(lines) * 1.1, 1)
            sheet.append([text_cell(paragraph, style)])

    def _identity_sheet(self, sheet: Any) -> None:
        tr, report, styles = self.tr, self.report, self.styles
        for letter, width in (("A", 20), ("B", 30), ("C", 60)):
            sheet.column_dimensions[letter].width = width
        self._print_setup(sheet, "portrait")
        values = {
            "format": f"{FORMAT_NAME}/{FORMAT_VERSION}",
            "kind": str(self.kind),
            "report_uuid": report.uuid,
            "implementer_id": report.implementer_id,
            "implementer_name": report.implementer_name,
            "year": report.year,
            "status": str(report.status),
            "language": report.language,
            "catalogue_id": report.catalogue_id,
            "catalogue_version": report.catalogue_version or self.catalogue.version,
            "focal_version": __version__,
            "exported_at": _iso(datetime.now(UTC)),
            "created_at": _iso(report.created),
            "updated_at": _iso(report.updated),
        }
        # Rows 1 and 2, then the header on IDENTITY_HEADER_ROW, then one row per field.
        sheet.append([text_cell(tr("Submission identity"), styles.get("title"))])
        note = tr(
            "Focal reads this sheet to import the workbook; please do not change it. "
            "It identifies the report, not its content."
        )
        sheet.append([text_cell(note, styles.get("subtitle"))])
        sheet.append(header_cells(styles, [tr.gettext(h) for h in IDENTITY_HEADINGS]))
        for row, (key, label) in enumerate(IDENTITY_FIELDS, start=IDENTITY_FIRST_ROW):
            value = values[key]
            lines = estimate_lines(str(value), 60)
            if lines > 1:
                sheet.row_dimensions[row].height = row_height(lines)
            sheet.append(
                [
                    text_cell(key, styles.get("plain")),
                    text_cell(tr.gettext(label), styles.get("plain")),
                    value_cell(value, styles.get("plain"))
                    if isinstance(value, int)
                    else text_cell(str(value), styles.get("value")),
                ]
            )
        sheet.protection.sheet = True

    def _lists_sheet(self, sheet: Any) -> None:
        sheet.sheet_state = "hidden"
        sources = [self.source_labels[s.code] for s in FINANCING_SOURCES]
        for index in range(max(len(sources), len(COMMON_CURRENCIES))):
            sheet.append(
                [
                    text_cell(sources[index] if index < len(sources) else None),
                    text_cell(COMMON_CURRENCIES[index] if index < len(COMMON_CURRENCIES) else None),
                ]
            )

    def _properties(self) -> None:
        tr, report = self.tr, self.report
        properties = self.workbook.properties
        properties.title = tr("{implementer}: annual report {year}").format(
            implementer=report.implementer_name[:200], year=report.year
        )
        properties.subject = f"{self.catalogue.resolution} — {self.catalogue.short_title}"
        properties.creator = f"Focal {__version__}"
        properties.lastModifiedBy = f"Focal {__version__}"
        properties.keywords = f"{self.catalogue.resolution}; {report.year}; {report.implementer_id}"
        properties.category = str(self.kind)
        properties.language = self.language
        properties.description = (
            tr("Blank submission template made by Focal.")
            if self.kind is SubmissionKind.TEMPLATE
            else tr("Submission exported by Focal.")
        )
