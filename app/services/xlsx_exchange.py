"""Excel submissions: export, blank template, import and validation, for the window and the CLI.

Import happens in two steps so that nothing changes before the user has seen what would:
:func:`plan_import` reads the files and compares them with the database (new report, replace
with field-level differences, unchanged, or refused with the problems), and
:func:`apply_import` carries out the plans, one transaction per file, all or nothing per file.
"""

from __future__ import annotations

import enum
import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from app.core.i18n import _
from app.core.problems import FileProblemError, HasProblems, Problem
from app.core.progress import NO_PROGRESS, Progress
from app.core.report import ReportData, RowData
from app.exchange.xlsx.differences import Difference, differences
from app.exchange.xlsx.layout import SubmissionKind
from app.exchange.xlsx.reader import read_submission
from app.exchange.xlsx.writer import write_submission
from app.services.reports import validate_year
from app.services.workspace import Workspace
from app.storage import report_store
from app.storage.errors import StorageError

__all__ = [
    "Difference",
    "ExchangeError",
    "FileProblemError",
    "ImportAction",
    "ImportOutcome",
    "ImportPlan",
    "apply_import",
    "export_xlsx",
    "plan_import",
    "validate_files",
    "write_template",
]

log = logging.getLogger("focal.services")


class ExchangeError(ValueError):
    """An export or import that cannot start: unknown report or implementer, unwritable file."""


class ImportAction(enum.StrEnum):
    NEW = "new"  # no report for this implementer and year yet
    REPLACE = "replace"  # overwrites the report in the database (asked for)
    UNCHANGED = "unchanged"  # the database already holds exactly this
    CONFLICT = "conflict"  # a different report exists and replacing was not asked for
    REFUSED = "refused"  # the file has problems; see ImportPlan.problems


@dataclass(frozen=True, slots=True)
class ImportPlan(HasProblems):
    """What importing one file would do; what a dialog shows before anything changes."""

    path: Path
    action: ImportAction
    kind: SubmissionKind | None = None
    report: ReportData | None = None
    existing_id: int | None = None
    differences: tuple[Difference, ...] = ()
    problems: tuple[Problem, ...] = ()

    @property
    def will_change(self) -> bool:
        return self.action in (ImportAction.NEW, ImportAction.REPLACE)

    def replacing(self) -> ImportPlan:
        """This plan with replacing confirmed (a conflict becomes a replacement)."""
        if self.action is ImportAction.CONFLICT:
            return replace(self, action=ImportAction.REPLACE)
        return self

    def summary(self) -> str:
        """One sentence for the file's line in a list."""
        report = self.report
        who = (
            _("the {year} report of {implementer}").format(
                year=report.year, implementer=report.implementer_name
            )
            if report
            else ""
        )
        if self.action is ImportAction.NEW:
            return _("New: {report}, {rows} rows.").format(
                report=who, rows=len(report.rows) if report else 0
            )
        if self.action is ImportAction.REPLACE:
            return _("Replaces {report}: {count} differences.").format(
                report=who, count=len(self.differences)
            )
        if self.action is ImportAction.UNCHANGED:
            return _("Unchanged: the database already holds {report} exactly.").format(report=who)
        if self.action is ImportAction.CONFLICT:
            return _(
                "The database already has {report}, with {count} differences; it is replaced "
                "only if you ask for it."
            ).format(report=who, count=len(self.differences))
        return _("Refused: {count} problems.").format(count=len(self.errors))


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    path: Path
    action: ImportAction
    ok: bool
    message: str
    report_id: int | None = None


def _implementer_name(workspace: Workspace, implementer_id: str) -> str:
    try:
        return workspace.catalogue.implementer(implementer_id).name
    except KeyError:
        raise ExchangeError(
            _("Unknown implementer: {id}. `focal catalogue` lists them.").format(id=implementer_id)
        ) from None


def _write(
    report: ReportData,
    workspace: Workspace,
    path: Path,
    *,
    template: bool,
    language: str,
    progress: Progress | None,
) -> Path:
    path = Path(path)
    if path.is_dir():
        raise ExchangeError(_("{path} is a folder; give a file name.").format(path=path))
    if not path.parent.is_dir():
        raise ExchangeError(_("The folder {path} does not exist.").format(path=path.parent))
    try:
        write_submission(
            report,
            workspace.catalogue,
            path,
            template=template,
            language=language,
            progress=progress,
        )
    except OSError as error:
        raise ExchangeError(
            _("Cannot write {path}: {reason}.").format(path=path, reason=error.strerror)
        ) from error
    log.info("wrote %s %s", "template" if template else "workbook", path)
    return path


def export_xlsx(
    workspace: Workspace,
    implementer_id: str,
    year: int,
    path: Path,
    *,
    language: str | None = None,
    progress: Progress | None = None,
) -> Path:
    """Write the report of ``implementer_id`` for ``year`` as a submission workbook."""
    name = _implementer_name(workspace, implementer_id)
    with workspace.db.reading() as session:
        record = report_store.find_report(session, implementer_id, year)
        if record is None:
            raise ExchangeError(
                _("There is no {year} report for {implementer} in this database.").format(
                    year=year, implementer=name
                )
            )
        report = report_store.report_to_data(record, workspace.catalogue.version)
    return _write(
        report,
        workspace,
        path,
        template=False,
        language=language or report.language,
        progress=progress,
    )


