"""Assembling the annual report from submissions: choice, order, numbering and annexes.

Pure data in, pure data out: the Excel and PDF writers typeset a :class:`ConsolidatedReport`
and never decide anything themselves, so the numbering and the annex figures are the same in
both files and cannot drift the way hand-made reports did (two sections "B.2", an
organisation reported twice, a column headed with the wrong year).
"""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from app.core.catalogue import Catalogue, Implementer
from app.core.i18n import Translator
from app.core.problems import Problem
from app.core.report import ReportData, RowStatus

# Section letters of part III, one per implementer group, fixed so that numbering is stable
# from year to year whatever group happens to have no submission.
GROUP_LETTERS = {"oas": "A", "member-states": "B", "multilateral": "C", "other": "D"}


class Decision(enum.StrEnum):
    INCLUDED = "included"
    SUPERSEDED = "superseded"  # a newer submission of the same implementer and year won
    REJECTED = "rejected"  # damaged, wrong year, unknown implementer


@dataclass(frozen=True, slots=True)
class Submission:
    """A report offered for consolidation, from a file or from the database."""

    report: ReportData
    source: str  # the file's path, or "database"

    @property
    def moment(self) -> datetime:
        """When the sender made it: export time, else last change; decides duplicates."""
        return self.report.exported or self.report.updated or datetime.min.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class SourceCheck:
    """What became of one input: included, superseded (by which), or rejected (why)."""

    source: str
    decision: Decision
    implementer_id: str | None = None
    year: int | None = None
    problems: tuple[Problem, ...] = ()
    superseded_by: str | None = None
    moment: datetime | None = None


@dataclass(frozen=True, slots=True)
class Section:
    number: str  # "A.1"
    implementer: Implementer
    report: ReportData
    source: str


@dataclass(frozen=True, slots=True)
class Part:
    letter: str
    group_id: str
    title: str
    sections: tuple[Section, ...]


class Coverage(enum.StrEnum):
    REPORTED = "reported"  # a row covers the activity and has text
    EMPTY = "empty"  # a row covers it but nothing was written
    NOT_REPORTED = "not-reported"  # no row covers it


@dataclass(frozen=True, slots=True)
class CompletenessLine:
    section: Section
    assigned: tuple[int, ...]
    cells: dict[int, Coverage]  # every assigned activity, plus extra ones reported

    def count(self, coverage: Coverage) -> int:
        return sum(1 for n in self.assigned if self.cells.get(n) is coverage)

    def numbers(self, coverage: Coverage) -> tuple[int, ...]:
        return tuple(n for n in sorted(self.cells) if self.cells[n] is coverage)

    @property
    def extra(self) -> tuple[int, ...]:
        """Activities reported although the resolution assigns them to others."""
        return tuple(n for n in sorted(self.cells) if n not in set(self.assigned))


@dataclass(frozen=True, slots=True)
class ObjectiveCoverage:
    number: int
    text: str
    activities: tuple[int, ...]  # all activities serving it through Appendix I
    reported: dict[int, tuple[str, ...]]  # activity -> section numbers that reported it

    @property
    def reported_count(self) -> int:
        return len(self.reported)


@dataclass(frozen=True)
class ConsolidatedReport:
    year: int
    catalogue: Catalogue
    background: str
    conclusion: str
    parts: tuple[Part, ...]
    checks: tuple[SourceCheck, ...]
    not_reporting: tuple[Implementer, ...]
    completeness: tuple[CompletenessLine, ...]
    objectives: tuple[ObjectiveCoverage, ...]
    made: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def next_year(self) -> int:
        return self.year + 1

    def sections(self) -> list[Section]:
        return [section for part in self.parts for section in part.sections]

    def included(self) -> list[SourceCheck]:
        return [c for c in self.checks if c.decision is Decision.INCLUDED]


