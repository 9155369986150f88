"""A corpus of broken and hostile workbooks, each with the problem import must report.

Every case starts from a real export of Focal (or from nothing) and breaks one thing, the way
a person in a spreadsheet program or an attacker would. ``build_corpus`` writes them into a
folder; the tests read each one and look for its message, sheet and cell.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook

from app.core.catalogue import Catalogue
from app.exchange.xlsx.writer import write_submission
from tests.helpers.factories import sample_report

# Rows of the Identity sheet (key in column A, value in C), as Focal writes it.
IDENTITY_ROW = {
    "format": 4,
    "kind": 5,
    "report_uuid": 6,
    "implementer_id": 7,
    "year": 9,
}


@dataclass(frozen=True)
class MalformedCase:
    name: str
    message: str  # a piece of the expected message (English)
    sheet: str | None = None
    cell: str | None = None


def base_export(catalogue: Catalogue, path: Path) -> Path:
    """A small but complete export: IACHR 2025, seven rows, one financing line each."""
    report = sample_report(catalogue, "iachr", 2025, seed=7, min_length=40, max_length=160)
    write_submission(report, catalogue, path)
    return path


def _edit(source: Path, target: Path, change: Callable[..., None]) -> None:
    workbook = load_workbook(source)
    change(workbook)
    workbook.save(target)


def _rewrite_zip(
    source: Path,
    target: Path,
    replace: dict[str, bytes] | None = None,
    add: dict[str, bytes] | None = None,
    compress: int = zipfile.ZIP_DEFLATED,
) -> None:
    replace = replace or {}
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", compress) as copy:
        for item in original.infolist():
            data = replace.get(item.filename, original.read(item.filename))
            copy.writestr(item.filename, data)
        for name, data in (add or {}).items():
            copy.writestr(name, data)


def _content_types_with(source: Path, extra: str) -> bytes:
    with zipfile.ZipFile(source) as archive:
        text = archive.read("[Content_Types].xml").decode()
    return text.replace("</Types>", extra + "</Types>").encode()


def _sheet_part(source: Path, name: str) -> str:
    workbook = load_workbook(source, read_only=True)
    try:
        return str(workbook[name]._worksheet_path)
    finally:
        workbook.close()


XXE = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
)
LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">'
    '<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>\n'
)


def _with_prologue(source: Path, target: Path, sheet: str, prologue: str, pad: int = 0) -> None:
    """The sheet's XML preceded by a DTD (after ``pad`` bytes of comment) and using it."""
    part = _sheet_part(source, sheet)
    with zipfile.ZipFile(source) as archive:
        xml = archive.read(part).decode()
    body = xml.split("?>", 1)[1] if xml.startswith("<?xml") else xml
    entity = "&xxe;" if "xxe" in prologue else "&lol4;"
    payload = f'<row r="999"><c r="B999" t="inlineStr"><is><t>{entity}</t></is></c></row>'
    body = body.replace("</sheetData>", payload + "</sheetData>", 1)
    head, doctype = prologue.split("\n", 1)
    padding = f"<!-- {'x' * pad} -->\n" if pad else ""
    _rewrite_zip(source, target, replace={part: (head + "\n" + padding + doctype + body).encode()})


