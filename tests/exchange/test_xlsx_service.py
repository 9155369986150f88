"""Import plans and their application: what is decided before anything changes, and how."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from app.core.progress import CancelledError, Progress
from app.core.report import FinancingLine, ReportStatus, RowData
from app.exchange.xlsx.differences import Change, differences, excerpts
from app.exchange.xlsx.writer import write_submission
from app.services.xlsx_exchange import (
    ExchangeError,
    ImportAction,
    ImportPlan,
    apply_import,
    export_xlsx,
    plan_import,
    validate_files,
    write_template,
)
from app.storage import report_store
from tests.exchange.xlsx_helpers import english  # noqa: F401
from tests.helpers.factories import sample_report


def add(workspace, report):
    with workspace.db.session() as session:
        return report_store.create_report(session, report).id


def stored(workspace, implementer, year):
    with workspace.db.reading() as session:
        record = report_store.find_report(session, implementer, year)
        return report_store.report_to_data(record) if record else None


@pytest.fixture
def small(catalogue):
    return sample_report(catalogue, "iachr", seed=4, min_length=20, max_length=60)


def test_new_report_is_planned_then_created_with_its_source(workspace, catalogue, small, tmp_path):
    path = tmp_path / "iachr.xlsx"
    write_submission(small, catalogue, path)
    (plan,) = plan_import(workspace, [path])
    assert plan.action is ImportAction.NEW and plan.will_change
    assert plan.summary().startswith("New: the 2025 report of Inter-American Commission")
    assert stored(workspace, "iachr", 2025) is None  # planning changes nothing
    (outcome,) = apply_import(workspace, [plan])
    assert outcome.ok and outcome.report_id is not None
    got = stored(workspace, "iachr", 2025)
    assert got.rows == small.rows and got.uuid == small.uuid


def test_conflict_then_replacing(workspace, catalogue, small, tmp_path):
    add(workspace, small)
    newer = replace(small, status=ReportStatus.DRAFT, conclusions="Changed.")
    path = tmp_path / "newer.xlsx"
    write_submission(newer, catalogue, path)
    (plan,) = plan_import(workspace, [path])
    assert plan.action is ImportAction.CONFLICT and not plan.will_change
    assert {d.field for d in plan.differences} == {"status", "conclusions"}
    (outcome,) = apply_import(workspace, [plan])
    assert not outcome.ok and stored(workspace, "iachr", 2025).conclusions == small.conclusions
    (outcome,) = apply_import(workspace, [plan.replacing()])
    assert outcome.ok
    assert stored(workspace, "iachr", 2025).conclusions == "Changed."
    assert plan_import(workspace, [path])[0].action is ImportAction.UNCHANGED


def test_two_files_for_the_same_report_in_one_import(workspace, catalogue, small, tmp_path):
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_submission(small, catalogue, first)
    write_submission(replace(small, background="Other."), catalogue, second)
    plans = plan_import(workspace, [first, second])
    assert [p.action for p in plans] == [ImportAction.NEW, ImportAction.REFUSED]
    assert "Another file of this import (a.xlsx)" in plans[1].errors[0].message


def test_report_identifier_of_another_report_is_refused(workspace, catalogue, small, tmp_path):
    add(workspace, small)
    # The same workbook with its Identity sheet claiming another year.
    other_year = replace(small, year=2026)
    path = tmp_path / "copied.xlsx"
    write_submission(other_year, catalogue, path)
    (plan,) = plan_import(workspace, [path], replace=True)
    assert plan.action is ImportAction.REFUSED
    assert "belongs to the 2025 report" in plan.errors[0].message


def test_one_transaction_per_file(workspace, catalogue, small, tmp_path):
    """A file that fails half-way leaves nothing behind; the next file still goes in."""
    broken = replace(
        small,
        uuid="00000000-0000-0000-0000-000000000001",
        rows=(RowData(activities=(1,)), RowData(activities=(1, 2))),  # activity 1 twice
    )
    good = sample_report(catalogue, "cim", seed=2, min_length=10, max_length=20)
    plans = [
        ImportPlan(tmp_path / "broken.xlsx", ImportAction.NEW, report=broken),
        ImportPlan(tmp_path / "good.xlsx", ImportAction.NEW, report=good),
    ]
    outcomes = apply_import(workspace, plans)
    assert [o.ok for o in outcomes] == [False, True]
    assert "nothing was changed" in outcomes[0].message
    assert stored(workspace, "iachr", 2025) is None
    assert stored(workspace, "cim", 2025) is not None


def test_report_created_between_plan_and_apply(workspace, catalogue, small, tmp_path):
    path = tmp_path / "iachr.xlsx"
    write_submission(small, catalogue, path)
    (plan,) = plan_import(workspace, [path])
    add(workspace, replace(small, uuid="00000000-0000-0000-0000-00000000000a"))
    (outcome,) = apply_import(workspace, [plan])
    assert not outcome.ok and "meanwhile" in outcome.message


def test_validate_does_not_count_an_existing_report_as_a_problem(
    workspace, catalogue, small, tmp_path
):
    add(workspace, small)
    path = tmp_path / "x.xlsx"
    write_submission(replace(small, background="New"), catalogue, path)
    (plan,) = validate_files(workspace, [path])
    assert plan.action is ImportAction.REPLACE and plan.errors == []
    assert stored(workspace, "iachr", 2025).background == small.background


def test_planning_reports_progress_and_can_be_cancelled(workspace, catalogue, small, tmp_path):
    paths = []
    for index in range(3):
        path = tmp_path / f"{index}.xlsx"
        write_submission(small, catalogue, path)
        paths.append(path)
    seen: list[tuple[int, int, str]] = []
    plan_import(workspace, paths, progress=Progress(on_change=lambda *a: seen.append(a)))
    assert seen[-1][:2] == (3, 3) and seen[-1][2] == "Read 2.xlsx"
    progress = Progress()
    progress.cancel()
    with pytest.raises(CancelledError):
        plan_import(workspace, paths, progress=progress)


def test_export_and_template_errors(workspace, tmp_path):
    with pytest.raises(ExchangeError, match="no 2025 report"):
        export_xlsx(workspace, "iom", 2025, tmp_path / "x.xlsx")
    with pytest.raises(ExchangeError, match="Unknown implementer"):
        write_template(workspace, "martians", 2025, tmp_path / "x.xlsx")
    with pytest.raises(ExchangeError, match="is a folder"):
        write_template(workspace, "iom", 2025, tmp_path)
    assert write_template(workspace, "iom", 2025, tmp_path / "t.xlsx").is_file()


def test_differences_name_rows_fields_and_lengths(catalogue, small):
    rows = list(small.rows)
    changed = replace(
        small,
        focal_point=replace(small.focal_point, email="new@example.org"),
        status=ReportStatus.DRAFT,
        rows=(
            replace(rows[0], executed=rows[0].executed + " Added."),
            replace(rows[1], financing=(FinancingLine("in-kind", "IOM", Decimal(5), "USD"),)),
            *rows[3:],
            RowData(activities=(57,), executed="New row"),
        ),
    )
    found = differences(small, changed)
    by_field = {(d.field, d.row): d for d in found}
    email = by_field[("focal_point.email", None)]
    assert email.change is Change.CHANGED and email.new_excerpt == "new@example.org"
    assert by_field[("status", None)].describe() == "Status: “final” becomes “draft”."
    executed = by_field[("executed", "1")]
    assert (executed.old_length, executed.new_length) == (
        len(rows[0].executed),
        len(rows[0].executed) + 7,
    )
    assert executed.describe().startswith("Activity 1, activities developed/executed: ")
    financing = by_field[("financing", "2")]
    assert financing.new_excerpt == "In kind IOM 5 USD"
    assert by_field[("row", "3")].change is Change.REMOVED
    assert by_field[("row", "57")].change is Change.ADDED
    assert differences(small, small) == []
    reordered = replace(small, rows=tuple(reversed(small.rows)))
    assert [d.change for d in differences(small, reordered)] == [Change.REORDERED]


def test_excerpts_show_where_texts_differ():
    old = "a" * 100 + "X" + "b" * 100
    new = "a" * 100 + "Y" + "b" * 100
    before, after = excerpts(old, new)
    assert "X" in before and "Y" in after and before.startswith("…") and after.endswith("…")
    assert excerpts("", "new text") == ("", "new text")
