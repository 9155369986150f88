"""The navigator: the report's rows with their status, a filter and a search over the report."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.core.i18n import _
from app.services.reports import SearchHit
from app.ui.accessible import describe
from app.ui.appearance import emphasise
from app.ui.icons import icon
from app.ui.navigator_model import HIT_ROLE, IncompleteFilter, NavigatorModel, SearchHitsModel


class Navigator(QWidget):
    """Emits ``row_chosen(position)`` when the current row changes (position in the report)."""

    row_chosen = Signal(int)
    search_requested = Signal(str)
    hit_chosen = Signal(object)  # SearchHit

    def __init__(self, model: NavigatorModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.proxy = IncompleteFilter(self)
        self.proxy.setSourceModel(model)

        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(_("Search the report (Ctrl+F)"))
        describe(
            self.search,
            _("Search the report"),
            _(
                "Type words to find them in the report's texts and the activities; Enter goes "
                "to the next place found."
            ),
        )
        search_icon = self.search.addAction(
            icon("search"), QLineEdit.ActionPosition.LeadingPosition
        )
        search_icon.setText(_("Search"))
        search_icon.setToolTip(_("Search the report (Ctrl+F)"))
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self._request_search)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.search.returnPressed.connect(self.next_hit)

        self.hits_model = SearchHitsModel(self)
        self.hits = QListView(self)
        self.hits.setModel(self.hits_model)
        describe(
            self.hits,
            _("Search results"),
            _("The places where the words were found; Enter goes to the one selected."),
        )
        self.hits.setWordWrap(True)
        self.hits.setVisible(False)
        self.hits.activated.connect(self._hit_activated)
        self.hits.clicked.connect(self._hit_activated)
        self.hits_label = QLabel(self)
        self.hits_label.setVisible(False)
        self.hits_label.setBuddy(self.hits)

        self.only_incomplete = QCheckBox(_("Show only &incomplete rows"), self)
        describe(
            self.only_incomplete,
            _("Show only incomplete rows"),
            _("Hide the rows whose four texts are all filled in (Ctrl+I)."),
        )
        self.only_incomplete.toggled.connect(self.proxy.set_only_incomplete)

        self.view = QTreeView(self)
        self.view.setModel(self.proxy)
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)
        self.view.setAllColumnsShowFocus(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        describe(
            self.view,
            _("Rows of the report"),
            _(
                "One row for each activity or group of activities, with its status. The row "
                "selected is shown for editing; Shift and the arrow keys select several rows "
                "to group."
            ),
        )
        header = self.view.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.rows_label = QLabel(_("Ro&ws"), self)
        self.rows_label.setBuddy(self.view)
        emphasise(self.rows_label)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 4, 8)
        layout.addWidget(self.search)
        layout.addWidget(self.hits_label)
        layout.addWidget(self.hits, 1)
        layout.addWidget(self.rows_label)
        layout.addWidget(self.only_incomplete)
        layout.addWidget(self.view, 3)

    # --- rows -------------------------------------------------------------------------

    def current_position(self) -> int | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        return self.proxy.mapToSource(index).row()

    def selected_positions(self) -> list[int]:
        rows = self.view.selectionModel().selectedRows()
        return sorted(self.proxy.mapToSource(index).row() for index in rows)

    def select_position(self, position: int) -> bool:
        """Make a row current; when the filter hides it, the filter is switched off first."""
        source = self.model.index(position, 0)
        if not source.isValid():
            return False
        index = self.proxy.mapFromSource(source)
        if not index.isValid():
            self.only_incomplete.setChecked(False)
            index = self.proxy.mapFromSource(source)
        self.view.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.view.scrollTo(index)
        return True

    def step_row(self, step: int) -> bool:
        """Go to the next (+1) or previous (-1) row that the filter shows."""
        current = self.current_position()
        count = self.model.rowCount()
        position = (-1 if step > 0 else count) if current is None else current
        while True:
            position += step
            if not 0 <= position < count:
                return False
            if self.proxy.mapFromSource(self.model.index(position, 0)).isValid():
                return self.select_position(position)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.row_chosen.emit(self.proxy.mapToSource(current).row())

    # --- search -----------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _request_search(self) -> None:
        self.search_requested.emit(self.search.text())

    def show_hits(self, hits: list[tuple[str, SearchHit]]) -> None:
        """Show labelled search hits (empty list and empty query hide the results)."""
        query = self.search.text()
        visible = bool(query)
        self.hits_model.set_hits(hits if visible else [])
        self.hits.setVisible(visible)
        self.hits_label.setVisible(visible)
        if not visible:
            return
        self.hits_label.setText(
            _("Fo&und {count} places").format(count=len(hits))
            if hits
            else _("Nothing found for “{query}”").format(query=query)
        )

    def next_hit(self) -> None:
        self._search_timer.stop()
        if not self.hits.isVisible() or self.hits_model.rowCount() == 0:
            self._request_search()
        count = self.hits_model.rowCount()
        if count == 0:
            return
        current = self.hits.currentIndex()
        index = self.hits_model.index(((current.row() if current.isValid() else -1) + 1) % count)
        self.hits.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self._hit_activated(index)

    def _hit_activated(self, index: QModelIndex) -> None:
        hit = index.data(HIT_ROLE)
        if isinstance(hit, SearchHit):
            self.hit_chosen.emit(hit)
