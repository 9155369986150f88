"""Adding rows for activities of the Program that are not in the report yet."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.catalogue import Catalogue
from app.core.i18n import _
from app.ui.icons import icon

NUMBER_ROLE = Qt.ItemDataRole.UserRole + 1


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
        self.list = QListWidget(self)
        label.setBuddy(self.list)
        self.list.setAccessibleName(_("Activities not yet in the report"))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        for activity in catalogue.activities:
            if activity.number in taken:
                continue
            text = f"{activity.number}. {activity.text}"
            if implementer_id in activity.implementers:
                text += "  " + _("(assigned to you)")
            item = QListWidgetItem(text)
            item.setData(NUMBER_ROLE, activity.number)
            item.setToolTip(activity.heading)
            self.list.addItem(item)
        self.filter.textChanged.connect(self._filter)
        self.list.itemDoubleClicked.connect(lambda *_args: self.accept())
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
        return sorted(
            int(item.data(NUMBER_ROLE)) for item in self.list.selectedItems() if not item.isHidden()
        )

    def select_numbers(self, numbers: set[int]) -> None:
        for position in range(self.list.count()):
            item = self.list.item(position)
            item.setSelected(int(item.data(NUMBER_ROLE)) in numbers)

    def _filter(self, text: str) -> None:
        needle = text.strip().casefold()
        for position in range(self.list.count()):
            item = self.list.item(position)
            number = str(item.data(NUMBER_ROLE))
            item.setHidden(
                bool(needle) and not (needle == number or needle in item.text().casefold())
            )
