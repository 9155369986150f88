"""A grid table whose header row repeats on every page and whose rows split by lines.

A report row holds texts of thousands of characters, so a single row is often taller than a
page (reportlab's ``Table`` raises LayoutError then, or with ``splitInRow`` re-wraps every
Paragraph at each split). Here each row is laid out once, lazily when the layout first reaches
it, into lines per cell; a row that does not fit is cut between lines, and the part on the next
page starts with a "(continued)" caption in the first column. Laid-out rows are forgotten as
soon as they are drawn, so memory stays flat however long the table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.colors import Color
from reportlab.platypus import Flowable

from app.exchange.pdf.blocks import Table, Text
from app.exchange.pdf.context import RenderContext
from app.exchange.pdf.flowables import line_items
from app.exchange.pdf.pdftext import TextItem
from app.exchange.pdf.style import (
    CELL_PADDING_BOTTOM,
    CELL_PADDING_TOP,
    CELL_PADDING_X,
    GRID,
    GRID_WIDTH,
    HEADER_FILL,
    INK,
    MIN_SPLIT_LINES,
    MIN_START_LINES,
    MUTED,
    RULE,
    SHORT_ROW_SHARE,
    SPLIT_SHARE,
    leading,
)
from app.exchange.pdf.textlayout import Line, layout, lines_fitting, lines_height, without_gap

_PADDING = CELL_PADDING_TOP + CELL_PADDING_BOTTOM


@dataclass(slots=True)
class RowLines:
    """A row (or the part of one on a page) as lines per cell."""

    cells: list[list[Line]]
    caption: list[Line]  # first-column lines that open the row's continuation on a new page
    height: float  # including the cell padding


class TableModel:
    """The table's columns and its rows laid out at one width; shared by all its page parts."""

    def __init__(self, table: Table, context: RenderContext) -> None:
        if not table.columns:
            raise ValueError("a table needs at least one column")
        self.table = table
        self.context = context
        self.size = table.size
        self.leading = leading(table.size)
        self.width = -1.0
        self.col_x: list[float] = []
        self.col_width: list[float] = []
        self.header: RowLines | None = None
        self._rows: dict[int, RowLines] = {}
        self._counted = 0  # rows reported to the progress

    def __len__(self) -> int:
        return len(self.table.rows)

    def set_width(self, width: float) -> None:
        if width == self.width:
            return
        self.width = width
        total = sum(column.width for column in self.table.columns)
        self.col_width = [width * column.width / total for column in self.table.columns]
        self.col_x = [sum(self.col_width[:index]) for index in range(len(self.col_width))]
        self._rows.clear()
        self.header = None
        if self.table.header:
            cells = [(Text(column.heading, "bold", typed=False),) for column in self.table.columns]
            self.header = self._lay_out(cells, ())

    def _lay_out(self, cells: Sequence[tuple[Text, ...]], continued: tuple[Text, ...]) -> RowLines:
        size = self.size
        lines = []
        for index, cell in enumerate(cells):
            if index >= len(self.col_width):
                break
            inner = self.col_width[index] - 2 * CELL_PADDING_X
            lines.append(layout(self.context.paras(cell, size), inner, size))
        while len(lines) < len(self.col_width):
            lines.append([])
        caption_text = continued or (Text(self.context.continued, "oblique", typed=False),)
        caption = layout(
            self.context.paras(caption_text, size), self.col_width[0] - 2 * CELL_PADDING_X, size
        )
        height = max(lines_height(cell, self.leading) for cell in lines) + _PADDING
        return RowLines(lines, caption, height)

    def row(self, index: int) -> RowLines:
        laid = self._rows.get(index)
        if laid is None:
            source = self.table.rows[index]
            laid = self._rows[index] = self._lay_out(list(source.cells), source.continued)
            if index >= self._counted:
                self._counted = index + 1
                self.context.step()
        return laid

    def forget(self, index: int) -> None:
        self._rows.pop(index, None)

    def split_row(self, row: RowLines, room: float) -> tuple[RowLines, RowLines] | None:
        """Cut ``row`` so that its first part is at most ``room`` high, between lines."""
        content_room = room - _PADDING
        for attempt in range(2):
            heads: list[list[Line]] = []
            tails: list[list[Line]] = []
            for lines in row.cells:
                count = lines_fitting(lines, self.leading, content_room)
                heads.append(lines[:count])
                rest = lines[count:]
                tails.append([without_gap(rest[0]), *rest[1:]] if rest else [])
            longest_tail = max(len(lines) for lines in tails)
            if attempt == 0 and 0 < longest_tail < MIN_SPLIT_LINES:
                content_room -= self.leading * (MIN_SPLIT_LINES - longest_tail)
                continue
            break
        if max(len(lines) for lines in heads) < MIN_SPLIT_LINES or not any(tails):
            return None
        tails[0] = row.caption + tails[0]
        head = RowLines(heads, row.caption, self._height(heads))
        tail = RowLines(tails, row.caption, self._height(tails))
        return head, tail

    def _height(self, cells: list[list[Line]]) -> float:
        return max(lines_height(cell, self.leading) for cell in cells) + _PADDING


