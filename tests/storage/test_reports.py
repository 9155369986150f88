"""Reports and rows through the services, on a real SQLite file."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.core.report import FinancingLine, FocalPoint, RowStatus
from app.services import reports
from app.services.workspace import open_workspace
from tests.helpers.factories import HOSTILE_TEXTS, long_text


def test_new_report_has_assigned_activities_as_rows(workspace, catalogue):
    report = reports.create_report(workspace, "iachr", 2025, FocalPoint(name="Ana"))
    assert [row.activities for row in report.rows] == [
        (n,) for n in catalogue.assigned_activities("iachr")
    ]
    assert report.focal_point.name == "Ana"
    assert all(row.status is RowStatus.EMPTY for row in report.rows)


def test_duplicate_report_is_refused(workspace):
    reports.create_report(workspace, "iom", 2025)
    with pytest.raises(reports.ReportExistsError):
        reports.create_report(workspace, "iom", 2025)


def test_unknown_implementer_and_year(workspace):
    with pytest.raises(ValueError, match="Unknown implementer"):
        reports.create_report(workspace, "nobody", 2025)
    with pytest.raises(ValueError, match="reporting year"):
        reports.create_report(workspace, "iom", 1999)


@pytest.mark.parametrize("text", [*HOSTILE_TEXTS, long_text(20_000, seed=3)])
def test_texts_survive_exactly(workspace, db_path, text):
    report = reports.create_report(workspace, "cim", 2025)
    row_id = report.rows[0].row_id
    reports.save_row_texts(
        workspace,
        row_id,
        {"programmed": text, "executed": text[::-1], "planned_next": text, "financing_text": text},
    )
    reports.save_report_fields(workspace, report.report_id, {"background": text})
    workspace.close()
    again = open_workspace(db_path)
    loaded = reports.load_report(again, report.report_id)
    assert loaded.rows[0].programmed == text
    assert loaded.rows[0].executed == text[::-1]
    assert loaded.background == text
    again.close()


def test_row_status_follows_texts_and_financing(workspace, catalogue):
    report = reports.create_report(workspace, "iin", 2025)
    row_id = report.rows[0].row_id
    reports.save_row_texts(workspace, row_id, {"programmed": "x"})
    assert reports.load_report(workspace, report.report_id).rows[0].status is RowStatus.IN_PROGRESS
    reports.save_row_texts(workspace, row_id, {"executed": "y", "planned_next": "z"})
    assert reports.load_report(workspace, report.report_id).rows[0].status is RowStatus.IN_PROGRESS
    reports.save_row_financing(
        workspace, row_id, [FinancingLine("national-budget", "", Decimal("1500.50"), "MXN")]
    )
    loaded = reports.load_report(workspace, report.report_id)
    assert loaded.rows[0].status is RowStatus.COMPLETE
    assert loaded.rows[0].financing[0].amount == Decimal("1500.50")
    (summary,) = reports.list_reports(workspace)
    assert (summary.rows_complete, summary.rows_filled, summary.rows_total) == (
        1,
        1,
        len(catalogue.assigned_activities("iin")),
    )


def test_group_and_ungroup_keep_texts(workspace):
    report = reports.create_report(workspace, "iachr", 2025)
    ids = [row.row_id for row in report.rows]
    for index, row_id in enumerate(ids[:4]):
        reports.save_row_texts(workspace, row_id, {"executed": f"done {index + 1}"})
    merged = reports.group_rows(workspace, report.report_id, ids[:4])
    grouped = reports.load_report(workspace, report.report_id)
    assert grouped.rows[0].activities == (1, 2, 3, 4)
    assert grouped.rows[0].row_id == merged
    assert grouped.rows[0].executed == "done 1\n\ndone 2\n\ndone 3\n\ndone 4"
    assert len(grouped.rows) == len(report.rows) - 3

    reports.ungroup_row(workspace, report.report_id, merged)
    split = reports.load_report(workspace, report.report_id)
    assert [row.activities for row in split.rows[:4]] == [(1,), (2,), (3,), (4,)]
    assert split.rows[0].executed == "done 1\n\ndone 2\n\ndone 3\n\ndone 4"
    assert [row.activities for row in split.rows] == [row.activities for row in report.rows]


def test_any_activity_can_be_added_once(workspace):
    report = reports.create_report(workspace, "iachr", 2025)
    reports.add_activity_rows(workspace, report.report_id, [57, 10])
    loaded = reports.load_report(workspace, report.report_id)
    numbers = [row.activities[0] for row in loaded.rows]
    assert numbers == sorted(numbers)
    assert 57 in numbers and 10 in numbers
    with pytest.raises(reports.RowConflictError):
        reports.add_activity_rows(workspace, report.report_id, [57])
    with pytest.raises(ValueError, match="no activity 101"):
        reports.add_activity_rows(workspace, report.report_id, [101])


def test_search_finds_text_in_any_field(workspace, catalogue):
    report = reports.create_report(workspace, "iachr", 2025, FocalPoint(email="ana@oas.org"))
    reports.save_row_texts(workspace, report.rows[2].row_id, {"planned_next": "Visita a Tapachula"})
    loaded = reports.load_report(workspace, report.report_id)
    hits = reports.search_report(loaded, "TAPACHULA")
    assert [(h.row_index, h.field) for h in hits] == [(2, "planned_next")]
    assert [(h.row_index, h.field) for h in reports.search_report(loaded, "oas.org")] == [
        (None, "focal_point.email")
    ]
    texts = {a.number: a.text for a in catalogue.activities}
    assert any(h.field == "activity" for h in reports.search_report(loaded, "Vienna", texts))


def test_implementers_can_be_added_and_renamed(workspace, db_path):
    new_id = workspace.add_implementer(
        "Department of Public Security", "oas", short_name="DPS (SMS)"
    )
    workspace.rename_implementer("iom", "International Organization for Migration", "IOM")
    report = reports.create_report(workspace, new_id, 2025)
    assert report.rows == ()
    reports.add_activity_rows(workspace, report.report_id, [51, 52])
    workspace.close()
    again = open_workspace(db_path)
    assert again.catalogue.implementer(new_id).name == "Department of Public Security"
    assert again.catalogue.implementer("iom").name == "International Organization for Migration"
    assert not again.catalogue.implementer(new_id).named_in_resolution
    again.close()
