"""The typesetting engine: text preparation, line breaking, table splitting, progress."""

from __future__ import annotations

import io
import threading
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.core.financing import format_amount
from app.core.progress import CancelledError, Progress
from app.exchange.pdf.blocks import (
    Column,
    Heading,
    KeyValues,
    Paragraphs,
    Row,
    Spacer,
    Table,
    Text,
)
from app.exchange.pdf.document import DocumentSetup, build_pdf, work_units
from app.exchange.pdf.fonts import BOLD, REGULAR, REPLACEMENT, face
from app.exchange.pdf.sanitize import TextPreparer
from app.exchange.pdf.submission import write_submission_pdf
from app.exchange.pdf.textlayout import BULLET, layout, parse_text, text_width
from tests.exchange.pdf_text import PAGE_LABEL, appears_in_order, pdf_text, words
from tests.helpers.factories import long_text, sample_report

SIZE = 9.0


def line_texts(text: str, width: float) -> list[str]:
    lines = layout(parse_text(text, size=SIZE, gap=5.0), width, SIZE)
    return [" ".join(fragment[2] for fragment in fragments) for _gap, fragments in lines]


# --- text preparation ------------------------------------------------------------------------


def test_line_endings_tabs_and_invisible_characters():
    prepare = TextPreparer().prepare
    regular = face(REGULAR)
    assert prepare("a\r\nb\rc\u2028d", regular) == "a\nb\nc\nd"
    assert prepare("\tx", regular) == "    x"
    assert prepare("zero\u200dwidth\ufe0f soft\u00adhyphen\x00\x07", regular) == (
        "zerowidth softhyphen"
    )
    assert prepare("e\u0301", regular) == "é"


def test_missing_characters_are_replaced_and_reported_once_per_character():
    preparer = TextPreparer()
    regular = face(REGULAR)
    assert preparer.prepare("globe 🌎 and 🌎", regular, "Background") == (
        f"globe {REPLACEMENT} and {REPLACEMENT}"
    )
    preparer.prepare("🌎 again, and a compass 🧭", regular, "Conclusions")
    preparer.prepare("🌎", regular, "Background")
    globe, compass = preparer.warnings()  # in code point order
    assert "U+1F30E EARTH GLOBE AMERICAS" in globe
    assert "Background; Conclusions" in globe
    assert "U+1F9ED COMPASS" in compass and "Background" not in compass
    assert preparer.missing_characters.count("🌎") == 1


def test_accents_greek_and_cyrillic_are_drawable():
    text = "ñ á é í ó ú ü ç ã õ â ê ô à è ù ë ï œ æ « » — Ωμέγα Привет"
    preparer = TextPreparer()
    assert preparer.prepare(text, face(REGULAR)) == text
    assert preparer.prepare(text, face(BOLD)) == text
    assert preparer.warnings() == []


def test_right_to_left_text_is_kept_and_reported():
    preparer = TextPreparer()
    arabic = "مهاجرون وحقوق الإنسان"
    assert preparer.prepare(arabic, face(REGULAR), "Activity 5: Type of financing") == arabic
    (warning,) = preparer.warnings()
    assert "Activity 5: Type of financing" in warning


# --- line breaking ----------------------------------------------------------------------------


def test_lines_fit_the_width_and_keep_every_word():
    text = long_text(5000, seed=3)
    width = 150.0
    lines = layout(parse_text(text, size=SIZE, gap=5.0), width, SIZE)
    for _gap, fragments in lines:
        for x, font, piece in fragments:
            assert x + text_width(piece.rstrip(), font, SIZE) <= width + 0.01
    printed = [w for _gap, fragments in lines for f in fragments for w in f[2].split()]
    assert printed == text.split()


def test_typed_line_breaks_and_blank_lines_are_kept():
    lines = layout(parse_text("one\ntwo\n\n\nthree", size=SIZE, gap=5.0), 300.0, SIZE)
    assert [fragments[0][2] for _gap, fragments in lines] == ["one", "two", "three"]
    assert [gap for gap, _fragments in lines] == [0.0, 0.0, 5.0]


def test_list_items_hang_after_their_marker():
    text = "- first item " + "word " * 40 + "\n2. second\n  - nested"
    lines = layout(parse_text(text, size=SIZE, gap=5.0), 200.0, SIZE)
    first, continuation = lines[0][1], lines[1][1]
    assert first[0][2] == BULLET
    assert continuation[0][0] == first[1][0]  # wrapped lines start where the text starts
    numbered = next(fragments for _gap, fragments in lines if fragments[0][2] == "2.")
    nested = lines[-1][1]
    assert nested[0][0] > numbered[0][0]  # indented by its leading spaces


def test_a_word_longer_than_the_line_is_cut():
    texts = line_texts("see https://example.org/" + "a" * 400 + " end", 120.0)
    assert texts[0] == "see"
    assert "".join(texts[1:-1]).startswith("https://example.org/aaa")
    assert all(text_width(t, REGULAR, SIZE) <= 120.0 + 0.01 for t in texts)


# --- tables and pages -------------------------------------------------------------------------