class GridTable(Flowable):  # type: ignore[misc]
    """The rows of a table from ``start`` on (the first possibly a continuation)."""

    def __init__(self, model: TableModel, start: int = 0, pending: RowLines | None = None) -> None:
        super().__init__()
        self._model = model
        self._start = start
        self._pending = pending
        self.spaceBefore = 4.0
        self.spaceAfter = 8.0

    def _header_height(self) -> float:
        header = self._model.header
        return header.height if header is not None else 0.0

    def _row(self, index: int) -> RowLines:
        if index == self._start and self._pending is not None:
            return self._pending
        return self._model.row(index)

    def _at_top(self) -> bool:
        frame = getattr(self, "_frame", None)
        return bool(getattr(frame, "_atTop", False))

    def _worth_splitting(self, row: RowLines, room: float, *, first: bool) -> bool:
        """Split a row here, or start it on the next page?

        A short row (a third of a page) never splits; a longer one that would fit on a page of
        its own moves there unless at least half of it fits here; a row taller than a page
        must split somewhere and starts here if a few lines fit.
        """
        if first and self._at_top():
            return True  # on an empty page: splitting is the only way on
        model = self._model
        lines_room = room - _PADDING
        if lines_room < MIN_START_LINES * model.leading:
            return False
        page_room = model.context.frame_height - self._header_height()
        if row.height > page_room:
            return True
        return row.height > page_room * SHORT_ROW_SHARE and room >= row.height * SPLIT_SHARE

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        model = self._model
        model.set_width(avail_width)
        height = self._header_height()
        # Lay out only as far as the page reaches: the rest is measured on later pages.
        for index in range(self._start, len(model)):
            height += self._row(index).height
            if height > avail_height:
                break
        self.width, self.height = avail_width, height
        return avail_width, height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        model = self._model
        model.set_width(avail_width)
        room = avail_height - self._header_height()
        parts: list[RowLines] = []
        used = 0.0
        index = self._start
        pending = self._pending
        while index < len(model):
            row = pending if pending is not None else model.row(index)
            if used + row.height <= room + 1e-6:
                parts.append(row)
                used += row.height
                index += 1
                pending = None
                continue
            if not self._worth_splitting(row, room - used, first=not parts):
                break  # the row starts on the next page
            cut = model.split_row(row, room - used)
            if cut is not None:
                parts.append(cut[0])
                pending = cut[1]
            break
        if not parts:
            return []
        first = TableSlice(model, parts, range(self._start, index))
        if index >= len(model):
            return [first]
        rest = GridTable(model, index, pending)
        rest.spaceBefore = 0.0
        first.spaceBefore = self.spaceBefore
        first.spaceAfter = 0.0
        return [first, rest]

    def draw(self) -> None:
        rows = [self._row(index) for index in range(self._start, len(self._model))]
        draw_rows(self, self._model, rows)
        for index in range(self._start, len(self._model)):
            self._model.forget(index)


class TableSlice(Flowable):  # type: ignore[misc]
    """The part of a table on one page: header and whole or partial rows, fixed in size."""

    def __init__(self, model: TableModel, rows: list[RowLines], indexes: range) -> None:
        super().__init__()
        self._model = model
        self._rows = rows
        self._indexes = indexes
        header = model.header
        self.height = sum(row.height for row in rows) + (header.height if header else 0.0)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.height

    def draw(self) -> None:
        draw_rows(self, self._model, self._rows)
        for index in self._indexes:
            self._model.forget(index)
        self._rows = []


def draw_rows(flowable: Flowable, model: TableModel, rows: list[RowLines]) -> None:
    """Header, rows and borders, with the flowable's origin at the bottom left."""
    canvas = flowable.canv
    table = model.table
    width = model.width
    header = model.header
    top = sum(row.height for row in rows) + (header.height if header is not None else 0.0)
    size, row_leading = model.size, model.leading
    runs: list[tuple[Color, list[TextItem]]] = []
    rule_ys: list[float] = []
    # Lines and fills as PDF operators: reportlab's path API formats each number in Python.
    graphics = ["q", f"{GRID_WIDTH} w"]
    y = top
    if header is not None:
        fill = f"0 {y - header.height:.2f} {width:.2f} {header.height:.2f} re f"
        graphics.append(f"{_rgb(HEADER_FILL)} rg {fill}")
        for column, lines in enumerate(header.cells):
            x = model.col_x[column] + CELL_PADDING_X
            runs.append((INK, line_items(lines, x, y - CELL_PADDING_TOP, size, row_leading)))
        y -= header.height
        rule_ys.append(y)
    for row in rows:
        for column, lines in enumerate(row.cells):
            x = model.col_x[column] + CELL_PADDING_X
            color = MUTED if table.label_column and column == 0 else INK
            runs.append((color, line_items(lines, x, y - CELL_PADDING_TOP, size, row_leading)))
        y -= row.height
        rule_ys.append(y)
    if table.grid == "full":
        graphics.append(f"{_rgb(GRID)} RG")
        graphics += [f"0 {rule:.2f} m {width:.2f} {rule:.2f} l" for rule in rule_ys[:-1]]
        graphics += [f"{x:.2f} 0 m {x:.2f} {top:.2f} l" for x in model.col_x[1:]]
        graphics.append(f"S 0 0 {width:.2f} {top:.2f} re S")
    else:
        graphics.append(f"{_rgb(RULE)} RG")
        graphics += [f"0 {rule:.2f} m {width:.2f} {rule:.2f} l" for rule in [top, *rule_ys]]
        graphics.append("S")
    graphics.append("Q")
    canvas.addLiteral("\n".join(graphics))
    model.context.writer(canvas).write_runs(runs)


def _rgb(color: Color) -> str:
    return f"{color.red:.3f} {color.green:.3f} {color.blue:.3f}"
