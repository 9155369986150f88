"""The About box and the keyboard shortcuts list."""

from __future__ import annotations

import html
import platform
from typing import Any

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME, __version__
from app.core.catalogue import Catalogue
from app.core.i18n import N_, _
from app.ui.accessible import describe
from app.ui.appearance import size_for_text
from app.ui.icons import app_icon
from app.ui.table_model import Index, TableModel

SHORTCUT_HEADINGS = (N_("Command"), N_("Keys"))


def show_about(parent: QWidget | None, catalogue: Catalogue, database: str) -> None:
    template = (
        "<h3>{name} {version}</h3><p>{what}</p><p>{catalogue}</p><p>{database}</p>"
        "<p>{tech}</p>"  # no <small>: the text stays at the size the system asks for
    )
    text = template.format(
        name=html.escape(APP_NAME),
        version=html.escape(__version__),
        what=html.escape(
            _(
                "Annual reports of the focal points on the Inter-American Program for the "
                "Promotion and Protection of the Human Rights of Migrants, including Migrant "
                "Workers and Their Families (AG/RES. 2141)."
            )
        ),
        catalogue=html.escape(
            _("Catalogue: {id}, version {version}").format(
                id=catalogue.id, version=catalogue.version
            )
        ),
        database=html.escape(_("Database: {path}").format(path=database)),
        tech=html.escape(
            f"Python {platform.python_version()}, PySide6 {pyside_version}, {platform.system()}"
        ),
    )
    box = QMessageBox(parent)
    box.setWindowTitle(_("About {name}").format(name=APP_NAME))
    box.setIconPixmap(app_icon().pixmap(64, 64))
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(text)
    box.exec()


class ShortcutsModel(TableModel):
    """Commands and the keys that give them, as the window's actions say."""

    def __init__(self, shortcuts: list[tuple[str, str]], parent: Any = None) -> None:
        super().__init__(SHORTCUT_HEADINGS, parent)
        self._shortcuts = list(shortcuts)

    def row_count(self) -> int:
        return len(self._shortcuts)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid():
            return None
        if not 0 <= index.row() < len(self._shortcuts):
            return None
        return self._shortcuts[index.row()][index.column()]


class ShortcutsDialog(QDialog):
    """Lists the keyboard shortcuts, read from the window's actions so it never goes stale."""

    def __init__(self, shortcuts: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Keyboard shortcuts"))
        self.model = ShortcutsModel(shortcuts, self)
        self.table = table = QTableView(self)
        table.setModel(self.model)
        describe(
            table,
            _("Keyboard shortcuts"),
            _("Each command with the keys that give it. The arrow keys move through the list."),
        )
        table.setTabKeyNavigation(False)
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.resizeColumnsToContents()
        table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        label = QLabel(_("Every command can be reached from the keyboard:"), self)
        label.setWordWrap(True)
        label.setBuddy(table)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(table, 1)
        layout.addWidget(buttons)
        size_for_text(self, 70, 30)
