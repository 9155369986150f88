"""One implementer's annual report as a PDF to print, sign and attach to an official letter.

A thin user of the document engine: it describes the submission as blocks (title block,
background, the five-column activity table of the template, conclusions, signature lines) in
the report's language, and ``document.build_pdf`` typesets them. Pure data in, file out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from app.core.atomic import atomic_write
from app.core.catalogue import Catalogue, format_activity_numbers
from app.core.financing import is_source_code, source_by_code
from app.core.i18n import N_, Translator, _, normalise_language, translator
from app.core.progress import Progress
from app.core.report import STATUS_LABELS, FinancingLine, ReportData, ReportStatus, RowData
from app.exchange.pdf.blocks import (
    Block,
    Cell,
    Column,
    Heading,
    KeyValues,
    Paragraphs,
    Row,
    Signature,
    Spacer,
    Table,
    Text,
)
from app.exchange.pdf.document import DocumentSetup, build_pdf

# First column (activity numbers and the resolution's text) narrower, the three activity
# columns wide, financing narrower: the proportions of the template (seed 004).
COLUMN_WIDTHS = (0.17, 0.225, 0.225, 0.225, 0.155)

# Names of a row's fields in warnings ("Activity 3: Activities developed/executed").
FIELD_NAMES: dict[str, str] = {
    "programmed": N_("Programmed activities"),
    "executed": N_("Activities developed/executed"),
    "planned_next": N_("Activities programmed for next year"),
    "financing_text": N_("Type of financing"),
}


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
        subject=catalogue.title,
        keywords=", ".join(
            (catalogue.resolution, _short_name(report, catalogue), str(report.year))
        ),
        language=tr.language,
        header_left=catalogue.short_title,
        header_right=f"{_short_name(report, catalogue)} — {title}",
        footer_center=tr("Draft") if report.status is ReportStatus.DRAFT else "",
        footer_right=tr("Exported on {date}").format(date=today.isoformat()),
        page_label=tr("Page {page} of {pages}"),
        continued=tr("(continued)"),
    )


def submission_blocks(
    report: ReportData, catalogue: Catalogue, tr: Translator, *, today: date
) -> list[Block]:
    """The submission as document blocks, headings and labels in ``tr``'s language."""
    blocks: list[Block] = [
        Paragraphs(
            (
                Text(
                    tr("Resolution {resolution} of the OAS General Assembly").format(
                        resolution=catalogue.resolution
                    ),
                    typed=False,
                ),
            ),
            size=9.0,
            muted=True,
        ),
        Heading(catalogue.title, level=0),
        Heading(
            f"{tr('Annual report {year}').format(year=report.year)} — "
            f"{_short_name(report, catalogue)}",
            level=2,
            where=_("Implementer name"),
        ),
        Spacer(2.0),
        KeyValues(_title_items(report, tr, today)),
        Heading(f"I. {tr('Background')}", level=1),
        _narrative(report.background, tr, _("Background")),
        Heading(
            f"II. {tr('Activities in {year}').format(year=report.year)}",
            level=1,
        ),
        activity_table(report, catalogue, tr)
        if report.rows
        else Paragraphs(
            (Text(tr("This report has no activity rows."), "oblique", typed=False),), muted=True
        ),
        Heading(f"III. {tr('Conclusions')}", level=1),
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
        (tr("Date of export"), today.isoformat()),
    )


def _narrative(text: str, tr: Translator, where: str) -> Paragraphs:
    if not text.strip():
        return Paragraphs((Text(tr("Not filled in."), "oblique", typed=False),), muted=True)
    return Paragraphs((Text(text, where=where),))


def activity_columns(
    report: ReportData, catalogue: Catalogue, tr: Translator
) -> tuple[Column, ...]:
    headings = (
        tr("Activities stated in Resolution {resolution}").format(resolution=catalogue.resolution),
        tr("Activities programmed to be executed in {year}").format(year=report.year),
        tr("Activities developed/executed"),
        tr("Activities programmed to be executed in {year}").format(year=report.next_year),
        tr("Type of financing"),
    )
    return tuple(Column(h, w) for h, w in zip(headings, COLUMN_WIDTHS, strict=True))


def activity_table(report: ReportData, catalogue: Catalogue, tr: Translator) -> Table:
    """The template's five-column table: one row per activity or group of activities."""
    return Table(
        columns=activity_columns(report, catalogue, tr),
        rows=[activity_row(row, catalogue, tr) for row in report.rows],
    )


def activity_row(row: RowData, catalogue: Catalogue, tr: Translator) -> Row:
    numbers = format_activity_numbers(row.activities)
    texts: list[Cell] = []
    for name in ("programmed", "executed", "planned_next"):
        where = _("Activity {numbers}: {field}").format(numbers=numbers, field=_(FIELD_NAMES[name]))
        texts.append((Text(getattr(row, name), where=where),))
    return Row(
        cells=(_activities_cell(row, catalogue, tr), *texts, _financing_cell(row, numbers, tr)),
        continued=(Text(tr("(continued)"), "oblique", typed=False, marker=f"{numbers}."),),
    )


def _activities_cell(row: RowData, catalogue: Catalogue, tr: Translator) -> Cell:
    cell: list[Text] = []
    for index, number in enumerate(row.activities):
        marker = f"{number}."
        if catalogue.has_activity(number):
            text = catalogue.activity(number).text
            cell.append(Text(text, typed=False, marker=marker, gap=index > 0))
        else:
            text = tr("This activity is not in the Program's text.")
            cell.append(Text(text, "oblique", typed=False, marker=marker, gap=index > 0))
    return tuple(cell)


def _financing_cell(row: RowData, numbers: str, tr: Translator) -> Cell:
    where = _("Activity {numbers}: {field}").format(
        numbers=numbers, field=_(FIELD_NAMES["financing_text"])
    )
    cell = [Text(row.financing_text, where=where)]
    lines = [financing_line_text(line, tr) for line in row.financing if not line.is_empty()]
    has_text = bool(row.financing_text.strip())
    for index, line in enumerate(lines):
        cell.append(Text(line, "oblique", where=where, typed=False, gap=index > 0 or has_text))
    return tuple(cell)


def financing_line_text(line: FinancingLine, tr: Translator) -> str:
    """'OAS Regular Fund — USD 12,000.00 — Government of Canada'."""
    parts: list[str] = []
    if line.source and is_source_code(line.source):
        parts.append(source_by_code(line.source).label_in(tr))
    elif line.source:
        parts.append(line.source)
    if line.amount is not None:
        amount = format_amount(line.amount, tr.language)
        parts.append(f"{line.currency} {amount}".strip())
    elif line.currency:
        parts.append(line.currency)
    if line.donor.strip():
        parts.append(line.donor.strip())
    return " — ".join(parts)


def format_amount(amount: Decimal, language: str) -> str:
    """Two decimals with the grouping of the report's language (12,000.00; 12.000,00; 12 000,00)."""
    english = f"{amount:,.2f}"
    if language == "pt":
        return english.replace(",", " ").replace(".", ",").replace(" ", ".")
    if language == "fr":
        return english.replace(",", "\u202f").replace(".", ",")
    return english
