"""Exporting a report as a PDF: the use case shared by ``focal export --pdf`` and the window."""

from __future__ import annotations

from pathlib import Path

from app.core.i18n import _
from app.core.progress import Progress
from app.exchange.pdf.submission import PdfResult, write_submission_pdf
from app.services.reports import find_report_id, load_report
from app.services.workspace import Workspace

__all__ = ["PdfResult", "export_pdf"]


def export_pdf(
    workspace: Workspace,
    implementer_id: str,
    year: int,
    path: Path,
    *,
    paper: str = "a4",
    language: str | None = None,
    progress: Progress | None = None,
) -> PdfResult:
    """Write the implementer's report for ``year`` to ``path``; ValueError when there is none."""
    report_id = find_report_id(workspace, implementer_id, year)
    if report_id is None:
        try:
            name = workspace.catalogue.implementer(implementer_id).name
        except KeyError:
            raise ValueError(
                _("Unknown implementer: {id}. `focal catalogue` lists them.").format(
                    id=implementer_id
                )
            ) from None
        raise ValueError(
            _("There is no {year} report for {implementer}.").format(year=year, implementer=name)
        )
    report = load_report(workspace, report_id)
    return write_submission_pdf(
        report,
        workspace.catalogue,
        Path(path),
        paper=paper,
        language=language,
        progress=progress,
    )
