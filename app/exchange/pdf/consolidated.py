"""The secretariat's annual report as a PDF, typeset from a :class:`ConsolidatedReport`.

Seed 004's structure — I. Background, II. Program objectives, III. Annual activities report
(one section per implementer, in parts A-D), IV. Conclusion — after a title page and a table
of contents, followed by the annexes no hand-made report had (``annexes.py``). Every number,
order and choice comes from ``app.core.consolidation``; this module only describes the
document as blocks for ``document.build_pdf``, headings and labels in the chosen language.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from app.core.atomic import atomic_write
from app.core.catalogue import Objective
from app.core.consolidation import GROUP_LETTERS, ConsolidatedReport, Decision, Part, Section
from app.core.formatting import format_count, format_date
from app.core.i18n import N_, Translator, _, normalise_language, translator
from app.core.progress import Progress
from app.core.report import STATUS_LABELS
from app.exchange.pdf.activities import activity_table
from app.exchange.pdf.annexes import annex_blocks, annex_entries, moment_text
from app.exchange.pdf.blocks import (
    Block,
    Contents,
    ContentsEntry,
    Heading,
    KeyValues,
    PageBreak,
    Paragraphs,
    Spacer,
    Text,
)
from app.exchange.pdf.document import DocumentSetup, build_pdf
from app.exchange.pdf.submission import PdfResult, official_texts_note, resolution_line

__all__ = ["REPORT_TITLE", "consolidated_blocks", "consolidated_setup", "write_consolidated_pdf"]

REPORT_TITLE = N_(
    "Annual report on activities complying with the Inter-American Program for the Promotion "
    "and Protection of the Human Rights of Migrants, including Migrant Workers and their Families"
)
OTHERS_TITLE = N_("Implementers other than organs, agencies, and entities of the OAS")
OTHERS_ANCHOR = "others"
OAS_LETTER = GROUP_LETTERS["oas"]


def write_consolidated_pdf(
    report: ConsolidatedReport,
    path: Path,
    *,
    paper: str = "a4",
    language: str = "en",
    progress: Progress | None = None,
) -> PdfResult:
    """Write the annual report at ``path`` (atomically: a failure leaves no half file)."""
    tr = translator(normalise_language(language))
    setup = consolidated_setup(report, tr, paper=paper)
    blocks = consolidated_blocks(report, tr)
    path = Path(path)
    with atomic_write(path) as stream:
        result = build_pdf(setup, blocks, stream, progress=progress)
    return PdfResult(path=path, pages=result.pages, warnings=result.warnings)


def made_on(report: ConsolidatedReport, language: str) -> str:
    """The day the report was made, written out in ``language``."""
    return format_date(report.made.astimezone().date(), language)


def consolidated_setup(report: ConsolidatedReport, tr: Translator, *, paper: str) -> DocumentSetup:
    catalogue = report.catalogue
    annual = tr("Annual report {year}").format(year=report.year)
    return DocumentSetup(
        paper=paper,
        title=f"{annual} — {catalogue.short_title_in(tr.language)}",
        subject=catalogue.title_in(tr.language).text,
        keywords=", ".join((catalogue.resolution, str(report.year))),
        language=tr.language,
        header_left=catalogue.short_title_in(tr.language).marked,
        header_right=annual,
        footer_right=tr("Made on {date}").format(date=made_on(report, tr.language)),
        page_label=tr("Page {page} of {pages}"),
        continued=tr("(continued)"),
    )


def consolidated_blocks(report: ConsolidatedReport, tr: Translator) -> list[Block]:
    """The whole annual report as document blocks, in ``tr``'s language."""
    blocks = _title_page(report, tr)
    blocks += [PageBreak(), Heading(tr("Contents"), level=1), Contents(_contents(report, tr))]
    blocks += [PageBreak(), *_background(report, tr), *_objectives(report, tr)]
    blocks += [PageBreak(), *_activities(report, tr)]
    blocks += [PageBreak(), *_conclusion(report, tr)]
    blocks += annex_blocks(report, tr)
    return blocks


# --- title page and contents -------------------------------------------------------------------


def _title_page(report: ConsolidatedReport, tr: Translator) -> list[Block]:
    catalogue = report.catalogue
    included = len(report.sections())
    left_out = sum(1 for check in report.checks if check.decision is not Decision.INCLUDED)
    return [
        Spacer(70.0),
        resolution_line(catalogue, tr, size=10.0),
        Spacer(6.0),
        Heading(tr(REPORT_TITLE), level=0),
        Heading(
            tr("Activities executed in {year} and programmed for {next_year}").format(
                year=report.year, next_year=report.next_year
            ),
            level=2,
        ),
        Spacer(26.0),
        KeyValues(
            (
                (tr("Reporting year"), str(report.year)),
                (tr("Made on"), made_on(report, tr.language)),
                (tr("Implementers in this report"), format_count(included, tr.language)),
                (
                    tr("Implementers that did not report"),
                    format_count(len(report.not_reporting), tr.language),
                ),
                (tr("Files not included"), format_count(left_out, tr.language)),
            ),
            label_width=0.3,
            size=10.0,
        ),
        *official_texts_note(catalogue, tr),
    ]


def section_anchor(section: Section) -> str:
    return f"section-{section.number}"


def part_anchor(part: Part) -> str:
    return f"part-{part.letter}"


