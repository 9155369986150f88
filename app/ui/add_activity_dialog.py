"""Adding rows for activities of the Program that are not in the report yet."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractListModel, QItemSelection, QItemSelectionModel, Qt
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
from app.ui.icons import icon
from app.ui.table_model import NO_PARENT, Index

NUMBER_ROLE = Qt.ItemDataRole.UserRole + 1


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
        self.resize(720, 520)
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
        self.filter.setAccessibleName(_("Find an activity"))
        label = QLabel(_("&Activities not yet in the report:"), self)
        self.model = ActivityChoicesModel(catalogue, taken, implementer_id, self)
        self.list = QListView(self)
        self.list.setModel(self.model)
        label.setBuddy(self.list)
        self.list.setAccessibleName(_("Activities not yet in the report"))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
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
        layout.addWidget(self.filter)
        layout.addWidget(label)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.buttons)
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
        for position in range(self.model.rowCount()):
            choice = self.model.choice_at(position)
            self.list.setRowHidden(
                position,
                bool(needle)
                and not (needle == str(choice.number) or needle in choice.text.casefold()),
            )
