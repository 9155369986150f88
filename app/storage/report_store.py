"""Reports and rows in the database, read and written as :mod:`app.core.report` data.

Every function works inside a session the caller opened (one unit of work); none commits.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import (
    Connection,
    CursorResult,
    Table,
    Update,
    bindparam,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.orm import Session, selectinload

from app.core.report import (
    ROW_TEXT_FIELDS,
    FinancingLine,
    FocalPoint,
    ReportData,
    ReportStatus,
    RowData,
    RowStatus,
    row_status,
)
from app.storage.models import (
    Base,
    ConsolidationTextRecord,
    FinancingLineRecord,
    ImplementerRecord,
    ReportRecord,
    ReportRowRecord,
    RowActivityRecord,
    utc_now,
)

REPORT_TEXT_FIELDS = (
    "focal_name",
    "focal_title",
    "focal_institution",
    "focal_email",
    "focal_phone",
    "background",
    "conclusions",
    "status",
    "language",
)


class RowConflictError(ValueError):
    """An activity would appear in two rows of the same report."""


@dataclass(frozen=True, slots=True)
class ReportSummary:
    """A line of the report list: enough to choose, without loading texts."""

    id: int
    uuid: str
    implementer_id: str
    implementer_name: str
    year: int
    status: str
    rows_total: int
    rows_filled: int
    rows_complete: int
    updated: datetime


def _report_query() -> object:
    return select(ReportRecord).options(
        selectinload(ReportRecord.rows).selectinload(ReportRowRecord.activities),
        selectinload(ReportRecord.rows).selectinload(ReportRowRecord.financing),
        selectinload(ReportRecord.implementer),
    )


def row_to_data(row: ReportRowRecord) -> RowData:
    return RowData(
        activities=row.activity_numbers,
        programmed=row.programmed,
        executed=row.executed,
        planned_next=row.planned_next,
        financing_text=row.financing_text,
        financing=tuple(
            FinancingLine(
                source=line.source, donor=line.donor, amount=line.amount, currency=line.currency
            )
            for line in row.financing
        ),
        row_id=row.id,
    )


def report_to_data(record: ReportRecord, catalogue_version: str = "") -> ReportData:
    return ReportData(
        uuid=record.uuid,
        implementer_id=record.implementer_id,
        implementer_name=record.implementer.name,
        year=record.year,
        catalogue_id=record.catalogue_id,
        catalogue_version=catalogue_version,
        status=ReportStatus(record.status),
        language=record.language,
        focal_point=FocalPoint(
            name=record.focal_name,
            title=record.focal_title,
            institution=record.focal_institution,
            email=record.focal_email,
            phone=record.focal_phone,
        ),
        background=record.background,
        conclusions=record.conclusions,
        rows=tuple(row_to_data(row) for row in record.rows),
        created=record.created_at,
        updated=record.updated_at,
        exported=record.exported_at,
        report_id=record.id,
    )


def get_report(session: Session, report_id: int) -> ReportRecord:
    record = session.scalar(_report_query().where(ReportRecord.id == report_id))  # type: ignore[attr-defined]
    if record is None:
        raise KeyError(f"report {report_id} does not exist")
    result: ReportRecord = record
    return result


def find_report(session: Session, implementer_id: str, year: int) -> ReportRecord | None:
    record: ReportRecord | None = session.scalar(
        _report_query().where(  # type: ignore[attr-defined]
            ReportRecord.implementer_id == implementer_id, ReportRecord.year == year
        )
    )
    return record


def find_report_by_uuid(session: Session, uuid: str) -> ReportRecord | None:
    record: ReportRecord | None = session.scalar(
        _report_query().where(ReportRecord.uuid == uuid)  # type: ignore[attr-defined]
    )
    return record


def load_reports(session: Session, year: int | None = None) -> list[ReportRecord]:
    query = _report_query()
    if year is not None:
        query = query.where(ReportRecord.year == year)  # type: ignore[attr-defined]
    return list(session.scalars(query.order_by(ReportRecord.year, ReportRecord.implementer_id)))  # type: ignore[attr-defined]


def list_summaries(session: Session) -> list[ReportSummary]:
    summaries = []
    for record in load_reports(session):
        statuses = [
            row_status(
                (row.programmed, row.executed, row.planned_next, row.financing_text),
                bool(row.financing_text.strip()) or any(_line_filled(x) for x in row.financing),
            )
            for row in record.rows
        ]
        summaries.append(
            ReportSummary(
                id=record.id,
                uuid=record.uuid,
                implementer_id=record.implementer_id,
                implementer_name=record.implementer.name,
                year=record.year,
                status=record.status,
                rows_total=len(statuses),
                rows_filled=sum(1 for s in statuses if s is not RowStatus.EMPTY),
                rows_complete=sum(1 for s in statuses if s is RowStatus.COMPLETE),
                updated=record.updated_at,
            )
        )
    return summaries


def _line_filled(line: FinancingLineRecord) -> bool:
    return bool(line.source or line.donor or line.amount is not None or line.currency)


def _new_row(report: ReportRecord, position: int, data: RowData) -> ReportRowRecord:
    row = ReportRowRecord(
        position=position,
        programmed=data.programmed,
        executed=data.executed,
        planned_next=data.planned_next,
        financing_text=data.financing_text,
        financing=[_financing_record(i, line) for i, line in enumerate(data.financing)],
    )
    report.rows.append(row)
    row.activities = [
        RowActivityRecord(activity_number=number, report_id=report.id) for number in data.activities
    ]
    return row


def _financing_record(position: int, line: FinancingLine) -> FinancingLineRecord:
    return FinancingLineRecord(
        position=position,
        source=line.source,
        donor=line.donor,
        amount=line.amount,
        currency=line.currency,
    )


def create_report(session: Session, data: ReportData) -> ReportRecord:
    """Insert a report with its rows; the uuid and times of ``data`` are kept when given."""
    now = utc_now()
    record = ReportRecord(
        uuid=data.uuid,
        catalogue_id=data.catalogue_id,
        implementer_id=data.implementer_id,
        year=data.year,
        status=str(data.status),
        language=data.language,
        created_at=data.created or now,
        updated_at=data.updated or now,
        exported_at=data.exported,
    )
    _apply_report_texts(record, data)
    session.add(record)
    session.flush()
    _check_unique_activities(data.rows)
    for position, row in enumerate(data.rows):
        _new_row(record, position, row)
    session.flush()
    return record


def replace_report(session: Session, record: ReportRecord, data: ReportData) -> ReportRecord:
    """Overwrite a report's content with ``data`` (an import with --replace); keeps its id."""
    _check_unique_activities(data.rows)
    record.uuid = data.uuid
    record.status = str(data.status)
    record.language = data.language
    record.exported_at = data.exported
    record.updated_at = data.updated or utc_now()
    _apply_report_texts(record, data)
    record.rows.clear()
    session.flush()
    for position, row in enumerate(data.rows):
        _new_row(record, position, row)
    session.flush()
    return record