def _contents(report: ConsolidatedReport, tr: Translator) -> tuple[ContentsEntry, ...]:
    entries = [
        ContentsEntry("I.", tr("Background"), "background"),
        ContentsEntry("II.", tr("Program objectives"), "objectives"),
        ContentsEntry("III.", tr("Annual activities report"), "activities"),
    ]
    # Flatter than the outline: parts side by side, the heading before B as a line of its own.
    for part in report.parts:
        if part is _first_other(report):
            entries.append(ContentsEntry("", tr(OTHERS_TITLE), OTHERS_ANCHOR, 1))
        title = _part_title(part, report, tr)
        entries.append(ContentsEntry(f"{part.letter}.", title, part_anchor(part), 1))
        entries.extend(
            ContentsEntry(s.number, s.implementer.name, section_anchor(s), 2) for s in part.sections
        )
    entries.append(ContentsEntry("IV.", tr("Conclusion"), "conclusion"))
    entries.extend(annex_entries(tr))
    return tuple(entries)


# --- I, II and IV ------------------------------------------------------------------------------


def _narrative(text: str, empty: str, where: str) -> Paragraphs:
    if not text.strip():
        return Paragraphs((Text(empty, "oblique", typed=False),), muted=True)
    return Paragraphs((Text(text, where=where),))


def _background(report: ConsolidatedReport, tr: Translator) -> list[Block]:
    return [
        Heading("I. " + tr("Background"), level=1, anchor="background", outline=0),
        _narrative(
            report.background,
            tr("The secretariat has not written a background for this report."),
            _("Background"),
        ),
    ]


def _objectives(report: ConsolidatedReport, tr: Translator) -> list[Block]:
    catalogue = report.catalogue

    def numbered(objectives: Sequence[Objective]) -> Paragraphs:
        return Paragraphs(
            tuple(
                Text(
                    catalogue.objective_text(o, tr.language).marked,
                    typed=False,
                    marker=f"{o.number}.",
                    gap=index > 0,
                )
                for index, o in enumerate(objectives)
            )
        )

    return [
        Heading("II. " + tr("Program objectives"), level=1, anchor="objectives", outline=0),
        Heading(tr("General objectives"), level=2),
        numbered(catalogue.general_objectives()),
        Heading(tr("Specific objectives"), level=2),
        numbered(catalogue.specific_objectives()),
    ]


def _conclusion(report: ConsolidatedReport, tr: Translator) -> list[Block]:
    return [
        Heading("IV. " + tr("Conclusion"), level=1, anchor="conclusion", outline=0),
        _narrative(
            report.conclusion,
            tr("The secretariat has not written a conclusion for this report."),
            _("Conclusion"),
        ),
    ]


# --- III ---------------------------------------------------------------------------------------


def _first_other(report: ConsolidatedReport) -> Part | None:
    """The part after which all implementers are other than OAS organs (B)."""
    return next((part for part in report.parts if part.letter != OAS_LETTER), None)


def _part_title(part: Part, report: ConsolidatedReport, tr: Translator) -> str:
    try:
        return report.catalogue.group_name_in(part.group_id, tr.language).marked
    except KeyError:
        return part.title


def _activities(report: ConsolidatedReport, tr: Translator) -> list[Block]:
    blocks: list[Block] = [
        Heading("III. " + tr("Annual activities report"), level=1, anchor="activities", outline=0)
    ]
    first_other = _first_other(report)
    for part in report.parts:
        depth = 1 if part.letter == OAS_LETTER else 2  # B-D sit under the heading before B
        if part is first_other:
            others = tr(OTHERS_TITLE).upper()
            blocks.append(Heading(others, level=2, anchor=OTHERS_ANCHOR, outline=1))
        title = f"{part.letter}. {_part_title(part, report, tr).upper()}"
        blocks.append(Heading(title, level=2, anchor=part_anchor(part), outline=depth))
        if not part.sections:
            empty = tr("No submission was received from this group.")
            blocks.append(Paragraphs((Text(empty, "oblique", typed=False),), muted=True))
        for section in part.sections:
            blocks += section_blocks(section, report, tr, depth + 1)
    return blocks


def section_blocks(
    section: Section, report: ConsolidatedReport, tr: Translator, outline: int
) -> list[Block]:
    """'A.1 Name', who sent it and how, then the five-column table."""
    heading = f"{section.number} {section.implementer.name}"
    blocks: list[Block] = [
        Heading(
            heading,
            level=3,
            where=_("Section {section}: implementer name").format(section=section.number),
            anchor=section_anchor(section),
            outline=outline,
        ),
        Paragraphs(_submission_lines(section, tr), size=8.5, muted=True),
    ]
    rows = section.report.rows
    if rows:
        blocks.append(activity_table(rows, report.year, report.catalogue, tr, section.number))
    else:
        blocks.append(
            Paragraphs(
                (Text(tr("This submission has no activity rows."), "oblique", typed=False),),
                muted=True,
            )
        )
    return blocks


def _submission_lines(section: Section, tr: Translator) -> tuple[Text, ...]:
    submitted = section.report
    focal = submitted.focal_point
    person = ", ".join(
        part.strip().replace("\n", " ")
        for part in (focal.name, focal.title, focal.institution, focal.email)
        if part.strip()
    )
    who = (
        tr("Focal point: {person}").format(person=person)
        if person
        else tr("Focal point: not given.")
    )
    status = tr(STATUS_LABELS[submitted.status])
    if section.source == "database":
        how = tr("Status: {status}. Taken from the database (last changed {moment}).").format(
            status=status, moment=moment_text(submitted.updated, tr.language) or "—"
        )
    else:
        how = tr("Status: {status}. Exported {moment}; file {name}.").format(
            status=status,
            moment=moment_text(submitted.exported, tr.language) or "—",
            name=Path(section.source).name,
        )
    where = _("Section {section}: focal point").format(section=section.number)
    return (Text(who, where=where, typed=False), Text(how, where=where, typed=False))
