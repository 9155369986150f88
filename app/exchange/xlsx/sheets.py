"""The cells of one sheet as plain values, streamed from the workbook's zip.

Only the parts Focal needs are parsed: the shared strings and the sheets it reads. openpyxl's
read-only workbook would parse every sheet once just to find its size (the whole sheet when it
declares none), pad every row to the declared width (which a hostile file sets to a million
rows by sixteen thousand columns), and it reads shared strings lossily (it deletes "x005F_"
wherever it appears). Here each sheet goes through openpyxl's streaming sheet parser, the one
its read-only mode uses, over defusedxml, keeping only the cells present, stopping at the
row limit and collecting merged ranges; shared strings are read without any change, and
:func:`app.exchange.xlsx.cells.decode_text` then decodes Excel's escapes once.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from typing import IO, Any, NamedTuple

from defusedxml.ElementTree import iterparse
from openpyxl.cell.text import Text
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._reader import WorkSheetParser

from app.exchange.xlsx.layout import LIMITS, Limits


class CellValue(NamedTuple):
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


_SHARED_STRING = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}si"


def read_shared_strings(source: IO[bytes]) -> list[str]:
    """The shared string table, each entry's runs joined (phonetic guides left out)."""
    strings: list[str] = []
    for _event, node in iterparse(source):
        if node.tag == _SHARED_STRING:
            strings.append(Text.from_tree(node).content)
            node.clear()
    return strings


def read_sheet(
    archive: zipfile.ZipFile,
    part: str,
    name: str,
    shared_strings: list[str],
    limits: Limits = LIMITS,
) -> SheetCells:
    """The non-empty cells of the sheet stored in ``part``."""
    cells = SheetCells(name)
    with archive.open(part) as source:
        parser = WorkSheetParser(source, shared_strings, data_only=False)
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
