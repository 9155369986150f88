"""Edit > Preferences: the interface language (the system's by default).

Changing it rebuilds the window in the new language at once (see
``app.ui.application.WindowHost``); pending edits are written first, so nothing is lost.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.core.i18n import LANGUAGES, _, normalise_language, system_language

SYSTEM = ""  # the stored setting meaning "follow the system's language"


class PreferencesDialog(QDialog):
    def __init__(self, language_setting: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Preferences"))
        self.language = QComboBox(self)
        system_name = LANGUAGES[normalise_language(system_language())]
        self.language.addItem(
            _("The system's language ({language})").format(language=system_name), SYSTEM
        )
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        position = self.language.findData(language_setting if language_setting else SYSTEM)
        self.language.setCurrentIndex(max(0, position))
        self.language.setAccessibleName(_("Interface language"))
        self.language.setAccessibleDescription(
            _(
                "The language of Focal's menus and messages. Exports choose their own "
                "language when they are made."
            )
        )
        note = QLabel(
            _(
                "Your reports are not translated: the texts you typed stay as they are. "
                "Exports and the consolidated report ask for their language when they are made."
            ),
            self,
        )
        note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("Interface &language:"), self.language)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def language_setting(self) -> str:
        """The chosen setting: a language code, or "" for the system's language."""
        return str(self.language.currentData())
