"""A table of contents typeset in the same single pass as the rest of the document.

Its lines are drawn where the table stands (the number of lines is known in advance), each
ending with a form XObject for the page number, drawn before it is defined; the forms are
defined after the last page, when every anchored heading knows its page, just like the total
of "Page x of y". No page is laid out twice and nothing is kept in memory meanwhile. Each line
is also a link to its heading.
"""

from __future__ import annotations

import re

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from app.exchange.pdf.blocks import Contents, ContentsEntry
from app.exchange.pdf.context import RenderContext
from app.exchange.pdf.fonts import BOLD, REGULAR, face
from app.exchange.pdf.pdftext import TextItem
from app.exchange.pdf.style import ACCENT, INK, MUTED, leading
from app.exchange.pdf.textlayout import fit_text, text_width

_INDENT = 16.0  # per level
_NUMBER_ROOM = 34.0  # right of the dot leaders, for the page number
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


def page_form(anchor: str) -> str:
    """The name of the form that shows the page of ``anchor`` (a legal PDF name)."""
    return "FocalPageOf." + _UNSAFE.sub("_", anchor)


def contents_flowables(block: Contents, context: RenderContext) -> list[Flowable]:
    anchors = [entry.anchor for entry in block.entries]
    if len(set(anchors)) != len(anchors):
        raise ValueError("the anchors of a table of contents must be unique")
    size = block.size

    def define_forms(canvas: Canvas) -> None:
        writer = context.writer(canvas)
        for entry in block.entries:
            page = context.anchors.get(entry.anchor)
            text = str(page) if page is not None else "–"
            font = BOLD if entry.level == 0 else REGULAR
            canvas.beginForm(
                page_form(entry.anchor), lowerx=-60, lowery=-4, upperx=2, uppery=size + 4
            )
            writer.write([(-text_width(text, font, size), 0.0, font, size, text)], INK)
            canvas.endForm()

    context.finishers.append(define_forms)
    return [ContentsList(context, block.entries, size)]


class ContentsList(Flowable):  # type: ignore[misc]
    """Contents lines, split between lines across pages."""

    def __init__(
        self, context: RenderContext, entries: tuple[ContentsEntry, ...], size: float
    ) -> None:
        super().__init__()
        self._context = context
        self._entries = entries
        self._size = size
        self._leading = leading(size) + 3.0
        self.spaceBefore = 2.0
        self.spaceAfter = 6.0

    def _height_of(self, entry: ContentsEntry, index: int) -> float:
        # A little air above each top-level line after the first.
        return self._leading + (4.0 if entry.level == 0 and index else 0.0)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.height = sum(self._height_of(e, i) for i, e in enumerate(self._entries))
        return avail_width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        used = 0.0
        count = 0
        for index, entry in enumerate(self._entries):
            used += self._height_of(entry, index)
            if used > avail_height + 1e-6:
                break
            count += 1
        if count == len(self._entries):  # asked to split although it fits: rounding
            count -= 1
        if count == 0:
            return []
        head = ContentsList(self._context, self._entries[:count], self._size)
        tail = ContentsList(self._context, self._entries[count:], self._size)
        head.spaceAfter = 0.0
        tail.spaceBefore = 0.0
        return [head, tail]

    def _label_widths(self) -> dict[int, float]:
        widths: dict[int, float] = {}
        for entry in self._entries:
            font = BOLD if entry.level == 0 else REGULAR
            width = text_width(entry.label, font, self._size)
            widths[entry.level] = max(widths.get(entry.level, 0.0), width)
        return widths

    def draw(self) -> None:
        canvas = self.canv
        size = self._size
        prepare = self._context.preparer.prepare
        writer = self._context.writer(canvas)
        label_widths = self._label_widths()
        baseline_offset = face(REGULAR).baseline(size, self._leading)
        dots: list[str] = []
        y_top = self.height
        right = self.width
        for index, entry in enumerate(self._entries):
            y_top -= self._height_of(entry, index) - self._leading
            y = y_top - baseline_offset
            font = BOLD if entry.level == 0 else REGULAR
            x = entry.level * _INDENT
            label = prepare(entry.label, face(font))
            title_x = x + label_widths.get(entry.level, 0.0) + (size * 0.8 if label else 0.0)
            room = right - _NUMBER_ROOM - title_x - 8.0
            title = fit_text(prepare(entry.title, face(font)).replace("\n", " "), font, size, room)
            items: list[TextItem] = [(x, y, font, size, label), (title_x, y, font, size, title)]
            # Text, then its page number: text extraction reads "A.1 Title 12".
            writer.write(items, ACCENT if entry.level == 0 else INK)
            canvas.saveState()
            canvas.translate(right, y)
            canvas.doForm(page_form(entry.anchor))
            canvas.restoreState()
            canvas.linkRect(
                "", entry.anchor, (x, y - size * 0.3, right, y + size), relative=1, thickness=0
            )
            start = title_x + text_width(title, font, size) + 5.0
            end = right - _NUMBER_ROOM + 6.0
            if end - start > 6.0:
                dots.append(f"{start:.2f} {y + 0.8:.2f} m {end:.2f} {y + 0.8:.2f} l")
            y_top -= self._leading
        if dots:
            # Round caps on zero-length dashes: a dotted leader in one path.
            canvas.addLiteral(
                f"q {MUTED.red:.3f} {MUTED.green:.3f} {MUTED.blue:.3f} RG 0.7 w 1 J [0 2.6] 0 d\n"
                + "\n".join(dots)
                + "\nS Q"
            )
