"""The annexes of the annual report: what was received, who did not report, how complete each
section is, and which specific objectives the reported activities serve.

Each figure is read from the :class:`ConsolidatedReport` (checks, completeness lines,
objective coverage); nothing is counted or decided here, so the PDF and the workbook agree.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from app.core.catalogue import format_activity_numbers
from app.core.consolidation import (
    GROUP_LETTERS,
    CompletenessLine,
    ConsolidatedReport,
    Coverage,
    Decision,
    SourceCheck,
)
from app.core.formatting import format_count, format_moment, format_percent
from app.core.i18n import Translator
from app.core.report import STATUS_LABELS
from app.exchange.pdf.blocks import (
    Block,
    Cell,
    Column,
    ContentsEntry,
    Custom,
    FontStyle,
    Heading,
    PageBreak,
    Paragraphs,
    Row,
    Table,
    Text,
)
from app.exchange.pdf.chart import Bar, ChartCaptions, CoverageChart

_SIZE = 8.5


def annex_entries(tr: Translator) -> list[ContentsEntry]:
    # "Annex 1." as part of the title: as a label it would push the titles of I-IV right.
    return [
        ContentsEntry("", f"{label} {title}", f"annex-{number}")
        for number, (label, title) in enumerate(_titles(tr), start=1)
    ]


def _titles(tr: Translator) -> list[tuple[str, str]]:
    return [
        (tr("Annex 1."), tr("Submissions received")),
        (tr("Annex 2."), tr("Implementers that did not report")),
        (tr("Annex 3."), tr("Completeness of the sections")),
        (tr("Annex 4."), tr("Coverage of the specific objectives")),
    ]


def annex_blocks(report: ConsolidatedReport, tr: Translator) -> list[Block]:
    makers = (_received, _not_reporting, _completeness, _objectives)
    blocks: list[Block] = []
    for number, ((label, title), make) in enumerate(zip(_titles(tr), makers, strict=True), 1):
        anchor = f"annex-{number}"
        blocks += [PageBreak(), Heading(f"{label} {title}", level=1, anchor=anchor, outline=0)]
        blocks += make(report, tr)
    return blocks


def _plain(text: str, style: FontStyle = "regular") -> Text:
    return Text(text, style, typed=False)


def moment_text(moment: datetime | None, language: str) -> str:
    """'January 10, 2026, 14:32 UTC' in the document's language; empty when unknown."""
    if moment is None or moment.year < 1900:
        return ""
    return format_moment(moment, language)


def _note(text: str) -> Paragraphs:
    return Paragraphs((Text(text, typed=False),), size=9.0, muted=True)


def _columns(*pairs: tuple[str, float]) -> tuple[Column, ...]:
    return tuple(Column(heading, width) for heading, width in pairs)


# --- Annex 1 -----------------------------------------------------------------------------------


def source_names(report: ConsolidatedReport, tr: Translator) -> dict[str, str]:
    """How each source is shown: the file's name, its path where two files share a name."""
    sources = [check.source for check in report.checks]
    names = Counter(Path(source).name for source in set(sources) if source != "database")
    shown: dict[str, str] = {}
    for source in sources:
        if source == "database":
            shown[source] = tr("Database")
        else:
            name = Path(source).name
            shown[source] = name if names[name] == 1 else source
    return shown


def _received(report: ConsolidatedReport, tr: Translator) -> list[Block]:
    shown = source_names(report, tr)
    rows = []
    for section in report.sections():
        submitted = section.report
        focal = submitted.focal_point
        person = [_plain(part.strip()) for part in (focal.name, focal.email) if part.strip()]
        moment = submitted.exported if section.source != "database" else submitted.updated
        rows.append(
            Row(
                (
                    (_plain(section.number, "bold"),),
                    (_plain(section.implementer.name),),
                    tuple(person) or (_plain(tr("Not given"), "oblique"),),
                    (_plain(moment_text(moment, tr.language) or "—"),),
                    (_plain(tr(STATUS_LABELS[submitted.status])),),
                    (_plain(f"{submitted.rows_filled()} / {len(submitted.rows)}"),),
                    (_plain(shown[section.source]),),
                )
            )
        )
    blocks: list[Block] = []
    if rows:
        columns = _columns(
            (tr("Section"), 0.06),
            (tr("Implementer"), 0.23),
            (tr("Focal point"), 0.19),
            (tr("Exported"), 0.14),
            (tr("Status"), 0.08),
            (tr("Rows filled"), 0.07),
            (tr("File"), 0.23),
        )
        blocks.append(Table(columns, rows, size=_SIZE))
    else:
        blocks.append(_note(tr("No submission was included in this report.")))
    left_out = [check for check in report.checks if check.decision is not Decision.INCLUDED]
    blocks.append(Heading(tr("Files not included"), level=2))
    if not left_out:
        blocks.append(_note(tr("Every file received was included.")))
        return blocks
    blocks.append(
        Table(
            _columns(
                (tr("File"), 0.23),
                (tr("Implementer"), 0.22),
                (tr("Year"), 0.06),
                (tr("Exported"), 0.14),
                (tr("Why it was not included"), 0.35),
            ),
            [_left_out_row(check, report, shown, tr) for check in left_out],
            size=_SIZE,
        )
    )
    return blocks


