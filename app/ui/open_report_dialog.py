"""Choosing one of the reports held in the database (other years, other implementers)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.core.i18n import N_, _
from app.ui.accessible import describe
from app.ui.appearance import size_for_text
from app.ui.icons import icon
from app.ui.save_indicator import local_time
from app.ui.table_model import Index, TableModel

if TYPE_CHECKING:
    from app.services.reports import ReportSummary

REPORT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
HEADINGS = (N_("Implementer"), N_("Year"), N_("Rows complete"), N_("Last change"))


@dataclass(frozen=True, slots=True)
class ReportLine:
    report_id: int
    cells: tuple[str, str, str, str]  # as HEADINGS


class ReportsModel(TableModel):
    """The reports of a database, newest year first, then by implementer."""

    def __init__(self, summaries: list[ReportSummary], parent: Any = None) -> None:
        super().__init__(HEADINGS, parent)
        self._lines = [
            ReportLine(
                summary.id,
                (
                    summary.implementer_name,
                    str(summary.year),
                    _("{complete} of {total}").format(
                        complete=summary.rows_complete, total=summary.rows_total
                    ),
                    local_time(summary.updated, "yyyy-MM-dd HH:mm"),
                ),
            )
            for summary in sorted(summaries, key=lambda s: (-s.year, s.implementer_name.casefold()))
        ]

    def line_at(self, position: int) -> ReportLine:
        return self._lines[position]

    def position_of(self, report_id: int) -> int | None:
        return next((p for p, line in enumerate(self._lines) if line.report_id == report_id), None)

    def row_count(self) -> int:
        return len(self._lines)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._lines):
            return None
        line = self._lines[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return line.cells[index.column()]
        if index.column() != 0:
            return None
        if role == Qt.ItemDataRole.DecorationRole:
            return icon("report")
        if role == REPORT_ID_ROLE:
            return line.report_id
        return None


class OpenReportDialog(QDialog):
    def __init__(
        self,
        summaries: list[ReportSummary],
        current_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Open report"))
        self.setWindowIcon(icon("open"))
        self.filter = QLineEdit(self)
        self.filter.setClearButtonEnabled(True)
        self.filter.setPlaceholderText(_("Type to filter by implementer or year"))
        describe(
            self.filter,
            _("Filter reports"),
            _("Type part of an implementer's name or a year to show only those reports."),
        )
        filter_label = QLabel(_("&Filter:"), self)
        filter_label.setBuddy(self.filter)
        label = QLabel(_("&Reports in this database:"), self)
        self.model = ReportsModel(summaries, self)
        self.tree = QTreeView(self)
        self.tree.setModel(self.model)
        label.setBuddy(self.tree)
        self.tree.setRootIsDecorated(False)
        describe(
            self.tree,
            _("Reports"),
            _("The reports held in this database, newest year first. Enter opens the one chosen."),
        )
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        current = self.model.position_of(current_id) if current_id is not None else None
        if self.model.rowCount() > 0:
            self.tree.setCurrentIndex(self.model.index(current or 0, 0))
        for column in (1, 2, 3):
            self.tree.resizeColumnToContents(column)
        self.filter.textChanged.connect(self._filter)
        self.tree.doubleClicked.connect(lambda *_args: self.accept())
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.open_button = buttons.button(QDialogButtonBox.StandardButton.Open)
        self.open_button.setEnabled(self.model.rowCount() > 0)
        layout = QVBoxLayout(self)
        layout.addWidget(filter_label)
        layout.addWidget(self.filter)
        layout.addWidget(label)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        size_for_text(self, 100, 24)
        self.tree.setFocus()

    def report_id(self) -> int | None:
        index = self.tree.currentIndex()
        if not index.isValid() or self.tree.isRowHidden(index.row(), QModelIndex()):
            return None
        return self.model.line_at(index.row()).report_id

    def _filter(self, text: str) -> None:
        needle = text.casefold()
        first_visible = None
        for position in range(self.model.rowCount()):
            implementer, year = self.model.line_at(position).cells[:2]
            visible = not needle or needle in f"{implementer} {year}".casefold()
            self.tree.setRowHidden(position, QModelIndex(), not visible)
            if visible and first_visible is None:
                first_visible = position
        current = self.tree.currentIndex()
        if (
            not current.isValid() or self.tree.isRowHidden(current.row(), QModelIndex())
        ) and first_visible is not None:
            self.tree.setCurrentIndex(self.model.index(first_visible, 0))
        self.open_button.setEnabled(first_visible is not None)
