"""Report-level sections: the focal point's details, the background and the conclusions."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.core.i18n import _
from app.core.report import ReportData
from app.ui.accessible import describe
from app.ui.appearance import emphasise
from app.ui.text_field import TextField

# Storage field name -> checklist field name.
FOCAL_FIELDS: dict[str, str] = {
    "focal_name": "focal_point.name",
    "focal_title": "focal_point.title",
    "focal_institution": "focal_point.institution",
    "focal_email": "focal_point.email",
    "focal_phone": "focal_point.phone",
}
CHECKLIST_TO_STORAGE = {value: key for key, value in FOCAL_FIELDS.items()}
CHECKLIST_TO_STORAGE.update(background="background", conclusions="conclusions")


class LineField(QLineEdit):
    focus_left = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.focus_left.emit()


class ReportSections(QWidget):
    """Emits ``field_edited(storage_field, text)`` for every change."""

    field_edited = Signal(str, str)
    field_left = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        self.title = QLabel(self)
        emphasise(self.title, 1.3)
        self.title.setWordWrap(True)

        group = QGroupBox(_("Focal point"), self)
        form = QFormLayout(group)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        # Mnemonics differ from the menus' (File, Edit, View, Help), the tabs' and the
        # navigator's, which are on screen at the same time.
        labels = {
            "focal_name": _("&Name:"),
            "focal_title": _("&Title or position:"),
            "focal_institution": _("In&stitution:"),
            "focal_email": _("E-mai&l:"),
            "focal_phone": _("Tele&phone:"),
        }
        accessible = {
            "focal_name": _("Focal point name"),
            "focal_title": _("Focal point title or position"),
            "focal_institution": _("Focal point institution"),
            "focal_email": _("Focal point e-mail"),
            "focal_phone": _("Focal point telephone"),
        }
        descriptions = {
            "focal_name": _("The name of the person who answers for this report."),
            "focal_title": _("The focal point's title or position in the institution."),
            "focal_institution": _("The institution the focal point works for."),
            "focal_email": _("The focal point's e-mail address, such as name@example.org."),
            "focal_phone": _("The focal point's telephone number, with the country code."),
        }
        self.lines: dict[str, LineField] = {}
        for name, label_text in labels.items():
            line = LineField(group)
            describe(line, accessible[name], descriptions[name])
            line.textEdited.connect(lambda text, name=name: self._edited(name, text))
            line.focus_left.connect(lambda name=name: self.field_left.emit(name))
            label = QLabel(label_text, group)
            label.setBuddy(line)
            form.addRow(label, line)
            self.lines[name] = line
        self.lines["focal_email"].setPlaceholderText(_("name@example.org"))

        self.texts: dict[str, TextField] = {
            "background": TextField(
                _("&Background and introduction"),
                self,
                _("The background of the report and an introduction to the year's work."),
            ),
            "conclusions": TextField(
                _("&Conclusions"), self, _("The conclusions of the report for the year.")
            ),
        }
        for name, text_field in self.texts.items():
            text_field.edited.connect(lambda text, name=name: self._edited(name, text))
            text_field.left.connect(lambda name=name: self.field_left.emit(name))

        texts = QHBoxLayout()
        texts.setSpacing(14)
        texts.addWidget(self.texts["background"], 1)
        texts.addWidget(self.texts["conclusions"], 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.title)
        layout.addWidget(group)
        layout.addLayout(texts, 1)
        self.setEnabled(False)

    def show_report(self, report: ReportData | None) -> None:
        self.setEnabled(report is not None)
        self._loading = True
        try:
            if report is None:
                self.title.setText("")
                for line in self.lines.values():
                    line.setText("")
                for text_field in self.texts.values():
                    text_field.set_text("")
                return
            self.title.setText(
                _("{implementer}: annual report {year}").format(
                    implementer=report.implementer_name, year=report.year
                )
            )
            focal = report.focal_point
            values = {
                "focal_name": focal.name,
                "focal_title": focal.title,
                "focal_institution": focal.institution,
                "focal_email": focal.email,
                "focal_phone": focal.phone,
            }
            for name, value in values.items():
                self.lines[name].setText(value)
            self.texts["background"].set_text(report.background)
            self.texts["conclusions"].set_text(report.conclusions)
        finally:
            self._loading = False

    def focus_field(self, checklist_field: str) -> None:
        name = CHECKLIST_TO_STORAGE.get(checklist_field, checklist_field)
        if name in self.lines:
            self.lines[name].setFocus(Qt.FocusReason.OtherFocusReason)
            self.lines[name].selectAll()
        elif name in self.texts:
            self.texts[name].editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def select(self, name: str, start: int, length: int) -> None:
        if name in self.texts:
            self.texts[name].select(start, length)
        elif name in self.lines:
            self.lines[name].setFocus(Qt.FocusReason.OtherFocusReason)
            self.lines[name].setSelection(start, length)

    def _edited(self, name: str, text: str) -> None:
        if not self._loading:
            self.field_edited.emit(name, text)
