"""The import dialog: what importing each workbook would do, then importing what the user chose.

Nothing changes before the user has seen the plan: every file is read on a worker thread and
compared with the database; a report that already exists is replaced only when its "Replace"
box is ticked (default off), and the details show what would change, field by field. The
same dialog without the Import button checks files for someone who only wants to know
whether a workbook is fine ("Check submission files").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.i18n import _
from app.core.progress import Progress
from app.services import backup
from app.services.files import find_submission_files
from app.services.workspace import Workspace
from app.services.xlsx_exchange import (
    ImportAction,
    ImportOutcome,
    ImportPlan,
    apply_import,
    plan_import,
    validate_files,
)
from app.ui.accessible import describe
from app.ui.appearance import set_column_widths, size_for_text
from app.ui.file_choice import (
    FolderChooser,
    OpenChooser,
    accept_drag,
    ask_folder,
    ask_open_paths,
    choose_workbook_folder,
    choose_workbooks,
    take_drop,
)
from app.ui.icons import icon
from app.ui.import_model import (
    ACTION,
    FILE,
    REPLACE,
    YEAR,
    ImportPlanModel,
    PlanDetailsModel,
)
from app.ui.operations import Operation, run_operation
from app.ui.settings import Settings


class PlanTable(QTableView):
    """The workbooks; Space ticks or clears Replace on the current line from anywhere in it."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        model = self.model()
        row = self.currentIndex().row()
        if (
            event.key() == Qt.Key.Key_Space
            and isinstance(model, ImportPlanModel)
            and (plan := model.plan(row)) is not None
            and model.flags(model.index(row, REPLACE)) & Qt.ItemFlag.ItemIsUserCheckable
        ):
            model.set_replace(row, plan.path not in model.replace)
            return
        super().keyPressEvent(event)