def _left_out_row(
    check: SourceCheck, report: ConsolidatedReport, shown: dict[str, str], tr: Translator
) -> Row:
    implementer = check.implementer_id or "—"
    if check.implementer_id:
        with contextlib.suppress(KeyError):
            implementer = report.catalogue.implementer(check.implementer_id).name
    if check.decision is Decision.SUPERSEDED and check.superseded_by is not None:
        winner = shown.get(check.superseded_by, check.superseded_by)
        why: Cell = (_plain(tr("Superseded by {file}, a newer export.").format(file=winner)),)
    else:
        why = tuple(
            _plain(_problem_text(problem.sheet, problem.cell, problem.message))
            for problem in check.problems
        ) or (_plain(tr("The file could not be read.")),)
    return Row(
        (
            (_plain(shown[check.source]),),
            (_plain(implementer),),
            (_plain(str(check.year) if check.year else "—"),),
            (_plain(moment_text(check.moment, tr.language) or "—"),),
            why,
        )
    )


def _problem_text(sheet: str | None, cell: str | None, message: str) -> str:
    where = ", ".join(part for part in (sheet, cell) if part)
    return f"{where}: {message}" if where else message


# --- Annex 2 -----------------------------------------------------------------------------------


def _not_reporting(report: ConsolidatedReport, tr: Translator) -> list[Block]:
    if not report.not_reporting:
        return [_note(tr("Every implementer with activities assigned by the resolution reported."))]
    rows = []
    for part in report.parts:
        missing = [i for i in report.not_reporting if GROUP_LETTERS.get(i.group) == part.letter]
        if not missing:
            continue
        label = f"{part.letter}. {_group_title(report, part.group_id, part.title, tr)}"
        count = tr("Implementers: {count}").format(count=format_count(len(missing), tr.language))
        rows.append(
            Row(
                (
                    (_plain(label, "bold"), _plain(count)),
                    (_plain("; ".join(i.name for i in missing)),),
                )
            )
        )
    intro = tr(
        "Implementers to which the resolution assigns activities and from which no submission "
        "for {year} was included: {count}."
    ).format(year=report.year, count=format_count(len(report.not_reporting), tr.language))
    return [
        _note(intro),
        Table(_columns(("", 0.3), ("", 0.7)), rows, header=False, grid="rules", size=9.0),
    ]


def _group_title(report: ConsolidatedReport, group_id: str, fallback: str, tr: Translator) -> str:
    try:
        return report.catalogue.group_name_in(group_id, tr.language).marked
    except KeyError:
        return fallback


# --- Annex 3 -----------------------------------------------------------------------------------


def _numbers_cell(numbers: tuple[int, ...], language: str) -> Cell:
    cell = [_plain(format_count(len(numbers), language), "bold")]
    if numbers:
        cell.append(_plain(format_activity_numbers(numbers)))
    return tuple(cell)


def _completeness(report: ConsolidatedReport, tr: Translator) -> list[Block]:
    lines = report.completeness
    if not lines:
        return [_note(tr("No submission was included in this report."))]
    rows = [_completeness_row(line, tr.language) for line in lines]
    totals = {coverage: sum(line.count(coverage) for line in lines) for coverage in Coverage}
    assigned = sum(len(line.assigned) for line in lines)
    extra = sum(len(line.extra) for line in lines)
    rows.append(
        Row(
            (
                (),
                (_plain(tr("All sections"), "bold"),),
                (_plain(format_count(assigned, tr.language), "bold"),),
                (_plain(format_count(totals[Coverage.REPORTED], tr.language), "bold"),),
                (_plain(format_count(totals[Coverage.EMPTY], tr.language), "bold"),),
                (_plain(format_count(totals[Coverage.NOT_REPORTED], tr.language), "bold"),),
                (_plain(format_count(extra, tr.language), "bold"),),
                (_plain(format_percent(totals[Coverage.REPORTED], assigned, tr.language), "bold"),),
            )
        )
    )
    legend = tr(
        "Assigned: the activities the resolution assigns to the implementer. Reported: a row "
        "covers the activity and has text. Empty: a row covers it but nothing was written. Not "
        "reported: no row covers it. Other activities: reported although the resolution assigns "
        "them to other implementers. Complete: reported among assigned."
    )
    columns = _columns(
        (tr("Section"), 0.06),
        (tr("Implementer"), 0.2),
        (tr("Assigned"), 0.14),
        (tr("Reported"), 0.14),
        (tr("Empty"), 0.12),
        (tr("Not reported"), 0.14),
        (tr("Other activities"), 0.12),
        (tr("Complete"), 0.08),
    )
    return [_note(legend), Table(columns, rows, size=_SIZE)]


