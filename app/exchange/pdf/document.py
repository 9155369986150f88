"""The document builder: a list of blocks in, a landscape PDF with running header/footer out.

Pages are laid out by reportlab's platypus (frames, page templates, splitting), with Focal's
own flowables for text and tables. "Page x of y" is written in one pass: every footer draws
"Page x of " followed by a form XObject that is only defined once the last page is known, just
before the file is saved, so no page is kept in memory or laid out twice; a table of contents
gets its page numbers the same way (``contents.py``). Each page is written to the file as soon
as it ends (``streaming.py``), so memory does not grow with the number of pages.
"""

from __future__ import annotations

import contextlib
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from reportlab import rl_config
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, CondPageBreak, Flowable, Frame, PageTemplate
from reportlab.platypus import PageBreak as PlatypusPageBreak
from reportlab.platypus import Spacer as PlatypusSpacer

from app import __version__
from app.core.i18n import _
from app.core.progress import Progress
from app.exchange.pdf import streaming
from app.exchange.pdf.blocks import (
    Block,
    Column,
    Contents,
    Custom,
    Heading,
    KeyValues,
    PageBreak,
    Paragraphs,
    Row,
    Signature,
    Spacer,
    Table,
    Text,
)
from app.exchange.pdf.contents import contents_flowables
from app.exchange.pdf.context import RenderContext
from app.exchange.pdf.flowables import SignatureLines, TextFlow
from app.exchange.pdf.fonts import REGULAR, face, register_fonts
from app.exchange.pdf.pdftext import TextItem
from app.exchange.pdf.style import ACCENT, GRID_WIDTH, INK, MUTED, RULE, PageGeometry, page_geometry
from app.exchange.pdf.table import GridTable, TableModel
from app.exchange.pdf.textlayout import fit_text, text_width

PAGE_TOTAL_FORM = "FocalPageTotal"
STREAM_PAGES = True  # write pages as they end (False: reportlab's own document, for tests)
DEFAULT_PAGE_LABEL = "Page {page} of {pages}"
_FURNITURE_SIZE = 7.5
_HEADINGS = {  # level: (size, space before, space after, keep-with-next height)
    0: (15.0, 0.0, 5.0, 0.0),
    1: (12.5, 14.0, 7.0, 150.0),
    2: (10.5, 10.0, 4.0, 120.0),
    3: (10.0, 9.0, 3.0, 120.0),
}


@dataclass(frozen=True, slots=True)
class DocumentSetup:
    """Page size, document properties and the texts of the running header and footer."""

    paper: str = "a4"
    title: str = ""
    author: str = ""
    subject: str = ""
    keywords: str = ""
    language: str = "en"
    header_left: str = ""
    header_right: str = ""
    footer_center: str = ""
    footer_right: str = ""
    page_label: str = DEFAULT_PAGE_LABEL  # must contain {page} before {pages}
    continued: str = "(continued)"
    header_on_first_page: bool = False


@dataclass(frozen=True, slots=True)
class BuildResult:
    pages: int
    warnings: list[str] = field(default_factory=list)
    anchors: dict[str, int] = field(default_factory=dict)  # page of each anchored heading


def work_units(blocks: Iterable[Block]) -> int:
    """Progress steps of a build: one per table row or text block, one for saving."""
    return 1 + sum(_units(block) for block in blocks)


def _units(block: Block) -> int:
    if isinstance(block, Table):
        return len(block.rows)
    if isinstance(block, KeyValues):
        return len(block.items)
    return 1 if isinstance(block, Heading | Paragraphs | Contents) else 0


def build_pdf(
    setup: DocumentSetup,
    blocks: Iterable[Block],
    target: BinaryIO,
    *,
    progress: Progress | None = None,
) -> BuildResult:
    """Typeset ``blocks`` into ``target`` (a binary stream)."""
    register_fonts()
    geometry = page_geometry(setup.paper)
    blocks = list(blocks)
    if progress is not None:
        progress.start(work_units(blocks), _("Typesetting the PDF"))
    context = RenderContext(
        continued=setup.continued, frame_height=geometry.frame_height, progress=progress
    )
    story: list[Flowable] = []
    for block in blocks:
        story.extend(_flowables(block, context))
    del blocks
    document = _Document(target, setup, geometry, context)
    with _binary_streams():
        document.build(story, canvasmaker=document.make_canvas)
    context.step()
    return BuildResult(document.pages, context.preparer.warnings(), dict(context.anchors))


