"""A submission workbook back into a report, with one clear problem per thing that is wrong.

The file is treated as hostile (:mod:`app.exchange.xlsx.safety` looks at it before any parser
does) and as possibly edited by hand: headings and labels are recognised in any of Focal's
languages, the text under the activity numbers may have been changed, and continuation rows
(first column empty) may have been added. What cannot be read exactly is refused with the
file, sheet and cell named. Nothing here touches the database; the result is plain data that
pickles, so consolidation can read many files in worker processes.
"""

from __future__ import annotations

import io
import uuid
import warnings
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from defusedxml import DefusedXmlException

from app.core.catalogue import Catalogue
from app.core.i18n import LANGUAGES, _
from app.core.problems import HasProblems, Problem
from app.core.report import ReportData, ReportStatus
from app.exchange.xlsx.layout import (
    FORMAT_NAME,
    FORMAT_VERSION,
    IDENTITY_SHEET,
    LIMITS,
    NARRATIVE_SHEET,
    REPORT_SHEET,
    REQUIRED_IDENTITY,
    REQUIRED_SHEETS,
    SHEETS,
    Limits,
    SubmissionKind,
)
from app.exchange.xlsx.report_sheet import ReportSheetReader, TextReader, narrative_texts
from app.exchange.xlsx.safety import InspectedFile, inspect_file
from app.exchange.xlsx.sheets import CellValue, SheetCells, read_shared_strings, read_sheet

__all__ = ["SubmissionRead", "read_submission"]

MAX_PROBLEMS = 50  # per file; a hostile file could otherwise produce thousands


@dataclass(frozen=True, slots=True)
class SubmissionRead(HasProblems):
    """What a workbook holds. ``report`` is set whenever the Identity sheet could be read,
    even when other problems were found: import only when :attr:`ok`."""

    path: Path
    report: ReportData | None
    problems: list[Problem] = field(default_factory=list)
    kind: SubmissionKind | None = None

    @property
    def ok(self) -> bool:
        return self.report is not None and not self.errors


@dataclass(frozen=True, slots=True)
class _Identity:
    kind: SubmissionKind
    uuid: str
    implementer_id: str
    year: int
    status: ReportStatus
    language: str
    catalogue_id: str
    catalogue_version: str
    exported: datetime | None
    created: datetime | None
    updated: datetime | None


