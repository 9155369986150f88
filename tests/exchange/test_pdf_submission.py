"""The submission PDF read back: every field, activity number, year and page label is there."""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.core.catalogue import Catalogue
from app.core.financing import source_by_code
from app.core.i18n import translator
from app.core.report import FinancingLine, FocalPoint, ReportData, ReportStatus, RowData
from app.exchange.pdf.submission import write_submission_pdf
from tests.exchange.pdf_text import PAGE_LABEL, appears_in_order, pdf_text, words
from tests.helpers.factories import long_text


def tagged(tag: str, length: int, seed: int) -> str:
    """Prose with a unique word every seventh word, so the text can be found and ordered."""
    lines = []
    for line_number, line in enumerate(long_text(length, seed).split("\n")):
        parts = line.split(" ")
        for index in range(0, len(parts), 7):
            if parts[index]:
                parts[index] = f"{tag}w{line_number}x{index}"
        lines.append(" ".join(parts))
    return "\n".join(lines)


@pytest.fixture
def report(catalogue: Catalogue) -> ReportData:
    numbers = catalogue.assigned_activities("iachr")
    rng = random.Random(5)
    rows = [
        RowData(
            activities=(numbers[0], numbers[1]),  # a grouped row
            programmed=tagged("pa", 900, 1),
            executed=tagged("ea", 2400, 2),
            planned_next=tagged("na", 700, 3),
            financing_text="Regular budget of the Commission.",
            financing=(
                FinancingLine("oas-regular-fund", "", Decimal("12000"), "USD"),
                FinancingLine("donor-bilateral", "Government of Canada", None, ""),
            ),
        )
    ]
    for index, number in enumerate(numbers[2:8]):
        rows.append(
            RowData(
                activities=(number,),
                programmed=tagged(f"p{index}", rng.randint(200, 3000), index * 4),
                executed=tagged(f"e{index}", rng.randint(200, 3000), index * 4 + 1),
                planned_next=tagged(f"n{index}", rng.randint(200, 3000), index * 4 + 2),
                financing_text=tagged(f"f{index}", 300, index * 4 + 3),
            )
        )
    return ReportData(
        uuid="5d1c7a8e-0000-4000-8000-000000000001",
        implementer_id="iachr",
        implementer_name=catalogue.implementer("iachr").name,
        year=2025,
        catalogue_version=catalogue.version,
        status=ReportStatus.FINAL,
        focal_point=FocalPoint(
            name="María José Gonçalves",
            title="Coordinadora de Migración",
            institution="Relatoría sobre Trabajadores Migratorios",
            email="mjgoncalves@example.org",
            phone="+1 202 555 0101",
        ),
        background=tagged("bg", 1800, 50),
        conclusions=tagged("cc", 900, 51),
        rows=tuple(rows),
    )


@pytest.fixture
def exported(tmp_path: Path, report: ReportData, catalogue: Catalogue) -> Path:
    path = tmp_path / "report.pdf"
    result = write_submission_pdf(report, catalogue, path)
    assert result.path == path and result.warnings == []
    assert result.pages == len(PdfReader(path).pages) > 3
    return path


def test_every_field_is_in_the_pdf_in_order(exported: Path, report: ReportData):
    document = words(pdf_text(exported))
    fields = [report.background, report.conclusions]
    for row in report.rows:
        fields += [row.programmed, row.executed, row.planned_next, row.financing_text]
    for text in fields:
        assert appears_in_order(words(text), document), text[:60]
    for value in (*vars_of(report.focal_point), report.implementer_name):
        assert appears_in_order(words(value), document), value


def vars_of(focal: FocalPoint) -> tuple[str, ...]:
    return (focal.name, focal.title, focal.institution, focal.email, focal.phone)


def test_activity_numbers_texts_and_years(exported: Path, report: ReportData, catalogue: Catalogue):
    text = pdf_text(exported)
    document = words(text)
    for row in report.rows:
        for number in row.activities:
            assert f"{number}." in document
            assert appears_in_order(words(catalogue.activity(number).text), document)
    for heading in (
        "Activities stated in Resolution AG/RES. 2141 (XXXV-O/05)",
        "Activities programmed to be executed in 2025",
        "Activities developed/executed",
        "Activities programmed to be executed in 2026",
        "Type of financing",
    ):
        assert appears_in_order(words(heading), document), heading
    assert appears_in_order(["OAS", "Regular", "Fund", "—", "USD", "12,000.00"], document)
    assert appears_in_order(words("External donor: bilateral — Government of Canada"), document)


def test_header_row_and_page_label_on_every_page(exported: Path):
    pages = pdf_text(exported).split("\f")[:-1]
    total = len(pages)
    for number, page in enumerate(pages, start=1):
        assert (str(number), str(total)) in PAGE_LABEL.findall(page)
    table_pages = [page for page in pages[1:] if "developed/executed" in page]
    assert len(table_pages) >= 2
    for page in table_pages:
        assert "Type of financing" in page
    assert "(continued)" in "".join(pages)


def test_title_block_and_document_properties(exported: Path, report: ReportData):
    first_page = pdf_text(exported, 1, 1)
    for label in ("Implementer", "Reporting year", "Focal point", "Contact", "Status", "Final"):
        assert label in first_page
    assert "Annual report 2025" in first_page
    info = PdfReader(exported).metadata
    assert info is not None
    assert info.title == f"Annual report 2025 — {report.implementer_name}"
    assert info.author == "María José Gonçalves"
    assert info.subject is not None and info.subject.startswith("Inter-American Program")
    assert info.creator is not None and info.creator.startswith("Focal ")


@pytest.mark.parametrize(("paper", "size"), [("a4", (841.89, 595.28)), ("letter", (792.0, 612.0))])
def test_paper_sizes_are_landscape(
    tmp_path: Path, report: ReportData, catalogue: Catalogue, paper: str, size: tuple[float, float]
):
    path = tmp_path / f"{paper}.pdf"
    write_submission_pdf(report, catalogue, path, paper=paper)
    for page in PdfReader(path).pages:
        box = page.mediabox
        assert (round(float(box.width), 2), round(float(box.height), 2)) == size


@pytest.mark.parametrize("language", ["es", "fr", "pt"])
def test_headings_in_the_chosen_language(
    tmp_path: Path, report: ReportData, catalogue: Catalogue, language: str
):
    path = tmp_path / f"{language}.pdf"
    write_submission_pdf(report, catalogue, path, language=language)
    tr = translator(language)
    document = words(pdf_text(path))
    for heading in (
        tr("Activities developed/executed"),
        tr("Type of financing"),
        tr("Activities programmed to be executed in {year}").format(year=2026),
        source_by_code("oas-regular-fund").label_in(tr),
        tr("Page {page} of {pages}").split("{page}")[0],
    ):
        assert appears_in_order(words(heading), document), heading
    assert PdfReader(path).metadata.title.startswith(tr("Annual report {year}").format(year=2025))


def test_report_language_is_the_default(tmp_path: Path, report: ReportData, catalogue: Catalogue):
    from dataclasses import replace

    path = tmp_path / "pt.pdf"
    write_submission_pdf(replace(report, language="pt"), catalogue, path)
    expected = translator("pt")("Type of financing")
    assert appears_in_order(words(expected), words(pdf_text(path)))


def test_draft_is_marked_on_every_page(tmp_path: Path, report: ReportData, catalogue: Catalogue):
    from dataclasses import replace

    path = tmp_path / "draft.pdf"
    write_submission_pdf(replace(report, status=ReportStatus.DRAFT), catalogue, path)
    pages = pdf_text(path).split("\f")[:-1]
    assert all("Draft" in page for page in pages)