@contextlib.contextmanager
def _binary_streams() -> Iterator[None]:
    """Compressed streams without ASCII85: smaller files, and reportlab's pure-Python
    ASCII85 encoder costs a second per thousand pages."""
    saved = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = saved


def _flowables(block: Block, context: RenderContext) -> list[Flowable]:
    if isinstance(block, Heading):
        size, before, after, keep = _HEADINGS.get(block.level, _HEADINGS[2])
        heading = TextFlow(
            context,
            (Text(block.text, "bold", where=block.where, typed=False),),
            size,
            ACCENT,
            space_before=before,
            space_after=after,
            rule_below=block.level == 1,
            on_draw=_anchor(block, context) if block.anchor else None,
        )
        return [CondPageBreak(keep), heading] if keep else [heading]
    if isinstance(block, Contents):
        return contents_flowables(block, context)
    if isinstance(block, Paragraphs):
        color = MUTED if block.muted else INK
        return [TextFlow(context, block.content, block.size, color, space_after=6.0)]
    if isinstance(block, KeyValues):
        table = Table(
            columns=(Column("", block.label_width), Column("", 1.0 - block.label_width)),
            rows=[
                Row(((Text(label, "bold", typed=False),), (Text(value, where=label),)))
                for label, value in block.items
            ],
            header=False,
            grid="rules",
            size=block.size,
            label_column=True,
        )
        return [GridTable(TableModel(table, context))]
    if isinstance(block, Table):
        return [GridTable(TableModel(block, context))]
    if isinstance(block, Spacer):
        return [PlatypusSpacer(1, block.height)]
    if isinstance(block, PageBreak):
        return [PlatypusPageBreak()]
    if isinstance(block, Signature):
        return [SignatureLines(context, block.labels, block.name, block.where)]
    if isinstance(block, Custom):
        return [block.flowable]
    raise TypeError(f"not a document block: {block!r}")


def _anchor(block: Heading, context: RenderContext) -> Any:
    def mark(canvas: Canvas, top: float) -> None:
        context.mark(canvas, block.anchor, block.text, block.outline, top)

    return mark


class _Canvas(Canvas):  # type: ignore[misc]
    """A canvas that compresses each page as it ends, writes it to the file at once and lets
    the document define late forms (page total, contents) just before saving.

    reportlab keeps every page's content uncompressed until the file is saved, then builds the
    whole file in memory; here memory stays flat however many pages (see ``streaming.py``).
    """

    before_save: Any = None
    _doc: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if STREAM_PAGES and streaming.supported():
            plain: Any = self._doc
            self._doc = streaming.StreamingDocument(
                self._filename,
                compression=plain.compression,
                invariant=plain.invariant,
                pdfVersion=plain._pdfVersion,
                lang=kwargs.get("lang"),
            )
            self._make_preamble()  # registers a standard initial font with the new document

    def showPage(self) -> None:
        super().showPage()
        pages = getattr(getattr(self._doc, "Pages", None), "pages", None)
        page = pages[-1] if pages else None
        if page is None:
            return
        if isinstance(getattr(page, "stream", None), str) and not page.Contents:
            stream = pdfdoc.PDFStream(content=zlib.compress(page.stream.encode("utf8")))
            stream.dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName("FlateDecode")])
            stream.__Comment__ = "page stream"
            page.Contents = stream
            page.stream = None
        if isinstance(self._doc, streaming.StreamingDocument):
            self._doc.flush_page(page)

    def doForm(self, name: str) -> None:
        if isinstance(self._doc, streaming.StreamingDocument):
            self._doc.reserve(self._doc.getXObjectName(name))
        super().doForm(name)

    def save(self) -> None:
        if self._code:
            self.showPage()
        if self.before_save is not None:
            self.before_save(self, self.getPageNumber() - 1)
        super().save()


