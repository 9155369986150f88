"""Completeness: a progress bar of complete rows and the list of what is still missing.

Each item leads to the place to fix it (activated by click, Enter or Space).
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from app.core.checklist import MissingItem, missing_items
from app.core.i18n import _, current_language
from app.core.report import ReportData
from app.ui.icons import icon

ITEM_ROLE = Qt.ItemDataRole.UserRole + 1


class ChecklistPanel(QWidget):
    item_activated = Signal(object)  # MissingItem

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.progress = QProgressBar(self)
        self.progress.setAccessibleName(_("Rows complete"))
        self.progress.setTextVisible(True)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.heading = QLabel(self)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.list = QListWidget(self)
        self.list.setAccessibleName(_("What is missing"))
        self.list.setWordWrap(True)
        self.list.setIconSize(QSize(16, 16))
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setUniformItemSizes(False)
        self.list.setCursor(Qt.CursorShape.PointingHandCursor)
        self.list.setStyleSheet("QListWidget::item { padding: 3px 2px; }")
        self.heading.setBuddy(self.list)
        self.list.itemClicked.connect(self._activate)
        self.list.itemActivated.connect(self._activate)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.progress)
        layout.addWidget(self.summary)
        layout.addWidget(self.heading)
        layout.addWidget(self.list, 1)
        self.items: list[MissingItem] = []
        self.show_report(None)

    def show_report(self, report: ReportData | None) -> None:
        self.list.clear()
        if report is None:
            self.items = []
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
        self.progress.setFormat(
            _("{complete} of {total} rows complete").format(complete=complete, total=total)
        )
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
            else _("&Nothing is missing")
        )
        warning = icon("warning")
        for item in self.items:
            entry = QListWidgetItem(warning, item.message)
            entry.setData(ITEM_ROLE, item)
            entry.setToolTip(_("Go to the place to fix this"))
            self.list.addItem(entry)

    def _activate(self, entry: QListWidgetItem) -> None:
        item = entry.data(ITEM_ROLE)
        if isinstance(item, MissingItem):
            self.item_activated.emit(item)
