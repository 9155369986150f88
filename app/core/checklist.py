"""What is still missing from a report, each item pointing at the place to fix it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from app.core.catalogue import format_activity_numbers
from app.core.i18n import Translator, translator
from app.core.report import FocalPoint, RowData

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

# Where an item points: a report-level field, or a row (by position) and one of its fields.
REPORT_FIELDS = ("focal_point.name", "focal_point.email", "background", "conclusions")


@dataclass(frozen=True, slots=True)
class MissingItem:
    message: str
    field: str  # e.g. "focal_point.email", "executed", "financing"
    row: int | None = None  # position of the row in the report, when the item is about a row


def check_focal_point(focal: FocalPoint, tr: Translator) -> list[MissingItem]:
    items: list[MissingItem] = []
    if not focal.name.strip():
        items.append(MissingItem(tr("Focal point: name is missing"), "focal_point.name"))
    if not focal.email.strip():
        items.append(MissingItem(tr("Focal point: e-mail is missing"), "focal_point.email"))
    elif not EMAIL_PATTERN.match(focal.email.strip()):
        items.append(
            MissingItem(tr("Focal point: the e-mail address looks wrong"), "focal_point.email")
        )
    if not focal.institution.strip():
        items.append(
            MissingItem(tr("Focal point: institution is missing"), "focal_point.institution")
        )
    return items


def check_rows(rows: Sequence[RowData], year: int, tr: Translator) -> list[MissingItem]:
    items: list[MissingItem] = []
    labels = (
        ("programmed", tr("activities programmed for {year}").format(year=year)),
        ("executed", tr("activities developed/executed")),
        ("planned_next", tr("activities programmed for {year}").format(year=year + 1)),
    )
    for position, row in enumerate(rows):
        numbers = format_activity_numbers(row.activities)
        for name, label in labels:
            if not getattr(row, name).strip():
                items.append(
                    MissingItem(
                        tr("Activity {numbers}: {field} is empty").format(
                            numbers=numbers, field=label
                        ),
                        name,
                        position,
                    )
                )
        if not row.has_financing():
            items.append(
                MissingItem(
                    tr("Activity {numbers}: no financing given").format(numbers=numbers),
                    "financing",
                    position,
                )
            )
    return items


def missing_items(
    focal: FocalPoint, rows: Sequence[RowData], year: int, language: str = "en"
) -> list[MissingItem]:
    """The full checklist for a report, focal point first, then rows in report order."""
    tr = translator(language)
    return check_focal_point(focal, tr) + check_rows(rows, year, tr)
