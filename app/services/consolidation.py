"""Consolidation: the secretariat turns a year's submissions into the annual report.

Submissions come from workbooks (Focal exports or filled templates) and/or from the reports
already in the database. Files are read in worker processes when there are many (reading is
CPU-bound XML parsing, so two cores halve it); a damaged file is reported by name and the rest
go on. The assembly itself is :func:`app.core.consolidation.consolidate`.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from app.core.catalogue import Catalogue
from app.core.consolidation import (
    ConsolidatedReport,
    Decision,
    SourceCheck,
    Submission,
    consolidate,
)
from app.core.i18n import _, translator
from app.core.problems import Problem
from app.core.progress import NO_PROGRESS, Progress
from app.services.files import find_submission_files
from app.services.workspace import Workspace
from app.storage import report_store

log = logging.getLogger("focal.services")

# Below this many files a process pool costs more (start-up, imports) than it saves.
PARALLEL_THRESHOLD = 6


@dataclass
class ConsolidationResult:
    report: ConsolidatedReport
    written: list[Path] = field(default_factory=list)
    pdf_pages: int = 0
    warnings: list[str] = field(default_factory=list)


def _read_one(path: Path, catalogue: Catalogue) -> tuple[Submission | None, SourceCheck | None]:
    from app.exchange.xlsx.reader import read_submission

    try:
        result = read_submission(path, catalogue)
    except Exception as error:
        log.exception("reading %s failed", path)
        problem = Problem(_("The file could not be read: {error}").format(error=error), path)
        return None, SourceCheck(str(path), Decision.REJECTED, problems=(problem,))
    errors = result.errors
    if result.report is None or errors:
        report = result.report
        return None, SourceCheck(
            str(path),
            Decision.REJECTED,
            report.implementer_id if report else None,
            report.year if report else None,
            tuple(errors or result.problems),
        )
    return Submission(result.report, str(path)), None


def _read_batch(
    paths: Sequence[Path], catalogue: Catalogue
) -> list[tuple[Submission | None, SourceCheck | None]]:
    return [_read_one(path, catalogue) for path in paths]


def read_submissions(
    paths: Sequence[Path],
    catalogue: Catalogue,
    progress: Progress = NO_PROGRESS,
    workers: int | None = None,
) -> tuple[list[Submission], list[SourceCheck]]:
    """Read workbooks, in parallel when worthwhile; results keep the order of ``paths``."""
    workers = workers or min(os.cpu_count() or 1, 4)
    submissions: list[Submission] = []
    rejected: list[SourceCheck] = []

    def collect(outcome: tuple[Submission | None, SourceCheck | None]) -> None:
        submission, check = outcome
        if submission is not None:
            submissions.append(submission)
        if check is not None:
            rejected.append(check)

    if workers < 2 or len(paths) < PARALLEL_THRESHOLD:
        for path in paths:
            collect(_read_one(path, catalogue))
            progress.step(_("Read {name}").format(name=path.name))
        return submissions, rejected
    # Batches of a few files keep the catalogue from being pickled once per file.
    size = max(1, min(8, len(paths) // (workers * 3) or 1))
    batches = [paths[i : i + size] for i in range(0, len(paths), size)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures: list[Future[list[tuple[Submission | None, SourceCheck | None]]]] = [
            pool.submit(_read_batch, batch, catalogue) for batch in batches
        ]
        try:
            for batch, future in zip(batches, futures, strict=True):
                for outcome in future.result():
                    collect(outcome)
                progress.step(_("Read {name}").format(name=batch[-1].name), amount=len(batch))
        except BaseException:
            for future in futures:
                future.cancel()
            raise
    return submissions, rejected


def database_submissions(workspace: Workspace, year: int) -> list[Submission]:
    with workspace.db.reading() as session:
        return [
            Submission(report_store.report_to_data(record, workspace.catalogue.version), "database")
            for record in report_store.load_reports(session, year)
        ]


def get_texts(workspace: Workspace, year: int) -> tuple[str, str]:
    """The secretariat's background and conclusion for ``year``."""
    with workspace.db.reading() as session:
        return report_store.get_consolidation_texts(session, year)


def save_texts(workspace: Workspace, year: int, background: str, conclusion: str) -> None:
    with workspace.db.session() as session:
        report_store.set_consolidation_texts(session, year, background, conclusion)


def build_consolidated(
    workspace: Workspace,
    year: int,
    files: Sequence[Path] = (),
    *,
    from_db: bool = False,
    language: str = "en",
    progress: Progress = NO_PROGRESS,
) -> ConsolidatedReport:
    """Read, check and assemble; nothing is written."""
    paths = find_submission_files(files)
    progress.start(len(paths) + 1, _("Reading submissions"))
    submissions, rejected = read_submissions(paths, workspace.catalogue, progress)
    if from_db:
        submissions.extend(database_submissions(workspace, year))
    background, conclusion = get_texts(workspace, year)
    progress.step(_("Assembling the report"))
    return consolidate(
        submissions,
        workspace.catalogue,
        year,
        translator(language),
        background=background,
        conclusion=conclusion,
        rejected=rejected,
    )


def write_consolidated(
    report: ConsolidatedReport,
    *,
    xlsx: Path | None = None,
    pdf: Path | None = None,
    language: str = "en",
    paper: str = "a4",
    progress: Progress = NO_PROGRESS,
) -> ConsolidationResult:
    result = ConsolidationResult(report)
    if xlsx is not None:
        from app.exchange.xlsx.consolidated import write_consolidated_xlsx

        write_consolidated_xlsx(report, xlsx, language=language, progress=progress)
        result.written.append(xlsx)
    if pdf is not None:
        from app.exchange.pdf.consolidated import write_consolidated_pdf

        outcome = write_consolidated_pdf(
            report, pdf, paper=paper, language=language, progress=progress
        )
        result.written.append(pdf)
        result.pdf_pages = outcome.pages
        result.warnings.extend(outcome.warnings)
    return result
