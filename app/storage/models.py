"""SQLAlchemy 2 typed models: the catalogue as loaded, reports and their rows.

Portable SQL only (the same models are meant to run on PostgreSQL): no SQLite types or
functions here. Time stamps are stored as UTC and come back timezone-aware.
"""

from __future__ import annotations

import uuid as uuid_module
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utc_now() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Stores naive UTC, returns aware UTC: SQLite keeps no zone, PostgreSQL would."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        result: datetime = value
        return result.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class CatalogueRecord(Base):
    """One revision of the Program's text, as shipped."""

    __tablename__ = "catalogue"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[str] = mapped_column(String(32))
    resolution: Mapped[str] = mapped_column(String(128))
    title: Mapped[str] = mapped_column(Text)
    short_title: Mapped[str] = mapped_column(Text)
    adopted: Mapped[str] = mapped_column(String(32))
    appendix_caveat: Mapped[str] = mapped_column(Text, default="")
    loaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class ImplementerGroupRecord(Base):
    __tablename__ = "implementer_group"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    section: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer)


class ImplementerRecord(Base):
    """Who reports. Rows can be added or renamed by users: the list changes over the years."""

    __tablename__ = "implementer"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    group_id: Mapped[str] = mapped_column(ForeignKey("implementer_group.id"))
    kind: Mapped[str] = mapped_column(String(32), default="")
    name: Mapped[str] = mapped_column(Text)
    short_name: Mapped[str] = mapped_column(Text)
    named_in_resolution: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, onupdate=utc_now)


class ObjectiveRecord(Base):
    __tablename__ = "objective"
    __table_args__ = (UniqueConstraint("catalogue_id", "kind", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    catalogue_id: Mapped[str] = mapped_column(ForeignKey("catalogue.id"))
    kind: Mapped[str] = mapped_column(String(16))
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)


class ActivityRecord(Base):
    __tablename__ = "activity"
    __table_args__ = (UniqueConstraint("catalogue_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    catalogue_id: Mapped[str] = mapped_column(ForeignKey("catalogue.id"))
    number: Mapped[int] = mapped_column(Integer)
    section: Mapped[str] = mapped_column(String(16))
    heading: Mapped[str] = mapped_column(Text)
    heading_note: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text)
    notes: Mapped[str] = mapped_column(Text, default="")  # footnotes, one per line

    implementers: Mapped[list[ActivityImplementerRecord]] = relationship(
        cascade="all, delete-orphan", order_by="ActivityImplementerRecord.position"
    )
    objectives: Mapped[list[CrossReferenceRecord]] = relationship(cascade="all, delete-orphan")


class ActivityImplementerRecord(Base):
    """An activity assigned to an implementer by the resolution."""

    __tablename__ = "activity_implementer"

    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activity.id", ondelete="CASCADE"), primary_key=True
    )
    implementer_id: Mapped[str] = mapped_column(ForeignKey("implementer.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class CrossReferenceRecord(Base):
    """Appendix I: an activity serves a specific objective."""

    __tablename__ = "cross_reference"

    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activity.id", ondelete="CASCADE"), primary_key=True
    )
    objective_id: Mapped[int] = mapped_column(
        ForeignKey("objective.id", ondelete="CASCADE"), primary_key=True
    )


def new_uuid() -> str:
    return str(uuid_module.uuid4())


class ReportRecord(Base):
    """One implementer's annual report: the template as a focal point fills it."""

    __tablename__ = "report"
    __table_args__ = (UniqueConstraint("implementer_id", "year"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    catalogue_id: Mapped[str] = mapped_column(ForeignKey("catalogue.id"))
    implementer_id: Mapped[str] = mapped_column(ForeignKey("implementer.id"))
    year: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    language: Mapped[str] = mapped_column(String(8), default="en")
    focal_name: Mapped[str] = mapped_column(Text, default="")
    focal_title: Mapped[str] = mapped_column(Text, default="")
    focal_institution: Mapped[str] = mapped_column(Text, default="")
    focal_email: Mapped[str] = mapped_column(Text, default="")
    focal_phone: Mapped[str] = mapped_column(Text, default="")
    background: Mapped[str] = mapped_column(Text, default="")
    conclusions: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    # For reports read from a submission workbook: when the sender exported it, and from where.
    exported_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    imported_from: Mapped[str | None] = mapped_column(Text, nullable=True)

    rows: Mapped[list[ReportRowRecord]] = relationship(
        back_populates="report",
        cascade="all, delete-orphan",
        order_by="ReportRowRecord.position",
        passive_deletes=True,
    )
    implementer: Mapped[ImplementerRecord] = relationship()


class ReportRowRecord(Base):
    """A row of the template; covers one or more activities (seed 004 groups 1-4)."""

    __tablename__ = "report_row"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    programmed: Mapped[str] = mapped_column(Text, default="")
    executed: Mapped[str] = mapped_column(Text, default="")
    planned_next: Mapped[str] = mapped_column(Text, default="")
    financing_text: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)

    report: Mapped[ReportRecord] = relationship(back_populates="rows")
    activities: Mapped[list[RowActivityRecord]] = relationship(
        cascade="all, delete-orphan",
        order_by="RowActivityRecord.activity_number",
        passive_deletes=True,
    )
    financing: Mapped[list[FinancingLineRecord]] = relationship(
        cascade="all, delete-orphan",
        order_by="FinancingLineRecord.position",
        passive_deletes=True,
    )

    @property
    def activity_numbers(self) -> tuple[int, ...]:
        return tuple(a.activity_number for a in self.activities)


class RowActivityRecord(Base):
    """An activity covered by a row; an activity appears in at most one row of a report."""

    __tablename__ = "row_activity"
    __table_args__ = (UniqueConstraint("report_id", "activity_number"),)

    row_id: Mapped[int] = mapped_column(
        ForeignKey("report_row.id", ondelete="CASCADE"), primary_key=True
    )
    activity_number: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"))


class FinancingLineRecord(Base):
    """Structured financing of a row: a source from the vocabulary, donor, amount, currency."""

    __tablename__ = "financing_line"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    row_id: Mapped[int] = mapped_column(ForeignKey("report_row.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    source: Mapped[str | None] = mapped_column(String(64), nullable=True)
    donor: Mapped[str] = mapped_column(Text, default="")
    amount: Mapped[Decimal | None] = mapped_column(Numeric(18, 2), nullable=True)
    currency: Mapped[str] = mapped_column(String(3), default="")


class ConsolidationTextRecord(Base):
    """The secretariat's own texts of a consolidated annual report, one set per year."""

    __tablename__ = "consolidation_text"

    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    background: Mapped[str] = mapped_column(Text, default="")
    conclusion: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