def _apply_report_texts(record: ReportRecord, data: ReportData) -> None:
    focal = data.focal_point
    record.focal_name = focal.name
    record.focal_title = focal.title
    record.focal_institution = focal.institution
    record.focal_email = focal.email
    record.focal_phone = focal.phone
    record.background = data.background
    record.conclusions = data.conclusions


def _check_unique_activities(rows: Sequence[RowData]) -> None:
    seen: set[int] = set()
    for row in rows:
        for number in row.activities:
            if number in seen:
                raise RowConflictError(f"activity {number} is in two rows")
            seen.add(number)


def update_report_fields(
    session: Session | Connection, report_id: int, values: Mapping[str, str]
) -> datetime:
    for name in values:
        if name not in REPORT_TEXT_FIELDS:
            raise ValueError(f"{name} is not a report field")
    now = utc_now()
    done = session.execute(
        _report_update(tuple(values)), {**values, "target_id": report_id, "now": now}
    )
    if cast("CursorResult[Any]", done).rowcount == 0:
        raise KeyError(f"report {report_id} does not exist")
    return now


def _touch(session: Session, report_id: int) -> datetime:
    now = utc_now()
    record = session.get(ReportRecord, report_id)
    if record is not None:
        record.updated_at = now
    return now


def _table(model: type[Base]) -> Table:
    """A model's table, for the per-keystroke saves: Core statements, no identity map."""
    return cast(Table, model.__table__)


@functools.cache
def _report_update(fields: tuple[str, ...]) -> Update:
    """UPDATE report SET <fields>, updated_at WHERE id: built once per set of fields.

    Saves run at typing speed; building a statement costs more than SQLite's commit.
    """
    reports = _table(ReportRecord)
    values: dict[str, Any] = {name: bindparam(name) for name in fields}
    return (
        update(reports)
        .where(reports.c.id == bindparam("target_id"))
        .values(**values, updated_at=bindparam("now"))
    )


@functools.cache
def _row_update(fields: tuple[str, ...]) -> Update:
    """UPDATE report_row SET <fields>, updated_at WHERE id RETURNING report_id, built once."""
    rows = _table(ReportRowRecord)
    values: dict[str, Any] = {name: bindparam(name) for name in fields}
    return (
        update(rows)
        .where(rows.c.id == bindparam("target_id"))
        .values(**values, updated_at=bindparam("now"))
        .returning(rows.c.report_id)
    )


