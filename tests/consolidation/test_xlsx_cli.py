"""``focal consolidate --xlsx`` end to end: submission workbooks in, the annual workbook out."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from openpyxl import load_workbook

from app.cli import main
from app.core.catalogue import Catalogue
from app.exchange.xlsx.cells import decode_text
from app.exchange.xlsx.writer import write_submission
from app.services.workspace import open_workspace
from app.storage import report_store
from tests.helpers.factories import sample_report


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_folder_of_submissions_to_workbook(capsys, tmp_path: Path, catalogue: Catalogue) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    reports = {
        implementer: sample_report(catalogue, implementer, seed=index, max_length=300)
        for index, implementer in enumerate(("iachr", "mex", "iom"), start=1)
    }
    for implementer, report in reports.items():
        write_submission(report, catalogue, folder / f"{implementer}.xlsx")
    write_submission(sample_report(catalogue, "cim", 2024), catalogue, folder / "cim-2024.xlsx")
    out_file = tmp_path / "annual.xlsx"
    code, out, err = run(
        capsys, "--db", str(tmp_path / "focal.sqlite3"), "consolidate", "--year", "2025",
        str(folder), "--xlsx", str(out_file),
    )  # fmt: skip
    assert code == 0, err
    assert f"Wrote {out_file}" in out
    book = load_workbook(out_file)
    rows = list(book["Rows"].iter_rows(values_only=True))
    header, lines = rows[0], rows[1:]
    executed = header.index("Activities developed/executed")
    for implementer, report in reports.items():
        mine = [line for line in lines if line[1] == implementer]
        assert [decode_text(line[executed] or "") for line in mine] == [
            row.executed for row in report.rows
        ]
    annex = list(book["Submissions"].iter_rows(values_only=True))
    assert any(row[5] == "Rejected" and "2024" in (row[9] or "") for row in annex)


def test_a_text_the_workbook_cannot_hold_is_one_message(
    capsys, tmp_path: Path, catalogue: Catalogue
) -> None:
    db = tmp_path / "focal.sqlite3"
    report = sample_report(catalogue, "iom", min_length=20, max_length=100)
    rows = (replace(report.rows[0], executed="From Word\x0bnext line"), *report.rows[1:])
    workspace = open_workspace(db)
    try:
        with workspace.db.session() as session:
            report_store.create_report(session, report.with_rows(rows))
    finally:
        workspace.close()
    out_file = tmp_path / "annual.xlsx"
    code, _out, err = run(
        capsys, "--db", str(db), "consolidate", "--year", "2025", "--from-db",
        "--xlsx", str(out_file),
    )  # fmt: skip
    assert code == 1
    assert "Section C.1 (IOM)" in err and "U+000B" in err and "Traceback" not in err
    assert not out_file.exists()