def build_corpus(folder: Path, catalogue: Catalogue) -> list[tuple[MalformedCase, Path]]:
    """Write every malformed workbook into ``folder``; returns the cases with their files."""
    folder.mkdir(parents=True, exist_ok=True)
    base = base_export(catalogue, folder / "base.xlsx")
    cases: list[tuple[MalformedCase, Path]] = []

    def edited(case: MalformedCase, change: Callable[..., None]) -> None:
        target = folder / f"{case.name}.xlsx"
        _edit(base, target, change)
        cases.append((case, target))

    def report_cell(cell: str, value: object) -> Callable[..., None]:
        def change(workbook: object) -> None:
            workbook["Report"][cell] = value  # type: ignore[index]

        return change

    def identity_value(key: str, value: object) -> Callable[..., None]:
        def change(workbook: object) -> None:
            workbook["Identity"][f"C{IDENTITY_ROW[key]}"] = value  # type: ignore[index]

        return change

    edited(MalformedCase("formula", "formula", "Report", "C8"), report_cell("C8", "=1+1"))
    edited(
        MalformedCase("control-character", "character U+000B at position 7", "Report", "E9"),
        report_cell("E9", "pasted_x000B_from Word"),  # how Excel stores a vertical tab
    )
    edited(MalformedCase("error-value", "error value", "Report", "C9"), report_cell("C9", "#N/A"))
    edited(
        MalformedCase("number-for-text", "number (2025) where text is expected", "Report", "D8"),
        report_cell("D8", 2025),
    )
    edited(
        MalformedCase("unknown-implementer", "martians", "Identity", "C7"),
        identity_value("implementer_id", "martians"),
    )
    edited(
        MalformedCase("wrong-year", "is not the year in the Identity sheet", "Report", "B3"),
        identity_value("year", 2024),
    )
    edited(
        MalformedCase("heading-year", "names the year 2024", "Report", "B7"),
        report_cell("B7", "Activities programmed to be executed in 2024"),
    )
    edited(
        MalformedCase("unknown-activity", "no activity 999", "Report", "A8"),
        report_cell("A8", "999\nAn activity the resolution does not have"),
    )
    edited(
        MalformedCase("activity-twice", "already has a row above", "Report", "A9"),
        report_cell("A9", "1\nThe same activity again"),
    )
    edited(
        MalformedCase("activity-not-a-number", "must give the activity number", "Report", "A8"),
        report_cell("A8", "Activity one\nDevelop promotion actions"),
    )
    edited(MalformedCase("missing-heading", "is missing", "Report", "D7"), report_cell("D7", None))

    def swap_headings(workbook: object) -> None:
        sheet = workbook["Report"]  # type: ignore[index]
        sheet["B7"], sheet["C7"] = sheet["C7"].value, sheet["B7"].value

    edited(
        MalformedCase("reordered-headings", "heading of another column", "Report", "B7"),
        swap_headings,
    )

    def extra_sheet(workbook: object) -> None:
        workbook.create_sheet("Notes")["A1"] = "my notes"  # type: ignore[attr-defined]

    edited(MalformedCase("extra-sheet", "sheet Focal does not know", "Notes"), extra_sheet)

    def no_identity(workbook: object) -> None:
        del workbook["Identity"]  # type: ignore[attr-defined]

    edited(MalformedCase("no-identity", "has no sheet “Identity”"), no_identity)

    def merged(workbook: object) -> None:
        workbook["Report"].merge_cells("B8:C8")  # type: ignore[index]

    edited(MalformedCase("merged-cells", "merged", "Report", "B8"), merged)
    edited(
        MalformedCase("continues-nothing", "continues nothing", "Report", "A8"),
        report_cell("A8", None),
    )
    edited(
        MalformedCase("unknown-source", "not a source of financing", "Report", "F8"),
        report_cell("F8", "Lottery winnings"),
    )
    edited(
        MalformedCase("amount-not-number", "amount must be a number", "Report", "H8"),
        report_cell("H8", "lots"),
    )
    edited(
        MalformedCase("bad-currency", "three-letter currency code", "Report", "I8"),
        report_cell("I8", "dollars"),
    )
    edited(
        MalformedCase("outside-table", "outside the table", "Report", "J8"),
        report_cell("J8", "a note in the margin"),
    )
    edited(
        MalformedCase("title-label", "Expected the label “Reporting year”", "Report", "A3"),
        report_cell("A3", "Year of the report"),
    )
    edited(
        MalformedCase("newer-format", "newer Focal", "Identity", "C4"),
        identity_value("format", "focal-submission/9"),
    )
    edited(
        MalformedCase("not-focal", "not a Focal submission workbook", "Identity", "C4"),
        identity_value("format", "something-else/1"),
    )

    def many_rows(workbook: object) -> None:
        sheet = workbook["Narrative"]  # type: ignore[index]
        for row in range(10, 10_020):
            sheet.cell(row=row, column=2, value="x")

    edited(MalformedCase("too-many-rows", "rows", "Narrative"), many_rows)

    def zipped(case: MalformedCase, **changes: object) -> None:
        target = folder / f"{case.name}.xlsx"
        _rewrite_zip(base, target, **changes)  # type: ignore[arg-type]
        cases.append((case, target))

    macro_type = (
        '<Override PartName="/xl/vbaProject.bin" '
        'ContentType="application/vnd.ms-office.vbaProject"/>'
    )
    zipped(
        MalformedCase("macros", "macros"),
        replace={"[Content_Types].xml": _content_types_with(base, macro_type)},
        add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 not really VBA"},
    )
    link_type = (
        '<Override PartName="/xl/externalLinks/externalLink1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"/>'
    )
    zipped(
        MalformedCase("external-links", "external links"),
        replace={"[Content_Types].xml": _content_types_with(base, link_type)},
        add={
            "xl/externalLinks/externalLink1.xml": b'<externalLink xmlns="http://schemas.'
            b'openxmlformats.org/spreadsheetml/2006/main"/>'
        },
    )
    zipped(
        MalformedCase("zip-bomb", "zip bomb"),
        add={"xl/media/padding.xml": b"\0" * (40 * 1024 * 1024)},
    )
    zipped(MalformedCase("suspicious-name", "suspicious name"), add={"../../evil.xml": b"<x/>"})

    for name, prologue, pad, message in (
        ("xxe", XXE, 0, "document type or entities"),
        ("billion-laughs", LAUGHS, 0, "document type or entities"),
        ("xxe-hidden", XXE, 8000, "declares XML entities"),
        ("laughs-hidden", LAUGHS, 8000, "declares XML entities"),
    ):
        target = folder / f"{name}.xlsx"
        _with_prologue(base, target, "Report", prologue, pad)
        cases.append((MalformedCase(name, message), target))

    def raw(case: MalformedCase, data: bytes) -> None:
        target = folder / f"{case.name}.xlsx"
        target.write_bytes(data)
        cases.append((case, target))

    raw(MalformedCase("empty-file", "The file is empty"), b"")
    raw(
        MalformedCase("not-a-zip", "not an Excel workbook"),
        b"Dear secretariat, here is our report.",
    )
    raw(
        MalformedCase("old-xls", "old-format Excel file"),
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512,
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    raw(MalformedCase("ods", "OpenDocument spreadsheet"), buffer.getvalue())
    raw(MalformedCase("truncated", "damaged"), base.read_bytes()[:3000])
    shutil.copy(base, folder / "base-copy.xlsx")
    return cases