def _stamp_row(session: Session | Connection, row_id: int, now: datetime, **values: str) -> None:
    """Row and report stamped with ``now`` (and the row's ``values`` set): two statements."""
    report_id = session.execute(
        _row_update(tuple(values)), {**values, "target_id": row_id, "now": now}
    ).scalar()
    if report_id is None:
        raise KeyError(f"row {row_id} does not exist")
    session.execute(_report_update(()), {"target_id": report_id, "now": now})


def _row(session: Session, row_id: int) -> ReportRowRecord:
    row = session.get(ReportRowRecord, row_id)
    if row is None:
        raise KeyError(f"row {row_id} does not exist")
    return row


def update_row_texts(
    session: Session | Connection, row_id: int, values: Mapping[str, str]
) -> datetime:
    for name in values:
        if name not in ROW_TEXT_FIELDS:
            raise ValueError(f"{name} is not a row field")
    now = utc_now()
    _stamp_row(session, row_id, now, **values)
    return now


def set_row_financing(
    session: Session | Connection, row_id: int, lines: Iterable[FinancingLine]
) -> datetime:
    now = utc_now()
    _stamp_row(session, row_id, now)
    table = _table(FinancingLineRecord)
    session.execute(delete(table).where(table.c.row_id == row_id))
    records = [
        {"row_id": row_id, "position": i, "source": line.source, "donor": line.donor,
         "amount": line.amount, "currency": line.currency}
        for i, line in enumerate(lines)
        if not line.is_empty()
    ]  # fmt: skip
    if records:
        session.execute(insert(table), records)
    return now


def add_row(session: Session, report_id: int, data: RowData, position: int | None = None) -> int:
    """Add a row; returns its id. Rows after ``position`` move down."""
    record = get_report(session, report_id)
    taken = {n for row in record.rows for n in row.activity_numbers}
    clash = taken.intersection(data.activities)
    if clash:
        raise RowConflictError(f"activity {min(clash)} already has a row")
    if position is None:
        position = len(record.rows)
    for row in record.rows:
        if row.position >= position:
            row.position += 1
    row = _new_row(record, position, data)
    session.flush()
    _renumber(record)
    _touch(session, report_id)
    return row.id


def _renumber(record: ReportRecord) -> None:
    record.rows.sort(key=lambda row: row.position)
    for position, row in enumerate(record.rows):
        row.position = position


def delete_row(session: Session, row_id: int) -> None:
    row = _row(session, row_id)
    report = get_report(session, row.report_id)
    report.rows.remove(row)
    session.flush()
    _renumber(report)
    _touch(session, report.id)


def replace_rows(
    session: Session, report_id: int, remove: Sequence[int], new_rows: Sequence[RowData], at: int
) -> list[int]:
    """Swap rows ``remove`` for ``new_rows`` placed at ``at`` (grouping and ungrouping)."""
    report = get_report(session, report_id)
    doomed = [row for row in report.rows if row.id in set(remove)]
    if len(doomed) != len(set(remove)):
        raise KeyError("a row to replace is not in this report")
    for row in doomed:
        report.rows.remove(row)
    session.flush()
    kept = sorted(report.rows, key=lambda row: row.position)
    for position, row in enumerate(kept):
        row.position = position if position < at else position + len(new_rows)
    created = [_new_row(report, at + offset, data) for offset, data in enumerate(new_rows)]
    session.flush()
    _renumber(report)
    _touch(session, report_id)
    return [row.id for row in created]


def move_row(session: Session, row_id: int, new_position: int) -> None:
    row = _row(session, row_id)
    report = get_report(session, row.report_id)
    ordered = sorted(report.rows, key=lambda r: r.position)
    ordered.remove(row)
    ordered.insert(max(0, min(new_position, len(ordered))), row)
    for position, item in enumerate(ordered):
        item.position = position
    _touch(session, report.id)


def delete_report(session: Session, report_id: int) -> None:
    session.execute(delete(ReportRecord).where(ReportRecord.id == report_id))


def latest_report_id(session: Session) -> int | None:
    """The report changed most recently, without loading any report."""
    return session.scalar(
        select(ReportRecord.id).order_by(ReportRecord.updated_at.desc(), ReportRecord.id.desc())
    )


def implementer_names(session: Session) -> dict[str, str]:
    return dict(session.execute(select(ImplementerRecord.id, ImplementerRecord.name)).tuples())


def report_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(ReportRecord)) or 0


def get_consolidation_texts(session: Session, year: int) -> tuple[str, str]:
    record = session.get(ConsolidationTextRecord, year)
    return (record.background, record.conclusion) if record else ("", "")


def set_consolidation_texts(session: Session, year: int, background: str, conclusion: str) -> None:
    record = session.get(ConsolidationTextRecord, year)
    if record is None:
        record = ConsolidationTextRecord(year=year)
        session.add(record)
    record.background = background
    record.conclusion = conclusion
    record.updated_at = utc_now()
