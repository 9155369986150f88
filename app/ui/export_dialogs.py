"""The small choices made before an export: PDF paper and language, whose blank template."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.core.catalogue import Catalogue
from app.core.i18n import LANGUAGES, N_, _, normalise_language
from app.services.reports import MAX_YEAR, MIN_YEAR
from app.ui.accessible import describe
from app.ui.icons import icon

PAPERS = {"a4": N_("A4 (210 × 297 mm)"), "letter": N_("Letter (8.5 × 11 in)")}


@dataclass(frozen=True)
class PdfOptions:
    paper: str
    language: str


@dataclass(frozen=True)
class TemplateChoice:
    implementer_id: str
    year: int
    language: str


def language_box(parent: QWidget, chosen: str) -> QComboBox:
    box = QComboBox(parent)
    for code, name in LANGUAGES.items():
        box.addItem(name, code)
    box.setCurrentIndex(max(0, box.findData(normalise_language(chosen))))
    return box


def paper_box(parent: QWidget, chosen: str) -> QComboBox:
    box = QComboBox(parent)
    for code, name in PAPERS.items():
        box.addItem(_(name), code)
    box.setCurrentIndex(max(0, box.findData(chosen)))
    return box


class PdfOptionsDialog(QDialog):
    """Paper and language of the PDF; the language defaults to the report's."""

    def __init__(self, paper: str, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Export PDF"))
        self.setWindowIcon(icon("export-pdf"))
        self.paper = paper_box(self, paper)
        describe(
            self.paper,
            _("Paper size"),
            _("The paper the PDF is laid out for, as your printer uses it."),
        )
        self.language = language_box(self, language)
        describe(
            self.language,
            _("Language of the headings"),
            _("The language of the PDF's headings and labels; the texts stay as typed."),
        )
        form = QFormLayout()
        form.addRow(_("&Paper:"), self.paper)
        form.addRow(_("&Language of the headings:"), self.language)
        note = QLabel(
            _("The texts stay as they were typed; only headings and labels change."), self
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("&Choose file…"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def options(self) -> PdfOptions:
        return PdfOptions(str(self.paper.currentData()), str(self.language.currentData()))


def ask_pdf_options(parent: QWidget | None, paper: str, language: str) -> PdfOptions | None:
    dialog = PdfOptionsDialog(paper, language, parent)
    return dialog.options() if dialog.exec() else None


class TemplateDialog(QDialog):
    """For whom and which year a blank workbook is made (the secretariat sends them out)."""

    def __init__(
        self,
        catalogue: Catalogue,
        implementer_id: str | None,
        year: int,
        language: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Export blank template"))
        self.setWindowIcon(icon("template"))
        self.implementer = QComboBox(self)
        self.implementer.setEditable(True)
        self.implementer.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        describe(
            self.implementer,
            _("Implementer"),
            _("Whose template it is: type part of the name or choose with the arrow keys."),
        )
        for implementer in catalogue.implementers:
            if catalogue.assigned_activities(implementer.id):
                self.implementer.addItem(implementer.name, implementer.id)
        completer = self.implementer.completer()
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.implementer.setCurrentIndex(max(0, self.implementer.findData(implementer_id)))
        line = self.implementer.lineEdit()
        if line is not None:
            line.setCursorPosition(0)  # a long name shows its beginning
        self.implementer.setMinimumContentsLength(40)
        self.year = QSpinBox(self)
        self.year.setRange(MIN_YEAR, MAX_YEAR)
        self.year.setValue(year)
        describe(
            self.year,
            _("Reporting year"),
            _("The year the report covers: what was done in it and what is planned after it."),
        )
        self.language = language_box(self, language)
        describe(
            self.language,
            _("Language of the template"),
            _("The language of the workbook's headings and instructions."),
        )
        form = QFormLayout()
        form.addRow(_("&Implementer:"), self.implementer)
        form.addRow(_("Reporting &year:"), self.year)
        form.addRow(_("&Language:"), self.language)
        note = QLabel(
            _(
                "The template has a row for each activity the resolution assigns to the "
                "implementer. Filled in, it can be imported or consolidated like an export."
            ),
            self,
        )
        note.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("&Choose file…"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.implementer.currentIndexChanged.connect(self._update)
        self.implementer.editTextChanged.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.buttons)
        self._update()

    def _update(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(self.choice() is not None)

    def choice(self) -> TemplateChoice | None:
        index = self.implementer.findText(
            self.implementer.currentText(), Qt.MatchFlag.MatchFixedString
        )
        if index < 0:
            return None
        return TemplateChoice(
            str(self.implementer.itemData(index)),
            self.year.value(),
            str(self.language.currentData()),
        )


def ask_template(
    parent: QWidget | None,
    catalogue: Catalogue,
    implementer_id: str | None,
    year: int,
    language: str,
) -> TemplateChoice | None:
    dialog = TemplateDialog(catalogue, implementer_id, year, language, parent)
    return dialog.choice() if dialog.exec() else None
