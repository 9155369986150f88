"""The annual report workbook, written from a dozen submissions and read back with openpyxl.

The expectations (which submission wins, what is reported, which objectives are served) are
computed here from the submissions themselves, not taken from the ConsolidatedReport, so a
writer that re-decided or re-numbered anything would fail.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from app.core.catalogue import Catalogue, default_catalogue, format_activity_numbers
from app.core.consolidation import (
    ConsolidatedReport,
    Decision,
    SourceCheck,
    Submission,
    consolidate,
)
from app.core.i18n import translator
from app.core.problems import Problem
from app.core.report import FinancingLine, ReportData, RowData
from app.exchange.xlsx.cells import decode_text
from app.exchange.xlsx.consolidated import write_consolidated_xlsx
from app.exchange.xlsx.consolidated_layout import (
    COMPLETENESS_COLUMNS,
    FINANCING_COLUMNS,
    ROWS_COLUMNS,
)
from tests.helpers.factories import long_text, sample_report

YEAR = 2025
HEADINGS = (
    "Activities stated in Resolution AG/RES. 2141 (XXXV-O/05)",
    "Activities programmed to be executed in 2025",
    "Activities developed/executed",
    "Activities programmed to be executed in 2026",
    "Type of financing",
)
IMPLEMENTERS = ("iachr", "cim", "iin", "arg", "mex", "rcm", "iom", "ilo", "unhcr", "iihr", "cso")
LONG = 40_000


def _submission(catalogue: Catalogue, implementer: str, index: int, **changes: Any) -> Submission:
    report = sample_report(
        catalogue,
        implementer,
        changes.pop("year", YEAR),
        seed=index + 1,
        min_length=20,
        max_length=400,
        hostile=implementer == "arg",
    )
    exported = datetime(2026, 1, 10, 9, 30, tzinfo=UTC) + timedelta(days=index)
    report = replace(report, exported=exported, **changes)
    return Submission(report, f"/in/{implementer}-{YEAR}.xlsx")


def _mexico(report: ReportData) -> ReportData:
    """A 40,000-character text, an empty row, an activity left out, one not assigned to it."""
    rows = list(report.rows)
    rows[0] = replace(rows[0], executed=long_text(LONG, seed=7) + "\r\nlast line _x000D_ kept")
    rows[1] = RowData(activities=rows[1].activities)
    del rows[2]
    rows.append(
        RowData(
            activities=(1, 2),
            executed="Joint seminar with the IACHR",
            financing=(
                FinancingLine("national-budget", "", Decimal("1234.56"), "MXN"),
                FinancingLine("donor-bilateral", "Spain", Decimal("12345678901234567.5"), "EUR"),
            ),
        )
    )
    return report.with_rows(tuple(rows))


def offered(catalogue: Catalogue) -> tuple[list[Submission], list[SourceCheck]]:
    """Eleven implementers, a superseded IOM, a CIM report for the wrong year, a broken file."""
    submissions = []
    for index, implementer in enumerate(IMPLEMENTERS):
        submission = _submission(catalogue, implementer, index)
        if implementer == "mex":
            submission = Submission(_mexico(submission.report), submission.source)
        submissions.append(submission)
    old_iom = _submission(catalogue, "iom", 40)
    old_iom = Submission(
        replace(old_iom.report, exported=datetime(2025, 12, 1, tzinfo=UTC)), "/in/iom-old.xlsx"
    )
    wrong_year = _submission(catalogue, "cim", 41, year=YEAR - 1)
    wrong_year = Submission(wrong_year.report, "/in/cim-2024.xlsx")
    broken = SourceCheck(
        "/in/broken.xlsx",
        Decision.REJECTED,
        problems=(Problem("The file could not be read: bad zip", Path("/in/broken.xlsx")),),
    )
    return [*submissions, old_iom, wrong_year], [broken]


def build_report(catalogue: Catalogue) -> tuple[ConsolidatedReport, list[Submission]]:
    submissions, rejected = offered(catalogue)
    report = consolidate(
        submissions,
        catalogue,
        YEAR,
        translator("en"),
        background=long_text(3000, seed=3),
        conclusion="Conclusion\r\nwith a Windows line end",
        rejected=rejected,
    )
    return report, submissions


def chosen(submissions: list[Submission]) -> dict[str, ReportData]:
    """The newest submission of the year per implementer, worked out independently."""
    newest: dict[str, Submission] = {}
    for submission in submissions:
        report = submission.report
        if report.year != YEAR:
            continue
        current = newest.get(report.implementer_id)
        if current is None or (report.exported or datetime.min) > (
            current.report.exported or datetime.min
        ):
            newest[report.implementer_id] = submission
    return {key: submission.report for key, submission in newest.items()}


def has_content(row: RowData) -> bool:
    return any(text.strip() for text in row.texts()) or any(
        not line.is_empty() for line in row.financing
    )


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ConsolidatedReport, list]:
    catalogue = default_catalogue()
    report, submissions = build_report(catalogue)
    path = tmp_path_factory.mktemp("consolidated") / "annual-2025.xlsx"
    write_consolidated_xlsx(report, path)
    return path, report, submissions


@pytest.fixture(scope="module")
def book(written: tuple[Path, ConsolidatedReport, list]) -> Any:
    return load_workbook(written[0])


def values(sheet: Worksheet) -> list[list[Any]]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def table_lines(sheet: Worksheet) -> tuple[list[str], list[dict[str, Any]]]:
    rows = values(sheet)
    header = [str(cell) for cell in rows[0]]
    return header, [dict(zip(header, row, strict=True)) for row in rows[1:]]


def test_sheets_in_order(book: Any) -> None:
    assert book.sheetnames == [
        "Report",
        "Rows",
        "Financing",
        "Submissions",
        "Not reporting",
        "Completeness",
        "Objectives",
    ]


def test_every_text_is_in_the_rows_sheet_exactly_once(book: Any, written: Any) -> None:
    _path, _report, submissions = written
    expected = chosen(submissions)
    header, lines = table_lines(book["Rows"])
    text_columns = header[8:12]
    assert text_columns == list(HEADINGS[1:])
    parts: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for line in lines:
        parts[(line["Implementer ID"], line["Activities"])].append(line)
    assert len(parts) == sum(len(report.rows) for report in expected.values())
    long_parts = 0
    for implementer, report in expected.items():
        for row in report.rows:
            found = parts[(implementer, format_activity_numbers(row.activities))]
            assert [line["Part"] for line in found] == list(range(1, len(found) + 1))
            assert found[0]["First activity"] == row.activities[0]
            for column, text in zip(text_columns, row.texts(), strict=True):
                joined = "".join(decode_text(line[column] or "") for line in found)
                assert joined == text
            # Continuation lines repeat the keys and carry nothing else but text.
            for line in found[1:]:
                assert line["Section"] == found[0]["Section"]
                assert line["Implementer"] == found[0]["Implementer"]
                assert line["Source"] is None and line["Financing lines"] is None
            long_parts += len(found) > 1
    assert long_parts == 1  # the 40,000 characters, which no cell holds


def test_rows_sheet_keys_and_types(book: Any, written: Any) -> None:
    _path, report, submissions = written
    expected = chosen(submissions)
    _header, lines = table_lines(book["Rows"])
    first = [line for line in lines if line["Part"] == 1]
    for line in first:
        submission = expected[line["Implementer ID"]]
        assert line["Exported (UTC)"] == submission.exported.astimezone(UTC).replace(tzinfo=None)
        assert line["Focal point"] == submission.focal_point.name
        assert line["Group ID"] == report.catalogue.implementer(line["Implementer ID"]).group
    mexico = [line for line in first if line["Implementer ID"] == "mex"]
    joint = next(line for line in mexico if line["Activities"] == "1, 2")
    assert joint["Sources of financing"] == "national-budget; donor-bilateral"
    assert joint["Financing lines"] == 2
    assert joint["Row status"] == "In progress"


def test_flat_sheets_are_tables_without_merged_cells(book: Any) -> None:
    for name, columns, table_name in (
        ("Rows", ROWS_COLUMNS, "ReportRows"),
        ("Financing", FINANCING_COLUMNS, "FinancingLines"),
    ):
        sheet = book[name]
        assert not sheet.merged_cells.ranges
        table = sheet.tables[table_name]
        header = [cell.value for cell in sheet[1]]
        assert [column.name for column in table.tableColumns] == header
        assert len(header) == len(columns)
        assert table.ref == f"A1:{sheet.cell(1, len(columns)).column_letter}{sheet.max_row}"


def test_financing_sheet_lists_every_line(book: Any, written: Any) -> None:
    _path, _report, submissions = written
    expected = chosen(submissions)
    _header, lines = table_lines(book["Financing"])
    wanted = [
        (implementer, format_activity_numbers(row.activities), line)
        for implementer, report in expected.items()
        for row in report.rows
        for line in row.financing
        if not line.is_empty()
    ]
    assert len(lines) == len(wanted)
    found = {(line["Implementer ID"], line["Activities"], line["Line"]): line for line in lines}
    numbered: dict[tuple[str, str], int] = defaultdict(int)
    for implementer, numbers, line in wanted:
        numbered[(implementer, numbers)] += 1
        cell = found[(implementer, numbers, numbered[(implementer, numbers)])]
        assert cell["Source code"] == line.source
        assert Decimal(str(cell["Amount"])) == line.amount
        assert cell["Currency"] == line.currency
    spain = found[("mex", "1, 2", 2)]
    assert spain["Amount"] == "12345678901234567.5"  # more digits than Excel keeps: text
    assert spain["Donor"] == "Spain"


def _report_sections(sheet: Worksheet) -> list[str]:
    found = []
    for value, *_rest in sheet.iter_rows(values_only=True):
        if isinstance(value, str) and re.match(r"^[A-D]\.\d+  ", value):
            found.append(value.split()[0])
    return found


def test_section_numbers_agree_across_sheets(book: Any, written: Any) -> None:
    _path, report, _submissions = written
    numbers = [section.number for section in report.sections()]
    assert len(numbers) == len(set(numbers)) == len(IMPLEMENTERS)
    assert _report_sections(book["Report"]) == numbers
    _header, rows = table_lines(book["Rows"])
    assert list(dict.fromkeys(line["Section"] for line in rows)) == numbers
    annex = values(book["Submissions"])
    listed = [
        row[0] for row in annex if isinstance(row[0], str) and re.match(r"^[A-D]\.\d+$", row[0])
    ]
    assert listed == numbers
    matrix = values(book["Completeness"])
    start = next(i for i, row in enumerate(matrix) if row[0] == "Section") + 1
    assert [row[0] for row in matrix[start : start + len(numbers)]] == numbers
    # Each section names its implementer the same way everywhere.
    names = {line["Section"]: line["Implementer"] for line in rows}
    for row in matrix[start : start + len(numbers)]:
        assert names[row[0]] == row[1]


def test_part_letters_follow_the_groups(book: Any, written: Any) -> None:
    _path, report, _submissions = written
    letters = {"oas": "A", "member-states": "B", "multilateral": "C", "other": "D"}
    for section in report.sections():
        assert section.number[0] == letters[section.implementer.group]
    headings = [row[0] for row in values(book["Report"]) if isinstance(row[0], str)]
    assert [h for h in headings if re.match(r"^[A-D]\. ", h)] == [
        "A. Organs, agencies, and entities of the OAS",
        "B. OAS member states",
        "C. Multilateral organizations",
        "D. Other implementers",
    ]
    order = ["I. Background", "II. Program objectives", "III. Annual activities report"]
    order.append("IV. Conclusion")
    assert [h for h in headings if h in order] == order


def test_every_table_has_the_five_headings_with_the_real_years(book: Any, written: Any) -> None:
    _path, report, _submissions = written
    rows = values(book["Report"])
    headers = [row[:5] for row in rows if row[0] == HEADINGS[0]]
    assert len(headers) == len(report.sections())
    for header in headers:
        assert tuple(header) == HEADINGS
    for row in rows:
        for cell in row:
            if isinstance(cell, str) and cell.startswith("Activities programmed"):
                assert set(re.findall(r"\b\d{4}\b", cell)) <= {"2025", "2026"}


def test_report_sheet_tables_hold_the_texts_exactly(book: Any, written: Any) -> None:
    """Continuation rows of the Report sheet join back to each text (columns B to D)."""
    _path, report, _submissions = written
    rows = values(book["Report"])
    blocks: list[list[list[str]]] = []
    in_table = False
    for row in rows:
        first = row[0]
        if first == HEADINGS[0]:
            in_table = True
            continue
        if not in_table:
            continue
        if all(cell is None for cell in row[:5]):
            in_table = False  # the blank row after a section's table
            continue
        if first is not None:
            blocks.append([[cell or ""] for cell in row[1:4]])
        else:
            for column, cell in enumerate(row[1:4]):
                blocks[-1][column].append(cell or "")
    expected = [row for section in report.sections() for row in section.report.rows]
    assert len(blocks) == len(expected)
    for block, row in zip(blocks, expected, strict=True):
        for pieces, text in zip(
            block, (row.programmed, row.executed, row.planned_next), strict=True
        ):
            assert decode_text("".join(pieces)) == text


def test_completeness_matrix_and_totals(book: Any, written: Any) -> None:
    _path, report, submissions = written
    catalogue = report.catalogue
    expected = chosen(submissions)
    matrix = values(book["Completeness"])
    head_index = next(i for i, row in enumerate(matrix) if row[0] == "Section")
    header = matrix[head_index]
    fixed = len(COMPLETENESS_COLUMNS)
    activities = [cell for cell in header[fixed:] if cell is not None]
    assert all(isinstance(number, int) for number in activities)
    by_name = {catalogue.implementer(i).name: i for i in expected}
    lines = matrix[head_index + 1 : head_index + 1 + len(expected)]
    wanted_columns: set[int] = set()
    totals = defaultdict(int)
    for line in lines:
        implementer = by_name[line[1]]
        assigned = set(catalogue.assigned_activities(implementer))
        covered: dict[int, str] = {}
        for row in expected[implementer].rows:
            for number in row.activities:
                covered[number] = "R" if has_content(row) else "E"
        wanted_columns |= assigned | set(covered)
        marks = dict(zip(activities, line[fixed:], strict=False))
        for number in activities:
            if number in covered:
                want = covered[number] + ("" if number in assigned else "*")
            else:
                want = "–" if number in assigned else None
            assert marks[number] == want, (implementer, number)
        reported = sum(1 for n in assigned if covered.get(n) == "R")
        empty = sum(1 for n in assigned if covered.get(n) == "E")
        extra = sum(1 for n in covered if n not in assigned)
        assert line[2:8] == [
            len(assigned),
            reported,
            empty,
            len(assigned) - reported - empty,
            pytest.approx(reported / len(assigned)),
            extra,
        ]
        for key, value in zip(
            ("a", "r", "e", "n", "x"),
            (len(assigned), reported, empty, len(assigned) - reported - empty, extra),
            strict=True,
        ):
            totals[key] += value
    assert sorted(wanted_columns) == activities
    total = matrix[head_index + 1 + len(expected)]
    assert total[0] == "Total"
    assert total[2:6] == [totals["a"], totals["r"], totals["e"], totals["n"]]
    assert total[7] == totals["x"]
    mexico = next(line for line in lines if by_name[line[1]] == "mex")
    assert "–" in mexico and "E" in mexico and "R*" in mexico


def test_completeness_colours_follow_the_marks(book: Any) -> None:
    sheet = book["Completeness"]
    formulas = {rule.formula[0] for entry in sheet.conditional_formatting for rule in entry.rules}
    assert {'"R"', '"E"', '"–"', '"R*"', '"E*"'} <= formulas


def test_objective_coverage_and_chart(book: Any, written: Any) -> None:
    _path, report, submissions = written
    catalogue = report.catalogue
    expected = chosen(submissions)
    section_of = {s.implementer.id: s.number for s in report.sections()}
    sheet = book["Objectives"]
    rows = values(sheet)
    head = next(i for i, row in enumerate(rows) if row[0] == "Objective")
    lines = rows[head + 1 : head + 1 + len(catalogue.specific_objectives())]
    for objective, line in zip(catalogue.specific_objectives(), lines, strict=True):
        serving = {a.number for a in catalogue.activities if objective.number in a.objectives}
        reporters = defaultdict(set)
        for implementer, submission in expected.items():
            for row in submission.rows:
                if has_content(row):
                    for number in set(row.activities) & serving:
                        reporters[number].add(section_of[implementer])
        sections = set().union(*reporters.values()) if reporters else set()
        assert line[0] == objective.number
        assert line[2] == format_activity_numbers(serving)
        assert (line[3] or "") == format_activity_numbers(reporters)
        assert set(filter(None, (line[4] or "").split(", "))) == sections
        assert line[5:8] == [len(serving), len(reporters), len(sections)]
    (chart,) = sheet._charts
    assert len(chart.series) == 2
    for series, column in zip(chart.series, (5, 6), strict=True):
        reference = series.val.numRef.f
        found = re.fullmatch(r"'?Objectives'?!\$([A-Z])\$(\d+):\$([A-Z])\$(\d+)", reference)
        assert found is not None, reference
        first, last = int(found.group(2)), int(found.group(4))
        assert [rows[r - 1][column] for r in range(first, last + 1)] == [
            line[column] for line in lines
        ]


def test_submissions_annex_says_what_was_left_out_and_why(book: Any, written: Any) -> None:
    _path, report, _submissions = written
    rows = values(book["Submissions"])
    by_source = {row[8]: row for row in rows if isinstance(row[8], str)}
    iom = next(s for s in report.sections() if s.implementer.id == "iom")
    old = by_source["/in/iom-old.xlsx"]
    assert old[5] == "Superseded"
    assert iom.number in old[9] and iom.source in old[9]
    wrong = by_source["/in/cim-2024.xlsx"]
    assert wrong[5] == "Rejected" and "2024, not for 2025" in wrong[9]
    broken = by_source["/in/broken.xlsx"]
    assert "bad zip" in broken[9] and "broken.xlsx" in broken[9]
    assert broken[4] is None  # no date known
    mexico = by_source["/in/mex-2025.xlsx"]
    submission = next(s.report for s in report.sections() if s.implementer.id == "mex")
    assert mexico[6:8] == [submission.rows_filled(), len(submission.rows)]
    assert mexico[4] == datetime(2026, 1, 14, 9, 30)


def test_not_reporting_annex_lists_the_others(book: Any, written: Any) -> None:
    _path, report, submissions = written
    catalogue = report.catalogue
    reporting = set(chosen(submissions))
    wanted = {
        i.id
        for i in catalogue.implementers
        if i.id not in reporting and catalogue.assigned_activities(i.id)
    }
    rows = values(book["Not reporting"])
    listed = {row[1] for row in rows if isinstance(row[1], str) and row[1] != "Implementer ID"}
    assert listed == wanted


def test_document_properties_and_print_setup(book: Any) -> None:
    assert book.properties.title.startswith("Annual report 2025")
    assert book.properties.creator.startswith("Focal ")
    for sheet in book.worksheets:
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert "&P" in sheet.oddFooter.right.text
    assert book["Rows"].freeze_panes == "B2"
    assert book["Rows"].print_title_rows.replace("$", "") == "1:1"


def test_spanish_headings_and_sheet_names(tmp_path: Path, catalogue: Catalogue) -> None:
    report, _submissions = build_report(catalogue)
    path = tmp_path / "es.xlsx"
    write_consolidated_xlsx(report, path, language="es")
    book = load_workbook(path)
    tr = translator("es")
    assert book.sheetnames[0] == tr("Report")[:31]
    rows = values(book.worksheets[0])
    wanted = tr("Activities programmed to be executed in {year}").format(year=2026)
    assert any(row[3] == wanted for row in rows)
