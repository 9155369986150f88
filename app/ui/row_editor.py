"""Editing one row: the activity as the resolution states it, its four texts, its financing."""

from __future__ import annotations

import html

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.core.catalogue import Catalogue, activity_display_text, format_activity_numbers
from app.core.i18n import _, current_language
from app.core.report import FinancingLine, RowData
from app.ui.appearance import emphasise, text_size
from app.ui.financing_model import FinancingDelegate, FinancingModel
from app.ui.financing_table import FinancingTable
from app.ui.icons import icon
from app.ui.text_field import TextField


def field_headings(year: int) -> dict[str, str]:
    """The four template headings, carrying the real years, with keyboard mnemonics."""
    return {
        "programmed": _("Activities &programmed for {year}").format(year=year),
        "executed": _("Activities &developed/executed"),
        "planned_next": _("Activities p&rogrammed for {year}").format(year=year + 1),
        "financing_text": _("&Type of financing"),
    }


def field_label(name: str, year: int) -> str:
    """A heading without its mnemonic, for messages and search results."""
    if name == "financing":
        return _("Financing sources")
    if name == "activity":
        return _("Text of the activity")
    heading = field_headings(year).get(name, name)
    return heading.replace("&", "")


def activity_html(catalogue: Catalogue, activities: tuple[int, ...]) -> str:
    """The activities' text as stated in the resolution, and the objectives they serve.

    In the interface language where Focal has the official text; otherwise the English text,
    marked [EN], with a note saying why (never a translation made up by Focal). No colours:
    the text follows the palette, so high-contrast settings keep it legible.
    """
    language = current_language()
    parts = []
    notes: list[str] = []
    objectives: list[int] = []
    for number in activities:
        if not catalogue.has_activity(number):
            continue
        text, note = activity_display_text(catalogue, number, language)
        parts.append(f"<p><b>{number}.</b> {html.escape(text)}</p>")
        if note and note not in notes:
            notes.append(note)
        objectives += [o for o in catalogue.activity(number).objectives if o not in objectives]
    if objectives:
        texts = {
            number: html.escape(catalogue.specific_objective_text(number, language).marked)
            for number in objectives
        }
        items = "".join(f"<li><b>{n}.</b> {texts[n]}</li>" for n in sorted(objectives))
        heading = html.escape(_("Specific objectives served (Appendix I)"))
        parts.append(f"<p><b>{heading}</b></p><ul style='margin-top:0'>{items}</ul>")
    else:
        parts.append(
            "<p><i>{}</i></p>".format(
                html.escape(_("Appendix I links this activity to no specific objective."))
            )
        )
    parts += [f"<p><i>{html.escape(note)}</i></p>" for note in notes]
    return "".join(parts)


