"""The navigator's item models: one line per report row with its activities and status, and
the places a search found.

Statuses are computed from the report held in memory (with unsaved edits), so they follow
typing without touching the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractListModel, QSortFilterProxyModel, Qt

from app.core.catalogue import Catalogue, format_activity_numbers
from app.core.i18n import N_, _
from app.core.report import ROW_STATUS_LABELS, ReportData, RowData, RowStatus
from app.services.reports import SearchHit
from app.ui.icons import status_icon
from app.ui.table_model import NO_PARENT, Index, TableModel

ROW_ID_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_ROLE = Qt.ItemDataRole.UserRole + 2
ACTIVITIES_ROLE = Qt.ItemDataRole.UserRole + 3

COLUMN_ACTIVITY, COLUMN_TEXT = 0, 1
HEADINGS = (N_("Activity"), N_("Description"))


@dataclass(frozen=True, slots=True)
class NavigatorRow:
    row_id: int | None
    activities: tuple[int, ...]
    numbers: str
    text: str
    status: RowStatus


def navigator_row(row: RowData, catalogue: Catalogue) -> NavigatorRow:
    texts = [catalogue.activity(n).text for n in row.activities if catalogue.has_activity(n)] or [
        ""
    ]
    return NavigatorRow(
        row_id=row.row_id,
        activities=row.activities,
        numbers=format_activity_numbers(row.activities),
        text=" ".join(texts[0].split()),
        status=row.status,
    )


class NavigatorModel(TableModel):
    """A flat, two-column model (activity numbers with status, short text) of a report's rows."""

    def __init__(self, catalogue: Catalogue, parent: Any = None) -> None:
        super().__init__(HEADINGS, parent)
        self.catalogue = catalogue
        self._rows: list[NavigatorRow] = []

    def set_report(self, report: ReportData | None) -> None:
        self.beginResetModel()
        rows = report.rows if report is not None else ()
        self._rows = [navigator_row(row, self.catalogue) for row in rows]
        self.endResetModel()

    def update_row(self, position: int, row: RowData) -> None:
        """Refresh one line after an edit; only emits when what it shows changed."""
        if not 0 <= position < len(self._rows):
            return
        fresh = navigator_row(row, self.catalogue)
        if fresh != self._rows[position]:
            self._rows[position] = fresh
            self.dataChanged.emit(
                self.index(position, 0), self.index(position, self.columnCount() - 1)
            )

    def row_at(self, position: int) -> NavigatorRow:
        return self._rows[position]

    def position_of(self, row_id: int) -> int | None:
        for position, row in enumerate(self._rows):
            if row.row_id == row_id:
                return position
        return None

    # --- the table -------------------------------------------------------------------------

    def row_count(self) -> int:
        return len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return row.numbers if column == COLUMN_ACTIVITY else row.text
        if role == Qt.ItemDataRole.DecorationRole and column == COLUMN_ACTIVITY:
            return status_icon(row.status)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return _("Activity {numbers} ({status}): {text}").format(
                numbers=row.numbers, status=_(ROW_STATUS_LABELS[row.status]), text=row.text
            )
        if role == ROW_ID_ROLE:
            return row.row_id
        if role == STATUS_ROLE:
            return row.status.value
        if role == ACTIVITIES_ROLE:
            return list(row.activities)
        return None


class IncompleteFilter(QSortFilterProxyModel):
    """Shows every row, or only the rows that are not complete yet."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._only_incomplete = False
        self.setDynamicSortFilter(False)

    @property
    def only_incomplete(self) -> bool:
        return self._only_incomplete

    def set_only_incomplete(self, value: bool) -> None:
        self._only_incomplete = value
        self.refilter()

    def refilter(self) -> None:
        """Apply the filter again (it is not applied while typing, so rows do not vanish)."""
        if hasattr(self, "endFilterChange"):  # Qt 6.10 and later
            self.beginFilterChange()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self._only_incomplete:
            return True
        model = self.sourceModel()
        status = model.data(model.index(source_row, 0, source_parent), STATUS_ROLE)
        return bool(status != RowStatus.COMPLETE.value)


HIT_ROLE = Qt.ItemDataRole.UserRole + 1  # of SearchHitsModel: the SearchHit itself


class SearchHitsModel(QAbstractListModel):
    """The places a search found, each shown by its label (where it is, then an excerpt)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._hits: list[tuple[str, SearchHit]] = []

    def set_hits(self, hits: list[tuple[str, SearchHit]]) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self.endResetModel()

    def hit_at(self, position: int) -> SearchHit:
        return self._hits[position][1]

    def rowCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        label, hit = self._hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return label
        if role == HIT_ROLE:
            return hit
        return None
