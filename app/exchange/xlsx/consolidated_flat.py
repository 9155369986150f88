"""The flat sheets: Rows (one line per report row) and Financing (one line per financing line).

They are for the secretariat's own sorting, filtering and pivot tables, so they have one
header row, no merged cells, real numbers and dates, and an Excel table over them. Nothing is
cut: a text longer than a cell holds continues on further lines that repeat the row's keys
and count up the "Part" column (docs/xlsx-format.md).
"""

from __future__ import annotations

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

from app.core.catalogue import format_activity_numbers
from app.core.consolidation import Section
from app.core.report import ROW_STATUS_LABELS, ROW_TEXT_FIELDS, STATUS_LABELS, RowData
from app.exchange.xlsx.cells import split_text
from app.exchange.xlsx.consolidated_layout import (
    FINANCING_COLUMNS,
    FINANCING_SHEET,
    FINANCING_TABLE,
    ROWS_COLUMNS,
    ROWS_SHEET,
    ROWS_TABLE,
    Context,
    FlatColumn,
    moment_of,
    set_widths,
)
from app.exchange.xlsx.rows import CellSheet, Styled, date_cell, text_cell, value_cell
from app.exchange.xlsx.table import amount_cell

_TABLE_STYLE = "TableStyleLight1"


class FlatSheets:
    """Both flat sheets, written side by side in one pass over the sections."""

    def __init__(self, context: Context, rows: CellSheet, financing: CellSheet) -> None:
        self.context = context
        self.rows = rows
        self.financing = financing
        styles = context.styles
        self.text = styles.get("plain")
        self.count = styles.get("flat-count")
        self.date = styles.get("flat-date")

    def write(self) -> None:
        context = self.context
        for sheet, columns, message in (
            (self.rows, ROWS_COLUMNS, ROWS_SHEET),
            (self.financing, FINANCING_COLUMNS, FINANCING_SHEET),
        ):
            set_widths(sheet, [column.width for column in columns])
            sheet.freeze_panes = "B2"
            context.setup(sheet, message)
            sheet.print_title_rows = "1:1"
            sheet.add(context.header_row(columns))
        for section in context.report.sections():
            keys = self._keys(section)
            for row in section.report.rows:
                self._row(section, keys, row)
                self._financing(section, row)
            context.progress.step()
        self._table(self.rows, ROWS_COLUMNS, ROWS_TABLE)
        self._table(self.financing, FINANCING_COLUMNS, FINANCING_TABLE)

    def _keys(self, section: Section) -> list[Styled]:
        implementer = section.implementer
        return [
            text_cell(section.number, self.text),
            text_cell(implementer.id, self.text),
            text_cell(implementer.name, self.text),
            text_cell(implementer.group, self.text),
            text_cell(self.context.group_name(implementer.group), self.text),
        ]

    def _row(self, section: Section, keys: list[Styled], row: RowData) -> None:
        tr, report = self.context.tr, section.report
        pieces = [split_text(getattr(row, name)) for name in ROW_TEXT_FIELDS]
        parts = max(1, *(len(p) for p in pieces))
        activity = [
            text_cell(format_numbers(row), self.text),
            value_cell(row.activities[0] if row.activities else None, self.count),
        ]
        for index in range(parts):
            line = [*keys, *activity, value_cell(index + 1, self.count)]
            line.extend(text_cell(p[index] if index < len(p) else None, self.text) for p in pieces)
            if index == 0:
                lines = [line for line in row.financing if not line.is_empty()]
                sources = dict.fromkeys(line.source for line in lines if line.source)
                focal = report.focal_point
                line += [
                    text_cell("; ".join(sources), self.text),
                    value_cell(len(lines), self.count),
                    text_cell(tr.gettext(ROW_STATUS_LABELS[row.status]), self.text),
                    text_cell(focal.name, self.text),
                    text_cell(focal.email, self.text),
                    text_cell(tr.gettext(STATUS_LABELS[report.status]), self.text),
                    date_cell(moment_of(report), self.date),
                    text_cell(section.source, self.text),
                ]
            self.rows.add(line)

    def _financing(self, section: Section, row: RowData) -> None:
        styles, labels = self.context.styles, self.context.source_labels
        lines = [line for line in row.financing if not line.is_empty()]
        for number, line in enumerate(lines, 1):
            self.financing.add(
                [
                    text_cell(section.number, self.text),
                    text_cell(section.implementer.id, self.text),
                    text_cell(format_numbers(row), self.text),
                    value_cell(number, self.count),
                    text_cell(line.source, self.text),
                    text_cell(labels.get(line.source, "") if line.source else None, self.text),
                    text_cell(line.donor, self.text),
                    amount_cell(line.amount, styles, kinds=("flat-amount", "plain")),
                    text_cell(line.currency, self.text),
                ]
            )

    def _table(self, sheet: CellSheet, columns: tuple[FlatColumn, ...], name: str) -> None:
        """An Excel table over the sheet: filters, banding, a name for formulas and pivots.

        openpyxl would name a write-only sheet's table columns "Column1"... (it cannot read the
        header back), and Excel would then repair the file: the columns get the header's texts.
        """
        last_row = max(sheet.rows_written, 2)  # a table needs a data row, even an empty one
        reference = f"A1:{get_column_letter(len(columns))}{last_row}"
        table = Table(displayName=name, ref=reference)
        table.tableColumns = [
            TableColumn(id=index, name=heading)
            for index, heading in enumerate(self.context.headings(columns), 1)
        ]
        table.autoFilter = AutoFilter(ref=reference)
        table.tableStyleInfo = TableStyleInfo(name=_TABLE_STYLE, showRowStripes=True)
        # Not add_table: it warns, in write-only mode, that columns must be named by hand.
        sheet.tables.add(table)


def format_numbers(row: RowData) -> str:
    return format_activity_numbers(row.activities)
