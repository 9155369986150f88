"""Item models of the import dialog: one line per workbook, and the details of one workbook.

The plans come from :func:`app.services.xlsx_exchange.plan_import`; the model adds what only
the user decides (tick "Replace" for a report that already exists) and, after the import, what
happened to each file.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIcon

from app.core.catalogue import Catalogue
from app.core.i18n import N_, _
from app.core.problems import Problem, Severity
from app.core.report import ReportData
from app.exchange.xlsx.differences import FIELD_LABELS, Change, Difference
from app.services.xlsx_exchange import ImportAction, ImportOutcome, ImportPlan
from app.ui.icons import icon
from app.ui.table_model import Index, TableModel

FILE, IMPLEMENTER, YEAR, REPLACE, ACTION, PROBLEMS = range(6)
PLAN_HEADINGS = (
    N_("File"),
    N_("Implementer"),
    N_("Year"),
    N_("Replace"),
    N_("What happens"),
    N_("Problems"),
)
PLAN_ROLE = Qt.ItemDataRole.UserRole + 1


def problems_text(plan: ImportPlan) -> str:
    """The first problem (where in the file, and what), then how many more; the tooltip and
    the details list them all."""
    problems = plan.errors or plan.warnings
    if not problems:
        return ""
    place = problem_place(problems[0], with_file=False)
    message = problems[0].message
    first = _("{place}: {message}").format(place=place, message=message) if place else message
    if len(plan.problems) > 1:
        return _("{first} (and {count} more)").format(first=first, count=len(plan.problems) - 1)
    return first


class ImportPlanModel(TableModel):
    """The files of an import: who, which year, what importing does, and their problems."""

    replace_changed = Signal()

    def __init__(
        self, catalogue: Catalogue | None = None, validate_only: bool = False, parent: Any = None
    ) -> None:
        super().__init__(PLAN_HEADINGS, parent)
        self.catalogue = catalogue
        self.validate_only = validate_only
        self.plans: list[ImportPlan] = []
        self.replace: set[Path] = set()
        self.outcomes: dict[Path, ImportOutcome] = {}

    # --- content ------------------------------------------------------------------------

    def set_plans(self, plans: Sequence[ImportPlan]) -> None:
        self.beginResetModel()
        self.plans = list(plans)
        known = {plan.path for plan in self.plans}
        self.replace &= known
        self.outcomes = {}
        self.endResetModel()

    def set_outcomes(self, outcomes: Sequence[ImportOutcome]) -> None:
        self.outcomes = {outcome.path: outcome for outcome in outcomes}
        if self.plans:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.plans) - 1, PROBLEMS))

    def plan(self, row: int) -> ImportPlan | None:
        return self.plans[row] if 0 <= row < len(self.plans) else None

    def can_replace(self, plan: ImportPlan) -> bool:
        return not self.validate_only and plan.action is ImportAction.CONFLICT

    def set_replace(self, row: int, replace: bool) -> None:
        plan = self.plan(row)
        if plan is None or not self.can_replace(plan):
            return
        if replace:
            self.replace.add(plan.path)
        else:
            self.replace.discard(plan.path)
        self.dataChanged.emit(self.index(row, REPLACE), self.index(row, ACTION))
        self.replace_changed.emit()

    def chosen_plans(self) -> list[ImportPlan]:
        """The plans to apply: ticked conflicts become replacements, others stay as they are."""
        return [plan.replacing() if plan.path in self.replace else plan for plan in self.plans]

    def will_change(self) -> list[ImportPlan]:
        return [plan for plan in self.chosen_plans() if plan.will_change]

    # --- Qt model -----------------------------------------------------------------------

    def row_count(self) -> int:
        return len(self.plans)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        plan = self.plan(index.row()) if index.isValid() else None
        if (
            plan is not None
            and index.column() == REPLACE
            and self.can_replace(plan)
            and not self.outcomes
        ):
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        plan = self.plan(index.row()) if index.isValid() else None
        if plan is None:
            return None
        column = index.column()
        if role == PLAN_ROLE:
            return plan
        if role == Qt.ItemDataRole.CheckStateRole and column == REPLACE:
            if not self.can_replace(plan):
                return None
            ticked = plan.path in self.replace
            return Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(plan, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(plan, column)
        if role == Qt.ItemDataRole.DecorationRole and column == ACTION:
            return self._icon(plan)
        if role == Qt.ItemDataRole.AccessibleTextRole and column == REPLACE:
            if self.can_replace(plan):
                return _("Replace: yes") if plan.path in self.replace else _("Replace: no")
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == YEAR:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != REPLACE:
            return False
        if role != Qt.ItemDataRole.CheckStateRole:
            return False
        plan = self.plan(index.row())
        if plan is None or not self.can_replace(plan) or self.outcomes:
            return False
        checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2)
        self.set_replace(index.row(), checked)
        return True

    def _display(self, plan: ImportPlan, column: int) -> str | None:
        report = plan.report
        if column == FILE:
            return plan.path.name
        if column == IMPLEMENTER:
            return self._short_name(report) if report else ""
        if column == YEAR:
            return str(report.year) if report else ""
        if column == ACTION:
            return self.action_text(plan)
        if column == PROBLEMS:
            return problems_text(plan)
        return None

    def _short_name(self, report: ReportData) -> str:
        if self.catalogue is not None:
            try:
                return self.catalogue.implementer(report.implementer_id).short_name
            except KeyError:
                pass
        return report.implementer_name

    def action_text(self, plan: ImportPlan) -> str:
        outcome = self.outcomes.get(plan.path)
        if outcome is not None:
            return outcome.message
        if self.validate_only:
            return _("Can be imported") if not plan.errors else _("Cannot be imported")
        if plan.action is ImportAction.NEW:
            return _("New report")
        if plan.action is ImportAction.UNCHANGED:
            return _("No change: the database holds the same")
        if plan.action is ImportAction.CONFLICT:
            if plan.path in self.replace:
                return _("Replaces the report in the database")
            return _("Exists: tick Replace to replace it")
        if plan.action is ImportAction.REPLACE:
            return _("Replaces the report in the database")
        return _("Refused: see the problems")

    def _tooltip(self, plan: ImportPlan, column: int) -> str | None:
        if column == FILE:
            return str(plan.path)
        if column == IMPLEMENTER and plan.report is not None:
            return plan.report.implementer_name
        if column == PROBLEMS and plan.problems:
            return "\n".join(str(problem) for problem in plan.problems)
        if column == ACTION:
            return plan.summary()
        if column == REPLACE and self.can_replace(plan):
            return _("Tick to replace the report in the database by this file's content.")
        return None

    def _icon(self, plan: ImportPlan) -> QIcon:
        outcome = self.outcomes.get(plan.path)
        if outcome is not None:
            return icon("status-complete" if outcome.ok else "warning")
        if plan.errors:
            return icon("warning")
        if plan.action is ImportAction.UNCHANGED:
            return icon("saved")
        if plan.action is ImportAction.CONFLICT and plan.path not in self.replace:
            return icon("status-empty")
        return icon("import")


WHERE, WHAT, BEFORE, AFTER = range(4)
DETAILS_HEADINGS = (N_("Where"), N_("What"), N_("Now in the database"), N_("In the file"))


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def problem_place(problem: Problem, with_file: bool = False) -> str:
    """Sheet and cell in words ("Report, cell C12"); the file's name when asked or when the
    problem is about the whole file."""
    if problem.sheet and problem.cell:
        place = _("{sheet}, cell {cell}").format(sheet=problem.sheet, cell=problem.cell)
    else:
        place = problem.sheet or ""
    if problem.file and (with_file or not place):
        return (
            _("{file}: {place}").format(file=problem.file.name, place=place)
            if place
            else (problem.file.name)
        )
    return place


def difference_place(difference: Difference) -> str:
    if difference.row is None:
        return _("Report")
    return _("Activity {numbers}").format(numbers=difference.row)


def difference_what(difference: Difference) -> str:
    if difference.change is Change.REORDERED:
        return _("The rows come in another order")
    if difference.change is Change.ADDED:
        return _("New row ({count} characters)").format(count=difference.new_length)
    if difference.change is Change.REMOVED:
        return _("Row removed ({count} characters)").format(count=difference.old_length)
    label = _capitalised(_(FIELD_LABELS.get(difference.field, difference.field)))
    if difference.field == "financing":
        return _("{field}: {old} → {new} lines").format(
            field=label, old=difference.old_length, new=difference.new_length
        )
    if difference.field in ("status", "language"):
        return label
    return _("{field}: {old} → {new} characters").format(
        field=label, old=difference.old_length, new=difference.new_length
    )


class PlanDetailsModel(TableModel):
    """For one workbook: its problems (where and what), then what replacing would change."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(DETAILS_HEADINGS, parent)
        self.problems: list[Problem] = []
        self.differences: list[Difference] = []

    def show_plan(self, plan: ImportPlan | None) -> None:
        self.beginResetModel()
        self.problems = list(plan.problems) if plan else []
        self.differences = list(plan.differences) if plan else []
        self.endResetModel()

    def row_count(self) -> int:
        return len(self.problems) + len(self.differences)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self.row_count():
            return None
        row, column = index.row(), index.column()
        if row < len(self.problems):
            return self._problem_data(self.problems[row], column, role)
        return self._difference_data(self.differences[row - len(self.problems)], column, role)

    def _problem_data(self, problem: Problem, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return {WHERE: problem_place(problem), WHAT: problem.message}.get(column, "")
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(problem)
        if role == Qt.ItemDataRole.DecorationRole and column == WHERE:
            return icon("warning" if problem.severity is Severity.ERROR else "status-in-progress")
        return None

    def _difference_data(self, difference: Difference, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                WHERE: difference_place(difference),
                WHAT: difference_what(difference),
                BEFORE: difference.old_excerpt,
                AFTER: difference.new_excerpt,
            }.get(column, "")
        if role == Qt.ItemDataRole.ToolTipRole:
            return difference.describe()
        return None
