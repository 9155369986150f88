"""Every file Focal writes is in the language chosen for it, whatever the interface language.

The interface is switched to French, every export is written in Spanish, and the files are read
back (openpyxl, pdftotext): Spanish headings, labels, instructions, titles, dates and numbers,
no French text, and the resolution's texts in English marked [EN] with the note saying why
(no official Spanish text is shipped yet).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.core.catalogue import Catalogue
from app.core.catalogue_texts import FALLBACK_NOTE
from app.core.consolidation import ConsolidatedReport, Submission, consolidate
from app.core.formatting import format_amount, format_date
from app.core.i18n import LANGUAGES, current_language, set_language, translator
from app.core.report import FinancingLine, ReportData
from app.exchange.pdf.consolidated import write_consolidated_pdf
from app.exchange.pdf.submission import write_submission_pdf
from app.exchange.xlsx.consolidated import write_consolidated_xlsx
from app.exchange.xlsx.writer import write_submission
from tests.core.test_translations import SCRIPT, po
from tests.exchange.pdf_text import pdf_text
from tests.helpers.factories import sample_report

YEAR = 2025
SPANISH = translator("es")
PLACEHOLDERS = re.compile(r"\{[a-z_]*\}")


def words(text: str) -> str:
    return " ".join(text.split())


def _fragments(language: str) -> set[str]:
    """Pieces of text (between placeholders) that only the ``language`` translations contain."""
    own = SCRIPT.translations(po(language))
    others = [words(m) for m in own] + [
        words(t)
        for code in LANGUAGES
        if code not in ("en", language)
        for t in SCRIPT.translations(po(code)).values()
    ]
    elsewhere = "\n".join(others)
    pieces = set()
    for translation in own.values():
        for piece in PLACEHOLDERS.split(words(translation)):
            piece = piece.strip(" .,:;—()«»“”")
            if len(piece) >= 15 and piece not in elsewhere:
                pieces.add(piece)
    return pieces


FRENCH_ONLY = _fragments("fr")


@pytest.fixture(autouse=True)
def french_interface() -> Iterator[None]:
    previous = current_language()
    set_language("fr")
    yield
    set_language(previous)


def report_of(catalogue: Catalogue, implementer: str = "iachr", seed: int = 1) -> ReportData:
    report = sample_report(catalogue, implementer, YEAR, seed=seed, max_length=400)
    first = report.rows[0]
    line = FinancingLine(source="oas-regular-fund", amount=Decimal("1234567.5"), currency="USD")
    return replace(
        report, language="fr", rows=(replace(first, financing=(line,)), *report.rows[1:])
    )


def assert_spanish(text: str, *expected: str) -> None:
    text = words(text)
    assert current_language() == "fr"
    for message in expected:
        assert words(SPANISH.gettext(message)) in text, message
    french = sorted(piece for piece in FRENCH_ONLY if piece in text)
    assert french == [], "French text in a Spanish export"
    assert words(SPANISH.gettext(FALLBACK_NOTE)) in text  # said once, near the top
    assert "[EN] " in text


def workbook_text(path: Path) -> str:
    workbook = load_workbook(path)
    cells = [
        str(value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    ]
    messages = [
        text or ""
        for sheet in workbook.worksheets
        for rule in sheet.data_validations.dataValidation
        for text in (rule.errorTitle, rule.error)
    ]
    properties = workbook.properties
    return "\n".join([*cells, *messages, properties.title or "", properties.description or ""])


def test_submission_workbook_and_template(catalogue, tmp_path):
    report = report_of(catalogue)
    for template in (False, True):
        path = tmp_path / f"submission-{template}.xlsx"
        write_submission(report, catalogue, path, template=template, language="es")
        text = workbook_text(path)
        assert_spanish(
            text,
            "Activities developed/executed",
            "Type of financing",
            "Reporting year",
            "How to fill in this workbook",
            "Background and conclusions",
            "Submission identity",
            "OAS Regular Fund",
            "Choose a source of financing from the list.",
        )
        assert "[EN] " + catalogue.title in text
        assert "[EN] " + catalogue.activity(1).text in text
        assert SPANISH.gettext("Blank submission template made by Focal.") in text or not template
        sheet = load_workbook(path)["Instructions"]
        assert sheet["A2"].value == SPANISH.gettext(FALLBACK_NOTE)  # the first instruction
        assert "32,767" in sheet["A8"].value or "32,767" in text  # the cell limit, grouped


def test_submission_pdf(catalogue, tmp_path):
    report = report_of(catalogue)
    path = tmp_path / "submission.pdf"
    write_submission_pdf(report, catalogue, path, language="es")
    text = pdf_text(path)
    assert_spanish(
        text,
        "Background",
        "Conclusions",
        "Activities developed/executed",
        "Date of export",
        "Signature",
    )
    today = date.today()
    assert words(format_date(today, "es")) in words(text)
    assert format_date(today, "fr") not in words(text)
    assert words(f"USD {format_amount(Decimal('1234567.5'), 'es')}") in words(text)
    assert "[EN] " + " ".join(catalogue.activity(1).text.split()[:6]) in words(text)


def annual(catalogue: Catalogue) -> ConsolidatedReport:
    offered = []
    for index, implementer in enumerate(("iachr", "mex", "iom")):
        report = report_of(catalogue, implementer, seed=index + 1)
        moment = datetime(2026, 1, 10, tzinfo=UTC) + timedelta(hours=index)
        offered.append(Submission(replace(report, exported=moment), f"/in/{implementer}.xlsx"))
    return consolidate(offered, catalogue, YEAR, translator("es"), background="Texto.")


def test_consolidated_workbook(catalogue, tmp_path):
    path = tmp_path / "annual.xlsx"
    write_consolidated_xlsx(annual(catalogue), path, language="es")
    text = workbook_text(path)
    assert_spanish(
        text,
        "General objectives",
        "Specific objectives",
        "Activities developed/executed",
        "Implementers other than organs, agencies, and entities of the OAS",
    )
    assert "[EN] " + catalogue.group("oas").name in text
    objective = catalogue.specific_objectives()[0]
    assert f"1. [EN] {objective.text}" in text
    made = format_date(datetime.now(UTC).astimezone().date(), "es")
    assert made in words(text)


def test_consolidated_pdf(catalogue, tmp_path):
    path = tmp_path / "annual.pdf"
    write_consolidated_pdf(annual(catalogue), path, language="es")
    text = pdf_text(path)
    assert_spanish(
        text,
        "Contents",
        "Program objectives",
        "General objectives",
        "Annual activities report",
        "Submissions received",
        "Coverage of the specific objectives",
    )
    flat = words(text)
    assert "[EN] " + catalogue.group("oas").name.upper() in flat
    assert words(format_date(datetime.now(UTC).astimezone().date(), "es")) in flat
    assert "10 de enero de 2026" in flat  # the submissions' export moments, in Spanish
    assert "2026-01-10" not in flat
