"""The annual report's document structure: contents with the right page numbers, bookmarks,
empty parts and texts, warnings naming the section, other languages, cancelling."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.core.catalogue import Catalogue
from app.core.consolidation import ConsolidatedReport, Submission, consolidate
from app.core.i18n import translator
from app.core.progress import CancelledError, Progress
from app.core.report import RowData
from app.exchange.pdf.consolidated import write_consolidated_pdf
from tests.exchange.pdf_text import PAGE_LABEL, pdf_text
from tests.helpers.factories import sample_report

YEAR = 2025


def annual_report(
    catalogue: Catalogue,
    implementers: tuple[str, ...] = ("iachr", "cim", "mex", "arg", "iom", "iihr"),
    *,
    background: str = "",
    conclusion: str = "",
    length: int = 600,
) -> ConsolidatedReport:
    offered = []
    for index, implementer in enumerate(implementers):
        report = sample_report(
            catalogue,
            implementer,
            YEAR,
            seed=index + 1,
            min_length=min(50, length),
            max_length=length,
        )
        moment = datetime(2026, 1, 10, tzinfo=UTC) + timedelta(hours=index)
        offered.append(Submission(replace(report, exported=moment), f"/in/{implementer}.xlsx"))
    return consolidate(
        offered,
        catalogue,
        YEAR,
        translator("en"),
        background=background,
        conclusion=conclusion,
    )


def contents_lines(text: str) -> dict[str, int]:
    """'A.1' -> page, as the table of contents prints it."""
    contents = text.split("\f")[1]
    found = {}
    for line in contents.splitlines():
        match = re.match(r"^((?:[IV]+|[A-D])\.(?:\d+)?) .*? (\d+)$", line)
        if match:
            found[match.group(1)] = int(match.group(2))
    return found


def test_contents_page_numbers_and_bookmarks_point_at_the_headings(catalogue, tmp_path):
    report = annual_report(catalogue, background="Background.", conclusion="Conclusion.")
    result = write_consolidated_pdf(report, tmp_path / "annual.pdf")
    text = pdf_text(tmp_path / "annual.pdf")
    pages = text.split("\f")
    listed = contents_lines(text)
    expected_labels = ["I.", "II.", "III.", "A.", *[s.number for s in report.sections()], "IV."]
    assert [label for label in listed if label in expected_labels] == [
        label for label in expected_labels if label in listed
    ]
    for section in report.sections():
        heading = f"{section.number} {section.implementer.name}"
        on = [i + 1 for i, page in enumerate(pages) if f"\n{heading}\n" in page]
        assert len(on) == 1, heading
        assert listed[section.number] == on[0], heading
    heading_pages = {"I.": "I. Background", "IV.": "IV. Conclusion"}
    for label, heading in heading_pages.items():
        on = [i + 1 for i, page in enumerate(pages[2:], start=2) if f"\n{heading}\n" in page]
        assert listed[label] == on[0]
    assert PAGE_LABEL.search(pages[-2]).group(2) == str(result.pages)

    reader = PdfReader(tmp_path / "annual.pdf")
    outline = reader.outline
    titles = [item.title for item in outline if not isinstance(item, list)]
    assert titles[:3] == [
        "I. Background",
        "II. Program objectives",
        "III. Annual activities report",
    ]
    assert titles[3] == "IV. Conclusion"
    assert [t.split(".")[0] for t in titles[4:]] == ["Annex 1", "Annex 2", "Annex 3", "Annex 4"]
    part_a = outline[3][0]  # under III: part A, then its sections
    assert part_a.title.startswith("A. ")
    first_section = outline[3][1][0]
    assert first_section.title.startswith("A.1 ")
    assert reader.get_destination_page_number(first_section) + 1 == listed["A.1"]
    links = [
        annotation.get_object()
        for page in reader.pages[1:2]
        for annotation in page.get("/Annots", [])
    ]
    numbered_lines = [
        line
        for line in pages[1].splitlines()[2:]  # after the running header and footer
        if re.search(r" \d+$", line) and not line.startswith("Made on ")  # footer's date
    ]
    # I-III, parts A-D, the heading before B, the sections, IV, the four annexes.
    entries = 3 + len(report.parts) + 1 + len(report.sections()) + 1 + 4
    assert len(links) == len(numbered_lines) == entries
    assert all(link["/Subtype"] == "/Link" and "/Dest" in link for link in links)


def test_empty_parts_and_texts_say_so(catalogue, tmp_path):
    report = annual_report(catalogue, ("iachr", "mex"))
    write_consolidated_pdf(report, tmp_path / "annual.pdf")
    text = " ".join(pdf_text(tmp_path / "annual.pdf").split())
    assert text.count("No submission was received from this group.") == 2  # C and D
    assert "The secretariat has not written a background for this report." in text
    assert "The secretariat has not written a conclusion for this report." in text


def test_characters_the_font_lacks_are_reported_once_with_the_section(catalogue, tmp_path):
    report = annual_report(catalogue, ("iachr", "mex"), background="Globe 🌎 here.")
    mexico = report.sections()[1]
    rows = list(mexico.report.rows)
    rows[0] = replace(rows[0], executed="Done 🌎 and 🧭.")
    changed = replace(mexico.report, rows=tuple(rows))
    offered = [
        Submission(replace(s.report, exported=datetime(2026, 1, 5, tzinfo=UTC)), s.source)
        for s in report.sections()
        if s is not mexico
    ] + [Submission(replace(changed, exported=datetime(2026, 1, 6, tzinfo=UTC)), mexico.source)]
    report = consolidate(offered, catalogue, YEAR, translator("en"), background="Globe 🌎 here.")
    result = write_consolidated_pdf(report, tmp_path / "annual.pdf")
    globe = [w for w in result.warnings if "U+1F30E" in w]
    compass = [w for w in result.warnings if "U+1F9ED" in w]
    assert len(globe) == 1 and len(compass) == 1
    number = rows[0].activities[0]
    place = f"Section B.1, activity {number}: Activities developed/executed"
    assert place in globe[0] and "Background" in globe[0]
    assert place in compass[0]


def test_spanish_headings_and_years(catalogue, tmp_path):
    report = annual_report(catalogue, ("mex",))
    write_consolidated_pdf(report, tmp_path / "anual.pdf", language="es", paper="letter")
    text = " ".join(pdf_text(tmp_path / "anual.pdf").split())
    es = translator("es")
    assert f"I. {es('Background')}" in text
    programmed = es("Activities programmed to be executed in {year}")
    assert programmed.format(year=YEAR) in text
    assert programmed.format(year=YEAR + 1) in text
    assert es("Page {page} of {pages}").split("{page}")[0].strip() in text
    width, height = PdfReader(tmp_path / "anual.pdf").pages[0].mediabox.upper_right
    assert (round(float(width)), round(float(height))) == (792, 612)  # landscape Letter


def test_cancelling_leaves_no_file(catalogue, tmp_path):
    report = annual_report(catalogue, ("mex", "arg"), length=2000)
    progress = Progress()
    seen = []

    def on_change(done: int, total: int, message: str) -> None:
        seen.append(done)
        if done >= 20:
            progress.cancel()

    progress = Progress(on_change=on_change)
    with pytest.raises(CancelledError):
        write_consolidated_pdf(report, tmp_path / "annual.pdf", progress=progress)
    assert list(tmp_path.iterdir()) == []
    assert max(seen) < progress.total


def test_an_implementer_without_rows_and_one_added_by_the_database(catalogue, tmp_path):
    """A submission with no rows still gets its section, saying so."""
    report = sample_report(catalogue, "iom", YEAR, min_length=5, max_length=10)
    empty = replace(report, rows=(), exported=datetime(2026, 1, 2, tzinfo=UTC))
    other = sample_report(catalogue, "ilo", YEAR, min_length=5, max_length=10)
    other = replace(other, rows=(RowData(activities=(84,), executed="Only this."),))
    offered = [Submission(empty, "/in/iom.xlsx"), Submission(other, "database")]
    annual = consolidate(offered, catalogue, YEAR, translator("en"))
    write_consolidated_pdf(annual, Path(tmp_path / "annual.pdf"))
    text = " ".join(pdf_text(tmp_path / "annual.pdf").split())
    assert "This submission has no activity rows." in text
    assert "C.1 International Organization for Migration (IOM)" in text
    assert "C.2 International Labour Organization (ILO)" in text
    assert "Taken from the database" in text


def test_contents_over_several_pages(catalogue, tmp_path):
    """Every implementer reporting: the contents take three pages and stay right."""
    everyone = tuple(i.id for i in catalogue.implementers if catalogue.assigned_activities(i.id))
    report = annual_report(catalogue, everyone, length=10)
    write_consolidated_pdf(report, tmp_path / "annual.pdf")
    pages = pdf_text(tmp_path / "annual.pdf").split("\f")
    body = next(i for i, page in enumerate(pages) if "\nI. Background\n" in page)
    assert body >= 3  # title page, then contents over two pages at least
    listed = {}
    for page in pages[1:body]:
        for line in page.splitlines()[2:]:
            match = re.match(r"^([A-D]\.\d+) .*? (\d+)$", line)
            if match:
                listed[match.group(1)] = int(match.group(2))
    assert list(listed) == [s.number for s in report.sections()]
    for section in report.sections():
        heading = f"\n{section.number} {section.implementer.name}\n"
        on = [i + 1 for i, page in enumerate(pages[body:], start=body) if heading in page]
        assert on == [listed[section.number]], section.number
