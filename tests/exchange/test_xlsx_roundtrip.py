"""Export then read back gives every character of every field, for any text the editor accepts."""

from __future__ import annotations

import random
import tempfile
import uuid
import zipfile
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from app.core import i18n
from app.core.catalogue import default_catalogue
from app.core.financing import COMMON_CURRENCIES, FINANCING_SOURCES
from app.core.i18n import Translator
from app.core.problems import FileProblemError
from app.core.progress import CancelledError, Progress
from app.core.report import FinancingLine, FocalPoint, ReportData, ReportStatus, RowData
from app.exchange.xlsx.layout import CELL_LIMIT, REPORT_SHEET, label_variants
from app.exchange.xlsx.reader import read_submission
from app.exchange.xlsx.writer import write_submission
from tests.exchange.xlsx_helpers import EDITOR_CHARACTERS, TEXT, XML_ILLEGAL, english  # noqa: F401
from tests.helpers.factories import long_text, sample_report

CATALOGUE = default_catalogue()

AMOUNTS = st.one_of(
    st.none(),
    st.decimals(
        min_value=Decimal("-999999999999.99"),
        max_value=Decimal("999999999999.99"),
        places=2,
        allow_nan=False,
        allow_infinity=False,
    ),
    st.sampled_from([Decimal("12345678901234.56"), Decimal("0.10"), Decimal(0)]),
)
LINES = st.builds(
    FinancingLine,
    source=st.one_of(st.none(), st.sampled_from([s.code for s in FINANCING_SOURCES])),
    donor=TEXT,
    amount=AMOUNTS,
    currency=st.one_of(st.just(""), st.sampled_from(COMMON_CURRENCIES)),
).filter(lambda line: not line.is_empty())


@st.composite
def reports(draw: st.DrawFn) -> ReportData:
    implementer = draw(st.sampled_from(["iachr", "iom", "cso"]))
    assigned = list(CATALOGUE.assigned_activities(implementer))
    chosen = draw(st.lists(st.sampled_from(range(1, 101)), max_size=6, unique=True)) or assigned
    groups: list[tuple[int, ...]] = []
    numbers = sorted(chosen)
    while numbers:
        size = draw(st.integers(1, 3))
        groups.append(tuple(numbers[:size]))
        numbers = numbers[size:]
    rows = tuple(
        RowData(
            activities=group,
            programmed=draw(TEXT),
            executed=draw(TEXT),
            planned_next=draw(TEXT),
            financing_text=draw(TEXT),
            financing=tuple(draw(st.lists(LINES, max_size=3))),
        )
        for group in groups
    )
    return ReportData(
        uuid=str(uuid.UUID(int=draw(st.integers(0, 2**128 - 1)))),
        implementer_id=implementer,
        implementer_name=CATALOGUE.implementer(implementer).name,
        year=draw(st.integers(2005, 2099)),
        catalogue_id=CATALOGUE.id,
        catalogue_version=CATALOGUE.version,
        status=draw(st.sampled_from(list(ReportStatus))),
        language=draw(st.sampled_from(["en", "es", "fr", "pt"])),
        focal_point=FocalPoint(
            name=draw(TEXT),
            title=draw(TEXT),
            institution=draw(TEXT),
            email=draw(TEXT),
            phone=draw(TEXT),
        ),
        background=draw(TEXT),
        conclusions=draw(TEXT),
        rows=rows,
    )


def round_trip(report: ReportData, folder: Path, **options: object) -> ReportData:
    path = folder / "report.xlsx"
    write_submission(report, CATALOGUE, path, **options)  # type: ignore[arg-type]
    result = read_submission(path, CATALOGUE)
    assert result.errors == [], [str(p) for p in result.errors]
    assert result.report is not None
    return result.report


def same(expected: ReportData, got: ReportData) -> None:
    """Field by field first, for a readable failure; then the whole."""
    for mine, theirs in zip(expected.rows, got.rows, strict=True):
        assert theirs == mine
    assert replace(got, exported=None) == replace(expected, exported=None)


@given(reports())
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_report_comes_back_exactly(report):
    with tempfile.TemporaryDirectory() as folder:
        got = round_trip(report, Path(folder), language=report.language)
    same(report, got)
    assert got.exported is not None


@pytest.mark.parametrize("language", ["en", "es", "fr", "pt"])
def test_hostile_texts_in_every_language(tmp_path, language):
    report = sample_report(CATALOGUE, "iom", hostile=True)
    report = replace(report, language=language)
    same(report, round_trip(report, tmp_path, language=language))


