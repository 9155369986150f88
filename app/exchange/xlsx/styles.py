"""Cell styles of Focal's workbooks, built once per workbook and shared by every cell.

Setting font, fill, border and alignment on each cell costs a registry look-up per attribute;
each combination is built once and cells carry only its index (see app.exchange.xlsx.rows).
The consolidated workbook uses the same styles, so both look alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

FONT_NAME = "Calibri"
FONT_SIZE = 10
TEXT_FORMAT = "@"  # what a person types stays text (a year, "+34 ...", "=...")
AMOUNT_FORMAT = "#,##0.00"
COUNT_FORMAT = "0"
PERCENT_FORMAT = "0%"
DATE_FORMAT = "yyyy-mm-dd hh:mm"  # ISO order: unambiguous in every language of the Program

HEADER_FILL = "1F3864"
ACTIVITY_FILL = "EDF1F7"
LABEL_COLOUR = "44546A"
GRID = Side(style="thin", color="8EA0BC")

# Where a cell sits in a table row that continues on further rows: the lines between a row and
# its continuation rows are left out so that the block reads as one row.
Edge = Literal["single", "first", "middle", "last"]

_KINDS: dict[str, dict[str, Any]] = {
    "title": {"font": Font(name=FONT_NAME, size=13, bold=True, color=HEADER_FILL)},
    "subtitle": {"font": Font(name=FONT_NAME, size=FONT_SIZE, italic=True, color=LABEL_COLOUR)},
    "label": {
        "font": Font(name=FONT_NAME, size=FONT_SIZE, bold=True, color=LABEL_COLOUR),
        "alignment": Alignment(horizontal="right", vertical="top", wrap_text=True),
    },
    "value": {
        "font": Font(name=FONT_NAME, size=FONT_SIZE),
        "alignment": Alignment(vertical="top", wrap_text=True),
        "number_format": TEXT_FORMAT,
        "border": Border(bottom=GRID),
    },
    "header": {
        "font": Font(name=FONT_NAME, size=FONT_SIZE, bold=True, color="FFFFFF"),
        "fill": PatternFill("solid", fgColor=HEADER_FILL),
        "alignment": Alignment(horizontal="center", vertical="center", wrap_text=True),
        "border": Border(left=GRID, right=GRID, top=GRID, bottom=GRID),
    },
    "activity": {
        "font": Font(name=FONT_NAME, size=FONT_SIZE),
        "fill": PatternFill("solid", fgColor=ACTIVITY_FILL),
        "alignment": Alignment(vertical="top", wrap_text=True),
        "number_format": TEXT_FORMAT,
    },
    "text": {
        "font": Font(name=FONT_NAME, size=FONT_SIZE),
        "alignment": Alignment(vertical="top", wrap_text=True),
        "number_format": TEXT_FORMAT,
    },
    "amount": {
        "font": Font(name=FONT_NAME, size=FONT_SIZE),
        "alignment": Alignment(vertical="top"),
        "number_format": AMOUNT_FORMAT,
    },
    "paragraph": {
        "font": Font(name=FONT_NAME, size=11),
        "alignment": Alignment(vertical="top", wrap_text=True),
    },
    "plain": {"font": Font(name=FONT_NAME, size=FONT_SIZE), "number_format": TEXT_FORMAT},
    # The annual report's headings and prose.
    "heading": {
        "font": Font(name=FONT_NAME, size=12, bold=True, color=HEADER_FILL),
        "alignment": Alignment(vertical="bottom"),
        "border": Border(bottom=Side(style="medium", color=HEADER_FILL)),
    },
    "subheading": {
        "font": Font(name=FONT_NAME, size=11, bold=True, color=HEADER_FILL),
        "alignment": Alignment(vertical="bottom", wrap_text=True),
    },
    "note": {
        "font": Font(name=FONT_NAME, size=FONT_SIZE, italic=True, color=LABEL_COLOUR),
        "alignment": Alignment(vertical="top", wrap_text=True),
        "number_format": TEXT_FORMAT,
    },
    "prose": {
        "font": Font(name=FONT_NAME, size=FONT_SIZE),
        "alignment": Alignment(vertical="top", wrap_text=True),
        "number_format": TEXT_FORMAT,
    },
    "number-label": {
        "font": Font(name=FONT_NAME, size=FONT_SIZE, bold=True, color=LABEL_COLOUR),
        "alignment": Alignment(horizontal="right", vertical="top"),
        "number_format": TEXT_FORMAT,
    },
    "value-date": {
        "font": Font(name=FONT_NAME, size=FONT_SIZE),
        "alignment": Alignment(horizontal="left", vertical="top"),
        "number_format": DATE_FORMAT,
        "border": Border(bottom=GRID),
    },
    # Table cells of the annexes (with grid lines, see _TABLE_KINDS).
    "count": {
        "font": Font(name=FONT_NAME, size=FONT_SIZE),
        "alignment": Alignment(horizontal="right", vertical="top"),
        "number_format": COUNT_FORMAT,
    },
    "percent": {
        "font": Font(name=FONT_NAME, size=FONT_SIZE),
        "alignment": Alignment(horizontal="right", vertical="top"),
        "number_format": PERCENT_FORMAT,
    },
    "date": {
        "font": Font(name=FONT_NAME, size=FONT_SIZE),
        "alignment": Alignment(horizontal="left", vertical="top"),
        "number_format": DATE_FORMAT,
    },
    "mark": {
        "font": Font(name=FONT_NAME, size=FONT_SIZE, bold=True),
        "alignment": Alignment(horizontal="center", vertical="center"),
        "number_format": TEXT_FORMAT,
    },
    # Cells of the flat sheets, which are for sorting and filtering, not for reading.
    "flat-count": {"font": Font(name=FONT_NAME, size=FONT_SIZE), "number_format": COUNT_FORMAT},
    "flat-amount": {"font": Font(name=FONT_NAME, size=FONT_SIZE), "number_format": AMOUNT_FORMAT},
    "flat-date": {
        "font": Font(name=FONT_NAME, size=FONT_SIZE),
        "alignment": Alignment(horizontal="left"),
        "number_format": DATE_FORMAT,
    },
}
# Kinds drawn as table cells, with grid lines.
_TABLE_KINDS = {"activity", "text", "amount", "count", "percent", "date", "mark"}


def _table_border(edge: Edge) -> Border:
    top = GRID if edge in ("single", "first") else Side()
    bottom = GRID if edge in ("single", "last") else Side()
    return Border(left=GRID, right=GRID, top=top, bottom=bottom)


@dataclass
class CellStyles:
    """The cell styles of one workbook, registered on first use; ``get`` gives their index."""

    sheet: Any  # any worksheet of the workbook: styles live in the workbook
    _cache: dict[tuple[str, str], int] = field(default_factory=dict)

    def get(self, kind: str, edge: Edge = "single") -> int:
        key = (kind, edge if kind in _TABLE_KINDS else "single")
        index = self._cache.get(key)
        if index is None:
            prototype = Cell(self.sheet)
            for attribute, value in _KINDS[kind].items():
                setattr(prototype, attribute, value)
            if kind in _TABLE_KINDS:
                prototype.border = _table_border(edge)
            # What openpyxl does when it writes a styled cell: the index in cellXfs.
            index = self._cache[key] = self.sheet.parent._cell_styles.add(prototype._style)
        return index


def edge_of(index: int, count: int) -> Edge:
    """The edge of physical row ``index`` of a table row spread over ``count`` rows."""
    if count == 1:
        return "single"
    if index == 0:
        return "first"
    return "last" if index == count - 1 else "middle"
