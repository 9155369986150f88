"""The item models pass Qt's model tester and map reports and financing lines faithfully."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.core.report import FinancingLine, RowStatus
from app.ui.financing_model import FinancingModel, parse_amount
from app.ui.navigator_model import STATUS_ROLE, IncompleteFilter, NavigatorModel
from tests.helpers.factories import sample_report


def test_navigator_model_passes_the_model_tester(qtmodeltester, catalogue):
    report = sample_report(catalogue, "iachr", min_length=10, max_length=40)
    model = NavigatorModel(catalogue)
    model.set_report(report)
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == len(report.rows)
    assert model.index(0, 0).data() == "1"
    assert model.index(0, 1).data().startswith("Carry out activities to promote")
    assert model.index(0, 0).data(STATUS_ROLE) == RowStatus.COMPLETE.value


def test_incomplete_filter_passes_the_model_tester(qtmodeltester, catalogue):
    report = sample_report(catalogue, "iachr", min_length=10, max_length=40)
    rows = list(report.rows)
    rows[2] = rows[2].__class__(activities=rows[2].activities, programmed="only this")
    model = NavigatorModel(catalogue)
    model.set_report(report.with_rows(tuple(rows)))
    proxy = IncompleteFilter()
    proxy.setSourceModel(model)
    proxy.set_only_incomplete(True)
    qtmodeltester.check(proxy, force_py=True)
    assert proxy.rowCount() == 1
    assert proxy.index(0, 0).data() == "3"


def test_update_row_signals_only_real_changes(qtbot, catalogue):
    report = sample_report(catalogue, "iachr", min_length=10, max_length=40)
    model = NavigatorModel(catalogue)
    model.set_report(report)
    with qtbot.assertNotEmitted(model.dataChanged):
        model.update_row(1, report.rows[1])
    emptied = report.rows[1].__class__(activities=report.rows[1].activities, row_id=None)
    with qtbot.waitSignal(model.dataChanged):
        model.update_row(1, emptied)
    assert model.index(1, 0).data(STATUS_ROLE) == RowStatus.EMPTY.value


def test_financing_model_passes_the_model_tester_and_validates(qtmodeltester, qtbot):
    model = FinancingModel()
    model.set_lines((FinancingLine("oas-regular-fund", "", Decimal("100.00"), "USD"),))
    model.add_line()
    qtmodeltester.check(model, force_py=True)
    with qtbot.waitSignal(model.lines_changed) as changed:
        assert model.setData(model.index(1, 0), "national-budget")
    assert changed.args[0][1].source == "national-budget"
    assert not model.setData(model.index(1, 0), "not-a-source")
    assert not model.setData(model.index(1, 2), "twelve")
    assert not model.setData(model.index(1, 3), "DOLLARS")
    assert model.setData(model.index(1, 3), "mxn")
    assert model.setData(model.index(1, 2), "1.234.567,80")
    assert model.lines()[1] == FinancingLine("national-budget", "", Decimal("1234567.80"), "MXN")
    assert model.index(0, 0).data() == "OAS Regular Fund"
    model.remove_line(0)
    assert model.rowCount() == 1


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("12,500.50", "12500.50"),
        ("12.500,50", "12500.50"),
        ("12 500", "12500.00"),
        ("12500", "12500.00"),
        ("1,5", "1.50"),
        ("1,234", "1234.00"),
        ("1.234", "1234.00"),
        ("0.75", "0.75"),
        ("", None),
    ],
)
def test_parse_amount_reads_the_usual_ways_of_writing_money(text, amount):
    assert parse_amount(text) == (Decimal(amount) if amount else None)


@pytest.mark.parametrize("text", ["abc", "-5", "1e999", "12..5,3,4"])
def test_parse_amount_refuses_what_is_not_an_amount(text):
    with pytest.raises(ValueError, match="not an amount"):
        parse_amount(text)
