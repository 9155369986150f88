"""Running text, headings and the signature lines, laid out once and split by lines."""

from __future__ import annotations

from collections.abc import Callable

from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from app.exchange.pdf.blocks import Text
from app.exchange.pdf.context import RenderContext
from app.exchange.pdf.fonts import REGULAR, face
from app.exchange.pdf.pdftext import TextItem
from app.exchange.pdf.style import ACCENT, GRID_WIDTH, INK, MIN_SPLIT_LINES, MUTED, leading
from app.exchange.pdf.textlayout import (
    Line,
    fit_text,
    layout,
    lines_fitting,
    lines_height,
    without_gap,
)


def line_items(
    lines: list[Line], x: float, top: float, size: float, line_leading: float
) -> list[TextItem]:
    """Text items for ``lines`` whose first line box starts at ``top``."""
    baseline = face(REGULAR).baseline(size, line_leading)
    items: list[TextItem] = []
    for gap, fragments in lines:
        top -= gap
        y = top - baseline
        items.extend((x + fx, y, font, size, text) for fx, font, text in fragments)
        top -= line_leading
    return items


class TextFlow(Flowable):  # type: ignore[misc]
    """Paragraphs of text across the frame's width; split between lines, never within one."""

    def __init__(
        self,
        context: RenderContext,
        content: tuple[Text, ...],
        size: float,
        color: Color,
        *,
        space_before: float = 0.0,
        space_after: float = 0.0,
        rule_below: bool = False,
        on_draw: Callable[[Canvas, float], None] | None = None,
    ) -> None:
        super().__init__()
        self._on_draw = on_draw  # called with the canvas and the text's top when drawn
        self._context = context
        self._content = content
        self._size = size
        self._leading = leading(size)
        self._color = color
        self._lines: list[Line] | None = None
        self._laid_for: float | None = None
        self._rule_below = rule_below
        self._is_part = False
        self.spaceBefore = space_before
        self.spaceAfter = space_after

    def _ensure(self, width: float) -> list[Line]:
        # A part of a split keeps its lines: laying it out again would repeat the whole text.
        if self._lines is None or (self._laid_for != width and not self._is_part):
            first_time = self._lines is None
            self._lines = layout(self._context.paras(self._content, self._size), width, self._size)
            self._laid_for = width
            if first_time:
                self._context.step()
        return self._lines

    def _rule_space(self) -> float:
        return self._size * 0.45 if self._rule_below else 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        lines = self._ensure(avail_width)
        self.width = avail_width
        self.height = lines_height(lines, self._leading) + self._rule_space()
        return avail_width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        lines = self._ensure(avail_width)
        count = lines_fitting(lines, self._leading, avail_height - self._rule_space())
        if len(lines) - count < MIN_SPLIT_LINES:
            count = len(lines) - MIN_SPLIT_LINES
        if count < MIN_SPLIT_LINES:
            return []
        head = self._part(lines[:count], space_after=0.0)
        tail = self._part([without_gap(lines[count]), *lines[count + 1 :]], space_before=0.0)
        return [head, tail]

    def _part(
        self,
        lines: list[Line],
        *,
        space_before: float | None = None,
        space_after: float | None = None,
    ) -> TextFlow:
        part = TextFlow(
            self._context,
            self._content,
            self._size,
            self._color,
            space_before=self.spaceBefore if space_before is None else space_before,
            space_after=self.spaceAfter if space_after is None else space_after,
            rule_below=self._rule_below and space_after is None,
        )
        part._lines, part._laid_for, part._is_part = lines, self._laid_for, True
        if space_after is not None:  # the head of a split: it is where the text starts
            part._on_draw = self._on_draw
        return part

    def draw(self) -> None:
        if self._on_draw is not None:
            self._on_draw(self.canv, self.height)
        lines = self._lines or []
        items = line_items(lines, 0.0, self.height, self._size, self._leading)
        self._context.writer(self.canv).write(items, self._color)
        if self._rule_below:
            self.canv.saveState()
            self.canv.setStrokeColor(ACCENT)
            self.canv.setLineWidth(GRID_WIDTH * 1.6)
            self.canv.line(0, GRID_WIDTH, self.width, GRID_WIDTH)
            self.canv.restoreState()


class SignatureLines(Flowable):  # type: ignore[misc]
    """A name, then lines to sign and date on, labelled underneath; kept on one page."""

    def __init__(
        self, context: RenderContext, labels: tuple[str, ...], name: str, where: str
    ) -> None:
        super().__init__()
        self._context = context
        self._labels = labels
        self._name = name
        self._where = where
        self._size = 9.0
        self.spaceBefore = 18.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.height = 70.0
        return avail_width, self.height

    def draw(self) -> None:
        canvas = self.canv
        prepare = self._context.preparer.prepare
        slot = min(self.width / max(len(self._labels), 1), 260.0)
        items: list[TextItem] = [(0.0, self.height - 10.0, REGULAR, self._size, "")]
        if self._name:
            name = prepare(self._name, face(REGULAR), self._where).replace("\n", " ")
            name = fit_text(name, REGULAR, self._size, self.width)
            items[0] = (0.0, self.height - 10.0, REGULAR, self._size, name)
        canvas.saveState()
        canvas.setStrokeColor(MUTED)
        canvas.setLineWidth(GRID_WIDTH)
        for index, label in enumerate(self._labels):
            x = index * slot
            canvas.line(x, 20.0, x + slot - 24.0, 20.0)
            items.append((x, 9.0, REGULAR, self._size - 1, prepare(label, face(REGULAR))))
        canvas.restoreState()
        writer = self._context.writer(canvas)
        writer.write(items[:1], INK)
        writer.write(items[1:], MUTED)
