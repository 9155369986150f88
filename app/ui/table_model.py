"""What the window's tables share: a flat list of rows under fixed, translated column headings."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from app.core.i18n import _

Index = QModelIndex | QPersistentModelIndex
NO_PARENT = QModelIndex()


class TableModel(QAbstractTableModel):
    """A table of ``row_count()`` rows, one column per heading.

    The headings are given marked with ``N_()`` and translated when shown. A model says how
    many rows it has (:meth:`row_count`) and what its cells hold (``data``); no row has children.
    """

    def __init__(self, headings: Sequence[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._headings = tuple(headings)

    def row_count(self) -> int:
        """How many rows the table has now; a model without any is empty."""
        return 0

    def rowCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else self.row_count()

    def columnCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._headings)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= section < len(self._headings):
            return None
        return _(self._headings[section])
