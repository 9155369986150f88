"""A blank template, filled by a script as a person fills it in a spreadsheet, imports cleanly."""

from __future__ import annotations

from decimal import Decimal

from openpyxl import load_workbook

from app.cli import main
from app.core.catalogue import default_catalogue
from app.core.report import FinancingLine, FocalPoint
from app.exchange.xlsx.layout import SubmissionKind
from app.exchange.xlsx.reader import read_submission
from app.services.workspace import open_workspace
from app.storage import report_store
from tests.exchange.xlsx_helpers import english  # noqa: F401

CATALOGUE = default_catalogue()


def test_template_filled_in_a_spreadsheet_imports_cleanly(capsys, tmp_path):
    db = tmp_path / "secretariat.sqlite3"
    template = tmp_path / "iom-2025-template.xlsx"
    assert (
        main(
            [
                "--db",
                str(db),
                "template",
                "--implementer",
                "iom",
                "--year",
                "2025",
                "-o",
                str(template),
            ]
        )
        == 0
    )
    assigned = CATALOGUE.assigned_activities("iom")

    workbook = load_workbook(template)
    sheet = workbook["Report"]
    sheet["D2"] = "Ana Pérez"
    sheet["D3"] = "Oficial de migración"
    sheet["B4"] = "IOM Regional Office, San José"
    sheet["D4"] = "aperez@example.org"
    sheet["D5"] = "+506 2222 0000"
    for offset, number in enumerate(assigned):
        row = 8 + offset
        sheet[f"B{row}"] = f"Programmed for activity {number}.\nSecond line, with “quotes”."
        sheet[f"C{row}"] = f"  Executed {number}: workshops in Guatemala — 120 officials.  "
        sheet[f"D{row}"] = "+34 600 000 000 is a telephone number, not a sum"
        sheet[f"E{row}"] = "Regular budget"
    sheet["F8"] = "OAS Regular Fund"  # the label the drop-down offers
    sheet["H8"] = 15000
    sheet["I8"] = "USD"
    # A second financing line for the first activity: a row inserted below, first column empty.
    sheet.insert_rows(9)
    sheet["F9"] = "In kind"
    sheet["G9"] = "UNHCR"
    sheet["H9"] = 2500.5
    sheet["I9"] = "usd "
    narrative = workbook["Narrative"]
    narrative["B3"] = "Background written by hand.\n\nSecond paragraph."
    narrative["B4"] = "Conclusions."
    filled = tmp_path / "iom-2025-filled.xlsx"
    workbook.save(filled)

    read = read_submission(filled, CATALOGUE)
    assert read.errors == [], [str(p) for p in read.errors]
    assert read.kind is SubmissionKind.TEMPLATE

    assert main(["--db", str(db), "import", str(filled)]) == 0
    out = capsys.readouterr().out
    assert "Imported as a new report." in out
    workspace = open_workspace(db)
    try:
        with workspace.db.reading() as session:
            record = report_store.find_report(session, "iom", 2025)
            report = report_store.report_to_data(record, CATALOGUE.version)
    finally:
        workspace.close()
    assert report.focal_point == FocalPoint(
        name="Ana Pérez",
        title="Oficial de migración",
        institution="IOM Regional Office, San José",
        email="aperez@example.org",
        phone="+506 2222 0000",
    )
    assert report.background == "Background written by hand.\n\nSecond paragraph."
    assert report.conclusions == "Conclusions."
    assert [row.activities for row in report.rows] == [(n,) for n in assigned]
    first = report.rows[0]
    assert (
        first.programmed == f"Programmed for activity {assigned[0]}.\nSecond line, with “quotes”."
    )
    assert first.executed == f"  Executed {assigned[0]}: workshops in Guatemala — 120 officials.  "
    assert first.planned_next == "+34 600 000 000 is a telephone number, not a sum"
    assert first.financing == (
        FinancingLine("oas-regular-fund", "", Decimal(15000), "USD"),
        FinancingLine("in-kind", "UNHCR", Decimal("2500.5"), "USD"),
    )
    assert all(row.financing == () for row in report.rows[1:])
    assert report.exported is not None  # when the filler saved it
    assert report.status == "draft" and report.language == "en"


def test_rows_a_person_deletes_or_adds(tmp_path):
    """Activities left out are not reported; an activity added by number gets its row."""
    from app.services.xlsx_exchange import write_template

    db = tmp_path / "f.sqlite3"
    workspace = open_workspace(db)
    try:
        template = write_template(workspace, "ohchr", 2025, tmp_path / "t.xlsx")
    finally:
        workspace.close()
    workbook = load_workbook(template)
    sheet = workbook["Report"]
    first_number = CATALOGUE.assigned_activities("ohchr")[0]
    sheet.delete_rows(9)
    last = sheet.max_row + 1
    sheet[f"A{last}"] = "57"  # typed as a number by a person
    sheet[f"C{last}"] = "Something for activity 57."
    sheet["C8"] = "Text where the resolution's wording was also edited."
    sheet["A8"] = f"{first_number}\n(our own summary of the activity)"
    filled = tmp_path / "filled.xlsx"
    workbook.save(filled)
    read = read_submission(filled, CATALOGUE)
    assert read.errors == [], [str(p) for p in read.errors]
    numbers = [row.activities for row in read.report.rows]
    assigned = CATALOGUE.assigned_activities("ohchr")
    assert numbers == [(assigned[0],), *[(n,) for n in assigned[2:]], (57,)]
    assert read.report.rows[-1].executed == "Something for activity 57."
