"""Pages written to the file as they end (app/exchange/pdf/streaming.py): a valid file, the
same document as reportlab's own writer, and nothing kept of a page once it is written."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader
from reportlab.platypus import Flowable

from app.exchange.pdf import document, streaming
from app.exchange.pdf.blocks import Column, Custom, Heading, Paragraphs, Row, Table, Text
from app.exchange.pdf.document import DocumentSetup, build_pdf
from tests.helpers.factories import long_text


class Probe(Flowable):  # type: ignore[misc]
    """Notes, when drawn, how much of the document is already in the file."""

    def __init__(self, target: io.BytesIO, seen: list[tuple[int, int, int]]) -> None:
        super().__init__()
        self._target, self._seen = target, seen

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0.0, 0.0

    def draw(self) -> None:
        written = getattr(self.canv._doc, "pages_written", -1)  # -1: reportlab's own writer
        self._seen.append((self.canv.getPageNumber(), written, len(self._target.getvalue())))


def blocks(target: io.BytesIO, seen: list[tuple[int, int, int]]) -> list:
    rows = [
        Row(tuple((Text(long_text(900, seed=i * 10 + c)),) for c in range(3))) for i in range(60)
    ]
    return [
        Heading("Streaming", level=1, anchor="top", outline=0),
        Paragraphs((Text("Ünïcode text — «quoted» and ✓.", where="Intro"),)),
        Table((Column("One", 1), Column("Two", 1), Column("Three", 1)), rows),
        Custom(Probe(target, seen)),
        Heading("The end", level=1, anchor="end", outline=0),
    ]


def check_cross_references(data: bytes) -> int:
    """Every entry of the xref table points at its object; returns the number of objects."""
    start = int(re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", data).group(1))
    assert data[start : start + 4] == b"xref"
    header = re.match(rb"xref\n0 (\d+)\n", data[start:])
    count = int(header.group(1))
    entries = data[start + header.end() : start + header.end() + 20 * count]
    for number in range(1, count):
        offset = int(entries[20 * number : 20 * number + 10])
        assert data[offset:].startswith(b"%d 0 obj" % number), number
    return count - 1


def test_pages_are_in_the_file_before_the_document_ends():
    target = io.BytesIO()
    seen: list[tuple[int, int, int]] = []
    result = build_pdf(DocumentSetup(title="Streaming"), blocks(target, seen), target)
    ((page, written, size),) = seen
    assert result.pages > 20 and page == result.pages
    data = target.getvalue()
    assert written == page - 1  # every earlier page is already in the file
    assert data[:size].count(b"/Type /Page\n") == written
    assert check_cross_references(data) > 2 * result.pages  # a page and its content
    reader = PdfReader(io.BytesIO(data), strict=True)
    assert len(reader.pages) == result.pages
    assert [item.title for item in reader.outline] == ["Streaming", "The end"]
    assert "Ünïcode text — «quoted» and ✓." in reader.pages[0].extract_text()


def test_the_same_document_as_reportlabs_own_writer(monkeypatch, tmp_path):
    from tests.exchange.pdf_text import pdf_text

    texts = []
    for stream in (True, False):
        monkeypatch.setattr(document, "STREAM_PAGES", stream)
        target = io.BytesIO()
        result = build_pdf(DocumentSetup(), blocks(target, []), target)
        path = tmp_path / f"{stream}.pdf"
        path.write_bytes(target.getvalue())
        texts.append((result.pages, pdf_text(path)))
    assert texts[0] == texts[1]


def test_forms_drawn_before_they_are_defined_and_never_defined():
    assert streaming.supported()
    target = io.BytesIO()
    canvas = document._Canvas(target)
    assert isinstance(canvas._doc, streaming.StreamingDocument)
    canvas.doForm("Later")
    canvas.drawString(10, 30, "on the page")
    canvas.showPage()
    assert canvas._doc.pages_written == 1
    canvas.beginForm("Later")
    canvas.drawString(10, 10, "defined at the end")
    canvas.endForm()
    canvas.save()
    check_cross_references(target.getvalue())
    text = PdfReader(target).pages[0].extract_text()
    assert "on the page" in text and "defined at the end" in text

    canvas = document._Canvas(io.BytesIO())
    canvas.doForm("Never")
    canvas.showPage()
    with pytest.raises(ValueError, match="never defined"):
        canvas.save()
