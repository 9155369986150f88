"""Starting a report: who reports (grouped as in the catalogue), the year, the focal point."""

from __future__ import annotations

import datetime
import unicodedata
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.core.catalogue import Catalogue
from app.core.checklist import EMAIL_PATTERN
from app.core.i18n import _
from app.core.report import FocalPoint
from app.services.reports import MAX_YEAR, MIN_YEAR
from app.ui.accessible import describe
from app.ui.appearance import Tone, set_tone, size_for_text
from app.ui.icons import icon

IMPLEMENTER_ROLE = Qt.ItemDataRole.UserRole + 1
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2


def folded(text: str) -> str:
    """Text for matching: case and accents ignored, so "peru" finds "Perú" and the reverse."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def default_year(today: datetime.date | None = None) -> int:
    """Reports are mostly written early in the year about the year before."""
    today = today or datetime.date.today()
    return today.year - 1 if today.month <= 6 else today.year


@dataclass(frozen=True)
class NewReportChoice:
    implementer_id: str
    year: int
    focal_point: FocalPoint


class NewReportDialog(QDialog):
    def __init__(
        self,
        catalogue: Catalogue,
        existing: set[tuple[str, int]],
        parent: QWidget | None = None,
        year: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self.existing = existing
        self.setWindowTitle(_("New report"))
        self.setWindowIcon(icon("new"))

        intro = QLabel(
            _(
                "Choose who reports and the year the report covers. The report starts with one "
                "row for each activity the resolution assigns to the implementer; you can add "
                "any other activity of the Program later."
            ),
            self,
        )
        intro.setWordWrap(True)

        self.filter = QLineEdit(self)
        self.filter.setClearButtonEnabled(True)
        self.filter.setPlaceholderText(_("Type to find an implementer"))
        describe(
            self.filter,
            _("Find an implementer"),
            _(
                "Type part of the name of the body, state or organization that reports; the "
                "first match is chosen."
            ),
        )
        filter_label = QLabel(_("&Implementer:"), self)
        filter_label.setBuddy(self.filter)

        self.model = QStandardItemModel(self)
        for group in catalogue.groups:
            parent_item = QStandardItem(group.name)
            parent_item.setSelectable(False)
            parent_item.setEditable(False)
            font = parent_item.font()
            font.setBold(True)
            parent_item.setFont(font)
            parent_item.setData(folded(group.name), SEARCH_ROLE)
            for implementer in catalogue.implementers:
                if implementer.group != group.id:
                    continue
                count = len(catalogue.assigned_activities(implementer.id))
                item = QStandardItem(implementer.name)
                item.setEditable(False)
                item.setData(implementer.id, IMPLEMENTER_ROLE)
                item.setData(
                    folded(f"{implementer.name} {implementer.short_name} {implementer.id}"),
                    SEARCH_ROLE,
                )
                item.setToolTip(
                    _("{count} activities assigned by the resolution").format(count=count)
                )
                parent_item.appendRow(item)
            self.model.appendRow(parent_item)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setRecursiveFilteringEnabled(True)
        self.proxy.setFilterRole(SEARCH_ROLE)
        self.tree = QTreeView(self)
        self.tree.setModel(self.proxy)
        self.tree.setHeaderHidden(True)
        describe(
            self.tree,
            _("Implementers"),
            _("The implementers of the Program, grouped as in the resolution."),
        )
        self.tree.expandAll()
        self.filter.textChanged.connect(self._filter_changed)
        self.tree.selectionModel().currentChanged.connect(self._implementer_changed)
        self.tree.doubleClicked.connect(self._double_clicked)

        self.year = QSpinBox(self)
        self.year.setRange(MIN_YEAR, MAX_YEAR)
        self.year.setValue(year or default_year())
        describe(
            self.year,
            _("Reporting year"),
            _("The year the report covers: what was done in it and what is planned after it."),
        )
        self.year.valueChanged.connect(self._validate)
        self.year_hint = QLabel(self)
        self.year_hint.setWordWrap(True)

        focal = QGroupBox(_("Focal point"), self)
        form = QFormLayout(focal)
        self.focal_lines: dict[str, QLineEdit] = {}
        for name, label_text, accessible, description in (
            (
                "name",
                _("&Name:"),
                _("Focal point name"),
                _("The name of the person who answers for this report."),
            ),
            (
                "title",
                _("&Title or position:"),
                _("Focal point title or position"),
                _("The focal point's title or position in the institution."),
            ),
            (
                "institution",
                _("In&stitution:"),
                _("Focal point institution"),
                _("The institution the focal point works for."),
            ),
            (
                "email",
                _("&E-mail:"),
                _("Focal point e-mail"),
                _("The focal point's e-mail address, such as name@example.org."),
            ),
            (
                "phone",
                _("Tele&phone:"),
                _("Focal point telephone"),
                _("The focal point's telephone number, with the country code."),
            ),
        ):
            line = QLineEdit(focal)
            describe(line, accessible, description)
            label = QLabel(label_text, focal)
            label.setBuddy(line)
            form.addRow(label, line)
            self.focal_lines[name] = line
        self.focal_lines["email"].setPlaceholderText(_("name@example.org"))
        self.focal_lines["email"].textChanged.connect(self._validate)

        year_label = QLabel(_("Reporting &year:"), self)
        year_label.setBuddy(self.year)
        year_row = QHBoxLayout()
        year_row.addWidget(year_label)
        year_row.addWidget(self.year)
        year_row.addWidget(self.year_hint, 1)

        left = QVBoxLayout()
        left.addWidget(filter_label)
        left.addWidget(self.filter)
        left.addWidget(self.tree, 1)
        right = QVBoxLayout()
        right.addLayout(year_row)
        right.addWidget(focal)
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(left, 3)
        columns.addSpacing(12)
        columns.addLayout(right, 2)

        self.problem = QLabel(self)
        set_tone(self.problem, Tone.PROBLEM)
        self.problem.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(_("&Create report"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(columns, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        size_for_text(self, 120, 32)
        self.filter.setFocus()
        self._validate()

    def implementer_id(self) -> str | None:
        index = self.tree.currentIndex()
        if not index.isValid():
            return None
        value = index.data(IMPLEMENTER_ROLE)
        return value if isinstance(value, str) else None

    def select_implementer(self, implementer_id: str) -> bool:
        for row in range(self.proxy.rowCount()):
            group = self.proxy.index(row, 0)
            for child in range(self.proxy.rowCount(group)):
                index = self.proxy.index(child, 0, group)
                if index.data(IMPLEMENTER_ROLE) == implementer_id:
                    self.tree.setCurrentIndex(index)
                    return True
        return False

    def choice(self) -> NewReportChoice | None:
        implementer_id = self.implementer_id()
        if implementer_id is None:
            return None
        lines = self.focal_lines
        return NewReportChoice(
            implementer_id=implementer_id,
            year=self.year.value(),
            focal_point=FocalPoint(
                name=lines["name"].text().strip(),
                title=lines["title"].text().strip(),
                institution=lines["institution"].text().strip(),
                email=lines["email"].text().strip(),
                phone=lines["phone"].text().strip(),
            ),
        )

    def _filter_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(folded(text))
        self.tree.expandAll()
        # Make the first match current so Enter creates the report for it.
        group = self.proxy.index(0, 0)
        if text and group.isValid() and self.proxy.rowCount(group):
            self.tree.setCurrentIndex(self.proxy.index(0, 0, group))

    def _implementer_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        implementer_id = current.data(IMPLEMENTER_ROLE) if current.isValid() else None
        institution = self.focal_lines["institution"]
        if isinstance(implementer_id, str) and not institution.isModified():
            institution.setText(self.catalogue.implementer(implementer_id).name)
            institution.setCursorPosition(0)
        self._validate()

    def _double_clicked(self, index: QModelIndex) -> None:
        if index.data(IMPLEMENTER_ROLE) and self._validate():
            self.accept()

    def _validate(self) -> bool:
        implementer_id = self.implementer_id()
        year = self.year.value()
        self.year_hint.setText(
            _("Activities executed in {year}, planned for {next}.").format(year=year, next=year + 1)
        )
        problem = ""
        if implementer_id is None:
            problem = _("Choose the implementer in the list.")
        elif (implementer_id, year) in self.existing:
            problem = _(
                "There is already a {year} report for {implementer}; "
                "open it with File > Open report."
            ).format(year=year, implementer=self.catalogue.implementer(implementer_id).name)
        email = self.focal_lines["email"].text().strip()
        create = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        # Said by screen readers on the button, which may be disabled for this reason.
        create.setAccessibleDescription(problem)
        if not problem and email and not EMAIL_PATTERN.match(email):
            problem = _("The e-mail address looks wrong; you can correct it later.")
            self.problem.setText(problem)
            create.setEnabled(True)
            return True
        self.problem.setText(problem if implementer_id is not None else "")
        ok = not problem
        create.setEnabled(ok)
        return ok
