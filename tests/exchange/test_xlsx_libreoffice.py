"""Every kind of workbook Focal writes opens in LibreOffice, and the texts are all there.

LibreOffice is converted to in one call for all files (it takes a few seconds to start), with a
private profile so parallel runs do not clash.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from app.core.catalogue import default_catalogue
from app.core.report import FinancingLine, ReportData
from app.exchange.xlsx.reader import read_submission
from app.exchange.xlsx.writer import write_submission
from tests.conftest import require_tool
from tests.exchange.xlsx_helpers import english  # noqa: F401
from tests.helpers.factories import HOSTILE_TEXTS, long_text, sample_report
from tests.helpers.libreoffice import CSV_FILTER, convert, sheet_rows

CATALOGUE = default_catalogue()


def as_libreoffice_shows(text: str) -> str:
    """LibreOffice keeps every character but turns Windows line ends into \\n."""
    return text.replace("\r\n", "\n")


def rows_from_csv(rows: list[list[str]]) -> list[list[list[str]]]:
    """Table rows with their continuation rows: one list of cells per column."""
    blocks: list[list[list[str]]] = []
    for row in rows[7:]:
        cells = [*row, *[""] * 9][:9]
        if cells[0].strip():
            blocks.append([[cell] for cell in cells])
        elif any(cells) and blocks:
            for column, cell in enumerate(cells):
                blocks[-1][column].append(cell)
    return blocks


def check_report(folder: Path, stem: str, report: ReportData) -> None:
    blocks = rows_from_csv(sheet_rows(folder, stem, "Report"))
    assert len(blocks) == len(report.rows)
    for block, row in zip(blocks, report.rows, strict=True):
        assert block[0][0].split("\n")[0] == ",".join(str(n) for n in row.activities)
        for column, text in enumerate(row.texts(), start=1):
            assert "".join(block[column]) == as_libreoffice_shows(text)
        lines = [line for line in row.financing if not line.is_empty()]
        donors = block[6][: len(lines)]
        assert donors == [line.donor for line in lines]
        amounts = [cell.replace(",", "") for cell in block[7]][: len(lines)]
        assert [Decimal(a) if a else None for a in amounts] == [line.amount for line in lines]
    narrative = sheet_rows(folder, stem, "Narrative")
    texts = {"Background": "", "Conclusions": ""}
    current = ""
    for row in narrative[2:]:
        current = row[0] or current
        texts[current] += row[1] if len(row) > 1 else ""
    assert texts["Background"] == as_libreoffice_shows(report.background)
    assert texts["Conclusions"] == as_libreoffice_shows(report.conclusions)
    identity = {row[0]: row[2] for row in sheet_rows(folder, stem, "Identity")[3:] if row}
    assert identity["report_uuid"] == report.uuid
    assert identity["implementer_id"] == report.implementer_id


@pytest.mark.slow
def test_libreoffice_reads_every_kind_of_workbook(tmp_path):
    soffice = require_tool("soffice")
    hostile = sample_report(CATALOGUE, "iachr", hostile=True)
    realistic = sample_report(CATALOGUE, "iom", seed=11)
    long = sample_report(CATALOGUE, "cim", seed=3, min_length=10, max_length=40)
    rows = list(long.rows)
    rows[0] = replace(
        rows[0],
        executed=long_text(70_000, seed=4) + "\n" + "".join(HOSTILE_TEXTS),
        financing=(
            FinancingLine("oas-regular-fund", "", Decimal("10.50"), "USD"),
            FinancingLine("donor-bilateral", "Government of Canada", Decimal(250000), "CAD"),
        ),
    )
    long = replace(long, rows=tuple(rows), background=long_text(40_000, seed=8))
    files = {}
    for stem, report in (("hostile", hostile), ("realistic", realistic), ("long", long)):
        files[stem] = tmp_path / f"{stem}.xlsx"
        write_submission(report, CATALOGUE, files[stem])

    template = sample_report(CATALOGUE, "unhcr")
    template = replace(
        template,
        focal_point=replace(template.focal_point, name=""),
        rows=tuple(
            replace(r, programmed="", executed="", planned_next="", financing_text="", financing=())
            for r in template.rows
        ),
        background="",
        conclusions="",
    )
    files["template"] = tmp_path / "template.xlsx"
    write_submission(template, CATALOGUE, files["template"], template=True)

    out = tmp_path / "csv"
    convert(soffice, list(files.values()), CSV_FILTER, out, tmp_path / "profile")
    for stem, report in (("hostile", hostile), ("realistic", realistic), ("long", long)):
        check_report(out, stem, report)

    blank = sheet_rows(out, "template", "Report")
    assert blank[6][:5] == [
        "Activities stated in Resolution AG/RES. 2141 (XXXV-O/05)",
        "Activities programmed to be executed in 2025",
        "Activities developed/executed",
        "Activities programmed to be executed in 2026",
        "Type of financing",
    ]
    numbers = [row[0].split("\n")[0] for row in blank[7:] if row and row[0]]
    assert numbers == [str(n) for n in CATALOGUE.assigned_activities("unhcr")]
    assert all(not any(row[1:]) for row in blank[7:])
    instructions = "\n".join(row[0] for row in sheet_rows(out, "template", "Instructions") if row)
    assert "first column is empty" in instructions
    sources = [row[0] for row in sheet_rows(out, "template", "Lists")]
    assert "OAS Regular Fund" in sources


@pytest.mark.slow
def test_a_workbook_saved_again_by_libreoffice_imports(tmp_path):
    """What a focal point without Excel does: open the file in LibreOffice Calc and save it."""
    soffice = require_tool("soffice")
    report = sample_report(CATALOGUE, "iachr", hostile=True)
    # LibreOffice rewrites Windows line ends and literal Excel escapes; leave those out here.
    rows = tuple(
        replace(
            row,
            **{
                name: as_libreoffice_shows(getattr(row, name))
                for name in ("executed", "planned_next")
            },
        )
        for row in report.rows
    )
    report = replace(report, rows=rows)
    source = tmp_path / "focal.xlsx"
    write_submission(report, CATALOGUE, source)
    out = tmp_path / "saved"
    convert(soffice, [source], "xlsx", out, tmp_path / "profile")
    result = read_submission(out / "focal.xlsx", CATALOGUE)
    assert result.errors == [], [str(p) for p in result.errors]
    assert result.report.rows == report.rows
    assert result.report.focal_point == report.focal_point
    assert result.report.background == report.background
