"""Creating, reading and editing reports: the use cases of the focal point's window.

Each call is one short transaction. Edits return the time they were saved, which the
window shows ("Saved 14:02").

The window imports this module before it is shown, so the storage layer (SQLAlchemy) is
imported by the functions that use it, not here.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from app.core.catalogue import format_activity_numbers
from app.core.i18n import _
from app.core.report import (
    REPORT_TEXT_FIELDS,
    ROW_TEXT_FIELDS,
    FinancingLine,
    FocalPoint,
    ReportData,
    ReportStatus,
    RowData,
)
from app.services.workspace import Workspace

if TYPE_CHECKING:
    from app.storage.report_store import ReportSummary, RowConflictError

__all__ = [
    "ReportExistsError",
    "ReportSummary",
    "RowConflictError",
    "SearchHit",
    "add_activity_rows",
    "create_report",
    "delete_report",
    "find_report_id",
    "group_rows",
    "latest_report_id",
    "list_reports",
    "load_report",
    "remove_row",
    "save_report_fields",
    "save_row_financing",
    "save_row_texts",
    "search_report",
    "ungroup_row",
]

MIN_YEAR, MAX_YEAR = 2005, 2100


def __getattr__(name: str) -> object:
    """``ReportSummary`` and ``RowConflictError`` from the storage layer, imported when used."""
    if name in ("ReportSummary", "RowConflictError"):
        from app.storage import report_store

        return getattr(report_store, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class ReportExistsError(ValueError):
    """A report for this implementer and year is already in the database."""


def validate_year(year: int) -> int:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(
            _("The reporting year must be between {low} and {high}.").format(
                low=MIN_YEAR, high=MAX_YEAR
            )
        )
    return year


def list_reports(workspace: Workspace) -> list[ReportSummary]:
    from app.storage import report_store

    with workspace.db.reading() as session:
        return report_store.list_summaries(session)


def latest_report_id(workspace: Workspace) -> int | None:
    """The most recently changed report (to open at start when none was opened before)."""
    from app.storage import report_store

    with workspace.db.reading() as session:
        return report_store.latest_report_id(session)


def find_report_id(workspace: Workspace, implementer_id: str, year: int) -> int | None:
    from app.storage import report_store

    with workspace.db.reading() as session:
        record = report_store.find_report(session, implementer_id, year)
        return record.id if record else None


def create_report(
    workspace: Workspace,
    implementer_id: str,
    year: int,
    focal_point: FocalPoint | None = None,
    language: str = "en",
) -> ReportData:
    """A new report with one row per activity the resolution assigns to the implementer."""
    from app.storage import report_store

    catalogue = workspace.catalogue
    try:
        implementer = catalogue.implementer(implementer_id)
    except KeyError:
        raise ValueError(
            _("Unknown implementer: {id}. `focal catalogue` lists them.").format(id=implementer_id)
        ) from None
    validate_year(year)
    if find_report_id(workspace, implementer_id, year) is not None:
        raise ReportExistsError(
            _("There is already a {year} report for {implementer}.").format(
                year=year, implementer=implementer.name
            )
        )
    data = ReportData(
        uuid=str(uuid.uuid4()),
        implementer_id=implementer_id,
        implementer_name=implementer.name,
        year=year,
        catalogue_id=catalogue.id,
        catalogue_version=catalogue.version,
        language=language,
        focal_point=focal_point or FocalPoint(),
        rows=tuple(
            RowData(activities=(number,))
            for number in catalogue.assigned_activities(implementer_id)
        ),
    )
    with workspace.db.session() as session:
        record = report_store.create_report(session, data)
        report_id = record.id
    return load_report(workspace, report_id)


def load_report(workspace: Workspace, report_id: int) -> ReportData:
    from app.storage import report_store

    with workspace.db.reading() as session:
        record = report_store.get_report(session, report_id)
        return report_store.report_to_data(record, workspace.catalogue.version)


def delete_report(workspace: Workspace, report_id: int) -> None:
    from app.storage import report_store

    with workspace.db.session() as session:
        report_store.delete_report(session, report_id)


def save_report_fields(workspace: Workspace, report_id: int, values: Mapping[str, str]) -> datetime:
    """Save report-level texts: focal point (focal_name, ...), background, conclusions, status."""
    from app.storage import report_store

    if "status" in values:
        ReportStatus(values["status"])
    with workspace.db.writing() as connection:
        return report_store.update_report_fields(connection, report_id, values)


def save_row_texts(workspace: Workspace, row_id: int, values: Mapping[str, str]) -> datetime:
    """Save some of a row's four template texts."""
    from app.storage import report_store

    unknown = set(values) - set(ROW_TEXT_FIELDS)
    if unknown:
        raise ValueError(f"not row fields: {sorted(unknown)}")
    with workspace.db.writing() as connection:
        return report_store.update_row_texts(connection, row_id, values)


