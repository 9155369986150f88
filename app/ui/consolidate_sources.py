"""The left side of the consolidation window: the submissions offered and the check results."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.catalogue import Catalogue
from app.core.consolidation import ConsolidatedReport, Decision
from app.core.i18n import _
from app.ui.accessible import describe
from app.ui.appearance import set_column_widths
from app.ui.consolidate_model import SourceCheckModel, SourceFilesModel
from app.ui.file_choice import (
    FolderChooser,
    OpenChooser,
    ask_folder,
    ask_open_paths,
    choose_workbook_folder,
    choose_workbooks,
)
from app.ui.icons import icon
from app.ui.settings import Settings


class SourcesPanel(QWidget):
    """Workbooks and folders (a folder's workbooks are read at each check), whether the
    database's reports take part, the Check button, and what became of each submission."""

    changed = Signal()  # the submissions offered changed: a check shown no longer applies
    message = Signal(str)  # something to tell in the window's status line

    def __init__(self, catalogue: Catalogue, settings: Settings, parent: QWidget) -> None:
        super().__init__(parent)
        self.settings = settings
        # Seams for tests: the file dialogs.
        self.choose_files: OpenChooser = ask_open_paths
        self.choose_folder: FolderChooser = ask_folder
        self.files_model = SourceFilesModel(self)
        self.files_view = QListView(self)
        self.files_view.setModel(self.files_model)
        describe(
            self.files_view,
            _("Submission files and folders"),
            _("The workbooks and folders of workbooks received for this year."),
        )
        self.files_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.files_view.setMinimumHeight(self.files_view.fontMetrics().lineSpacing() * 4)
        files_label = QLabel(
            _("&Submissions (workbooks and folders; you can drop them here):"), self
        )
        files_label.setBuddy(self.files_view)
        self.add_files_button = QPushButton(icon("open"), _("Add &files…"), self)
        self.add_files_button.clicked.connect(self.add_files)
        describe(
            self.add_files_button,
            _("Add workbooks"),
            _("Choose submission workbooks (.xlsx) to add to the list."),
        )
        self.add_folder_button = QPushButton(_("Add f&older…"), self)
        self.add_folder_button.clicked.connect(self.add_folder)
        describe(
            self.add_folder_button,
            _("Add a folder of workbooks"),
            _("Choose a folder; its workbooks are read again at each check."),
        )
        self.remove_button = QPushButton(icon("remove-row"), _("&Remove"), self)
        self.remove_button.clicked.connect(self.remove_selected)
        describe(
            self.remove_button,
            _("Remove the selected submissions"),
            _("Takes the selected workbooks and folders off the list; the files are not touched."),
        )
        self.include_db = QCheckBox(_("Include the reports in this &database"), self)
        self.include_db.toggled.connect(self._changed)
        describe(
            self.include_db,
            _("Include the reports in this database"),
            _("The reports typed in Focal on this computer take part as submissions too."),
        )
        self.check_button = QPushButton(icon("status-complete"), _("C&heck"), self)
        self.check_button.setToolTip(_("Read the submissions and show what becomes of each."))
        describe(
            self.check_button,
            _("Check"),
            _("Read the submissions and show what becomes of each."),
        )
        buttons = QHBoxLayout()
        for widget in (self.add_files_button, self.add_folder_button, self.remove_button):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        db_row = QHBoxLayout()
        db_row.addWidget(self.include_db, 1)
        db_row.addWidget(self.check_button)

        self.checks_model = SourceCheckModel(catalogue, self)
        self.checks_view = QTableView(self)
        self.checks_view.setModel(self.checks_model)
        describe(
            self.checks_view,
            _("What becomes of each submission"),
            _("For each submission: whether it is included, superseded or rejected, and why."),
        )
        self.checks_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.checks_view.setTabKeyNavigation(False)
        self.checks_view.verticalHeader().setVisible(False)
        self.checks_view.setWordWrap(True)
        header = self.checks_view.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        set_column_widths(self.checks_view, {0: 30, 1: 16, 2: 16})
        self.counts = QLabel(self)
        self.counts.setWordWrap(True)
        self.counts.setAccessibleName(_("Check results"))
        checks_label = QLabel(_("Chec&k results:"), self)
        checks_label.setBuddy(self.checks_view)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(files_label)
        layout.addWidget(self.files_view, 1)
        layout.addLayout(buttons)
        layout.addLayout(db_row)
        layout.addWidget(checks_label)
        layout.addWidget(self.counts)
        layout.addWidget(self.checks_view, 3)
        self.files_view.selectionModel().selectionChanged.connect(lambda *_args: self.set_busy())
        self.show_report(None)

    # --- the submissions ----------------------------------------------------------------

    def paths(self) -> list[Path]:
        return list(self.files_model.paths)

    def has_sources(self) -> bool:
        return bool(self.files_model.paths) or self.include_db.isChecked()

    def set_sources(self, paths: Sequence[Path], include_db: bool) -> None:
        """Show another year's sources (no ``changed`` signal: nothing was changed by hand)."""
        self.files_model.set_paths(paths)
        self.include_db.blockSignals(True)
        self.include_db.setChecked(include_db)
        self.include_db.blockSignals(False)
        self.show_report(None)
        self.set_busy()

    def add_files(self) -> None:
        title = _("Choose submission workbooks")
        chosen = choose_workbooks(self, self.settings, self.choose_files, title)
        if chosen:
            self.add_paths(chosen)

    def add_folder(self) -> None:
        title = _("Choose a folder of submissions")
        chosen = choose_workbook_folder(self, self.settings, self.choose_folder, title)
        if chosen is not None:
            self.add_paths([chosen])

    def add_paths(self, paths: Sequence[Path]) -> int:
        """Add workbooks and folders; returns how many were new."""
        wanted = [p for p in paths if p.is_dir() or p.suffix.lower() == ".xlsx"]
        if len(wanted) < len(paths):
            self.message.emit(_("Only Excel workbooks (.xlsx) and folders can be added."))
        added = self.files_model.add(wanted)
        if added:
            self._changed()
        return added

    def remove_selected(self) -> None:
        rows = [index.row() for index in self.files_view.selectionModel().selectedIndexes()]
        if rows:
            self.files_model.remove_rows(rows)
            self._changed()

    def _changed(self) -> None:
        if self.checks_model.checks:
            self.show_report(None)
            self.counts.setText(_("The submissions changed; press Check again."))
        self.set_busy()
        self.changed.emit()

    # --- the check ----------------------------------------------------------------------

    def show_report(self, report: ConsolidatedReport | None) -> None:
        self.checks_model.set_report(report)
        self.checks_view.resizeRowsToContents()
        if report is None:
            self.counts.setText(_("Press Check to see what becomes of each submission."))
            self.counts.setToolTip("")
            return
        self.counts.setText(
            _(
                "{included} included, {superseded} superseded, {rejected} rejected; "
                "{missing} implementers did not report."
            ).format(
                included=self.checks_model.count(Decision.INCLUDED),
                superseded=self.checks_model.count(Decision.SUPERSEDED),
                rejected=self.checks_model.count(Decision.REJECTED),
                missing=len(report.not_reporting),
            )
        )
        self.counts.setToolTip(
            _("Did not report:") + "\n" + "\n".join(i.name for i in report.not_reporting)
        )

    def mark_outdated(self) -> None:
        """Reports in the database changed (an import): a check shown may no longer hold."""
        if self.include_db.isChecked() and self.checks_model.checks:
            self.counts.setText(_("Reports in the database changed; press Check again."))

    def set_busy(self, busy: bool = False) -> None:
        for widget in (self.add_files_button, self.add_folder_button, self.include_db):
            widget.setEnabled(not busy)
        selected = self.files_view.selectionModel().hasSelection()
        self.remove_button.setEnabled(not busy and selected)
        self.check_button.setEnabled(not busy and self.has_sources())