def build(blocks: list, paper: str = "a4", **setup: str) -> tuple[bytes, int, list[str]]:
    stream = io.BytesIO()
    result = build_pdf(DocumentSetup(paper=paper, **setup), blocks, stream)
    return stream.getvalue(), result.pages, result.warnings


def test_a_row_taller_than_several_pages_is_split_by_lines(tmp_path: Path):
    huge = long_text(30_000, seed=11)
    table = Table(
        columns=(Column("Number", 1), Column("Text", 3)),
        rows=[
            Row(((Text("1", typed=False),), (Text("short"),))),
            Row(((Text("2", typed=False),), (Text(huge),)), continued=(Text("2 (cont.)"),)),
            Row(((Text("3", typed=False),), (Text("after"),))),
        ],
    )
    data, pages, _ = build([table])
    path = tmp_path / "split.pdf"
    path.write_bytes(data)
    assert pages >= 4
    text = pdf_text(path)
    assert appears_in_order(words(huge), words(text))
    assert text.count("2 (cont.)") == pages - 1
    per_page = text.split("\f")[:-1]
    assert all(page.count("Number") == 1 for page in per_page)  # header row on every page
    assert per_page[-1].rstrip().endswith("after") or "after" in per_page[-1]


def test_short_rows_are_not_split_across_pages(tmp_path: Path):
    rows = [
        Row(
            (
                (Text(f"row{index}", typed=False),),
                (Text(f"start{index} " + "body " * 60 + f"end{index}"),),
            )
        )
        for index in range(40)
    ]
    data, pages, _ = build([Table(columns=(Column("A", 1), Column("B", 2)), rows=rows)])
    path = tmp_path / "rows.pdf"
    path.write_bytes(data)
    assert pages > 1
    for page in pdf_text(path).split("\f")[:-1]:
        for index in range(40):
            assert (f"start{index}" in page) == (f"end{index}" in page)
            assert "(continued)" not in page


def test_page_label_template_with_the_total_first_falls_back(tmp_path: Path):
    data, pages, _ = build(
        [Paragraphs((Text(long_text(9000, 2)),))], page_label="{pages} pages, this is {page}"
    )
    path = tmp_path / "label.pdf"
    path.write_bytes(data)
    last = pdf_text(path).split("\f")[-2]
    assert (str(pages), str(pages)) in PAGE_LABEL.findall(last)


def test_key_values_headings_and_document_language(tmp_path: Path):
    data, _pages, _ = build(
        [Heading("Title", 0), KeyValues((("Label", "value\nsecond line"),))],
        title="T",
        language="es",
    )
    path = tmp_path / "kv.pdf"
    path.write_bytes(data)
    assert appears_in_order(["Title", "Label", "value", "second", "line"], words(pdf_text(path)))
    assert b"/Lang (es)" in data


def test_progress_counts_rows_and_cancelling_leaves_no_file(tmp_path: Path, catalogue):
    report = sample_report(catalogue, "iachr", 2025, max_length=600)
    seen: list[tuple[int, int]] = []
    progress = Progress(on_change=lambda done, total, _message: seen.append((done, total)))
    write_submission_pdf(report, catalogue, tmp_path / "ok.pdf", progress=progress)
    total = seen[-1][1]
    assert total >= len(report.rows) + 1
    assert seen[-1][0] == total

    cancel = threading.Event()

    def cancel_half_way(done: int, total: int, _message: str) -> None:
        if done >= total // 2:
            cancel.set()

    target = tmp_path / "cancelled.pdf"
    with pytest.raises(CancelledError):
        write_submission_pdf(
            report,
            catalogue,
            target,
            progress=Progress(on_change=cancel_half_way, cancel_event=cancel),
        )
    assert list(tmp_path.iterdir()) == [tmp_path / "ok.pdf"]


def test_a_failed_export_keeps_the_previous_file(tmp_path: Path, catalogue):
    target = tmp_path / "report.pdf"
    target.write_bytes(b"previous")
    with pytest.raises(ValueError, match="paper"):
        write_submission_pdf(sample_report(catalogue), catalogue, target, paper="a3")
    assert target.read_bytes() == b"previous"
    assert list(tmp_path.iterdir()) == [target]


def test_work_units_count_rows():
    table = Table(columns=(Column("A", 1),), rows=[Row(((Text("x"),),))] * 5)
    pairs = KeyValues((("a", "1"), ("b", "2")))
    assert work_units([Heading("h"), table, pairs, Spacer(3)]) == 1 + 1 + 5 + 2


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "1,234,567.50"),
        ("es", "1,234,567.50"),
        ("pt", "1.234.567,50"),
        ("fr", "1\u202f234\u202f567,50"),
    ],
)
def test_amounts_follow_the_report_language(language: str, expected: str):
    from decimal import Decimal

    assert format_amount(Decimal("1234567.5"), language) == expected


def test_pages_are_valid_pdf_for_a_second_reader(tmp_path: Path, catalogue):
    path = tmp_path / "report.pdf"
    result = write_submission_pdf(sample_report(catalogue, hostile=True), catalogue, path)
    reader = PdfReader(path)
    assert len(reader.pages) == result.pages
    assert "Page 1 of" in reader.pages[0].extract_text()
