"""The cells of one sheet as plain values, read as a stream from a workbook opened read-only.

openpyxl's read-only worksheet pads every row to the sheet's width and trusts the declared
dimension, which a hostile file can set to a million rows by sixteen thousand columns. Here the
sheet's XML goes through openpyxl's own streaming parser (the one its read-only mode uses,
built on defusedxml), keeping only the cells present, stopping at the row limit, and
collecting merged ranges, which read-only mode does not expose.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.worksheet._reader import WorkSheetParser

from app.exchange.xlsx.layout import LIMITS, Limits


@dataclass(frozen=True, slots=True)
class CellValue:
    value: Any  # str, int, float, bool, datetime, a formula object, or None
    data_type: (
        str  # openpyxl's: "s" text, "n" number, "d" date, "b" boolean, "e" error, "f" formula
    )
    row: int
    column: int

    @property
    def coordinate(self) -> str:
        return f"{get_column_letter(self.column)}{self.row}"

    @property
    def is_blank(self) -> bool:
        return self.value is None or self.value == ""


@dataclass
class SheetCells:
    name: str
    rows: dict[int, dict[int, CellValue]] = field(default_factory=dict)
    merged: list[str] = field(default_factory=list)
    too_many_rows: bool = False
    wide_cells: list[CellValue] = field(default_factory=list)  # beyond the column limit

    def get(self, row: int, column: int) -> CellValue | None:
        return self.rows.get(row, {}).get(column)


def read_sheet(workbook: Any, name: str, limits: Limits = LIMITS) -> SheetCells:
    """The non-empty cells of sheet ``name`` of a workbook opened read-only."""
    worksheet = workbook[name]
    cells = SheetCells(name)
    # The two private names below are what ReadOnlyWorksheet itself uses to parse a sheet.
    with workbook._archive.open(worksheet._worksheet_path) as source:
        parser = WorkSheetParser(
            source,
            worksheet._shared_strings,
            data_only=False,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        for row_index, row in parser.parse():
            if row_index > limits.rows:
                cells.too_many_rows = True
                return cells
            values: dict[int, CellValue] = {}
            for cell in row:
                value = cell["value"]
                if value is None or value == "":
                    continue
                found = CellValue(value, cell["data_type"], row_index, cell["column"])
                if cell["column"] > limits.columns:
                    if not cells.wide_cells:  # one is enough to refuse the sheet
                        cells.wide_cells.append(found)
                else:
                    values[cell["column"]] = found
            if values:
                cells.rows[row_index] = values
        if parser.merged_cells is not None:
            cells.merged = [str(merged.ref) for merged in parser.merged_cells.mergeCell]
    return cells
