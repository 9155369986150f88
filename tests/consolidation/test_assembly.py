"""Choosing, ordering, numbering and counting in the consolidated report (pure data)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from app.core.consolidation import Coverage, Decision, Submission, consolidate
from app.core.i18n import translator
from app.core.report import RowData
from tests.helpers.factories import sample_report

EN = translator("en")


def submission(catalogue, implementer, *, year=2025, exported=None, source=None, seed=1):
    report = sample_report(catalogue, implementer, year, seed=seed, min_length=5, max_length=20)
    report = replace(report, exported=exported or datetime(2026, 1, 10, tzinfo=UTC))
    return Submission(report, source or f"/in/{implementer}-{seed}.xlsx")


def test_sections_numbered_per_group_in_catalogue_order(catalogue):
    offered = [
        submission(catalogue, implementer)
        for implementer in ("iom", "cim", "iachr", "mex", "arg", "rcm", "iihr", "ilo")
    ]
    result = consolidate(offered, catalogue, 2025, EN)
    numbering = {s.implementer.id: s.number for s in result.sections()}
    assert numbering == {
        "iachr": "A.1",
        "cim": "A.2",
        "arg": "B.1",
        "mex": "B.2",
        "rcm": "B.3",
        "iom": "C.1",
        "ilo": "C.2",
        "iihr": "D.1",
    }
    assert [p.letter for p in result.parts] == ["A", "B", "C", "D"]
    numbers = [s.number for s in result.sections()]
    assert len(numbers) == len(set(numbers))


def test_newest_export_wins_and_the_choice_is_listed(catalogue):
    old = submission(catalogue, "iom", exported=datetime(2026, 1, 5, tzinfo=UTC), seed=1)
    new = submission(catalogue, "iom", exported=datetime(2026, 2, 1, tzinfo=UTC), seed=2)
    result = consolidate([new, old], catalogue, 2025, EN)
    (section,) = result.sections()
    assert section.source == new.source
    decisions = {c.source: (c.decision, c.superseded_by) for c in result.checks}
    assert decisions[new.source] == (Decision.INCLUDED, None)
    assert decisions[old.source] == (Decision.SUPERSEDED, new.source)


def test_other_years_and_unknown_implementers_are_rejected_not_fatal(catalogue):
    wrong_year = submission(catalogue, "cim", year=2024)
    stranger = submission(catalogue, "iom")
    stranger = Submission(replace(stranger.report, implementer_id="martians"), "/in/m.xlsx")
    good = submission(catalogue, "iin")
    result = consolidate([wrong_year, stranger, good], catalogue, 2025, EN)
    assert [s.implementer.id for s in result.sections()] == ["iin"]
    rejected = {c.source: c for c in result.checks if c.decision is Decision.REJECTED}
    assert "2024, not for 2025" in rejected[wrong_year.source].problems[0].message
    assert "martians" in rejected["/in/m.xlsx"].problems[0].message


def test_completeness_and_objective_coverage(catalogue):
    offered = submission(catalogue, "iachr")
    rows = list(offered.report.rows)
    rows[1] = RowData(activities=rows[1].activities, row_id=None)  # activity 2 left empty
    del rows[3]  # activity 4 not reported at all
    rows.append(RowData(activities=(57,), executed="Exchange of practices with CIM"))
    report = replace(offered.report, rows=tuple(rows))
    result = consolidate([Submission(report, "db")], catalogue, 2025, EN)
    (line,) = result.completeness
    assert line.cells[1] is Coverage.REPORTED
    assert line.cells[2] is Coverage.EMPTY
    assert line.cells[4] is Coverage.NOT_REPORTED
    assert line.extra == (57,)
    assigned = len(catalogue.assigned_activities("iachr"))
    assert line.count(Coverage.REPORTED) == assigned - 2
    objective_9 = result.objectives[8]
    assert objective_9.number == 9
    assert 1 in objective_9.reported and objective_9.reported[1] == ("A.1",)
    assert 2 not in objective_9.reported  # empty row does not count
    assert 57 in result.objectives[0].reported  # 57 serves objective 1 via Appendix I
    not_reporting = {i.id for i in result.not_reporting}
    assert "iachr" not in not_reporting
    assert {"cim", "mex", "iom"} <= not_reporting