def write_template(
    workspace: Workspace,
    implementer_id: str,
    year: int,
    path: Path,
    *,
    language: str | None = None,
    progress: Progress | None = None,
) -> Path:
    """A blank submission workbook with a row per activity the implementer is assigned."""
    name = _implementer_name(workspace, implementer_id)
    try:
        validate_year(year)
    except ValueError as error:
        raise ExchangeError(str(error)) from error
    catalogue = workspace.catalogue
    language = language or "en"
    report = ReportData(
        uuid=str(uuid.uuid4()),
        implementer_id=implementer_id,
        implementer_name=name,
        year=year,
        catalogue_id=catalogue.id,
        catalogue_version=catalogue.version,
        language=language,
        rows=tuple(
            RowData(activities=(number,))
            for number in catalogue.assigned_activities(implementer_id)
        ),
    )
    return _write(report, workspace, path, template=True, language=language, progress=progress)


def plan_import(
    workspace: Workspace,
    paths: Sequence[Path],
    *,
    replace: bool = False,
    progress: Progress | None = None,
) -> list[ImportPlan]:
    """Read every file and say what importing it would do; nothing is changed."""
    progress = progress or NO_PROGRESS
    progress.start(len(paths), _("Reading workbooks"))
    plans: list[ImportPlan] = []
    claimed: dict[tuple[str, int], Path] = {}
    for path in paths:
        plan = _plan_one(workspace, Path(path), claimed)
        if replace:
            plan = plan.replacing()
        plans.append(plan)
        progress.step(_("Read {name}").format(name=Path(path).name))
    return plans


def validate_files(
    workspace: Workspace, paths: Sequence[Path], progress: Progress | None = None
) -> list[ImportPlan]:
    """The checks of an import, changing nothing; an existing report is not a problem here."""
    return plan_import(workspace, paths, replace=True, progress=progress)


def _plan_one(workspace: Workspace, path: Path, claimed: dict[tuple[str, int], Path]) -> ImportPlan:
    read = read_submission(path, workspace.catalogue)
    problems = list(read.problems)
    report = read.report
    if report is None or read.errors:
        return ImportPlan(path, ImportAction.REFUSED, read.kind, report, problems=tuple(problems))
    key = (report.implementer_id, report.year)
    if key in claimed:
        problems.append(
            Problem(
                _(
                    "Another file of this import ({name}) holds the {year} report of "
                    "{implementer}; import one of them at a time."
                ).format(
                    name=claimed[key].name, year=report.year, implementer=report.implementer_name
                ),
                path,
            )
        )
        return ImportPlan(path, ImportAction.REFUSED, read.kind, report, problems=tuple(problems))
    claimed[key] = path
    with workspace.db.reading() as session:
        existing = report_store.find_report(session, report.implementer_id, report.year)
        owner = report_store.find_report_by_uuid(session, report.uuid)
        if owner is not None and (existing is None or owner.id != existing.id):
            problems.append(
                Problem(
                    _(
                        "This workbook's report identifier belongs to the {year} report of "
                        "{implementer} in the database, but the workbook says it is the "
                        "{file_year} report of {file_implementer}; was its Identity sheet "
                        "changed?"
                    ).format(
                        year=owner.year,
                        implementer=owner.implementer.name,
                        file_year=report.year,
                        file_implementer=report.implementer_name,
                    ),
                    path,
                )
            )
            return ImportPlan(
                path, ImportAction.REFUSED, read.kind, report, problems=tuple(problems)
            )
        current = (
            report_store.report_to_data(existing, workspace.catalogue.version) if existing else None
        )
    if current is None:
        return ImportPlan(path, ImportAction.NEW, read.kind, report, problems=tuple(problems))
    changes = tuple(differences(current, report))
    action = ImportAction.CONFLICT if changes else ImportAction.UNCHANGED
    return ImportPlan(path, action, read.kind, report, current.report_id, changes, tuple(problems))


def apply_import(
    workspace: Workspace, plans: Sequence[ImportPlan], progress: Progress | None = None
) -> list[ImportOutcome]:
    """Carry out the plans: one transaction per file, so a file goes in whole or not at all."""
    progress = progress or NO_PROGRESS
    progress.start(len(plans), _("Importing workbooks"))
    outcomes: list[ImportOutcome] = []
    for plan in plans:
        outcomes.append(_apply_one(workspace, plan))
        progress.step(_("Imported {name}").format(name=plan.path.name))
    return outcomes


def _apply_one(workspace: Workspace, plan: ImportPlan) -> ImportOutcome:
    report = plan.report
    if not plan.will_change or report is None:
        message = {
            ImportAction.UNCHANGED: _("Nothing to do: the database already holds this report."),
            ImportAction.CONFLICT: _(
                "Not imported: a different report exists; replacing it was not asked for."
            ),
        }.get(plan.action, _("Not imported: the file has problems."))
        return ImportOutcome(plan.path, plan.action, plan.action is ImportAction.UNCHANGED, message)
    try:
        with workspace.db.session() as session:
            existing = report_store.find_report(session, report.implementer_id, report.year)
            owner = report_store.find_report_by_uuid(session, report.uuid)
            if owner is not None and (existing is None or owner.id != existing.id):
                raise ExchangeError(
                    _("Another report in the database has this workbook's report identifier.")
                )
            if existing is not None and plan.action is ImportAction.NEW:
                raise ExchangeError(
                    _("The report was created in the database meanwhile; plan the import again.")
                )
            if existing is None:
                record = report_store.create_report(session, report)
            else:
                record = report_store.replace_report(session, existing, report)
            record.imported_from = str(plan.path)
            report_id = record.id
    except (StorageError, ValueError) as error:
        log.warning("importing %s failed: %s", plan.path, error)
        return ImportOutcome(
            plan.path,
            plan.action,
            False,
            _("Not imported, nothing was changed: {error}").format(error=error),
        )
    log.info("imported %s (%s) as report %s", plan.path, plan.action, report_id)
    done = (
        _("Imported as a new report.")
        if plan.action is ImportAction.NEW
        else _("Imported: the report in the database was replaced.")
    )
    return ImportOutcome(plan.path, plan.action, True, done, report_id)
