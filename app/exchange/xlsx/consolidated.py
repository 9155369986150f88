"""The annual report as a workbook: readable (Report and the annexes) and machine-readable.

Sheets: Report (the report as it used to be assembled by hand), Rows and Financing (flat
tables for the secretariat's own analysis), Submissions (annex 1), Not reporting (annex 2),
Completeness (annex 3) and Objectives (annex 4, with a chart). Every decision — which
submission, which section number, what counts as reported — comes made in the
:class:`ConsolidatedReport`; this module only lays it out.

Rows stream to disk as they are made (:mod:`app.exchange.xlsx.rows`), so three hundred
submissions take little more memory than the report itself. Texts are checked before
anything is written; the file appears only once complete.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from openpyxl import Workbook

from app.core.catalogue import format_activity_numbers
from app.core.consolidation import ConsolidatedReport, Section
from app.core.i18n import _, translator
from app.core.problems import FileProblemError, Problem
from app.core.progress import NO_PROGRESS, Progress
from app.core.report import ROW_TEXT_FIELDS
from app.exchange.xlsx.cells import character_name, fits_cell, illegal_character
from app.exchange.xlsx.consolidated_annexes import write_not_reporting, write_submissions
from app.exchange.xlsx.consolidated_coverage import write_completeness, write_objectives
from app.exchange.xlsx.consolidated_flat import FlatSheets
from app.exchange.xlsx.consolidated_layout import (
    COMPLETENESS_SHEET,
    FINANCING_SHEET,
    NOT_REPORTING_SHEET,
    OBJECTIVES_SHEET,
    REPORT_SHEET,
    ROWS_SHEET,
    SHEETS,
    SUBMISSIONS_SHEET,
    Context,
    sheet_name,
)
from app.exchange.xlsx.consolidated_report import ReportSheet
from app.exchange.xlsx.layout import CELL_LIMIT, COLUMN
from app.exchange.xlsx.rows import CellSheet, new_sheet
from app.exchange.xlsx.styles import CellStyles
from app.exchange.xlsx.workbook import discard, save, set_properties

__all__ = ["check_consolidated", "write_consolidated_xlsx"]

# Three hundred submissions make some 80 MB of XML: deflating it at openpyxl's level 6 would
# take longer than writing it; level 1 takes a quarter of that time for a file a fifth larger.
FAST_COMPRESSION = 1


def write_consolidated_xlsx(
    report: ConsolidatedReport,
    path: Path,
    *,
    language: str = "en",
    progress: Progress | None = None,
) -> None:
    """Write the annual report workbook to ``path``.

    Raises FileProblemError, naming each section and field, before anything is written when
    a text cannot be stored in a workbook; the file at ``path`` is then left as it was.
    """
    progress = progress or NO_PROGRESS
    path = Path(path)
    problems = check_consolidated(report)
    if problems:
        raise FileProblemError(problems)
    sections = len(report.sections())
    # A step per section on the Report sheet and on the flat sheets, one per annex, one to save.
    progress.start(2 * sections + 5, _("Writing {name}").format(name=path.name))
    tr = translator(language)
    workbook = Workbook(write_only=True)
    try:
        sheets = {message: new_sheet(workbook, sheet_name(message, tr)) for message in SHEETS}
        context = Context(report, tr, CellStyles(sheets[REPORT_SHEET]), progress)
        _write_sheets(context, sheets)
        set_properties(
            workbook,
            title=tr("Annual report {year}: {program}").format(
                year=report.year, program=report.catalogue.short_title_in(language).marked
            ),
            subject=f"{report.catalogue.resolution} — {report.catalogue.short_title_in(language)}",
            keywords=f"{report.catalogue.resolution}; {report.year}",
            category="annual-report",
            description=tr("Annual report consolidated by Focal from {count} submissions.").format(
                count=sections
            ),
            language=tr.language,
        )
    except BaseException:
        discard(workbook)
        raise
    save(workbook, path, progress, compression=FAST_COMPRESSION)
    progress.step(_("Wrote {name}").format(name=path.name))


def _write_sheets(context: Context, sheets: dict[str, CellSheet]) -> None:
    ReportSheet(context, sheets[REPORT_SHEET]).write()
    FlatSheets(context, sheets[ROWS_SHEET], sheets[FINANCING_SHEET]).write()
    write_submissions(context, sheets[SUBMISSIONS_SHEET])
    write_not_reporting(context, sheets[NOT_REPORTING_SHEET])
    write_completeness(context, sheets[COMPLETENESS_SHEET])
    write_objectives(context, sheets[OBJECTIVES_SHEET])


# --- Checks ------------------------------------------------------------------------------


def check_consolidated(report: ConsolidatedReport) -> list[Problem]:
    """Texts a workbook cannot hold exactly; empty when the report can be written."""
    problems: list[Problem] = []
    for label, text in (
        (_("Background"), report.background),
        (_("Conclusion"), report.conclusion),
    ):
        found = illegal_character(text)
        if found is not None:
            message = _(
                "The annual report's {field}: the character {code} at position {position} "
                "cannot be stored in an Excel file; remove it and consolidate again."
            ).format(field=label, code=character_name(found[1]), position=found[0] + 1)
            problems.append(Problem(message))
    for section in report.sections():
        problems.extend(_check_section(section))
    return problems


def _check_section(section: Section) -> Iterator[Problem]:
    where = _("Section {section} ({implementer})").format(
        section=section.number, implementer=section.implementer.short_name
    )
    file = None if section.source == "database" else Path(section.source)
    for label, text, single in _section_texts(section):
        found = illegal_character(text)
        if found is not None:
            message = _(
                "{where}, {field}: the character {code} at position {position} cannot be stored "
                "in an Excel file; correct the report and consolidate again."
            ).format(
                where=where,
                field=label,
                code=character_name(found[1]),
                position=found[0] + 1,
            )
            yield Problem(message, file)
        if single and not fits_cell(text):
            yield Problem(
                _(
                    "{where}, {field}: the text is longer than the {limit} characters an Excel "
                    "cell holds; shorten it and consolidate again."
                ).format(where=where, field=label, limit=CELL_LIMIT),
                file,
            )


def _section_texts(section: Section) -> Iterator[tuple[str, str, bool]]:
    """(what it is, text, whether it must fit one cell) for every text of the section."""
    implementer = section.implementer
    focal = section.report.focal_point
    yield _("the implementer's name"), implementer.name, True
    yield _("the implementer's identifier"), implementer.id, True
    yield _("the focal point's name"), focal.name, True
    yield _("the focal point's position"), focal.title, True
    yield _("the focal point's institution"), focal.institution, True
    yield _("the focal point's e-mail"), focal.email, True
    for row in section.report.rows:
        numbers = format_activity_numbers(row.activities)
        for name in ROW_TEXT_FIELDS:
            column = _(COLUMN[name].heading).format(year="", resolution="").strip()
            field = _("activity {numbers}, column “{column}”").format(
                numbers=numbers, column=column
            )
            yield field, getattr(row, name), False
        for line in row.financing:
            field = _("activity {numbers}, financing").format(numbers=numbers)
            yield field, line.donor, True
            yield field, line.currency, True
            yield field, line.source or "", True