class ImportDialog(QDialog):
    """One line per workbook; details of the selected one; Import applies the chosen plans."""

    imported = Signal(object)  # list[ImportOutcome]

    def __init__(
        self,
        workspace: Workspace,
        settings: Settings,
        *,
        validate_only: bool = False,
        open_report_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.settings = settings
        self.validate_only = validate_only
        self.open_report_id = open_report_id
        self.paths: list[Path] = []
        self.operation: Operation[Any] | None = None
        self.backup_path: Path | None = None
        # Seams for tests: the file dialogs; reading and importing are real.
        self.choose_files: OpenChooser = ask_open_paths
        self.choose_folder: FolderChooser = ask_folder
        self.confirm_replacing_open = self._confirm_replacing_open
        # Writes the window's pending edits; False stops the import (set by the window).
        self.before_import: Callable[[], bool] = lambda: True
        self.setWindowTitle(
            _("Check submission files") if validate_only else _("Import submissions")
        )
        self.setWindowIcon(icon("import"))
        self.setAcceptDrops(True)
        self._build()
        size_for_text(self, 160, 38)
        self._update()

    # --- building -----------------------------------------------------------------------

    def _build(self) -> None:
        intro = QLabel(
            _(
                "Each workbook is checked and compared with the database; nothing changes "
                "until you press Import. A report already in the database is replaced only "
                "when you tick Replace on its line."
            )
            if not self.validate_only
            else _("Each workbook is checked as an import would check it; nothing is changed."),
            self,
        )
        intro.setWordWrap(True)
        self.add_files_button = QPushButton(icon("open"), _("Add &files…"), self)
        self.add_files_button.clicked.connect(self.add_files)
        describe(
            self.add_files_button,
            _("Add workbooks"),
            _("Choose Excel workbooks (.xlsx) to add to the list."),
        )
        self.add_folder_button = QPushButton(_("Add f&older…"), self)
        self.add_folder_button.clicked.connect(self.add_folder)
        describe(
            self.add_folder_button,
            _("Add a folder of workbooks"),
            _("Choose a folder; the workbooks in it and its subfolders are added to the list."),
        )
        self.remove_button = QPushButton(icon("remove-row"), _("&Remove from the list"), self)
        self.remove_button.clicked.connect(self.remove_selected)
        describe(
            self.remove_button,
            _("Remove from the list"),
            _("Takes the selected workbooks off the list; the files are not touched."),
        )
        drop_hint = QLabel(_("You can also drop workbooks or folders here."), self)
        drop_hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # a hint, not disabled
        drop_hint.setWordWrap(True)
        files_row = QHBoxLayout()
        for widget in (self.add_files_button, self.add_folder_button, self.remove_button):
            files_row.addWidget(widget)
        files_row.addWidget(drop_hint, 1)

        self.model = ImportPlanModel(self.workspace.catalogue, self.validate_only, self)
        self.table = PlanTable(self)
        self.table.setModel(self.model)
        describe(
            self.table,
            _("Workbooks to import"),
            _(
                "One line for each workbook with what importing it would do. Space ticks or "
                "clears Replace on the selected line."
            ),
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.setColumnHidden(REPLACE, self.validate_only)
        set_column_widths(self.table, {FILE: 32, 1: 18, YEAR: 8, REPLACE: 11, ACTION: 40})
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.model.replace_changed.connect(self._update)
        files_label = QLabel(_("&Workbooks:"), self)
        files_label.setBuddy(self.table)

        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details_model = PlanDetailsModel(self)
        self.details = QTableView(self)
        self.details.setModel(self.details_model)
        describe(
            self.details,
            _("Problems and changes of the selected workbook"),
            _("What is wrong in the workbook, and what importing it would change, field by field."),
        )
        self.details.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.details.setTabKeyNavigation(False)
        self.details.verticalHeader().setVisible(False)
        self.details.setWordWrap(True)
        self.details.horizontalHeader().setStretchLastSection(True)
        set_column_widths(self.details, {0: 27, 1: 43, 2: 37})
        details_label = QLabel(_("&Details of the selected workbook:"), self)
        details_label.setBuddy(self.details)
        upper = QWidget(self)
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addWidget(files_label)
        upper_layout.addWidget(self.table)
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(details_label)
        lower_layout.addWidget(self.summary)
        lower_layout.addWidget(self.details)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(upper)
        self.splitter.addWidget(lower)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)

        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setAccessibleName(_("Import status"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.import_button = self.buttons.addButton(
            _("&Import"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setIcon(icon("import"))
        describe(
            self.import_button,
            _("Import"),
            _("Imports the workbooks that add a report, and those ticked to replace one."),
        )
        self.import_button.setVisible(not self.validate_only)
        self.import_button.clicked.connect(self.import_chosen)
        self.buttons.rejected.connect(self.reject)
        self.close_button = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(files_row)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(bottom)

    # --- files --------------------------------------------------------------------------

    def add_files(self) -> None:
        chosen = choose_workbooks(self, self.settings, self.choose_files, _("Choose workbooks"))
        if chosen:
            self.add_paths(chosen)

    def add_folder(self) -> None:
        title = _("Choose a folder of workbooks")
        chosen = choose_workbook_folder(self, self.settings, self.choose_folder, title)
        if chosen is not None:
            self.add_paths([chosen])

    def add_paths(self, paths: Sequence[Path]) -> None:
        """Add workbooks (folders give the workbooks they hold) and read them all again."""
        known = {path.resolve() for path in self.paths}
        added = False
        for path in find_submission_files(paths, only_workbooks=True):
            if path.resolve() not in known:
                known.add(path.resolve())
                self.paths.append(path)
                added = True
        if added:
            self.plan()
        elif paths:
            self.status.setText(_("No new workbooks (.xlsx) among the files given."))

    def remove_selected(self) -> None:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        if not rows:
            return
        removed = {plan.path for row in rows if (plan := self.model.plan(row)) is not None}
        self.paths = [path for path in self.paths if path not in removed]
        self.plan()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        accept_drag(event, self.busy())

    def dropEvent(self, event: QDropEvent) -> None:
        if paths := take_drop(event, self.busy()):
            self.add_paths(paths)

    # --- planning and importing ---------------------------------------------------------

    def busy(self) -> bool:
        return self.operation is not None and self.operation.running

    def plan(self) -> None:
        """Read every workbook on a worker thread and show what importing it would do."""
        paths = list(self.paths)
        if not paths:
            self.model.set_plans([])
            self._update()
            return
        workspace = self.workspace
        check = validate_files if self.validate_only else plan_import

        def work(progress: Progress) -> list[ImportPlan]:
            return check(workspace, paths, progress=progress)

        self.status.setText(_("Reading {count} workbooks…").format(count=len(paths)))
        operation = run_operation(
            work, parent=self, title=_("Reading workbooks"), on_success=self._planned
        )
        operation.finished.connect(self._update)
        self.operation = operation
        self._update()

    def _planned(self, plans: list[ImportPlan]) -> None:
        self.model.set_plans(plans)
        if plans:
            self.table.selectRow(0)
        self.table.resizeColumnToContents(YEAR)

    def import_chosen(self) -> None:
        plans = self.model.chosen_plans()
        if not any(plan.will_change for plan in plans) or self.busy():
            return
        replaced_open = [
            plan
            for plan in plans
            if plan.action is ImportAction.REPLACE
            and plan.existing_id is not None
            and plan.existing_id == self.open_report_id
        ]
        if replaced_open and not self.confirm_replacing_open(replaced_open[0]):
            return
        if not self.before_import():
            return
        workspace = self.workspace
        replacing = any(plan.action is ImportAction.REPLACE for plan in plans)

        def work(progress: Progress) -> tuple[list[ImportOutcome], Path | None]:
            kept = None
            if replacing:
                # The replaced texts stay recoverable through File > Restore a backup.
                database = workspace.path
                kept = backup.backup_database(
                    database, backup.backup_dir() / backup.backup_name(database)
                )
            return apply_import(workspace, plans, progress=progress), kept

        self.status.setText(_("Importing…"))
        operation = run_operation(
            work, parent=self, title=_("Importing workbooks"), on_success=self._imported
        )
        operation.finished.connect(self._update)
        self.operation = operation
        self._update()

    def _confirm_replacing_open(self, plan: ImportPlan) -> bool:
        report = plan.report
        assert report is not None
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            _("Replace the open report"),
            _(
                "The {year} report of {implementer} is open in the window. Importing "
                "{name} replaces everything in it by the workbook's content."
            ).format(year=report.year, implementer=report.implementer_name, name=plan.path.name),
            parent=self,
        )
        box.setInformativeText(
            _(
                "Your text is saved in the database first, and a backup of the database is "
                "made before anything is replaced."
            )
        )
        replace = box.addButton(_("&Replace the report"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is replace

    def _imported(self, result: tuple[list[ImportOutcome], Path | None]) -> None:
        outcomes, kept = result
        self.backup_path = kept
        self.model.set_outcomes(outcomes)
        done = sum(1 for o in outcomes if o.ok and o.report_id is not None)
        failed = sum(1 for o in outcomes if not o.ok)
        text = _("{done} imported, {failed} not imported.").format(done=done, failed=failed)
        if kept is not None:
            text += " " + _("The database as it was before is kept in {path}.").format(path=kept)
        self.status.setText(text)
        self._selection_changed()
        self.imported.emit(outcomes)

    # --- state --------------------------------------------------------------------------

    def _selection_changed(
        self, _selected: QItemSelection | None = None, _deselected: QItemSelection | None = None
    ) -> None:
        index = self.table.currentIndex()
        rows = self.table.selectionModel().selectedRows()
        plan = self.model.plan(rows[0].row() if rows else index.row())
        self.details_model.show_plan(plan)
        self.details.resizeRowsToContents()
        if plan is None:
            self.summary.setText(_("Select a workbook to see its problems and changes."))
        else:
            outcome = self.model.outcomes.get(plan.path)
            lines = [str(plan.path), plan.summary()]
            if outcome is not None:
                lines.append(outcome.message)
            self.summary.setText("\n".join(lines))
        self._update()

    def _update(self) -> None:
        busy = self.busy()
        for button in (self.add_files_button, self.add_folder_button):
            button.setEnabled(not busy)
        self.remove_button.setEnabled(not busy and self.table.selectionModel().hasSelection())
        self.close_button.setEnabled(not busy)
        changes = self.model.will_change()
        self.import_button.setEnabled(not busy and bool(changes) and not self.model.outcomes)
        if busy or self.model.outcomes:
            return
        if not self.paths:
            self.status.setText(_("Add the workbooks to import (.xlsx)."))
        elif self.model.plans:
            self.status.setText(self._counts())

    def _counts(self) -> str:
        plans = self.model.chosen_plans()
        if self.validate_only:
            good = sum(1 for plan in plans if not plan.errors)
            return _("{good} of {total} workbooks can be imported.").format(
                good=good, total=len(plans)
            )
        count = dict.fromkeys(ImportAction, 0)
        for plan in plans:
            count[plan.action] += 1
        return _(
            "{new} new, {replace} to replace, {conflict} existing not ticked, "
            "{unchanged} unchanged, {refused} refused."
        ).format(
            new=count[ImportAction.NEW],
            replace=count[ImportAction.REPLACE],
            conflict=count[ImportAction.CONFLICT],
            unchanged=count[ImportAction.UNCHANGED],
            refused=count[ImportAction.REFUSED],
        )

    def reject(self) -> None:
        if self.busy():
            return
        super().reject()
