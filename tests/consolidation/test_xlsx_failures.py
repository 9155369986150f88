"""The annual report workbook when something is wrong: nothing half-written, nothing lost."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet import _writer

from app.core.catalogue import Catalogue
from app.core.consolidation import Submission, consolidate
from app.core.i18n import translator
from app.core.problems import FileProblemError
from app.core.progress import CancelledError, Progress
from app.exchange.xlsx.consolidated import write_consolidated_xlsx
from tests.consolidation.test_xlsx_workbook import YEAR, build_report
from tests.helpers.factories import sample_report


def test_a_character_excel_cannot_hold_is_refused_before_writing(
    tmp_path: Path, catalogue: Catalogue
) -> None:
    report = sample_report(catalogue, "iom", YEAR, min_length=10, max_length=50)
    rows = list(report.rows)
    rows[2] = replace(rows[2], executed="pasted from Word\x0bsecond line")
    report = replace(
        report, rows=tuple(rows), focal_point=replace(report.focal_point, name="A\x01")
    )
    annual = consolidate([Submission(report, "database")], catalogue, YEAR, translator("en"))
    target = tmp_path / "annual.xlsx"
    target.write_bytes(b"the previous file")
    with pytest.raises(FileProblemError) as raised:
        write_consolidated_xlsx(annual, target)
    messages = [problem.message for problem in raised.value.problems]
    assert len(messages) == 2
    assert "C.1" in messages[0] and "U+0001" in messages[0]
    activity = format(rows[2].activities[0])
    assert f"activity {activity}" in messages[1] and "U+000B" in messages[1]
    assert "position 17" in messages[1]
    assert target.read_bytes() == b"the previous file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["annual.xlsx"]


def test_cancelling_leaves_no_file_and_no_temporary_sheets(
    tmp_path: Path, catalogue: Catalogue
) -> None:
    report, _submissions = build_report(catalogue)
    seen: list[int] = []

    def cancel_midway(done: int, total: int, message: str) -> None:
        seen.append(done)
        if done == len(report.sections()) + 2:  # on the flat sheets
            progress.cancel()

    progress = Progress(on_change=cancel_midway)
    before = list(_writer.ALL_TEMP_FILES)
    target = tmp_path / "annual.xlsx"
    with pytest.raises(CancelledError):
        write_consolidated_xlsx(report, target, progress=progress)
    assert max(seen) < 2 * len(report.sections())
    assert not list(tmp_path.iterdir())
    after = list(_writer.ALL_TEMP_FILES)  # openpyxl's sheet files, removed again
    assert after == before


def test_progress_counts_to_its_total(tmp_path: Path, catalogue: Catalogue) -> None:
    report, _submissions = build_report(catalogue)
    steps: list[tuple[int, int]] = []
    progress = Progress(on_change=lambda done, total, _message: steps.append((done, total)))
    write_consolidated_xlsx(report, tmp_path / "annual.xlsx", progress=progress)
    assert steps[-1][0] == steps[-1][1] == 2 * len(report.sections()) + 5


def test_a_year_without_submissions_still_makes_a_readable_workbook(
    tmp_path: Path, catalogue: Catalogue
) -> None:
    annual = consolidate([], catalogue, YEAR, translator("en"))
    path = tmp_path / "empty.xlsx"
    write_consolidated_xlsx(annual, path)
    book = load_workbook(path)
    texts = [cell for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row]
    assert "No implementer of this group reported." in texts
    assert "No report was included." in texts
    assert "Every submission received was included." in texts
    assert book["Rows"].tables["ReportRows"].ref == "A1:T2"
    assert len(book["Objectives"]._charts) == 1
    not_reporting = [row[1] for row in book["Not reporting"].iter_rows(values_only=True)]
    assert "iachr" in not_reporting and "mex" in not_reporting
