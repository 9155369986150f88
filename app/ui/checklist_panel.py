"""Completeness: a progress bar of complete rows and the list of what is still missing.

Each item leads to the place to fix it (activated by click, Enter or Space).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QSize, Qt, Signal
from PySide6.QtWidgets import QLabel, QListView, QProgressBar, QVBoxLayout, QWidget

from app.core.checklist import MissingItem, missing_items
from app.core.i18n import _, current_language
from app.core.report import ReportData
from app.ui.accessible import describe
from app.ui.appearance import emphasise
from app.ui.icons import icon
from app.ui.table_model import NO_PARENT, Index

ITEM_ROLE = Qt.ItemDataRole.UserRole + 1


class MissingItemsModel(QAbstractListModel):
    """What is missing, each with a warning sign and the hint that it leads to the place."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._items: list[MissingItem] = []

    def set_items(self, items: list[MissingItem]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def rowCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return item.message
        if role == Qt.ItemDataRole.DecorationRole:
            return icon("warning")
        if role == Qt.ItemDataRole.ToolTipRole:
            return _("Go to the place to fix this")
        if role == ITEM_ROLE:
            return item
        return None


class ChecklistPanel(QWidget):
    item_activated = Signal(object)  # MissingItem

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.progress = QProgressBar(self)
        describe(
            self.progress,
            _("Rows complete"),
            _("How many rows of the report have all four texts filled in."),
        )
        self.progress.setTextVisible(True)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.heading = QLabel(self)
        emphasise(self.heading)
        self.model = MissingItemsModel(self)
        self.list = QListView(self)
        self.list.setModel(self.model)
        describe(
            self.list,
            _("What is missing"),
            _("What the report still lacks. Enter goes to the place to fill it in."),
        )
        self.list.setWordWrap(True)
        size = self.list.fontMetrics().height()
        self.list.setIconSize(QSize(size, size))
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setUniformItemSizes(False)
        self.list.setCursor(Qt.CursorShape.PointingHandCursor)
        self.list.setSpacing(2)
        self.heading.setBuddy(self.list)
        self.list.clicked.connect(self._activate)
        self.list.activated.connect(self._activate)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.progress)
        layout.addWidget(self.summary)
        layout.addWidget(self.heading)
        layout.addWidget(self.list, 1)
        self.items: list[MissingItem] = []
        self.show_report(None)

    def show_report(self, report: ReportData | None) -> None:
        if report is None:
            self.items = []
            self.model.set_items(self.items)
            self.progress.setRange(0, 1)
            self.progress.setValue(0)
            self.progress.setFormat("")
            self.summary.setText("")
            self.heading.setText("")
            return
        total = len(report.rows)
        complete = report.rows_complete()
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(complete)
        text = _("{complete} of {total} rows complete").format(complete=complete, total=total)
        self.progress.setFormat(text)
        # Wide enough for its text in the system's font: a bar does not wrap or elide it.
        metrics = self.progress.fontMetrics()
        self.progress.setMinimumWidth(metrics.horizontalAdvance(text) + metrics.height() * 2)
        self.summary.setText(
            _("{filled} of {total} rows have some text.").format(
                filled=report.rows_filled(), total=total
            )
        )
        self.items = missing_items(report.focal_point, report.rows, report.year, current_language())
        report_level = [
            MissingItem(message, name)
            for message, name, text in (
                (_("The background is empty"), "background", report.background),
                (_("The conclusions are empty"), "conclusions", report.conclusions),
            )
            if not text.strip()
        ]
        first_row_item = next(
            (i for i, item in enumerate(self.items) if item.row is not None), len(self.items)
        )
        self.items[first_row_item:first_row_item] = report_level
        self.heading.setText(
            _("&Missing ({count})").format(count=len(self.items))
            if self.items
            else _("Nothing is &missing")
        )
        self.model.set_items(self.items)

    def _activate(self, index: QModelIndex) -> None:
        item = index.data(ITEM_ROLE)
        if isinstance(item, MissingItem):
            self.item_activated.emit(item)
