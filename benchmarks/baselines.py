"""reportlab's straightforward way to print long tables: the baseline of the PDF benchmarks.

``Table([[Paragraph, ...], ...], repeatRows=1, splitInRow=1)`` in a SimpleDocTemplate, with the
font (DejaVu Sans Condensed 9 pt), page (landscape A4), grid and running header and footer
("Page x of y") of Focal's documents, so that both renderers do the same work. reportlab is
imported by the functions, when a baseline runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, BinaryIO
from xml.sax.saxutils import escape

if TYPE_CHECKING:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Flowable, Paragraph, Table

    from app.exchange.pdf.style import PageGeometry


def start() -> PageGeometry:
    """Focal's fonts registered and its way of writing streams; the page both documents use."""
    from reportlab import rl_config

    from app.exchange.pdf.fonts import register_fonts
    from app.exchange.pdf.style import page_geometry

    register_fonts()
    rl_config.useA85 = 0  # the same binary streams as Focal's engine
    return page_geometry("a4")


def cell_styles() -> tuple[ParagraphStyle, ParagraphStyle]:
    """The body and heading cells of the tables, as in Focal's."""
    from reportlab.lib.styles import ParagraphStyle

    from app.exchange.pdf.fonts import BOLD, REGULAR

    body = ParagraphStyle("body", fontName=REGULAR, fontSize=9, leading=11.16)
    return body, ParagraphStyle("head", parent=body, fontName=BOLD)


def para(value: Any, style: ParagraphStyle) -> Paragraph:
    """A cell's or a paragraph's text, its line breaks kept."""
    from reportlab.platypus import Paragraph

    return Paragraph(escape(str(value or "")).replace("\n", "<br/>"), style)


def grid_table(data: list[list[Paragraph]], widths: Sequence[float]) -> Table:
    """Rows under a heading row repeated on every page, split between lines when too high."""
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import Table, TableStyle

    table = Table(data, colWidths=list(widths), repeatRows=1, splitInRow=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, HexColor("#7d8794")),
                ("BACKGROUND", (0, 0), (-1, 0), HexColor("#dfe6ef")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def build(
    story: list[Flowable],
    target: str | BinaryIO,
    geometry: PageGeometry,
    header: str,
    header_right: str = "",
) -> int:
    """Lay out ``story`` with the running header and "Page x of y"; returns the page count."""
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import SimpleDocTemplate

    from app.exchange.pdf.fonts import REGULAR

    class TotalCanvas(Canvas):  # type: ignore[misc]
        def save(self) -> None:
            if self._code:
                self.showPage()
            self.beginForm("total", lowerx=-2, lowery=-4, upperx=400, uppery=12)
            self.setFont(REGULAR, 7.5)
            self.drawString(0, 0, str(self.getPageNumber() - 1))
            self.endForm()
            super().save()

    def decorate(canvas: Canvas, document: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(REGULAR, 7.5)
        canvas.drawString(geometry.left, geometry.header_baseline, header)
        if header_right:
            canvas.drawRightString(
                geometry.width - geometry.right, geometry.header_baseline, header_right
            )
        label = f"Page {canvas.getPageNumber()} of "
        canvas.drawString(geometry.left, geometry.footer_baseline, label)
        canvas.translate(geometry.left + canvas.stringWidth(label), geometry.footer_baseline)
        canvas.doForm("total")
        canvas.restoreState()

    document = SimpleDocTemplate(
        target,
        pagesize=(geometry.width, geometry.height),
        leftMargin=geometry.left,
        rightMargin=geometry.right,
        topMargin=geometry.top,
        bottomMargin=geometry.bottom,
    )
    document.build(story, onFirstPage=decorate, onLaterPages=decorate, canvasmaker=TotalCanvas)
    return int(document.page)