def _completeness_row(line: CompletenessLine, language: str) -> Row:
    section = line.section
    reported = line.count(Coverage.REPORTED)
    assigned = set(line.assigned)

    def among_assigned(coverage: Coverage) -> tuple[int, ...]:
        return tuple(n for n in line.numbers(coverage) if n in assigned)

    return Row(
        (
            (_plain(section.number, "bold"),),
            (_plain(section.implementer.name),),
            _numbers_cell(line.assigned, language),
            _numbers_cell(among_assigned(Coverage.REPORTED), language),
            _numbers_cell(among_assigned(Coverage.EMPTY), language),
            _numbers_cell(among_assigned(Coverage.NOT_REPORTED), language),
            _numbers_cell(line.extra, language),
            (_plain(format_percent(reported, len(line.assigned), language)),),
        )
    )


# --- Annex 4 -----------------------------------------------------------------------------------


def format_section_numbers(numbers: Sequence[str]) -> str:
    """'A.1, A.2, B.1-B.12, B.14' for consecutive sections of a part: 35 member states that
    reported one activity take a line, not a paragraph."""
    runs: list[tuple[str, int, int]] = []
    for number in numbers:
        letter, _dot, index = number.partition(".")
        if not index.isdigit():
            runs.append((number, 0, -1))
            continue
        value = int(index)
        if runs and runs[-1][0] == letter and runs[-1][2] == value - 1:
            runs[-1] = (letter, runs[-1][1], value)
        else:
            runs.append((letter, value, value))
    parts = []
    for letter, first, last in runs:
        if last < 0:
            parts.append(letter)
        elif last - first >= 2:
            parts.append(f"{letter}.{first}-{letter}.{last}")
        else:
            parts.extend(f"{letter}.{n}" for n in range(first, last + 1))
    return ", ".join(parts)


def _objectives(report: ConsolidatedReport, tr: Translator) -> list[Block]:
    related = [a.number for a in report.catalogue.activities if a.objectives]
    intro = tr(
        "For each specific objective, the activities that serve it according to Appendix I of "
        "the resolution, and those of them reported in {year}, with the sections that reported "
        "them. Appendix I relates activities {first} to {last} to the objectives."
    ).format(year=report.year, first=min(related, default=0), last=max(related, default=0))
    bars = [
        Bar(tr("Objective {number}").format(number=o.number), o.reported_count, len(o.activities))
        for o in report.objectives
    ]
    captions = ChartCaptions(
        serving=tr("Activities serving the objective"),
        reported=tr("Activities reported"),
        axis=tr("Number of activities"),
    )
    rows = []
    for objective in report.objectives:
        objective_text = report.catalogue.specific_objective_text(
            objective.number, tr.language
        ).marked
        reported = tuple(
            _plain(f"{number} ({format_section_numbers(sections)})")
            for number, sections in sorted(objective.reported.items())
        )
        rows.append(
            Row(
                (
                    (Text(objective_text, typed=False, marker=f"{objective.number}."),),
                    (_plain(format_activity_numbers(objective.activities) or "—"),),
                    reported or (_plain(tr("None"), "oblique"),),
                    (
                        _plain(
                            tr("{reported} of {serving}").format(
                                reported=objective.reported_count,
                                serving=len(objective.activities),
                            )
                        ),
                    ),
                )
            )
        )
    columns = _columns(
        (tr("Specific objective"), 0.38),
        (tr("Activities serving it"), 0.16),
        (tr("Reported (by section)"), 0.36),
        (tr("Reported"), 0.1),
    )
    return [
        _note(intro),
        Custom(CoverageChart(bars, captions)),
        Table(columns, rows, size=_SIZE),
    ]
