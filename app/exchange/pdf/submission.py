"""One implementer's annual report as a PDF to print, sign and attach to an official letter.

A thin user of the document engine: it describes the submission as blocks (title block,
background, the five-column activity table of the template, conclusions, signature lines) in
the report's language, and ``document.build_pdf`` typesets them. Pure data in, file out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from app.core.atomic import atomic_write
from app.core.catalogue import Catalogue
from app.core.catalogue_texts import fallback_note
from app.core.formatting import format_date
from app.core.i18n import Translator, _, normalise_language, translator
from app.core.progress import Progress
from app.core.report import STATUS_LABELS, ReportData, ReportStatus
from app.exchange.pdf.activities import (
    COLUMN_WIDTHS,
    FIELD_NAMES,
    activity_headings,
    activity_table,
)
from app.exchange.pdf.blocks import (
    Block,
    Column,
    Heading,
    KeyValues,
    Paragraphs,
    Signature,
    Spacer,
    Text,
)
from app.exchange.pdf.document import DocumentSetup, build_pdf

__all__ = [
    "COLUMN_WIDTHS",
    "FIELD_NAMES",
    "PdfResult",
    "activity_columns",
    "submission_blocks",
    "submission_setup",
    "write_submission_pdf",
]


@dataclass(frozen=True, slots=True)
class PdfResult:
    path: Path
    pages: int
    warnings: list[str] = field(default_factory=list)


def write_submission_pdf(
    report: ReportData,
    catalogue: Catalogue,
    path: Path,
    *,
    paper: str = "a4",
    language: str | None = None,
    progress: Progress | None = None,
) -> PdfResult:
    """Write ``report`` as a PDF at ``path`` (atomically: a failure leaves no half file)."""
    tr = translator(normalise_language(language or report.language))
    today = date.today()
    setup = submission_setup(report, catalogue, tr, paper=paper, today=today)
    blocks = submission_blocks(report, catalogue, tr, today=today)
    path = Path(path)
    with atomic_write(path) as stream:
        result = build_pdf(setup, blocks, stream, progress=progress)
    return PdfResult(path=path, pages=result.pages, warnings=result.warnings)


def _short_name(report: ReportData, catalogue: Catalogue) -> str:
    try:
        return catalogue.implementer(report.implementer_id).short_name
    except KeyError:
        return report.implementer_name


def submission_setup(
    report: ReportData, catalogue: Catalogue, tr: Translator, *, paper: str, today: date
) -> DocumentSetup:
    title = tr("Annual report {year}").format(year=report.year)
    author = report.focal_point.name.strip() or report.implementer_name
    return DocumentSetup(
        paper=paper,
        title=f"{title} — {report.implementer_name}",
        author=author,
        subject=catalogue.title_in(tr.language).text,
        keywords=", ".join(
            (catalogue.resolution, _short_name(report, catalogue), str(report.year))
        ),
        language=tr.language,
        header_left=catalogue.short_title_in(tr.language).marked,
        header_right=f"{_short_name(report, catalogue)} — {title}",
        footer_center=tr("Draft") if report.status is ReportStatus.DRAFT else "",
        footer_right=tr("Exported on {date}").format(date=format_date(today, tr.language)),
        page_label=tr("Page {page} of {pages}"),
        continued=tr("(continued)"),
    )


def resolution_line(catalogue: Catalogue, tr: Translator, *, size: float) -> Paragraphs:
    """The small line above a document's title: the resolution it reports on."""
    text = tr("Resolution {resolution} of the OAS General Assembly").format(
        resolution=catalogue.resolution
    )
    return Paragraphs((Text(text, typed=False),), size=size, muted=True)


def submission_blocks(
    report: ReportData, catalogue: Catalogue, tr: Translator, *, today: date
) -> list[Block]:
    """The submission as document blocks, headings and labels in ``tr``'s language."""
    blocks: list[Block] = [
        resolution_line(catalogue, tr, size=9.0),
        Heading(catalogue.title_in(tr.language).marked, level=0),
        Heading(
            tr("Annual report {year}").format(year=report.year)
            + " — "
            + _short_name(report, catalogue),
            level=2,
            where=_("Implementer name"),
        ),
        Spacer(2.0),
        KeyValues(_title_items(report, tr, today)),
        *official_texts_note(catalogue, tr),
        Heading("I. " + tr("Background"), level=1),
        _narrative(report.background, tr, _("Background")),
        Heading(
            "II. " + tr("Activities in {year}").format(year=report.year),
            level=1,
        ),
        activity_table(report.rows, report.year, catalogue, tr)
        if report.rows
        else Paragraphs(
            (Text(tr("This report has no activity rows."), "oblique", typed=False),), muted=True
        ),
        Heading("III. " + tr("Conclusions"), level=1),
        _narrative(report.conclusions, tr, _("Conclusions")),
        Signature(
            (tr("Signature"), tr("Date")),
            name=", ".join(
                part.strip()
                for part in (report.focal_point.name, report.focal_point.title)
                if part.strip()
            ),
            where=_("Focal point"),
        ),
    ]
    return blocks


def official_texts_note(catalogue: Catalogue, tr: Translator) -> list[Block]:
    """Once near the top: the resolution's texts below are English, marked [EN], and why."""
    if catalogue.is_complete_in(tr.language):
        return []
    text = Text(fallback_note(tr.language), "oblique", typed=False)
    return [Spacer(4.0), Paragraphs((text,), size=8.5, muted=True)]


def _title_items(report: ReportData, tr: Translator, today: date) -> tuple[tuple[str, str], ...]:
    focal = report.focal_point
    person = "\n".join(
        part.strip() for part in (focal.name, focal.title, focal.institution) if part.strip()
    )
    contact = "\n".join(part.strip() for part in (focal.email, focal.phone) if part.strip())
    return (
        (tr("Implementer"), report.implementer_name),
        (
            tr("Reporting year"),
            tr("{year} (activities executed in {year}, programmed for {next_year})").format(
                year=report.year, next_year=report.next_year
            ),
        ),
        (tr("Focal point"), person or tr("Not given")),
        (tr("Contact"), contact or tr("Not given")),
        (tr("Status"), tr(STATUS_LABELS[report.status])),
        (tr("Date of export"), format_date(today, tr.language)),
    )


def _narrative(text: str, tr: Translator, where: str) -> Paragraphs:
    if not text.strip():
        return Paragraphs((Text(tr("Not filled in."), "oblique", typed=False),), muted=True)
    return Paragraphs((Text(text, where=where),))


def activity_columns(
    report: ReportData, catalogue: Catalogue, tr: Translator
) -> tuple[Column, ...]:
    """The five column headings with the report's years."""
    return activity_headings(report.year, catalogue, tr)
