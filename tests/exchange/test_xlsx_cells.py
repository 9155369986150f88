"""Text <-> cell exactness: the escapes, the splitting of long texts, and what cannot be stored."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from app.exchange.xlsx import rows
from app.exchange.xlsx.cells import (
    cell_cost,
    decode_text,
    encode_text,
    illegal_character,
    split_text,
    utf16_length,
)
from app.exchange.xlsx.fit import MAX_LINES, estimate_lines, split_for_display
from app.exchange.xlsx.layout import CELL_LIMIT
from app.exchange.xlsx.rows import new_sheet, text_cell, value_cell
from app.exchange.xlsx.sheets import read_shared_strings
from app.exchange.xlsx.styles import CellStyles
from tests.exchange.xlsx_helpers import EDITOR_CHARACTERS, TEXT, XML_ILLEGAL, english  # noqa: F401

ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=200)


@given(ANY_TEXT)
def test_decode_undoes_encode_for_any_text(text):
    assert decode_text(encode_text(text)) == text


@given(TEXT)
def test_encoded_text_has_no_carriage_return_and_only_escapes_it_made(text):
    stored = encode_text(text)
    assert "\r" not in stored
    assert decode_text(stored) == text


def test_escapes_follow_excel():
    assert encode_text("a\r\nb") == "a_x000D_\nb"
    assert encode_text("_x000D_") == "_x005F_x000D_"
    assert encode_text("_x1234\r") == "_x005F_x1234_x000D_"
    assert encode_text("no escape _x12_ here") == "no escape _x12_ here"
    # What Excel itself writes decodes to the characters it stands for.
    assert decode_text("Line_x000D_\nnext _x005F_x0041_") == "Line\r\nnext _x0041_"


@given(
    st.lists(
        st.text(EDITOR_CHARACTERS, max_size=8) | st.sampled_from(["\r", "\n", "_x0041_", " "]),
        max_size=80,
    ).map("".join)
)
@settings(max_examples=200)
def test_split_text_is_lossless_and_fits(text):
    pieces = split_text(text, limit=40)
    assert "".join(pieces) == text
    assert all(piece and cell_cost(piece) <= 40 for piece in pieces)


def test_split_text_prefers_line_then_word_boundaries():
    text = ("word " * 30 + "\n") * 3
    pieces = split_text(text, limit=200)
    assert "".join(pieces) == text
    assert all(piece.endswith("\n") for piece in pieces[:-1])
    words = "word " * 100
    assert all(piece.endswith(" ") for piece in split_text(words, limit=64)[:-1])


def test_excel_limit_counts_utf16_units_and_escapes():
    assert utf16_length("a😀") == 3
    assert cell_cost("😀" * 10) == 20
    assert cell_cost("\r" * 10) == 70  # each carriage return is stored as _x000D_
    emoji = "😀" * (CELL_LIMIT // 2 + 10)
    pieces = split_text(emoji)
    assert "".join(pieces) == emoji and len(pieces) == 2
    assert all(utf16_length(p) <= CELL_LIMIT for p in pieces)


@given(
    st.lists(
        st.text(EDITOR_CHARACTERS, max_size=90) | st.sampled_from(["\n", "\n\n", " "]), max_size=120
    ).map("".join)
)
@settings(max_examples=150)
def test_display_pieces_join_back_and_each_shows_whole(text):
    pieces = split_for_display(text, 40)
    assert "".join(pieces) == text
    assert all(piece for piece in pieces)
    for piece in pieces:
        assert cell_cost(piece) <= CELL_LIMIT
        if " " in piece.strip() or "\n" in piece:
            assert estimate_lines(piece, 40) <= MAX_LINES + 1


@given(st.sampled_from(XML_ILLEGAL), TEXT, TEXT)
def test_illegal_characters_are_found_with_their_position(char, before, after):
    found = illegal_character(before + char + after)
    assert found is not None
    assert found[0] <= len(before)
    assert illegal_character(before + after) is None


def test_lone_surrogates_are_illegal():
    assert illegal_character("ok \ud800 no") == (3, "\ud800")


VALUES = ["=SUM(A1:A2)", "#N/A", "   ", "\n", " lead", "trail ", "+1", "-2", "@a", "\tx", "a<&>b"]


@pytest.mark.parametrize("fast", [True, False])
def test_text_cells_never_become_formulas_and_keep_blanks(tmp_path: Path, monkeypatch, fast):
    """The raw XML: string cells, no <f>, xml:space="preserve" on texts with white space at an end.

    Both ways of writing rows (Focal's own, and openpyxl's cells as when it writes with lxml).
    """
    monkeypatch.setattr(rows, "FAST_ROWS", fast)
    workbook = Workbook(write_only=True)
    sheet = new_sheet(workbook, "S")
    styles = CellStyles(sheet)
    sheet.append([text_cell(value, styles.get("text")) for value in VALUES])
    sheet.append([value_cell(1234.5), value_cell(7), text_cell(None, styles.get("text")), None])
    path = tmp_path / "cells.xlsx"
    workbook.save(path)
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml
    assert xml.count('t="inlineStr"') == len(VALUES)
    assert xml.count('xml:space="preserve"') == 5  # blanks, leading or trailing white space
    reread = load_workbook(path)
    values = [cell.value for cell in reread["S"][1]]
    assert [decode_text(v) for v in values] == VALUES
    assert [cell.data_type for cell in reread["S"][1]] == ["s"] * len(VALUES)
    assert [c.value for c in reread["S"][2][:2]] == [1234.5, 7]
    assert reread["S"]["C2"].has_style and reread["S"]["C2"].number_format == "@"
    assert reread["S"]["A1"].alignment.wrap_text


def test_both_ways_of_writing_rows_give_the_same_workbook(tmp_path: Path, monkeypatch):
    from app.core.catalogue import default_catalogue
    from app.exchange.xlsx.reader import read_submission
    from app.exchange.xlsx.writer import write_submission
    from tests.helpers.factories import sample_report

    catalogue = default_catalogue()
    report = sample_report(catalogue, "iachr", hostile=True)
    write_submission(report, catalogue, tmp_path / "fast.xlsx")
    monkeypatch.setattr(rows, "FAST_ROWS", False)
    write_submission(report, catalogue, tmp_path / "plain.xlsx")
    fast, plain = (load_workbook(tmp_path / f"{n}.xlsx") for n in ("fast", "plain"))

    def values(sheet):
        return [
            [c.value for c in row] for row in sheet.iter_rows() if row[0].value != "exported_at"
        ]

    for name in fast.sheetnames:
        a, b = fast[name], plain[name]
        assert values(a) == values(b)
        assert [[c.style_id for c in row] for row in a.iter_rows()] == [
            [c.style_id for c in row] for row in b.iter_rows()
        ]
        assert {k: d.height for k, d in a.row_dimensions.items()} == {
            k: d.height for k, d in b.row_dimensions.items()
        }
    assert (
        replace(read_submission(tmp_path / "plain.xlsx", catalogue).report, exported=None) == report
    )


def test_shared_strings_are_read_without_change():
    """openpyxl's own reader deletes "x005F_"; Focal's keeps the stored text for decode_text."""
    xml = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<si><t>plain</t></si>"
        b'<si><r><t>a</t></r><r><rPr><b/></rPr><t xml:space="preserve"> b </t></r>'
        b'<rPh sb="0" eb="1"><t>phonetic</t></rPh></si>'
        b"<si><t>x005F_ kept _x005F_x0041_ and _x000D_</t></si></sst>"
    )
    strings = read_shared_strings(io.BytesIO(xml))
    assert strings == ["plain", "a b ", "x005F_ kept _x005F_x0041_ and _x000D_"]
    assert decode_text(strings[2]) == "x005F_ kept _x0041_ and \r"