def test_texts_longer_than_a_cell_continue_and_join_exactly(tmp_path):
    rng = random.Random(5)
    # Astral characters count twice for Excel, \r\n and escapes grow when stored: all at the edges.
    alphabet = "ab \n😀\r_x0041_é"
    huge = "".join(rng.choice(alphabet) for _ in range(3 * CELL_LIMIT + 17))
    paragraph = long_text(CELL_LIMIT + 5000, seed=2).replace("\n", " ")  # no line break to cut at
    report = sample_report(CATALOGUE, "cim", seed=3)
    rows = list(report.rows)
    rows[0] = replace(rows[0], executed=huge, programmed=paragraph, financing_text=" " * 40000)
    rows[1] = replace(
        rows[1],
        financing=(
            FinancingLine("oas-regular-fund", "", Decimal("1.50"), "USD"),
            FinancingLine("donor-bilateral", "Government of Canada", Decimal(250000), "CAD"),
            FinancingLine(None, "in kind from IOM", None, ""),
        ),
    )
    report = replace(report, rows=tuple(rows), background=huge[::-1], conclusions=paragraph)
    got = round_trip(report, tmp_path)
    same(report, got)


def test_grouped_rows_and_rows_outside_the_assignment(tmp_path):
    report = sample_report(CATALOGUE, "iachr", seed=9, min_length=10, max_length=50)
    rows = (
        replace(report.rows[0], activities=(1, 2, 3, 4)),
        RowData(activities=(57,), executed="Not assigned to the IACHR, reported anyway."),
    )
    report = replace(report, rows=rows)
    same(report, round_trip(report, tmp_path))


def test_identity_and_title_block_are_filled(tmp_path):
    report = sample_report(CATALOGUE, "iachr")
    path = tmp_path / "r.xlsx"
    write_submission(report, CATALOGUE, path)
    result = read_submission(path, CATALOGUE)
    assert result.kind == "export"
    assert result.report is not None
    assert result.report.implementer_name == report.implementer_name
    workbook = load_workbook(path)
    sheet = workbook[REPORT_SHEET]
    assert sheet["B2"].value == report.implementer_name
    assert sheet["B3"].value == 2025
    assert sheet["D2"].value == report.focal_point.name
    assert sheet["B7"].value == "Activities programmed to be executed in 2025"
    assert sheet["D7"].value == "Activities programmed to be executed in 2026"
    assert sheet["A7"].value == "Activities stated in Resolution AG/RES. 2141 (XXXV-O/05)"
    assert sheet["A8"].value.startswith("1\nCarry out activities")
    assert sheet.freeze_panes == "B8"
    assert sheet.print_title_rows == "$7:$7"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert "&P" in sheet.oddFooter.right.text and "&N" in sheet.oddFooter.right.text
    assert workbook.sheetnames == ["Report", "Narrative", "Instructions", "Identity", "Lists"]
    assert workbook["Lists"].sheet_state == "hidden"
    assert workbook["Identity"].protection.sheet
    validations = {str(v.sqref).split(":")[0]: v for v in sheet.data_validations.dataValidation}
    assert validations["F8"].type == "list" and validations["I8"].type == "list"
    assert workbook.properties.title == f"{report.implementer_name}: annual report 2025"
    assert workbook.properties.creator.startswith("Focal")


SPANISH = Translator(
    "es",
    {
        "Activities stated in Resolution {resolution}": "Actividades enunciadas en la resolución "
        "{resolution}",
        "Activities programmed to be executed in {year}": "Actividades programadas para {year}",
        "Activities developed/executed": "Actividades desarrolladas/ejecutadas",
        "Type of financing": "Tipo de financiamiento",
        "Reporting year": "Año del informe",
        "Focal point": "Punto focal",
        "Background": "Antecedentes",
        "Source of financing": "Fuente de financiamiento",
        "OAS Regular Fund": "Fondo Regular de la OEA",
    },
)


