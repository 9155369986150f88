"""Choosing one of the reports held in the database (other years, other implementers)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.i18n import _
from app.ui.icons import icon
from app.ui.save_indicator import local_time

if TYPE_CHECKING:
    from app.services.reports import ReportSummary

REPORT_ID_ROLE = Qt.ItemDataRole.UserRole + 1


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
        self.resize(720, 460)
        self.filter = QLineEdit(self)
        self.filter.setClearButtonEnabled(True)
        self.filter.setPlaceholderText(_("Type to filter by implementer or year"))
        self.filter.setAccessibleName(_("Filter reports"))
        label = QLabel(_("&Reports in this database:"), self)
        self.tree = QTreeWidget(self)
        label.setBuddy(self.tree)
        self.tree.setRootIsDecorated(False)
        self.tree.setAccessibleName(_("Reports"))
        self.tree.setHeaderLabels(
            [_("Implementer"), _("Year"), _("Rows complete"), _("Last change")]
        )
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for summary in sorted(summaries, key=lambda s: (-s.year, s.implementer_name.casefold())):
            changed = local_time(summary.updated, "yyyy-MM-dd HH:mm")
            item = QTreeWidgetItem(
                [
                    summary.implementer_name,
                    str(summary.year),
                    _("{complete} of {total}").format(
                        complete=summary.rows_complete, total=summary.rows_total
                    ),
                    changed,
                ]
            )
            item.setData(0, REPORT_ID_ROLE, summary.id)
            item.setIcon(0, icon("report"))
            self.tree.addTopLevelItem(item)
            if summary.id == current_id:
                self.tree.setCurrentItem(item)
        first = self.tree.topLevelItem(0)
        if self.tree.currentItem() is None and first is not None:
            self.tree.setCurrentItem(first)
        for column in (1, 2, 3):
            self.tree.resizeColumnToContents(column)
        self.filter.textChanged.connect(self._filter)
        self.tree.itemDoubleClicked.connect(lambda *_args: self.accept())
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.open_button = buttons.button(QDialogButtonBox.StandardButton.Open)
        self.open_button.setEnabled(self.tree.topLevelItemCount() > 0)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(label)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self.tree.setFocus()

    def report_id(self) -> int | None:
        item = self.tree.currentItem()
        if item is None or item.isHidden():
            return None
        value = item.data(0, REPORT_ID_ROLE)
        return int(value) if value is not None else None

    def _filter(self, text: str) -> None:
        needle = text.casefold()
        first_visible = None
        for position in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(position)
            if item is None:
                continue
            visible = not needle or needle in f"{item.text(0)} {item.text(1)}".casefold()
            item.setHidden(not visible)
            if visible and first_visible is None:
                first_visible = item
        current = self.tree.currentItem()
        if (current is None or current.isHidden()) and first_visible is not None:
            self.tree.setCurrentItem(first_visible)
        self.open_button.setEnabled(first_visible is not None)