def choose_submissions(
    submissions: Iterable[Submission],
    year: int,
    catalogue: Catalogue,
    rejected: Iterable[SourceCheck] = (),
    tr: Translator | None = None,
) -> tuple[dict[str, Submission], list[SourceCheck]]:
    """One submission per implementer: the newest; the others are listed as superseded."""
    gettext = tr.gettext if tr else (lambda s: s)
    checks = list(rejected)
    candidates: dict[str, list[Submission]] = defaultdict(list)
    known = {i.id for i in catalogue.implementers}
    for submission in submissions:
        report = submission.report
        if report.year != year:
            message = gettext(
                "This submission is for {found}, not for {year}; it was left out."
            ).format(found=report.year, year=year)
            checks.append(_rejection(submission, message))
        elif report.implementer_id not in known:
            message = gettext("The implementer {id} is not in the catalogue; add it first.").format(
                id=report.implementer_id
            )
            checks.append(_rejection(submission, message))
        else:
            candidates[report.implementer_id].append(submission)
    chosen: dict[str, Submission] = {}
    for implementer_id, offered in candidates.items():
        ordered = sorted(offered, key=lambda s: (s.moment, s.source), reverse=True)
        winner = ordered[0]
        chosen[implementer_id] = winner
        checks.append(
            SourceCheck(
                winner.source, Decision.INCLUDED, implementer_id, year, moment=winner.moment
            )
        )
        checks.extend(
            SourceCheck(
                loser.source,
                Decision.SUPERSEDED,
                implementer_id,
                year,
                superseded_by=winner.source,
                moment=loser.moment,
            )
            for loser in ordered[1:]
        )
    return chosen, checks


def _rejection(submission: Submission, message: str) -> SourceCheck:
    report = submission.report
    return SourceCheck(
        submission.source,
        Decision.REJECTED,
        report.implementer_id,
        report.year,
        (Problem(message, _path(submission.source)),),
        moment=submission.moment,
    )


def _path(source: str) -> Path | None:
    return None if source == "database" else Path(source)


def number_sections(
    chosen: dict[str, Submission], catalogue: Catalogue, tr: Translator
) -> tuple[Part, ...]:
    """Parts A-D in catalogue order; sections numbered within each part from 1."""
    parts = []
    for group in catalogue.groups:
        letter = GROUP_LETTERS.get(group.id, "")
        members = [i for i in catalogue.implementers if i.group == group.id and i.id in chosen]
        sections = tuple(
            Section(
                f"{letter}.{index}",
                implementer,
                chosen[implementer.id].report,
                chosen[implementer.id].source,
            )
            for index, implementer in enumerate(members, start=1)
        )
        title = catalogue.group_name_in(group.id, tr.language).marked
        parts.append(Part(letter, group.id, title, sections))
    return tuple(parts)


def completeness(sections: Sequence[Section], catalogue: Catalogue) -> tuple[CompletenessLine, ...]:
    lines = []
    for section in sections:
        assigned = catalogue.assigned_activities(section.implementer.id)
        cells: dict[int, Coverage] = dict.fromkeys(assigned, Coverage.NOT_REPORTED)
        for row in section.report.rows:
            coverage = Coverage.EMPTY if row.status is RowStatus.EMPTY else Coverage.REPORTED
            for number in row.activities:
                cells[number] = coverage
        lines.append(CompletenessLine(section, assigned, cells))
    return tuple(lines)


def objective_coverage(
    sections: Sequence[Section], catalogue: Catalogue
) -> tuple[ObjectiveCoverage, ...]:
    reported_by: dict[int, list[str]] = defaultdict(list)
    for section in sections:
        for row in section.report.rows:
            if row.status is not RowStatus.EMPTY:
                for number in row.activities:
                    reported_by[number].append(section.number)
    result = []
    for objective in catalogue.specific_objectives():
        serving = tuple(a.number for a in catalogue.activities if objective.number in a.objectives)
        result.append(
            ObjectiveCoverage(
                number=objective.number,
                text=objective.text,
                activities=serving,
                reported={n: tuple(reported_by[n]) for n in serving if n in reported_by},
            )
        )
    return tuple(result)


def consolidate(
    submissions: Iterable[Submission],
    catalogue: Catalogue,
    year: int,
    tr: Translator,
    *,
    background: str = "",
    conclusion: str = "",
    rejected: Iterable[SourceCheck] = (),
) -> ConsolidatedReport:
    """The whole annual report for ``year``: the single place where every decision is made."""
    chosen, checks = choose_submissions(submissions, year, catalogue, rejected, tr)
    parts = number_sections(chosen, catalogue, tr)
    sections = [s for part in parts for s in part.sections]
    not_reporting = tuple(
        i
        for i in catalogue.implementers
        if i.id not in chosen and catalogue.assigned_activities(i.id)
    )
    order = {check.source: index for index, check in enumerate(checks)}
    return ConsolidatedReport(
        year=year,
        catalogue=catalogue,
        background=background,
        conclusion=conclusion,
        parts=parts,
        checks=tuple(
            sorted(checks, key=lambda c: (c.decision != Decision.INCLUDED, order[c.source]))
        ),
        not_reporting=not_reporting,
        completeness=completeness(sections, catalogue),
        objectives=objective_coverage(sections, catalogue),
    )
