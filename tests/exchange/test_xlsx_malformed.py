"""Malformed and hostile workbooks: each gives its own clear message, and nothing changes."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl.xml
import openpyxl.xml.functions
import pytest

from app.cli import main
from app.core.catalogue import default_catalogue
from app.exchange.xlsx.layout import Limits
from app.exchange.xlsx.reader import read_submission
from app.services.workspace import open_workspace
from app.storage import report_store
from tests.exchange.malformed_corpus import base_export, build_corpus
from tests.exchange.xlsx_helpers import english  # noqa: F401

CATALOGUE = default_catalogue()
CASES = [
    "formula", "control-character", "error-value", "number-for-text", "unknown-implementer",
    "wrong-year",
    "heading-year", "unknown-activity", "activity-twice", "activity-not-a-number",
    "missing-heading", "reordered-headings", "extra-sheet", "no-identity", "merged-cells",
    "continues-nothing", "unknown-source", "amount-not-number", "bad-currency", "outside-table",
    "title-label", "newer-format", "not-focal", "too-many-rows", "macros", "external-links",
    "zip-bomb", "suspicious-name", "xxe", "billion-laughs", "xxe-hidden", "laughs-hidden",
    "empty-file", "not-a-zip", "old-xls", "ods", "truncated",
]  # fmt: skip


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("malformed")
    return {case.name: (case, path) for case, path in build_corpus(folder, CATALOGUE)}


def test_the_corpus_is_complete(corpus):
    assert sorted(corpus) == sorted(CASES)


@pytest.mark.parametrize("name", CASES)
def test_each_malformed_workbook_names_file_sheet_and_cell(corpus, name):
    case, path = corpus[name]
    result = read_submission(path, CATALOGUE)
    assert not result.ok
    assert result.errors, "no error reported"
    matching = [
        problem
        for problem in result.errors
        if case.message in problem.message
        and problem.sheet == case.sheet
        and problem.cell == case.cell
    ]
    assert matching, [str(problem) for problem in result.errors]
    assert all(problem.file == path for problem in result.problems)
    where = ", ".join(part for part in (path.name, case.sheet, case.cell) if part)
    assert str(matching[0]).startswith(where + ": ")


def test_the_base_of_the_corpus_is_valid(tmp_path):
    result = read_submission(base_export(CATALOGUE, tmp_path / "base.xlsx"), CATALOGUE)
    assert result.ok and result.problems == []


def test_importing_the_corpus_changes_nothing_but_the_good_file(capsys, corpus, tmp_path):
    db = tmp_path / "focal.sqlite3"
    paths = [str(path) for _case, path in corpus.values()]
    good = corpus["formula"][1].with_name("base-copy.xlsx")
    code = main(["--db", str(db), "import", *paths, str(good)])
    out, err = capsys.readouterr()
    assert code == 1
    assert f"{len(CASES)} of {len(CASES) + 1} files were not imported" in err
    assert out.count("Refused:") == len(CASES)
    workspace = open_workspace(db)
    try:
        with workspace.db.reading() as session:
            assert report_store.report_count(session) == 1
            record = report_store.find_report(session, "iachr", 2025)
            assert record is not None and record.imported_from == str(good)
    finally:
        workspace.close()


def test_openpyxl_parses_with_defusedxml():
    """The hidden-DTD cases above rely on this: openpyxl's parser forbids entities."""
    assert openpyxl.xml.DEFUSEDXML
    assert openpyxl.xml.functions.iterparse.__module__.startswith("defusedxml")
    assert openpyxl.xml.functions.fromstring.__module__.startswith("defusedxml")


def test_limits_on_rows_and_columns_hold_while_reading(tmp_path):
    """Focal's own files declare no dimension: the row and column limits hold while streaming."""
    path = base_export(CATALOGUE, tmp_path / "base.xlsx")
    rows = read_submission(path, CATALOGUE, Limits(rows=9))
    assert any("more than 9 rows" in p.message and p.cell == "A10" for p in rows.errors)
    columns = read_submission(path, CATALOGUE, Limits(columns=5))
    assert any("beyond column 5" in p.message and p.cell == "F7" for p in columns.errors)


def test_limits_on_file_and_uncompressed_size(tmp_path):
    path = base_export(CATALOGUE, tmp_path / "base.xlsx")
    small = read_submission(path, CATALOGUE, Limits(file_bytes=1000))
    assert "Focal reads submission workbooks of at most" in small.errors[0].message
    size = read_submission(path, CATALOGUE, Limits(uncompressed_bytes=10_000))
    assert "once uncompressed" in size.errors[0].message
    parts = read_submission(path, CATALOGUE, Limits(entries=5))
    assert "parts" in parts.errors[0].message


def test_password_protected_or_encrypted_parts_are_refused(tmp_path):
    path = base_export(CATALOGUE, tmp_path / "base.xlsx")
    data = bytearray(path.read_bytes())
    # Set the "encrypted" flag of the first local header and of every central directory entry.
    data[6] |= 1
    offset = data.find(b"PK\x01\x02")
    while offset >= 0:
        data[offset + 8] |= 1
        offset = data.find(b"PK\x01\x02", offset + 4)
    encrypted = tmp_path / "encrypted.xlsx"
    encrypted.write_bytes(bytes(data))
    result = read_submission(encrypted, CATALOGUE)
    assert "encrypted" in result.errors[0].message


def test_binary_workbooks_are_refused(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Override PartName="/xl/workbook.bin" ContentType="application/'
            'vnd.ms-excel.sheet.binary.macroEnabled.main"/></Types>',
        )
        archive.writestr("xl/workbook.bin", b"\0")
    path = Path(tmp_path / "report.xlsb")
    path.write_bytes(buffer.getvalue())
    assert ".xlsb" in read_submission(path, CATALOGUE).errors[0].message
