"""The table of a row's financing sources, usable from the keyboard without a trap.

Qt's tables keep the Tab key to themselves: it goes from cell to cell and from the last cell back
to the first, so a keyboard user can never leave. Here Tab leaves the table (the arrow keys move
between cells); while a cell is being edited, Tab and Shift+Tab go on to the next or previous
cell as in a spreadsheet, and out of the table after the last cell or before the first. Enter
starts editing the current cell.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemDelegate, QAbstractItemView, QTableView, QWidget

from app.core.i18n import _

EndEditHint = QAbstractItemDelegate.EndEditHint
CursorAction = QAbstractItemView.CursorAction


class FinancingTable(QTableView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabKeyNavigation(False)
        self.setAccessibleDescription(
            _(
                "One line for each source of financing: source, donor, amount and currency. "
                "The arrow keys move between cells; typing, Enter or F2 edits a cell, and while "
                "editing, Tab goes on to the next cell."
            )
        )

    def _is_edge(self, index: QModelIndex, last: bool) -> bool:
        model = self.model()
        if model is None or not index.isValid():
            return False
        if last:
            return index.row() == model.rowCount() - 1 and index.column() == (
                model.columnCount() - 1
            )
        return index.row() == 0 and index.column() == 0

    def moveCursor(self, action: CursorAction, modifiers: Qt.KeyboardModifier) -> QModelIndex:
        # Qt wraps around from the last cell to the first; here the table ends there.
        current = self.currentIndex()
        if action == CursorAction.MoveNext and self._is_edge(current, last=True):
            return QModelIndex()
        if action == CursorAction.MovePrevious and self._is_edge(current, last=False):
            return QModelIndex()
        return super().moveCursor(action, modifiers)

    def closeEditor(self, editor: QWidget, hint: EndEditHint) -> None:
        current = self.currentIndex()
        leave_forward = hint == EndEditHint.EditNextItem and self._is_edge(current, last=True)
        leave_back = hint == EndEditHint.EditPreviousItem and self._is_edge(current, last=False)
        super().closeEditor(editor, hint)
        if leave_forward or leave_back:
            self.focusNextPrevChild(leave_forward)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
            and self.state() != QAbstractItemView.State.EditingState
            and self.currentIndex().isValid()
        ):
            self.edit(self.currentIndex())
            return
        super().keyPressEvent(event)
