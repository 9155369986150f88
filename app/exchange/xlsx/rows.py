"""Streaming rows of styled cells into a write-only sheet, as fast as writing bare values.

openpyxl's write-only sheet makes an object per cell, tries every value as a plain value
first, works out the style index of every cell by hashing its style, and serialises each
element through a general XML writer. A submission has hundreds of styled cells, many of them
empty but bordered, so that costs twice the time of writing the text itself. Here a cell is a
pair (value, style index) and a row is written as one piece of SpreadsheetML, the same
markup openpyxl writes (inline strings, ``xml:space="preserve"`` where white space is at an
end, numbers in ``<v>``). Where openpyxl writes with lxml instead of its own XML writer, rows
go through openpyxl's ordinary cells, with the same result.
"""

from __future__ import annotations

import copy
from collections.abc import Generator, Sequence
from datetime import UTC, datetime
from typing import NamedTuple
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.cell_range import CellRange

from app.exchange.xlsx.cells import PreservedText, encode_text
from app.exchange.xlsx.styles import FONT_NAME, FONT_SIZE

_LETTERS = [""] + [get_column_letter(index) for index in range(1, 16385)]
# Off in tests that check the path taken when openpyxl writes with lxml.
FAST_ROWS = True


class Lead(NamedTuple):
    """Text whose first part is bold (the activity numbers), both parts as stored."""

    head: str
    tail: str


class Styled(NamedTuple):
    """A cell to write: text as stored (see :func:`text_cell`), a number, or None; a style."""

    value: str | Lead | int | float | None
    style: int = 0  # index in the workbook's cell styles (CellStyles.get)


def text_cell(text: str | None, style: int = 0) -> Styled:
    """A string cell holding ``text`` exactly (already checked and short enough)."""
    return Styled(encode_text(text) if text else None, style)


def value_cell(value: int | float | None, style: int = 0) -> Styled:
    return Styled(value, style)


def date_cell(moment: datetime | None, style: int = 0) -> Styled:
    """A date and time Excel sorts and computes with (its serial number), in UTC.

    Excel has no time zones (the heading of such a column says "(UTC)") and no dates before
    1900: those, which only stand for "unknown", leave the cell empty.
    """
    if moment is None or moment.year < 1900:
        return Styled(None, style)
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return Styled(float(to_excel(moment)), style)


def lead_cell(head: str, tail: str, style: int = 0) -> Styled:
    """A string cell showing ``head`` in bold, then ``tail``; it reads as ``head + tail``."""
    return Styled(Lead(encode_text(head), encode_text(tail)), style)


# Runs carry the font in full: a run's properties replace the cell's font, not add to it.
_RUN_FONT = f'<sz val="{FONT_SIZE}"/><rFont val="{FONT_NAME}"/><family val="2"/>'


def _text_xml(text: str) -> str:
    space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    return f"<t{space}>{escape(text)}</t>"


Row = Sequence[Styled | None]


def _cell_xml(reference: str, cell: Styled) -> str:
    style = f' s="{cell.style}"' if cell.style else ""
    value = cell.value
    if value is None:
        return f'<c r="{reference}"{style}/>' if style else ""
    if isinstance(value, str):
        return f'<c r="{reference}"{style} t="inlineStr"><is>{_text_xml(value)}</is></c>'
    if isinstance(value, Lead):
        return (
            f'<c r="{reference}"{style} t="inlineStr"><is>'
            f"<r><rPr><b/>{_RUN_FONT}</rPr>{_text_xml(value.head)}</r>"
            f"<r><rPr>{_RUN_FONT}</rPr>{_text_xml(value.tail)}</r></is></c>"
        )
    number = repr(value) if isinstance(value, float) else str(int(value))
    return f'<c r="{reference}"{style} t="n"><v>{number}</v></c>'


class CellSheet(WriteOnlyWorksheet):  # type: ignore[misc]
    """A write-only sheet taking rows of :class:`Styled` cells (None: no cell)."""

    _height: float | None = None  # of the row being appended by :meth:`add`
    rows_written = 0

    def append(self, row: Row) -> None:
        super().append(row)
        self.rows_written += 1

    def add(self, row: Row, height: float | None = None) -> int:
        """Append ``row``, ``height`` points tall (None: the default height); its number.

        Unlike setting ``row_dimensions`` before ``append``, this keeps nothing per row, so a
        sheet of a hundred thousand rows costs no more memory than one of ten.
        """
        self._height = height
        try:
            self.append(row)
        finally:
            self._height = None
        return self.rows_written

    def merge_last(self, first_column: int, last_column: int) -> None:
        """Merge columns ``first_column`` to ``last_column`` of the row written last."""
        row = self.rows_written
        # Straight into the set: MultiCellRange.add compares with every range already there.
        self.merged_cells.ranges.add(
            CellRange(min_col=first_column, min_row=row, max_col=last_column, max_row=row)
        )

    def _row_attributes(self, row_index: int) -> str:
        if self._height is not None:
            return f' ht="{self._height!r}" customHeight="1"'
        dimension = self.row_dimensions.get(row_index)
        if dimension is not None and dimension.height:
            return f' ht="{dimension.height!r}" customHeight="1"'
        return ""

    def _write_rows(self) -> Generator[None, Row, None]:
        """Replaces openpyxl's row loop (same protocol: ``append`` sends each row here)."""
        xf = self._writer.xf.send(True)
        raw = getattr(xf, "_file", None) if FAST_ROWS else None  # lxml's writer has none
        with xf.element("sheetData"):
            row_index = 1
            try:
                while True:
                    row = yield
                    if raw is not None:
                        letters = _LETTERS
                        cells = "".join(
                            _cell_xml(f"{letters[column]}{row_index}", cell)
                            for column, cell in enumerate(row, 1)
                            if cell is not None
                        )
                        raw(f'<row r="{row_index}"{self._row_attributes(row_index)}>{cells}</row>')
                    else:
                        if self._height is not None:
                            self.row_dimensions[row_index].height = self._height
                        self._writer.write_row(xf, self._openpyxl_cells(row, row_index), row_index)
                    row_index += 1
            except GeneratorExit:
                pass
        self._writer.xf.send(None)

    def _openpyxl_cells(self, row: Row, row_index: int) -> list[Cell]:
        styles = self.parent._cell_styles
        cells = []
        for column, styled in enumerate(row, 1):
            if styled is None or (styled.value is None and not styled.style):
                continue
            cell = Cell(self, row=row_index, column=column)
            cell._style = copy.copy(styles[styled.style])
            if isinstance(styled.value, str):
                blank = not styled.value.strip()
                cell._value = PreservedText([styled.value]) if blank else styled.value
                cell.data_type = "s"
            elif isinstance(styled.value, Lead):
                bold = InlineFont(rFont=FONT_NAME, sz=FONT_SIZE, family=2, b=True)
                plain = InlineFont(rFont=FONT_NAME, sz=FONT_SIZE, family=2)
                cell._value = CellRichText(
                    TextBlock(bold, styled.value.head), TextBlock(plain, styled.value.tail)
                )
                cell.data_type = "s"
            elif styled.value is not None:
                cell._value = styled.value
                cell.data_type = "n"
            cells.append(cell)
        return cells


def new_sheet(workbook: Workbook, title: str) -> CellSheet:
    """Add a :class:`CellSheet` to a write-only workbook, as ``create_sheet`` would."""
    sheet = CellSheet(parent=workbook, title=title)
    workbook._add_sheet(sheet)
    return sheet