class RowEditor(QWidget):
    """Shows one row; emits every edit with the field it belongs to."""

    text_edited = Signal(str, str)  # field, whole text
    field_left = Signal(str)
    financing_edited = Signal(object)  # tuple[FinancingLine, ...]

    def __init__(self, catalogue: Catalogue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self.year = 0
        self.row: RowData | None = None

        self.title = QLabel(self)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        emphasise(self.title, 1.3)  # follows later changes of the system's font
        self.title.setWordWrap(True)
        self.activity_text = QTextBrowser(self)
        self.activity_text.setOpenLinks(False)
        self.activity_text.setAccessibleName(_("Text of the activity in the resolution"))
        self.activity_text.setMinimumHeight(text_size(self.activity_text, 0, 3.5).height())

        self.fields: dict[str, TextField] = {}
        for name in ("programmed", "executed", "planned_next", "financing_text"):
            text_field = TextField(name, self)
            text_field.edited.connect(lambda text, name=name: self.text_edited.emit(name, text))
            text_field.left.connect(lambda name=name: self.field_left.emit(name))
            # Never narrower than a few words, whatever the font and the window.
            text_field.setMinimumWidth(text_size(text_field, 16, 0).width())
            self.fields[name] = text_field

        self.financing_model = FinancingModel(self)
        self.financing_model.lines_changed.connect(self._financing_changed)
        self.financing_table = FinancingTable(self)
        self.financing_table.setModel(self.financing_model)
        self.financing_table.setItemDelegate(FinancingDelegate(self.financing_table))
        self.financing_table.setAccessibleName(_("Financing sources"))
        self.financing_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.financing_table.setEditTriggers(
            QAbstractItemView.EditTrigger.AllEditTriggers
            & ~QAbstractItemView.EditTrigger.CurrentChanged
        )
        self.financing_table.verticalHeader().setVisible(False)
        header = self.financing_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.financing_table.setMinimumHeight(text_size(self.financing_table, 0, 4.5).height())
        self.financing_label = QLabel(_("Fi&nancing sources"), self)
        self.financing_label.setBuddy(self.financing_table)
        emphasise(self.financing_label)
        self.add_line_button = QPushButton(icon("add-row"), _("Add &source"), self)
        self.add_line_button.setAccessibleName(_("Add a financing source"))
        self.add_line_button.clicked.connect(self.add_financing_line)
        self.remove_line_button = QPushButton(_("Remove sour&ce"), self)
        self.remove_line_button.setAccessibleName(_("Remove the selected financing source"))
        self.remove_line_button.clicked.connect(self.remove_financing_line)

        financing_box = QWidget(self)
        box = QVBoxLayout(financing_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(4)
        box.addWidget(self.fields["financing_text"], 1)
        # Label and buttons wrap onto two lines when they do not fit side by side (a large
        # font, a narrow window), rather than squeezing the other column of editors.
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_line_button)
        buttons.addWidget(self.remove_line_button)
        buttons.addStretch(1)
        box.addWidget(self.financing_label)
        box.addLayout(buttons)
        box.addWidget(self.financing_table, 1)

        grid_widget = QWidget(self)
        grid = QGridLayout(grid_widget)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(12)
        grid.addWidget(self.fields["programmed"], 0, 0)
        grid.addWidget(self.fields["executed"], 0, 1)
        grid.addWidget(self.fields["planned_next"], 1, 0)
        grid.addWidget(financing_box, 1, 1)
        grid.setRowStretch(0, 1)
        grid.setRowStretch(1, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)

        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.title)
        top_layout.addWidget(self.activity_text, 1)

        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(top)
        self.splitter.addWidget(grid_widget)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 4)
        self.splitter.setSizes([150, 600])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.splitter)
        self.setTabOrder(self.fields["programmed"].editor, self.fields["executed"].editor)
        self.setTabOrder(self.fields["executed"].editor, self.fields["planned_next"].editor)
        self.setTabOrder(self.fields["planned_next"].editor, self.fields["financing_text"].editor)
        self.setTabOrder(self.fields["financing_text"].editor, self.add_line_button)
        self.setTabOrder(self.add_line_button, self.remove_line_button)
        self.setTabOrder(self.remove_line_button, self.financing_table)
        self.setEnabled(False)

    def set_year(self, year: int) -> None:
        self.year = year
        for name, heading in field_headings(year).items():
            self.fields[name].set_heading(heading)

    def show_row(self, row: RowData | None) -> None:
        """Show a row (texts as currently held, including unsaved edits)."""
        self.row = row
        self.setEnabled(row is not None)
        if row is None:
            self.title.setText("")
            self.activity_text.setHtml("")
            for text_field in self.fields.values():
                text_field.set_text("")
            self.financing_model.set_lines(())
            return
        numbers = format_activity_numbers(row.activities)
        self.title.setText(
            _("Activities {numbers}").format(numbers=numbers)
            if len(row.activities) > 1
            else _("Activity {numbers}").format(numbers=numbers)
        )
        self.activity_text.setHtml(activity_html(self.catalogue, row.activities))
        for name, text_field in self.fields.items():
            text_field.set_text(getattr(row, name))
        self.financing_model.set_lines(row.financing)

    def focus_field(self, name: str, start: int = 0, length: int = 0) -> None:
        """Move the keyboard focus to a field (from the checklist or a search hit)."""
        if name in self.fields:
            self.fields[name].select(start, length)
        elif name == "financing":
            if self.financing_model.rowCount() == 0:
                self.financing_table.setFocus(Qt.FocusReason.OtherFocusReason)
                return
            index = self.financing_model.index(0, 0)
            self.financing_table.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
            self.financing_table.setFocus(Qt.FocusReason.OtherFocusReason)
        elif name == "activity":
            self.activity_text.setFocus(Qt.FocusReason.OtherFocusReason)

    def add_financing_line(self) -> None:
        position = self.financing_model.add_line()
        index = self.financing_model.index(position, 0)
        self.financing_table.setCurrentIndex(index)
        self.financing_table.setFocus(Qt.FocusReason.OtherFocusReason)
        self.financing_table.edit(index)

    def remove_financing_line(self) -> None:
        index = self.financing_table.currentIndex()
        if index.isValid():
            self.financing_model.remove_line(index.row())

    def _financing_changed(self, lines: tuple[FinancingLine, ...]) -> None:
        self.financing_edited.emit(lines)
