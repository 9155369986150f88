"""What importing a workbook would change in a report already in the database.

A list of differences, field by field and row by row (rows are matched by their activity
numbers), each with the lengths before and after and a short excerpt of the new text around
the first change, so that a dialog or the CLI can show them before anything is replaced.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass

from app.core.catalogue import format_activity_numbers
from app.core.financing import is_source_code, source_by_code
from app.core.i18n import N_, _
from app.core.report import (
    REPORT_TEXT_FIELDS,
    ROW_TEXT_FIELDS,
    FinancingLine,
    ReportData,
    RowData,
)

EXCERPT = 60


class Change(enum.StrEnum):
    CHANGED = "changed"
    ADDED = "added"  # a row only in the workbook
    REMOVED = "removed"  # a row only in the database
    REORDERED = "reordered"  # the same rows in another order


# Nouns naming each compared field in sentences.
FIELD_LABELS: dict[str, str] = {
    "focal_point.name": N_("Focal point's name"),
    "focal_point.title": N_("Focal point's position"),
    "focal_point.institution": N_("Focal point's institution"),
    "focal_point.email": N_("Focal point's e-mail"),
    "focal_point.phone": N_("Focal point's telephone"),
    "background": N_("Background"),
    "conclusions": N_("Conclusions"),
    "status": N_("Status"),
    "language": N_("Language"),
    "programmed": N_("activities programmed for the year"),
    "executed": N_("activities developed/executed"),
    "planned_next": N_("activities programmed for the next year"),
    "financing_text": N_("type of financing"),
    "financing": N_("financing lines"),
}

_REPORT_FIELDS: dict[str, Callable[[ReportData], str]] = {
    **REPORT_TEXT_FIELDS,
    "status": lambda r: str(r.status),
    "language": lambda r: r.language,
}


@dataclass(frozen=True, slots=True)
class Difference:
    field: str  # a key of FIELD_LABELS, or "row" / "order"
    change: Change
    row: str | None = None  # the row's activity numbers ("1-4"); None for report fields
    old_length: int = 0  # characters (financing: lines)
    new_length: int = 0
    old_excerpt: str = ""
    new_excerpt: str = ""

    def describe(self) -> str:
        """One sentence for a list of changes."""
        label = _(FIELD_LABELS.get(self.field, self.field))
        if self.change is Change.REORDERED:
            return _("The rows come in another order.")
        if self.change is Change.ADDED:
            return _("Activity {row}: a new row ({length} characters).").format(
                row=self.row, length=self.new_length
            )
        if self.change is Change.REMOVED:
            return _("Activity {row}: the row is removed ({length} characters).").format(
                row=self.row, length=self.old_length
            )
        if self.field == "financing":
            return _("Activity {row}, {field}: {old} → {new} lines, now “{excerpt}”.").format(
                row=self.row,
                field=label,
                old=self.old_length,
                new=self.new_length,
                excerpt=self.new_excerpt,
            )
        if self.field in ("status", "language"):
            return _("{field}: “{old}” becomes “{new}”.").format(
                field=label, old=self.old_excerpt, new=self.new_excerpt
            )
        if self.row is None:
            return _("{field}: {old} → {new} characters, now “{excerpt}”.").format(
                field=label, old=self.old_length, new=self.new_length, excerpt=self.new_excerpt
            )
        return _("Activity {row}, {field}: {old} → {new} characters, now “{excerpt}”.").format(
            row=self.row,
            field=label,
            old=self.old_length,
            new=self.new_length,
            excerpt=self.new_excerpt,
        )


def excerpts(old: str, new: str, width: int = EXCERPT) -> tuple[str, str]:
    """Both texts around the first place they differ, on one line."""
    start = next(
        (i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b),
        min(len(old), len(new)),
    )
    begin = max(0, start - width // 3)

    def cut(text: str) -> str:
        piece = text[begin : begin + width].replace("\r", " ").replace("\n", " ")
        return ("…" if begin else "") + piece + ("…" if begin + width < len(text) else "")

    return cut(old), cut(new)


def _text_difference(field: str, row: str | None, old: str, new: str) -> Difference | None:
    if old == new:
        return None
    old_excerpt, new_excerpt = excerpts(old, new)
    return Difference(field, Change.CHANGED, row, len(old), len(new), old_excerpt, new_excerpt)


def _line_text(line: FinancingLine) -> str:
    source = (
        _(source_by_code(line.source).label)
        if line.source and is_source_code(line.source)
        else line.source or ""
    )
    amount = f"{line.amount:,}" if line.amount is not None else ""
    return " ".join(part for part in (source, line.donor, amount, line.currency) if part)


def _row_length(row: RowData) -> int:
    return sum(len(text) for text in row.texts())


def differences(old: ReportData, new: ReportData) -> list[Difference]:
    """What replacing ``old`` by ``new`` changes, report fields first, then rows in order."""
    found: list[Difference] = []
    for name, getter in _REPORT_FIELDS.items():
        difference = _text_difference(name, None, getter(old), getter(new))
        if difference:
            found.append(difference)
    old_rows = {row.activities: row for row in old.rows}
    new_rows = {row.activities: row for row in new.rows}
    for key, row in new_rows.items():
        label = format_activity_numbers(key)
        before = old_rows.get(key)
        if before is None:
            found.append(Difference("row", Change.ADDED, label, 0, _row_length(row)))
            continue
        for name in ROW_TEXT_FIELDS:
            difference = _text_difference(name, label, getattr(before, name), getattr(row, name))
            if difference:
                found.append(difference)
        if before.financing != row.financing:
            old_text = "; ".join(_line_text(line) for line in before.financing)
            new_text = "; ".join(_line_text(line) for line in row.financing)
            found.append(
                Difference(
                    "financing",
                    Change.CHANGED,
                    label,
                    len(before.financing),
                    len(row.financing),
                    old_text[:EXCERPT],
                    new_text[:EXCERPT],
                )
            )
    for key, row in old_rows.items():
        if key not in new_rows:
            found.append(
                Difference("row", Change.REMOVED, format_activity_numbers(key), _row_length(row))
            )
    common_old = [key for key in old_rows if key in new_rows]
    common_new = [key for key in new_rows if key in old_rows]
    if common_old != common_new:
        found.append(Difference("order", Change.REORDERED))
    return found
