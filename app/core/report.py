"""A report as plain data: what exports, imports, validation and consolidation exchange.

Storage maps its rows to these types and back; the file formats only ever see these. Texts are
kept exactly as typed (line breaks are ``\\n``); nothing here trims or normalises them.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal

from app.core.i18n import N_

# Excel refuses longer cell values; exports split longer texts (see app.exchange).
EXCEL_CELL_LIMIT = 32_767
# Editors warn well before the limit, so nobody meets it by surprise.
LENGTH_WARNING = 30_000


class ReportStatus(enum.StrEnum):
    DRAFT = "draft"
    FINAL = "final"


STATUS_LABELS: dict[ReportStatus, str] = {
    ReportStatus.DRAFT: N_("Draft"),
    ReportStatus.FINAL: N_("Final"),
}


class RowStatus(enum.StrEnum):
    EMPTY = "empty"
    IN_PROGRESS = "in-progress"
    COMPLETE = "complete"


ROW_STATUS_LABELS: dict[RowStatus, str] = {
    RowStatus.EMPTY: N_("Empty"),
    RowStatus.IN_PROGRESS: N_("In progress"),
    RowStatus.COMPLETE: N_("Complete"),
}

# The four template texts of a row, in template order, with their storage names.
ROW_TEXT_FIELDS: tuple[str, ...] = ("programmed", "executed", "planned_next", "financing_text")


@dataclass(frozen=True, slots=True)
class FinancingLine:
    source: str | None = None  # a code of app.core.financing.FINANCING_SOURCES
    donor: str = ""
    amount: Decimal | None = None
    currency: str = ""

    def is_empty(self) -> bool:
        return self.source is None and not self.donor and self.amount is None and not self.currency


@dataclass(frozen=True, slots=True)
class RowData:
    activities: tuple[int, ...]
    programmed: str = ""
    executed: str = ""
    planned_next: str = ""
    financing_text: str = ""
    financing: tuple[FinancingLine, ...] = ()
    row_id: int | None = field(default=None, compare=False)  # set when read from storage

    def texts(self) -> tuple[str, str, str, str]:
        return (self.programmed, self.executed, self.planned_next, self.financing_text)

    def has_financing(self) -> bool:
        return bool(self.financing_text.strip()) or any(
            not line.is_empty() for line in self.financing
        )

    @property
    def status(self) -> RowStatus:
        return row_status(self.texts(), self.has_financing())


def row_status(texts: tuple[str, str, str, str], has_financing: bool) -> RowStatus:
    """Empty when nothing is written; complete when the three activity texts and financing are."""
    filled = [bool(t.strip()) for t in texts[:3]]
    if not any(filled) and not has_financing:
        return RowStatus.EMPTY
    if all(filled) and has_financing:
        return RowStatus.COMPLETE
    return RowStatus.IN_PROGRESS


@dataclass(frozen=True, slots=True)
class FocalPoint:
    name: str = ""
    title: str = ""
    institution: str = ""
    email: str = ""
    phone: str = ""


@dataclass(frozen=True, slots=True)
class ReportData:
    uuid: str
    implementer_id: str
    implementer_name: str
    year: int
    catalogue_id: str = "ag-res-2141"
    catalogue_version: str = ""
    status: ReportStatus = ReportStatus.DRAFT
    language: str = "en"
    focal_point: FocalPoint = field(default_factory=FocalPoint)
    background: str = ""
    conclusions: str = ""
    rows: tuple[RowData, ...] = ()
    created: datetime | None = None
    updated: datetime | None = None
    exported: datetime | None = None  # set on workbooks read back; when the file was made
    report_id: int | None = field(default=None, compare=False)  # set when read from storage

    @property
    def next_year(self) -> int:
        return self.year + 1

    def rows_complete(self) -> int:
        return sum(1 for row in self.rows if row.status is RowStatus.COMPLETE)

    def rows_filled(self) -> int:
        return sum(1 for row in self.rows if row.status is not RowStatus.EMPTY)

    def with_rows(self, rows: tuple[RowData, ...]) -> ReportData:
        return replace(self, rows=rows)


# The report's own texts (outside its rows), by the names workbooks and searches give them.
REPORT_TEXT_FIELDS: dict[str, Callable[[ReportData], str]] = {
    "focal_point.name": lambda r: r.focal_point.name,
    "focal_point.title": lambda r: r.focal_point.title,
    "focal_point.institution": lambda r: r.focal_point.institution,
    "focal_point.email": lambda r: r.focal_point.email,
    "focal_point.phone": lambda r: r.focal_point.phone,
    "background": lambda r: r.background,
    "conclusions": lambda r: r.conclusions,
}
