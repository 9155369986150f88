"""The open report: held in memory with every edit, written to the database by the autosaver.

The window edits this object, never the database: it updates the report in memory at once
(so the navigator, the progress bar and the checklist follow typing) and hands the change to
the :class:`~app.ui.autosave.Autosaver`. Changes of structure (adding, grouping, removing rows)
first write every pending edit, then call the service and reload.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import QObject, Signal

from app.core.catalogue import format_activity_numbers
from app.core.i18n import N_, _
from app.core.report import ROW_TEXT_FIELDS, FinancingLine, FocalPoint, ReportData
from app.services import reports
from app.services.workspace import Workspace
from app.storage.errors import StorageError
from app.ui.autosave import Autosaver, SaveKey
from app.ui.row_editor import field_label

FOCAL_ATTRIBUTES = {
    "focal_name": "name",
    "focal_title": "title",
    "focal_institution": "institution",
    "focal_email": "email",
    "focal_phone": "phone",
}
REPORT_FIELD_LABELS = {
    "focal_name": N_("Focal point: name"),
    "focal_title": N_("Focal point: title"),
    "focal_institution": N_("Focal point: institution"),
    "focal_email": N_("Focal point: e-mail"),
    "focal_phone": N_("Focal point: telephone"),
    "background": N_("Background and introduction"),
    "conclusions": N_("Conclusions"),
}


def write_edit(workspace: Workspace, key: SaveKey, value: object) -> datetime:
    """Write one edit (runs on the autosaver's writer thread)."""
    if key.kind == "row":
        assert isinstance(value, str)
        return reports.save_row_texts(workspace, key.target_id, {key.field: value})
    if key.kind == "financing":
        assert isinstance(value, tuple)
        return reports.save_row_financing(workspace, key.target_id, value)
    assert isinstance(value, str)
    return reports.save_report_fields(workspace, key.target_id, {key.field: value})


class UnsavedEditsError(Exception):
    """Pending edits could not be written, so a change of structure was not started."""

    def __init__(self, failures: dict[SaveKey, Exception]) -> None:
        first = next(iter(failures.values()))
        reason = first.message if isinstance(first, StorageError) else str(first)
        super().__init__(reason)
        self.failures = failures
        self.message = _(
            "Your latest edits could not be saved yet, so nothing else was changed: {reason}"
        ).format(reason=reason)


class ReportSession(QObject):
    row_changed = Signal(int)  # position of a row whose texts changed in memory
    report_changed = Signal()  # report-level fields changed in memory
    rows_reset = Signal()  # the rows were reloaded (after grouping, adding, ...)

    def __init__(self, workspace: Workspace, report: ReportData, autosaver: Autosaver) -> None:
        super().__init__()
        self.workspace = workspace
        self.report = report
        self.autosaver = autosaver

    @property
    def report_id(self) -> int:
        assert self.report.report_id is not None
        return self.report.report_id

    # --- edits --------------------------------------------------------------------------

    def edit_row_text(self, position: int, field: str, text: str) -> None:
        if field not in ROW_TEXT_FIELDS:
            raise ValueError(field)
        row = self.report.rows[position]
        if getattr(row, field) == text:
            return
        self._replace_row(position, replace(row, **{field: text}))  # type: ignore[arg-type]
        assert row.row_id is not None
        self.autosaver.set(SaveKey("row", row.row_id, field), text)

    def edit_financing(self, position: int, lines: tuple[FinancingLine, ...]) -> None:
        row = self.report.rows[position]
        if row.financing == lines:
            return
        self._replace_row(position, replace(row, financing=lines))
        assert row.row_id is not None
        self.autosaver.set(SaveKey("financing", row.row_id, "financing"), lines)

    def edit_report_field(self, field: str, text: str) -> None:
        report = self.report
        if field in FOCAL_ATTRIBUTES:
            focal: FocalPoint = replace(report.focal_point, **{FOCAL_ATTRIBUTES[field]: text})
            self.report = replace(report, focal_point=focal)
        elif field == "background":
            self.report = replace(report, background=text)
        elif field == "conclusions":
            self.report = replace(report, conclusions=text)
        else:
            raise ValueError(field)
        self.autosaver.set(SaveKey("report", self.report_id, field), text)
        self.report_changed.emit()

    def _replace_row(self, position: int, row: object) -> None:
        rows = list(self.report.rows)
        rows[position] = row  # type: ignore[call-overload]
        self.report = self.report.with_rows(tuple(rows))
        self.row_changed.emit(position)

    def leave(self, key_kind: str, target_id: int, field: str) -> None:
        """A field lost focus: write it now."""
        self.autosaver.flush(SaveKey(key_kind, target_id, field))

    # --- structure ----------------------------------------------------------------------

    def save_all(self) -> None:
        """Write every pending edit; raises :class:`UnsavedEditsError` when some failed."""
        failures = self.autosaver.flush_now()
        if failures:
            raise UnsavedEditsError(failures)

    def reload(self) -> None:
        self.report = reports.load_report(self.workspace, self.report_id)
        self.rows_reset.emit()
        self.report_changed.emit()

    def add_activities(self, numbers: Sequence[int]) -> list[int]:
        self.save_all()
        ids = reports.add_activity_rows(self.workspace, self.report_id, numbers)
        self.reload()
        return ids

    def group(self, row_ids: Sequence[int]) -> int:
        self.save_all()
        new_id = reports.group_rows(self.workspace, self.report_id, row_ids)
        self.reload()
        return new_id

    def ungroup(self, row_id: int) -> list[int]:
        self.save_all()
        ids = reports.ungroup_row(self.workspace, self.report_id, row_id)
        self.reload()
        return ids

    def remove_row(self, row_id: int) -> None:
        self.save_all()
        reports.remove_row(self.workspace, row_id)
        self.reload()

    # --- helpers ------------------------------------------------------------------------

    def position_of(self, row_id: int) -> int | None:
        for position, row in enumerate(self.report.rows):
            if row.row_id == row_id:
                return position
        return None

    def describe(self, key: SaveKey) -> str:
        """Where an edit belongs, in words (for the unsaved-text file and messages)."""
        if key.kind == "report":
            return _(REPORT_FIELD_LABELS.get(key.field, key.field))
        position = self.position_of(key.target_id)
        numbers = (
            format_activity_numbers(self.report.rows[position].activities)
            if position is not None
            else "?"
        )
        return _("Activity {numbers}: {field}").format(
            numbers=numbers, field=field_label(key.field, self.report.year)
        )

    def unsaved_text(self) -> str:
        """Every edit not yet in the database, as plain text a person can paste back."""
        parts = [
            _("Unsaved text from Focal: {implementer}, report {year}").format(
                implementer=self.report.implementer_name, year=self.report.year
            ),
            "",
        ]
        for key, value in self.autosaver.pending().items():
            parts.append("=== " + self.describe(key) + " ===")
            if isinstance(value, tuple):
                for line in value:
                    if isinstance(line, FinancingLine) and not line.is_empty():
                        parts.append(
                            f"{line.source or ''}\t{line.donor}\t"
                            f"{'' if line.amount is None else line.amount}\t{line.currency}"
                        )
            else:
                parts.append(str(value))
            parts.append("")
        return "\n".join(parts)