def _caused_by_defusedxml(error: BaseException) -> bool:
    """openpyxl wraps parser errors in a ValueError; look down the chain for defusedxml's."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, DefusedXmlException):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def read_submission(path: Path, catalogue: Catalogue, limits: Limits = LIMITS) -> SubmissionRead:
    """Read a Focal export or a filled template; see :class:`SubmissionRead`."""
    return _Reader(Path(path), catalogue, limits).read()


class _Reader(TextReader):
    def __init__(self, path: Path, catalogue: Catalogue, limits: Limits) -> None:
        super().__init__(path)
        self.catalogue = catalogue
        self.limits = limits

    def read(self) -> SubmissionRead:
        inspected = inspect_file(self.path, self.limits)
        self.problems.extend(inspected.problems)
        if inspected.data is None or not self._sheet_names(inspected):
            return self._result(None, None)
        sheets = self._load(inspected)
        if sheets is None:
            return self._result(None, None)
        for cells in sheets.values():
            self._check_shape(cells)
        identity = self._identity(sheets[IDENTITY_SHEET])
        year = identity.year if identity else None
        report_sheet = ReportSheetReader(self, self.catalogue, year)
        focal, rows = report_sheet.read(sheets[REPORT_SHEET])
        background, conclusions = narrative_texts(self, sheets[NARRATIVE_SHEET])
        if identity is None:
            return self._result(None, None)
        exported = identity.exported
        if identity.kind is SubmissionKind.TEMPLATE and inspected.modified is not None:
            # A filled template was made when its filler last saved it.
            exported = max(exported, inspected.modified) if exported else inspected.modified
        report = ReportData(
            uuid=identity.uuid,
            implementer_id=identity.implementer_id,
            implementer_name=self.catalogue.implementer(identity.implementer_id).name,
            year=identity.year,
            catalogue_id=identity.catalogue_id,
            catalogue_version=identity.catalogue_version,
            status=identity.status,
            language=identity.language,
            focal_point=focal,
            background=background,
            conclusions=conclusions,
            rows=tuple(rows),
            created=identity.created,
            updated=identity.updated,
            exported=exported,
        )
        return self._result(report, identity.kind)

    def _result(self, report: ReportData | None, kind: SubmissionKind | None) -> SubmissionRead:
        problems = self.problems
        errors = self.errors
        if len(errors) > MAX_PROBLEMS:
            kept = errors[:MAX_PROBLEMS]
            summary = Problem(
                _("{count} more problems were found and are not listed.").format(
                    count=len(errors) - MAX_PROBLEMS
                ),
                self.path,
            )
            problems = self.warnings + kept + [summary]
        return SubmissionRead(self.path, report, problems, kind)

    def _sheet_names(self, inspected: InspectedFile) -> bool:
        names = [sheet.name for sheet in inspected.sheets]
        for sheet in inspected.sheets:
            if sheet.name not in SHEETS:
                self.error(
                    _(
                        "The workbook has a sheet Focal does not know (“{name}”); a submission "
                        "has only the sheets {sheets}. Move its content or delete it."
                    ).format(name=sheet.name, sheets=", ".join(SHEETS)),
                    sheet.name,
                )
            elif sheet.kind != "worksheet":
                self.error(_("This sheet is not a worksheet."), sheet.name)
        for name in REQUIRED_SHEETS:
            if name not in names:
                self.error(
                    _(
                        "The workbook has no sheet “{name}”: it is not a submission workbook "
                        "made by Focal, or the sheet was renamed or deleted."
                    ).format(name=name)
                )
        return not self.errors

    def _load(self, inspected: InspectedFile) -> dict[str, SheetCells] | None:
        assert inspected.data is not None
        parts = {sheet.name: sheet.part for sheet in inspected.sheets}
        try:
            # openpyxl warns about parts it drops (extensions, ...): not the user's concern.
            with warnings.catch_warnings(), zipfile.ZipFile(io.BytesIO(inspected.data)) as archive:
                warnings.simplefilter("ignore")
                shared: list[str] = []
                if inspected.shared_strings:
                    with archive.open(inspected.shared_strings) as source:
                        shared = read_shared_strings(source)
                return {
                    name: read_sheet(archive, parts[name], name, shared, self.limits)
                    for name in REQUIRED_SHEETS
                }
        except Exception as error:  # noqa: BLE001 - a hostile file can make a parser fail in any way; it is a problem of that file
            if _caused_by_defusedxml(error):
                self.error(
                    _(
                        "The workbook declares XML entities, which a workbook never needs; it is "
                        "refused as a possible attack."
                    )
                )
            else:
                self.error(
                    _("The workbook is damaged and cannot be read ({error}).").format(
                        error=type(error).__name__
                    )
                )
        return None

    def _check_shape(self, cells: SheetCells) -> None:
        if cells.too_many_rows:
            self.error(
                _("The sheet has more than {rows} rows; a submission has far fewer.").format(
                    rows=self.limits.rows
                ),
                cells.name,
                f"A{self.limits.rows + 1}",
            )
        for cell in cells.wide_cells:
            self.error(
                _("This cell is beyond column {columns}; a submission is much narrower.").format(
                    columns=self.limits.columns
                ),
                cells.name,
                cell.coordinate,
            )
        for merged in cells.merged:
            self.error(
                _("Cells {range} are merged; unmerge them, Focal reads one value per cell.").format(
                    range=merged
                ),
                cells.name,
                merged.split(":")[0],
            )
        for row in cells.rows.values():
            for cell in row.values():
                if cell.data_type == "f":
                    formula = str(getattr(cell.value, "text", cell.value))
                    self.error(
                        _(
                            "This cell holds a formula ({formula}); Focal imports typed text "
                            "only. Replace the formula by its value."
                        ).format(formula=formula[:60]),
                        cells.name,
                        cell.coordinate,
                    )

    # -- Identity -------------------------------------------------------------------------

    def _identity(self, cells: SheetCells) -> _Identity | None:
        sheet = IDENTITY_SHEET
        values: dict[str, CellValue] = {}
        for index in sorted(cells.rows):
            key_cell = cells.get(index, 1)
            value_cell = cells.get(index, 3)
            if key_cell is None or key_cell.data_type != "s" or value_cell is None:
                continue
            values.setdefault(self.plain(key_cell).strip(), value_cell)
        missing = [key for key in REQUIRED_IDENTITY if key not in values]
        if missing:
            for key in missing:
                self.error(
                    _(
                        "The Identity sheet has no value for “{key}”; it was changed after Focal "
                        "wrote it, or the workbook was not made by Focal."
                    ).format(key=key),
                    sheet,
                )
            return None
        before = len(self.errors)
        format_text = self.plain(values["format"]).strip()
        name, _slash, version = format_text.partition("/")
        if name != FORMAT_NAME or not version.isdigit():
            self.error(
                _("This is not a Focal submission workbook (format “{found}”).").format(
                    found=format_text[:40]
                ),
                sheet,
                values["format"].coordinate,
            )
        elif int(version) > FORMAT_VERSION:
            self.error(
                _(
                    "This workbook was made by a newer Focal (format {found}); update Focal to "
                    "import it."
                ).format(found=format_text),
                sheet,
                values["format"].coordinate,
            )
        kind = self._choice(values["kind"], [str(k) for k in SubmissionKind], "kind")
        report_uuid = self.plain(values["report_uuid"]).strip()
        try:
            uuid.UUID(report_uuid)
        except ValueError:
            self.error(
                _("“{found}” is not a report identifier.").format(found=report_uuid[:40]),
                sheet,
                values["report_uuid"].coordinate,
            )
        implementer_id = self.plain(values["implementer_id"]).strip()
        try:
            self.catalogue.implementer(implementer_id)
        except KeyError:
            self.error(
                _(
                    "The implementer “{id}” is not in this Focal database; add it, or correct "
                    "the Identity sheet, before importing."
                ).format(id=implementer_id[:64]),
                sheet,
                values["implementer_id"].coordinate,
            )
        year = self._year(values["year"])
        status = self._choice(values["status"], [str(s) for s in ReportStatus], "status")
        language = self._choice(values["language"], list(LANGUAGES), "language")
        catalogue_id = self.plain(values["catalogue_id"]).strip()
        if catalogue_id != self.catalogue.id:
            self.error(
                _("The workbook is about the catalogue “{found}”, not “{expected}”.").format(
                    found=catalogue_id[:64], expected=self.catalogue.id
                ),
                sheet,
                values["catalogue_id"].coordinate,
            )
        version_cell = values.get("catalogue_version")
        catalogue_version = self.plain(version_cell).strip() if version_cell else ""
        if catalogue_version and catalogue_version != self.catalogue.version:
            self.warning(
                _(
                    "The workbook was made with catalogue version {found}; this Focal has "
                    "version {version}."
                ).format(found=catalogue_version[:32], version=self.catalogue.version),
                sheet,
                version_cell.coordinate if version_cell else None,
            )
        if len(self.errors) > before or year is None or kind is None or status is None:
            return None
        return _Identity(
            kind=SubmissionKind(kind),
            uuid=report_uuid,
            implementer_id=implementer_id,
            year=year,
            status=ReportStatus(status),
            language=str(language),
            catalogue_id=catalogue_id,
            catalogue_version=catalogue_version,
            exported=self._moment(values.get("exported_at")),
            created=self._moment(values.get("created_at")),
            updated=self._moment(values.get("updated_at")),
        )

    def _choice(self, cell: CellValue, allowed: list[str], key: str) -> str | None:
        found = self.plain(cell).strip()
        if found in allowed:
            return found
        self.error(
            _("“{found}” is not a valid {key}; expected one of: {allowed}.").format(
                found=found[:40], key=key, allowed=", ".join(allowed)
            ),
            IDENTITY_SHEET,
            cell.coordinate,
        )
        return None

    def _year(self, cell: CellValue) -> int | None:
        value = cell.value
        if (
            isinstance(value, int | float)
            and not isinstance(value, bool)
            and float(value).is_integer()
        ):
            year = int(value)
        elif isinstance(value, str) and value.strip().isdigit():
            year = int(value.strip())
        else:
            year = 0
        if 2005 <= year <= 2100:
            return year
        self.error(
            _("“{found}” is not a reporting year.").format(found=str(value)[:20]),
            IDENTITY_SHEET,
            cell.coordinate,
        )
        return None

    def _moment(self, cell: CellValue | None) -> datetime | None:
        if cell is None or cell.data_type != "s":
            return None
        text = self.plain(cell).strip()
        if not text:
            return None
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            self.warning(
                _("“{found}” is not a date and time; it is ignored.").format(found=text[:40]),
                IDENTITY_SHEET,
                cell.coordinate,
            )
            return None
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