def test_headings_labels_and_sources_are_read_in_any_language(tmp_path, monkeypatch, request):
    real = i18n.translator

    def fake(language: str) -> Translator:
        return SPANISH if language == "es" else real(language)

    for module in ("app.exchange.xlsx.writer", "app.exchange.xlsx.layout", "app.core.financing"):
        monkeypatch.setattr(f"{module}.translator", fake)
    label_variants.cache_clear()
    request.addfinalizer(label_variants.cache_clear)
    report = sample_report(CATALOGUE, "iachr", min_length=5, max_length=30)
    path = tmp_path / "es.xlsx"
    write_submission(report, CATALOGUE, path, language="es")
    sheet = load_workbook(path)["Report"]
    assert sheet["B7"].value == "Actividades programadas para 2025"
    assert sheet["A3"].value == "Año del informe"
    assert sheet["F8"].value == "Fondo Regular de la OEA"
    result = read_submission(path, CATALOGUE)
    assert result.errors == []
    same(report, result.report)


@pytest.mark.parametrize("char", [*XML_ILLEGAL[:3], "\x0b", "\x1f", "\ufffe", "\ud800"])
@pytest.mark.parametrize(
    ("field", "sheet", "cell"),
    [
        ("executed", "Report", "C8"),
        ("donor", "Report", "G8"),
        ("focal_point.name", "Report", "D2"),
        ("background", "Narrative", "B3"),
    ],
)
def test_characters_xlsx_cannot_hold_are_reported_and_the_old_file_stays(
    tmp_path, char, field, sheet, cell
):
    report = sample_report(CATALOGUE, "iachr", min_length=5, max_length=30)
    path = tmp_path / "r.xlsx"
    write_submission(report, CATALOGUE, path)
    before = path.read_bytes()
    bad = f"before{char}after"
    if field == "executed":
        report = report.with_rows((replace(report.rows[0], executed=bad), *report.rows[1:]))
    elif field == "donor":
        line = replace(report.rows[0].financing[0], donor=bad)
        report = report.with_rows((replace(report.rows[0], financing=(line,)), *report.rows[1:]))
    elif field == "focal_point.name":
        report = replace(report, focal_point=replace(report.focal_point, name=bad))
    else:
        report = replace(report, background=bad)
    with pytest.raises(FileProblemError) as raised:
        write_submission(report, CATALOGUE, path)
    (problem,) = raised.value.problems
    assert (problem.sheet, problem.cell) == (sheet, cell)
    assert f"U+{ord(char):04X}" in problem.message and "position 7" in problem.message
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["r.xlsx"]  # no temporary file left


@given(st.text(EDITOR_CHARACTERS, max_size=10), st.sampled_from(XML_ILLEGAL))
@settings(max_examples=25, deadline=None)
def test_any_illegal_character_in_a_row_text_is_reported(text, char):
    report = sample_report(CATALOGUE, "paho", min_length=5, max_length=10)
    report = report.with_rows((replace(report.rows[0], planned_next=text + char), *report.rows[1:]))
    with tempfile.TemporaryDirectory() as folder, pytest.raises(FileProblemError) as raised:
        write_submission(report, CATALOGUE, Path(folder) / "x.xlsx")
    assert raised.value.problems[0].cell == "D8"


def test_cancelling_leaves_no_file(tmp_path):
    report = sample_report(CATALOGUE, "mex", min_length=10, max_length=20)
    steps: list[int] = []
    progress = Progress(on_change=lambda done, total, message: steps.append(done))
    path = tmp_path / "r.xlsx"
    original = progress.step

    def step(message: str = "", amount: int = 1) -> None:
        if progress.done == 5:
            progress.cancel()
        original(message, amount)

    progress.step = step  # type: ignore[method-assign]
    with pytest.raises(CancelledError):
        write_submission(report, CATALOGUE, path, progress=progress)
    assert list(tmp_path.iterdir()) == []
    assert steps[:3] == [0, 1, 2]


def test_progress_counts_rows(tmp_path):
    seen: list[tuple[int, int]] = []
    report = sample_report(CATALOGUE, "iom", min_length=10, max_length=20)
    write_submission(
        report,
        CATALOGUE,
        tmp_path / "r.xlsx",
        progress=Progress(on_change=lambda done, total, message: seen.append((done, total))),
    )
    assert seen[-1][0] == seen[-1][1] == len(report.rows) + 2


def test_continuation_rows_are_empty_in_the_first_column(tmp_path):
    report = sample_report(CATALOGUE, "iachr", min_length=3000, max_length=3000)
    path = tmp_path / "r.xlsx"
    write_submission(report, CATALOGUE, path)
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert 'customHeight="1"' in xml
    sheet = load_workbook(path, read_only=True)["Report"]
    rows = list(sheet.iter_rows(min_row=8, values_only=True))
    assert len(rows) > len(report.rows)  # 3000 characters do not show in one cell
    assert sum(1 for row in rows if row[0]) == len(report.rows)