class _Document(BaseDocTemplate):  # type: ignore[misc]
    def __init__(
        self,
        target: BinaryIO,
        setup: DocumentSetup,
        geometry: PageGeometry,
        context: RenderContext,
    ) -> None:
        super().__init__(
            target,
            pagesize=(geometry.width, geometry.height),
            leftMargin=geometry.left,
            rightMargin=geometry.right,
            topMargin=geometry.top,
            bottomMargin=geometry.bottom,
            title=setup.title,
            author=setup.author,
            subject=setup.subject,
            keywords=setup.keywords,
            creator=f"Focal {__version__}",
            lang=setup.language,
            initialFontName=REGULAR,
            initialFontSize=9,
        )
        self.setup = setup
        self.geometry = geometry
        self.context = context
        self.pages = 0
        self._label_before, self._label_after = _split_page_label(setup.page_label)
        self._items: tuple[list[TextItem], list[TextItem]] | None = None
        frame = Frame(
            geometry.left,
            geometry.bottom,
            geometry.frame_width,
            geometry.frame_height,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="body",
        )
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._decorate)])

    def make_canvas(self, *args: Any, **kwargs: Any) -> Canvas:
        canvas = _Canvas(*args, **kwargs)
        canvas.before_save = self._write_page_total
        return canvas

    def _furniture(self, text: str, width: float) -> str:
        """A running header or footer text, prepared and shortened to ``width``."""
        prepared = self.context.preparer.prepare(text, face(REGULAR)).replace("\n", " ")
        return fit_text(prepared, REGULAR, _FURNITURE_SIZE, width)

    def _furniture_items(self) -> tuple[list[TextItem], list[TextItem]]:
        """Header and footer texts placed on the page (the same on every page)."""
        g, size = self.geometry, _FURNITURE_SIZE

        def at_right(text: str, y: float) -> TextItem:
            return (g.width - g.right - text_width(text, REGULAR, size), y, REGULAR, size, text)

        half, third = g.frame_width * 0.48, g.frame_width * 0.3
        header = [
            (
                g.left,
                g.header_baseline,
                REGULAR,
                size,
                self._furniture(self.setup.header_left, half),
            ),
            at_right(self._furniture(self.setup.header_right, half), g.header_baseline),
        ]
        center = self._furniture(self.setup.footer_center, third)
        x = g.width / 2 - text_width(center, REGULAR, size) / 2
        footer = [
            (x, g.footer_baseline, REGULAR, size, center),
            at_right(self._furniture(self.setup.footer_right, third), g.footer_baseline),
        ]
        return header, footer

    def _decorate(self, canvas: Canvas, _document: Any) -> None:
        """Running header (from the second page) and footer with "Page x of y"."""
        if self._items is None:
            self._items = self._furniture_items()
        header, footer = self._items
        g, size = self.geometry, _FURNITURE_SIZE
        page = canvas.getPageNumber()
        with_header = page > 1 or self.setup.header_on_first_page
        canvas.saveState()
        canvas.setLineWidth(GRID_WIDTH)
        canvas.setStrokeColor(RULE)
        if with_header:
            canvas.line(g.left, g.header_baseline - 4.0, g.width - g.right, g.header_baseline - 4.0)
        canvas.line(g.left, g.footer_baseline + 9.0, g.width - g.right, g.footer_baseline + 9.0)
        canvas.restoreState()
        writer = self.context.writer(canvas)
        # The label, then the total, so that text extraction reads "Page 3 of 12".
        label = self._label_before.replace("{page}", str(page))
        writer.write([(g.left, g.footer_baseline, REGULAR, size, label)], MUTED)
        canvas.saveState()
        canvas.translate(g.left + text_width(label, REGULAR, size), g.footer_baseline)
        canvas.doForm(PAGE_TOTAL_FORM)
        canvas.restoreState()
        writer.write((header + footer) if with_header else footer, MUTED)

    def _write_page_total(self, canvas: Canvas, pages: int) -> None:
        self.pages = pages
        text = str(pages) + self._label_after
        canvas.beginForm(PAGE_TOTAL_FORM, lowerx=-2, lowery=-4, upperx=400, uppery=12)
        self.context.writer(canvas).write([(0.0, 0.0, REGULAR, _FURNITURE_SIZE, text)], MUTED)
        canvas.endForm()
        for finish in self.context.finishers:
            finish(canvas)


def _split_page_label(template: str) -> tuple[str, str]:
    """'Page {page} of ' and '' from 'Page {page} of {pages}' (the total comes last-known)."""
    before, found, after = template.partition("{pages}")
    if not found or "{page}" in after or "{page}" not in before:
        before, _found, after = DEFAULT_PAGE_LABEL.partition("{pages}")
    return before, after
