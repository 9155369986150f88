"""What the flowables of one document build share: text preparation, progress, the writer."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from reportlab.pdfgen.canvas import Canvas

from app.core.progress import Progress
from app.exchange.pdf.blocks import Text
from app.exchange.pdf.fonts import face
from app.exchange.pdf.pdftext import TextWriter
from app.exchange.pdf.sanitize import TextPreparer
from app.exchange.pdf.style import FACES, leading
from app.exchange.pdf.textlayout import Para, parse_text, text_width


class RenderContext:
    def __init__(
        self,
        *,
        continued: str,
        frame_height: float,
        progress: Progress | None = None,
    ) -> None:
        self.continued = continued
        self.frame_height = frame_height
        self.preparer = TextPreparer()
        self._progress = progress
        self._writer: TextWriter | None = None
        self._canvas: Canvas | None = None
        # Page number of each anchored heading, filled in as the pages are drawn.
        self.anchors: dict[str, int] = {}
        # Called with the canvas after the last page, before the file is saved (forms whose
        # content depends on the whole document, such as page numbers).
        self.finishers: list[Callable[[Canvas], None]] = []

    def writer(self, canvas: Canvas) -> TextWriter:
        if self._writer is None or self._canvas is not canvas:
            self._writer, self._canvas = TextWriter(canvas), canvas
        return self._writer

    def mark(
        self, canvas: Canvas, anchor: str, title: str, outline: int | None, top: float
    ) -> None:
        """An anchored heading is being drawn at ``top`` (in the current coordinates)."""
        self.anchors[anchor] = canvas.getPageNumber()
        canvas.bookmarkHorizontal(anchor, 0, top)
        if outline is not None:
            canvas.addOutlineEntry(title.replace("\n", " "), anchor, level=outline)

    def step(self) -> None:
        """One unit of work done; raises CancelledError when the user cancelled."""
        if self._progress is not None:
            self._progress.step()

    def paras(self, content: Iterable[Text], size: float) -> list[Para]:
        """Texts prepared for drawing and parsed into paragraphs (see textlayout)."""
        gap = leading(size) * 0.45
        paras: list[Para] = []
        for piece in content:
            font = FACES[piece.style]
            text = self.preparer.prepare(piece.text, face(font), piece.where)
            first_gap = gap if piece.gap and paras else 0.0
            if piece.marker:
                marker_font = FACES[piece.marker_style]
                marker = self.preparer.prepare(piece.marker, face(marker_font), piece.where)
                hang = max(text_width(marker, marker_font, size) + size * 0.45, size * 2.05)
                lines = text.split("\n")
                paras.append(
                    Para(
                        lines[0],
                        font,
                        marker,
                        marker_font,
                        hang=hang,
                        gap=first_gap,
                        align=piece.align,
                    )
                )
                paras.extend(Para(line, font, hang=hang, align=piece.align) for line in lines[1:])
            elif piece.typed:
                paras.extend(parse_text(text, font, size=size, gap=gap, first_gap=first_gap))
            else:
                for index, line in enumerate(text.split("\n")):
                    paras.append(
                        Para(line, font, gap=first_gap if index == 0 else 0.0, align=piece.align)
                    )
        return paras