def save_row_financing(
    workspace: Workspace, row_id: int, lines: Iterable[FinancingLine]
) -> datetime:
    from app.storage import report_store

    with workspace.db.writing() as connection:
        return report_store.set_row_financing(connection, row_id, list(lines))


def add_activity_rows(workspace: Workspace, report_id: int, numbers: Sequence[int]) -> list[int]:
    """Add one row per activity (any activity of the Program, assigned or not)."""
    from app.storage import report_store
    from app.storage.report_store import RowConflictError

    for number in numbers:
        if not workspace.catalogue.has_activity(number):
            raise ValueError(
                _("There is no activity {number} in the Program.").format(number=number)
            )
    ids = []
    with workspace.db.session() as session:
        record = report_store.get_report(session, report_id)
        taken = {n for row in record.rows for n in row.activity_numbers}
        clash = taken.intersection(numbers)
        if clash:
            raise RowConflictError(
                _("Activity {numbers} already has a row in this report.").format(
                    numbers=format_activity_numbers(clash)
                )
            )
        for number in sorted(numbers):
            position = sum(
                1 for row in record.rows if min(row.activity_numbers, default=0) < number
            )
            ids.append(
                report_store.add_row(session, report_id, RowData(activities=(number,)), position)
            )
            session.expire(record)
            record = report_store.get_report(session, report_id)
    return ids


def remove_row(workspace: Workspace, row_id: int) -> None:
    from app.storage import report_store

    with workspace.db.session() as session:
        report_store.delete_row(session, row_id)


def _join_texts(texts: Iterable[str]) -> str:
    return "\n\n".join(text for text in texts if text.strip())


def group_rows(workspace: Workspace, report_id: int, row_ids: Sequence[int]) -> int:
    """Merge rows into one row covering all their activities; texts are joined, none is lost."""
    from app.storage import report_store

    if len(row_ids) < 2:
        raise ValueError(_("Choose at least two rows to group."))
    report = load_report(workspace, report_id)
    chosen = [row for row in report.rows if row.row_id in set(row_ids)]
    if len(chosen) != len(set(row_ids)):
        raise KeyError("a row to group is not in this report")
    at = min(report.rows.index(row) for row in chosen)
    merged = RowData(
        activities=tuple(sorted(n for row in chosen for n in row.activities)),
        programmed=_join_texts(row.programmed for row in chosen),
        executed=_join_texts(row.executed for row in chosen),
        planned_next=_join_texts(row.planned_next for row in chosen),
        financing_text=_join_texts(row.financing_text for row in chosen),
        financing=tuple(line for row in chosen for line in row.financing),
    )
    with workspace.db.session() as session:
        (new_id,) = report_store.replace_rows(session, report_id, list(row_ids), [merged], at)
    return new_id


def ungroup_row(workspace: Workspace, report_id: int, row_id: int) -> list[int]:
    """Split a row into one row per activity; its texts stay with the first activity's row."""
    from app.storage import report_store

    report = load_report(workspace, report_id)
    matches = [row for row in report.rows if row.row_id == row_id]
    if not matches:
        raise KeyError(f"row {row_id} is not in report {report_id}")
    row = matches[0]
    if len(row.activities) < 2:
        raise ValueError(_("This row covers a single activity."))
    first, *rest = row.activities
    new_rows = [
        RowData(
            activities=(first,),
            programmed=row.programmed,
            executed=row.executed,
            planned_next=row.planned_next,
            financing_text=row.financing_text,
            financing=row.financing,
        ),
        *(RowData(activities=(number,)) for number in rest),
    ]
    with workspace.db.session() as session:
        return report_store.replace_rows(
            session, report_id, [row_id], new_rows, report.rows.index(row)
        )


@dataclass(frozen=True, slots=True)
class SearchHit:
    row_index: int | None  # None for report-level fields
    field: str
    start: int  # character offset of the match in the field's text
    excerpt: str


def search_report(
    report: ReportData, query: str, activity_texts: Mapping[int, str] | None = None
) -> list[SearchHit]:
    """Every place in a report where ``query`` occurs (case-insensitive), in reading order."""
    needle = query.casefold()
    if not needle:
        return []
    hits: list[SearchHit] = []

    def scan(row_index: int | None, field: str, text: str) -> None:
        folded = text.casefold()
        start = folded.find(needle)
        while start >= 0:
            excerpt = text[max(0, start - 30) : start + len(query) + 30].replace("\n", " ")
            hits.append(SearchHit(row_index, field, start, excerpt))
            start = folded.find(needle, start + max(1, len(needle)))

    for name, getter in REPORT_TEXT_FIELDS.items():
        scan(None, name, getter(report))
    for index, row in enumerate(report.rows):
        for name in ROW_TEXT_FIELDS:
            scan(index, name, getattr(row, name))
        for line in row.financing:
            scan(index, "financing", line.donor)
        if activity_texts:
            for number in row.activities:
                scan(index, "activity", activity_texts.get(number, ""))
    return hits
