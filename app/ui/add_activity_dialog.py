"""Adding rows for activities of the Program that are not in the report yet."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from app.core.catalogue import Catalogue
from app.core.i18n import _
from app.ui.accessible import describe
from app.ui.appearance import size_for_text
from app.ui.icons import icon
from app.ui.table_model import NO_PARENT, Index

NUMBER_ROLE = Qt.ItemDataRole.UserRole + 1
MOVE_HOME = QAbstractItemView.CursorAction.MoveHome
MOVE_END = QAbstractItemView.CursorAction.MoveEnd


@dataclass(frozen=True, slots=True)
class ActivityChoice:
    number: int
    text: str  # "12. Text of the activity", marked when it is assigned to the implementer
    heading: str


class ActivityChoicesModel(QAbstractListModel):
    """The catalogue's activities that are not taken yet, in the resolution's order."""

    def __init__(
        self, catalogue: Catalogue, taken: set[int], implementer_id: str, parent: Any = None
    ) -> None:
        super().__init__(parent)
        self._choices: list[ActivityChoice] = []
        for activity in catalogue.activities:
            if activity.number in taken:
                continue
            text = f"{activity.number}. {activity.text}"
            if implementer_id in activity.implementers:
                text += "  " + _("(assigned to you)")
            self._choices.append(ActivityChoice(activity.number, text, activity.heading))

    def choice_at(self, position: int) -> ActivityChoice:
        return self._choices[position]

    def rowCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._choices)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._choices):
            return None
        choice = self._choices[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return choice.text
        if role == Qt.ItemDataRole.ToolTipRole:
            return choice.heading
        if role == NUMBER_ROLE:
            return choice.number
        return None


class ChoicesList(QListView):
    """A list whose Home and End keys go to the first and last rows the filter shows (Qt's
    go to the first and last rows, hidden or not)."""

    def moveCursor(
        self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        model = self.model()
        if action in (MOVE_HOME, MOVE_END) and model is not None:
            rows = range(model.rowCount())
            for row in rows if action == MOVE_HOME else reversed(rows):
                if not self.isRowHidden(row):
                    return model.index(row, 0)
            return QModelIndex()
        return super().moveCursor(action, modifiers)


class AddActivityDialog(QDialog):
    def __init__(
        self,
        catalogue: Catalogue,
        taken: set[int],
        implementer_id: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Add activities"))
        self.setWindowIcon(icon("add-row"))
        intro = QLabel(
            _(
                "Choose the activities of the Program you also worked on. Activities assigned "
                "to other implementers can be reported too."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.filter = QLineEdit(self)
        self.filter.setClearButtonEnabled(True)
        self.filter.setPlaceholderText(_("Type a number or words of the activity"))
        describe(
            self.filter,
            _("Find an activity"),
            _(
                "Type an activity's number or words of its text; the first match is chosen, "
                "and Enter adds it."
            ),
        )
        filter_label = QLabel(_("&Find:"), self)
        filter_label.setBuddy(self.filter)
        label = QLabel(_("Activities &not yet in the report:"), self)
        self.model = ActivityChoicesModel(catalogue, taken, implementer_id, self)
        self.list = ChoicesList(self)
        self.list.setModel(self.model)
        label.setBuddy(self.list)
        describe(
            self.list,
            _("Activities not yet in the report"),
            _(
                "Shift and the arrow keys choose several activities; Ctrl and the arrow keys "
                "move without choosing, and Ctrl+Space adds or removes the one under the cursor."
            ),
        )
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self._auto_chosen: list[int] = []  # what the filter chose, replaced as it changes
        self.filter.textChanged.connect(self._filter)
        self.list.doubleClicked.connect(lambda *_args: self.accept())
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("&Add"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(filter_label)
        layout.addWidget(self.filter)
        layout.addWidget(label)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.buttons)
        size_for_text(self, 100, 28)
        self.filter.setFocus()

    def numbers(self) -> list[int]:
        """The chosen activities; a chosen one that the filter hides does not count."""
        return sorted(
            self.model.choice_at(index.row()).number
            for index in self.list.selectionModel().selectedRows()
            if not self.list.isRowHidden(index.row())
        )

    def select_numbers(self, numbers: set[int]) -> None:
        selection = QItemSelection()
        for position in range(self.model.rowCount()):
            if self.model.choice_at(position).number in numbers:
                index = self.model.index(position)
                selection.select(index, index)
        self.list.selectionModel().select(
            selection, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )

    def _filter(self, text: str) -> None:
        needle = text.strip().casefold()
        exact: int | None = None
        first: int | None = None
        for position in range(self.model.rowCount()):
            choice = self.model.choice_at(position)
            is_number = needle == str(choice.number)
            hidden = bool(needle) and not (is_number or needle in choice.text.casefold())
            self.list.setRowHidden(position, hidden)
            if is_number:
                exact = position
            if not hidden and first is None:
                first = position
        chosen = self.numbers()
        if needle and (not chosen or chosen == self._auto_chosen):
            # Choose the best match, so that typing a number and Enter adds that activity.
            best = exact if exact is not None else first
            if best is not None:
                index = self.model.index(best)
                self.list.setCurrentIndex(index)  # selects it alone, and anchors Shift+arrows
                self.list.scrollTo(index)
                self._auto_chosen = self.numbers()
