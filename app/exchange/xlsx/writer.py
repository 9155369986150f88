"""The submission workbook: a report as the sheet a focal point would have made by hand.

Written with openpyxl's write-only workbook (rows stream to disk, styles are shared arrays), so
an export costs little more than writing the bare cells. Everything is checked before the
first byte is written; the file appears in place only once complete (``atomic_write``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

from app import __version__
from app.core.catalogue import Catalogue
from app.core.financing import COMMON_CURRENCIES, FINANCING_SOURCES
from app.core.i18n import _, translator
from app.core.problems import FileProblemError
from app.core.progress import NO_PROGRESS, Progress
from app.core.report import ReportData
from app.exchange.xlsx.checks import check_report
from app.exchange.xlsx.fit import estimate_lines, narrative_pieces, row_height
from app.exchange.xlsx.instructions import instruction_paragraphs
from app.exchange.xlsx.layout import (
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
from app.exchange.xlsx.rows import Styled, new_sheet, text_cell, value_cell
from app.exchange.xlsx.styles import CellStyles, edge_of
from app.exchange.xlsx.table import (
    RowBlock,
    activity_text,
    header_cells,
    row_blocks,
    row_cells,
)
from app.exchange.xlsx.workbook import Footer, discard, print_setup, save, set_properties

__all__ = [
    "RowBlock",
    "activity_text",
    "header_cells",
    "row_blocks",
    "row_cells",
    "write_submission",
]


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
    except BaseException:
        discard(workbook)
        raise
    save(workbook, path, progress)
    progress.step(_("Wrote {name}").format(name=path.name))


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
        title = f"{self.catalogue.title_in(tr.language).marked} — {self.catalogue.resolution}"
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
            for cells, points in row_cells(
                block, self.catalogue, styles, self.source_labels, language=tr.language
            ):
                sheet.row_dimensions[row_number].height = points
                sheet.append(cells)
                row_number += 1
            self.progress.step()
        return row_number - 1

    def _print_setup(self, sheet: Any, orientation: str = "landscape") -> None:
        """One page wide, as many long as needed, with the report's footer."""
        footer = Footer(self._short_name(), str(self.report.year))
        print_setup(sheet, self.tr, footer, orientation=orientation)

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
        set_properties(
            self.workbook,
            title=tr("{implementer}: annual report {year}").format(
                implementer=report.implementer_name[:200], year=report.year
            ),
            subject=f"{self.catalogue.resolution} — {self.catalogue.short_title_in(tr.language)}",
            keywords=f"{self.catalogue.resolution}; {report.year}; {report.implementer_id}",
            category=str(self.kind),
            description=(
                tr("Blank submission template made by Focal.")
                if self.kind is SubmissionKind.TEMPLATE
                else tr("Submission exported by Focal.")
            ),
            language=self.language,
        )
