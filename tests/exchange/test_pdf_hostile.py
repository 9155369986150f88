"""Nothing typed into a report can make the PDF export fail or reach the network."""

from __future__ import annotations

import re
import socket
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.core.catalogue import Catalogue
from app.core.report import ReportData, RowData
from app.exchange.pdf.submission import write_submission_pdf
from tests.exchange.pdf_text import PAGE_LABEL, appears_in_order, fonts, pdf_text, words
from tests.helpers.factories import HOSTILE_TEXTS, long_text, sample_report


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the PDF export tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def one_row_report(catalogue: Catalogue, **texts: str) -> ReportData:
    base = sample_report(catalogue, "iachr", 2025)
    return replace(base, rows=(RowData(activities=(1,), **texts),))


def check_page_labels(path: Path) -> int:
    """Every page says "Page i of n" with the right i and n; returns n."""
    total = len(PdfReader(path).pages)
    pages = pdf_text(path).split("\f")[:-1]
    assert len(pages) == total
    for number in (1, total):
        assert (str(number), str(total)) in PAGE_LABEL.findall(pages[number - 1])
    assert all(PAGE_LABEL.search(page) for page in pages)
    return total


def test_hostile_texts_give_a_pdf_with_warnings(tmp_path: Path, catalogue: Catalogue):
    report = sample_report(catalogue, "iachr", 2025, hostile=True)
    path = tmp_path / "hostile.pdf"
    result = write_submission_pdf(report, catalogue, path)
    assert check_page_labels(path) == result.pages
    text = pdf_text(path)
    document = words(text)
    for hostile in HOSTILE_TEXTS:
        if hostile.isascii():
            assert appears_in_order(words(hostile), document), hostile
    assert "São Paulo, Québec y Bogotá" in text
    assert "Ωμέγα" in text and "Привет" in text
    emoji = [w for w in result.warnings if "U+1F30E" in w]
    assert len(emoji) == 1
    assert "EARTH GLOBE AMERICAS" in emoji[0]
    assert "Activity 3: Activities developed/executed" in emoji[0]
    assert any("Right-to-left" in w for w in result.warnings)
    assert "\ufffd" in text  # the emoji is printed as the replacement sign, not dropped


def test_markup_is_text_and_nothing_is_fetched(tmp_path: Path, catalogue: Catalogue):
    markup = '<img src="http://127.0.0.1:9/x.png"/> <b>not bold</b> &amp; </para> <font size=40>'
    report = one_row_report(catalogue, executed=markup, programmed="a < b & c > d")
    path = tmp_path / "markup.pdf"
    result = write_submission_pdf(report, catalogue, path)
    assert result.warnings == []
    text = pdf_text(path)
    assert '<img src="http://127.0.0.1:9/x.png"/>' in text
    assert appears_in_order(words(markup), words(text))
    assert "a < b & c > d" in text


def test_a_cell_of_20000_characters_continues_over_pages(tmp_path: Path, catalogue: Catalogue):
    huge = long_text(20_000, seed=7)
    report = one_row_report(catalogue, executed=huge, programmed="Short.")
    path = tmp_path / "long.pdf"
    result = write_submission_pdf(report, catalogue, path)
    assert result.pages >= 6
    assert check_page_labels(path) == result.pages
    text = pdf_text(path)
    assert appears_in_order(words(huge), words(text))
    assert text.count("(continued)") >= 4
    assert text.count("Activities developed/executed") >= 5  # the header row on every page


def test_every_field_at_20000_characters(tmp_path: Path, catalogue: Catalogue):
    texts = {
        name: long_text(20_000, seed=index)
        for index, name in enumerate(("programmed", "executed", "planned_next", "financing_text"))
    }
    report = replace(one_row_report(catalogue, **texts), background=long_text(20_000, 9))
    path = tmp_path / "all-long.pdf"
    result = write_submission_pdf(report, catalogue, path)
    check_page_labels(path)
    document = words(pdf_text(path))
    for text in texts.values():
        assert appears_in_order(words(text), document)
    assert result.warnings == []


def test_control_characters_surrogates_and_endless_words(tmp_path: Path, catalogue: Catalogue):
    endless = "x" * 6000
    url = "https://example.org/" + "segment/" * 300
    report = one_row_report(
        catalogue,
        programmed="nul\x00bell\x07 esc\x1b del\x7f vt\x0bff\x0c end",
        executed=f"{endless} then {url}",
        planned_next="lone \ud800 surrogate and \U0010ffff private",
        financing_text="zero\u200dwidth soft\u00adhyphen e\u0301",
    )
    path = tmp_path / "odd.pdf"
    result = write_submission_pdf(report, catalogue, path)
    text = pdf_text(path)
    squeezed = "".join(text.split())
    # Cut across lines (and pages, where the page's header comes between): nothing lost.
    assert sum(len(run) for run in re.findall("x{20,}", squeezed)) == len(endless)
    assert "https://example.org/segment/segment/" in squeezed
    assert squeezed.count("segment/") >= 290
    assert "nulbell" in text and "zerowidth" in text and "softhyphen" in text
    assert "é" in text  # e + combining acute composed into one glyph
    assert any("U+D800" in w for w in result.warnings)
    assert any("U+10FFFF" in w for w in result.warnings)
    check_page_labels(path)


def test_an_empty_report_is_a_valid_document(tmp_path: Path, catalogue: Catalogue):
    report = replace(sample_report(catalogue), rows=(), background="", conclusions="")
    path = tmp_path / "empty.pdf"
    result = write_submission_pdf(report, catalogue, path)
    assert result.pages <= 2
    text = pdf_text(path)
    assert text.count("Not filled in.") == 2
    assert "This report has no activity rows." in text


def test_the_font_is_embedded_and_no_other_is_used(tmp_path: Path, catalogue: Catalogue):
    path = tmp_path / "fonts.pdf"
    write_submission_pdf(sample_report(catalogue, hostile=True), catalogue, path)
    rows = fonts(path)
    assert {row["name"].split("+", 1)[1] for row in rows} >= {
        "DejaVuSansCondensed",
        "DejaVuSansCondensed-Bold",
        "DejaVuSansCondensed-Oblique",
    }
    assert all(row["emb"] == "yes" and row["uni"] == "yes" for row in rows), rows
