"""The commands end to end: export, template, import (dry run, replace), validate, on real files."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.cli import main
from app.core.catalogue import default_catalogue
from app.services.workspace import open_workspace
from app.storage import report_store
from tests.exchange.xlsx_helpers import english  # noqa: F401
from tests.helpers.factories import sample_report

CATALOGUE = default_catalogue()


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def store(db: Path, report) -> None:
    workspace = open_workspace(db)
    try:
        with workspace.db.session() as session:
            report_store.create_report(session, report)
    finally:
        workspace.close()


def load(db: Path, implementer: str, year: int):
    workspace = open_workspace(db)
    try:
        with workspace.db.reading() as session:
            record = report_store.find_report(session, implementer, year)
            if record is None:
                return None, None
            return report_store.report_to_data(record, CATALOGUE.version), record.imported_from
    finally:
        workspace.close()


def reports_json(capsys, db: Path) -> list[dict]:
    code, out, _ = run(capsys, "--db", str(db), "reports", "--json")
    assert code == 0
    return json.loads(out)


def test_export_then_import_into_another_database_is_exact(capsys, tmp_path):
    sender, secretariat = tmp_path / "focal-point.sqlite3", tmp_path / "secretariat.sqlite3"
    original = sample_report(CATALOGUE, "iom", hostile=True)
    store(sender, original)
    workbook = tmp_path / "iom-2025.xlsx"
    code, out, err = run(
        capsys, "--db", str(sender), "export", "--implementer", "iom", "--year", "2025",
        "--xlsx", str(workbook),
    )  # fmt: skip
    assert (code, err) == (0, "") and str(workbook) in out
    code, out, err = run(capsys, "--db", str(secretariat), "import", str(workbook))
    assert code == 0, err
    assert "New: the 2025 report of International Organization for Migration (IOM), 13 rows." in out
    assert "Imported as a new report." in out
    imported, source = load(secretariat, "iom", 2025)
    assert source == str(workbook)
    sent, _ = load(sender, "iom", 2025)
    for field in ("uuid", "focal_point", "background", "conclusions", "status", "language"):
        assert getattr(imported, field) == getattr(sent, field)
    assert imported.rows == sent.rows
    assert imported.exported is not None
    # The same file again changes nothing.
    code, out, _ = run(capsys, "--db", str(secretariat), "import", str(workbook))
    assert code == 0 and "Unchanged" in out


def test_dry_run_changes_nothing_and_existing_reports_need_replace(capsys, tmp_path):
    db = tmp_path / "focal.sqlite3"
    first = sample_report(CATALOGUE, "cim", seed=1, min_length=20, max_length=80)
    store(db, first)
    changed = replace(
        first,
        background="A new background.",
        rows=(replace(first.rows[0], executed="Rewritten."), *first.rows[2:]),
    )
    workbook = tmp_path / "cim.xlsx"
    from app.exchange.xlsx.writer import write_submission

    write_submission(changed, CATALOGUE, workbook)

    before = reports_json(capsys, db)
    code, out, err = run(capsys, "--db", str(db), "import", "--dry-run", str(workbook))
    assert code == 1 and "could not be imported" in err
    assert "Dry run: nothing was changed." in out
    assert "Background: 900 → 17 characters" in out
    first_row, removed = first.rows[0].activities[0], first.rows[1].activities[0]
    assert f"Activity {first_row}, activities developed/executed: " in out
    assert f"Activity {removed}: the row is removed" in out
    assert "--replace" in out
    assert reports_json(capsys, db) == before

    code, out, err = run(capsys, "--db", str(db), "import", str(workbook))
    assert code == 1 and "1 of 1 files were not imported" in err
    assert reports_json(capsys, db) == before

    code, out, err = run(capsys, "--db", str(db), "import", "--dry-run", "--replace", str(workbook))
    assert code == 0 and "Replaces the 2025 report" in out
    assert reports_json(capsys, db) == before

    code, out, err = run(capsys, "--db", str(db), "import", "--replace", str(workbook))
    assert code == 0, err
    assert "the report in the database was replaced" in out
    stored, _ = load(db, "cim", 2025)
    assert stored.background == "A new background."
    assert [row.activities for row in stored.rows] == [row.activities for row in changed.rows]
    assert stored.rows == changed.rows
    (summary,) = reports_json(capsys, db)
    assert summary["rows_total"] == len(changed.rows)


def test_template_command_and_validate(capsys, tmp_path):
    db = tmp_path / "focal.sqlite3"
    template = tmp_path / "blank.xlsx"
    code, out, err = run(
        capsys, "--db", str(db), "template", "--implementer", "ohchr", "--year", "2026",
        "-o", str(template), "--language", "fr",
    )  # fmt: skip
    assert (code, err) == (0, "")
    sheet = load_workbook(template)["Report"]
    numbers = [sheet.cell(row=r, column=1).value.split("\n")[0] for r in range(8, 12)]
    assert numbers == [str(n) for n in CATALOGUE.assigned_activities("ohchr")]
    assert all(
        sheet.cell(row=r, column=c).value is None for r in range(8, 12) for c in range(2, 10)
    )
    code, out, err = run(capsys, "--db", str(db), "validate", str(template))
    assert code == 0 and "valid. New: the 2026 report" in out


def test_validate_reports_problems_and_exit_code(capsys, tmp_path):
    db = tmp_path / "focal.sqlite3"
    bad = tmp_path / "notes.xlsx"
    bad.write_text("not a workbook")
    code, out, err = run(
        capsys, "--db", str(db), "validate", str(bad), str(tmp_path / "missing.xlsx")
    )
    assert code == 1 and "2 of 2 files are not valid" in err
    assert "not an Excel workbook" in out and "cannot be read" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["export", "--implementer", "iom", "--year", "2025", "--xlsx", "x.xlsx"],
            "no 2025 report",
        ),
        (
            ["export", "--implementer", "nobody", "--year", "2025", "--xlsx", "x.xlsx"],
            "Unknown implementer",
        ),
        (["template", "--implementer", "iom", "--year", "1999", "-o", "x.xlsx"], "between 2005"),
        (
            ["template", "--implementer", "iom", "--year", "2025", "-o", "no/such/dir/x.xlsx"],
            "does not exist",
        ),
    ],
)
def test_errors_are_one_sentence(capsys, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    code, _out, err = run(capsys, "--db", str(tmp_path / "f.sqlite3"), *args)
    assert code == 1
    assert err.startswith("focal: ") and message in err and err.count("\n") == 1


def test_export_with_a_character_excel_cannot_hold_keeps_the_old_file(capsys, tmp_path):
    db = tmp_path / "focal.sqlite3"
    report = sample_report(CATALOGUE, "iin", min_length=10, max_length=30)
    report = report.with_rows(
        (replace(report.rows[0], executed="pasted\x0bfrom Word"), *report.rows[1:])
    )
    store(db, report)
    target = tmp_path / "iin.xlsx"
    target.write_bytes(b"the previous export")
    code, _out, err = run(
        capsys, "--db", str(db), "export", "--implementer", "iin", "--year", "2025",
        "--xlsx", str(target),
    )  # fmt: skip
    assert code == 1
    assert "Report, C8" in err and "U+000B" in err
    assert target.read_bytes() == b"the previous export"
