"""Item models of the consolidation view: the submissions offered, and what became of each."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt

from app.core.catalogue import Catalogue
from app.core.consolidation import ConsolidatedReport, Decision, SourceCheck
from app.core.i18n import N_, _
from app.ui.icons import icon
from app.ui.import_model import problem_place
from app.ui.table_model import NO_PARENT, Index, TableModel

DATABASE = "database"  # the source name of reports that come from the database


def source_name(source: str) -> str:
    return _("This database") if source == DATABASE else Path(source).name


class SourceFilesModel(QAbstractListModel):
    """Workbooks and folders to consolidate, in the order given; a missing one is flagged."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.paths: list[Path] = []

    def set_paths(self, paths: Sequence[Path]) -> None:
        self.beginResetModel()
        self.paths = list(paths)
        self.endResetModel()

    def add(self, paths: Sequence[Path]) -> int:
        """Add the paths not yet listed; returns how many were new."""
        known = {path.resolve() for path in self.paths}
        new = []
        for path in paths:
            if path.resolve() not in known:
                known.add(path.resolve())
                new.append(path)
        if new:
            first = len(self.paths)
            self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
            self.paths.extend(new)
            self.endInsertRows()
        return len(new)

    def remove_rows(self, rows: Sequence[int]) -> None:
        for row in sorted(set(rows), reverse=True):
            if 0 <= row < len(self.paths):
                self.beginRemoveRows(QModelIndex(), row, row)
                del self.paths[row]
                self.endRemoveRows()

    def rowCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self.paths)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.paths):
            return None
        path = self.paths[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if path.is_dir():
                return _("{name} (folder)").format(name=path.name)
            return path.name
        if role == Qt.ItemDataRole.ToolTipRole:
            if not path.exists():
                return _("{path} does not exist (any more).").format(path=path)
            return str(path)
        if role == Qt.ItemDataRole.DecorationRole:
            if not path.exists():
                return icon("warning")
            return icon("open" if path.is_dir() else "export-excel")
        return None


SOURCE, IMPLEMENTER, DECISION, DETAILS = range(4)
CHECK_HEADINGS = (N_("Submission"), N_("Implementer"), N_("Decision"), N_("Details"))


class SourceCheckModel(TableModel):
    """One line per submission: included (in which section), superseded (by what) or
    rejected (why, with file, sheet and cell)."""

    def __init__(self, catalogue: Catalogue, parent: Any = None) -> None:
        super().__init__(CHECK_HEADINGS, parent)
        self.catalogue = catalogue
        self.checks: list[SourceCheck] = []
        self.sections: dict[str, str] = {}  # source -> section number ("B.3")

    def set_report(self, report: ConsolidatedReport | None) -> None:
        self.beginResetModel()
        self.checks = list(report.checks) if report else []
        self.sections = {s.source: s.number for s in report.sections()} if report else {}
        if report is not None:
            self.catalogue = report.catalogue
        self.endResetModel()

    def count(self, decision: Decision) -> int:
        return sum(1 for check in self.checks if check.decision is decision)

    def row_count(self) -> int:
        return len(self.checks)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.checks):
            return None
        check = self.checks[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                SOURCE: source_name(check.source),
                IMPLEMENTER: self._implementer(check),
                DECISION: self.decision_text(check),
                DETAILS: self.details_text(check),
            }.get(column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == SOURCE:
                return check.source if check.source != DATABASE else _("This database")
            if column == IMPLEMENTER:
                return self._implementer(check, short=False)
            if column == DETAILS:
                return "\n".join(str(problem) for problem in check.problems) or None
        if role == Qt.ItemDataRole.DecorationRole and column == DECISION:
            return icon(
                {
                    Decision.INCLUDED: "status-complete",
                    Decision.SUPERSEDED: "status-empty",
                    Decision.REJECTED: "warning",
                }[check.decision]
            )
        return None

    def _implementer(self, check: SourceCheck, short: bool = True) -> str:
        if check.implementer_id is None:
            return ""
        try:
            implementer = self.catalogue.implementer(check.implementer_id)
        except KeyError:
            return check.implementer_id
        return implementer.short_name if short else implementer.name

    @staticmethod
    def decision_text(check: SourceCheck) -> str:
        if check.decision is Decision.INCLUDED:
            return _("Included")
        if check.decision is Decision.SUPERSEDED:
            return _("Superseded")
        return _("Rejected")

    def details_text(self, check: SourceCheck) -> str:
        if check.decision is Decision.INCLUDED:
            number = self.sections.get(check.source)
            return _("Section {number}").format(number=number) if number else ""
        if check.decision is Decision.SUPERSEDED:
            return _("Superseded by the newer {source}").format(
                source=source_name(check.superseded_by or "")
            )
        # The file is on the line already: say where in it (sheet, cell) and what.
        return "\n".join(
            _("{place}: {message}").format(place=place, message=problem.message)
            if (place := problem_place(problem))
            else problem.message
            for problem in check.problems
        )
