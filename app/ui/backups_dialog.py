"""File > Backups: the copies Focal keeps of the database, making one now, going back to one.

The dialog only chooses; restoring is done by the main window, which must first write pending
edits and close the database (see ``MainWindow.restore_from``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLocale, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.core.i18n import N_, _
from app.services import backup
from app.ui.icons import icon
from app.ui.operations import run_operation
from app.ui.save_indicator import local_time
from app.ui.table_model import Index, TableModel

if TYPE_CHECKING:
    from app.services.backup import BackupInfo

HEADINGS = (N_("Made"), N_("Kind"), N_("Size"), N_("File"))
KIND_LABELS = {
    "daily": N_("Automatic (daily)"),
    "manual": N_("Made by hand"),
    "before-migration": N_("Before an upgrade of Focal"),
    "before-restore": N_("Before restoring a backup"),
}
PATH_ROLE = Qt.ItemDataRole.UserRole + 1


def kind_label(kind: str) -> str:
    return _(KIND_LABELS[kind]) if kind in KIND_LABELS else kind


class BackupsModel(TableModel):
    """The backups of one database, newest first."""

    def __init__(self, backups: list[BackupInfo], parent: Any = None) -> None:
        super().__init__(HEADINGS, parent)
        self._backups = list(backups)

    def set_backups(self, backups: list[BackupInfo]) -> None:
        self.beginResetModel()
        self._backups = list(backups)
        self.endResetModel()

    def backup_at(self, position: int) -> BackupInfo:
        return self._backups[position]

    def row_count(self) -> int:
        return len(self._backups)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._backups):
            return None
        item = self._backups[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return local_time(item.created, "yyyy-MM-dd HH:mm")
            if column == 1:
                return kind_label(item.kind)
            if column == 2:
                return QLocale().formattedDataSize(item.size)
            return item.path.name
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(item.path)
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return icon("backup")
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == PATH_ROLE:
            return str(item.path)
        return None


class BackupsDialog(QDialog):
    """The list of backups with their dates; Back up now, Restore, Open the folder."""

    def __init__(self, database: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.chosen: Path | None = None
        self.setWindowTitle(_("Backups"))
        folder = backup.backup_dir()
        intro = QLabel(
            _(
                "Focal copies the database at the first start of each day and before every "
                "upgrade, checks each copy, and keeps the recent ones. Backups are kept in "
                "{folder}."
            ).format(folder=folder),
            self,
        )
        intro.setWordWrap(True)
        intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.model = BackupsModel(backup.list_backups(database), self)
        self.view = QTreeView(self)
        self.view.setModel(self.model)
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.header().setStretchLastSection(True)
        self.view.setAccessibleName(_("Backups of the database"))
        self.view.setAccessibleDescription(
            _("Newest first. Choose one and press Restore to go back to it.")
        )
        self.view.doubleClicked.connect(lambda _index: self._restore())
        list_label = QLabel(_("&Backups of {file}:").format(file=database.name), self)
        list_label.setBuddy(self.view)
        self.empty = QLabel(_("There is no backup of this database yet."), self)

        self.backup_button = QPushButton(icon("backup"), _("Back up &now"), self)
        self.backup_button.setAccessibleDescription(_("Make a checked copy of the database now."))
        self.restore_button = QPushButton(icon("restore"), _("&Restore the selected backup…"), self)
        self.restore_button.setAccessibleDescription(
            _("Replace the reports by the selected backup; the current database is kept first.")
        )
        self.folder_button = QPushButton(_("Open the backups &folder"), self)
        self.folder_button.setAccessibleDescription(
            _("Show the folder holding the backups in the file manager.")
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        for button in (self.backup_button, self.restore_button, self.folder_button):
            button.setAccessibleName(button.text().replace("&", "").rstrip("…"))
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.backup_button.clicked.connect(self._back_up)
        self.restore_button.clicked.connect(self._restore)
        self.folder_button.clicked.connect(self._open_folder)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(list_label)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty)
        layout.addWidget(buttons)
        self.view.selectionModel().selectionChanged.connect(self._update)
        self._select_first()
        hint = self.sizeHint()
        self.resize(max(hint.width(), 720), max(hint.height(), 420))

    def _select_first(self) -> None:
        if self.model.row_count():
            self.view.setCurrentIndex(self.model.index(0, 0))
        self._update()

    def _update(self) -> None:
        self.empty.setVisible(self.model.row_count() == 0)
        self.restore_button.setEnabled(self.selected() is not None)

    def selected(self) -> Path | None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.backup_at(rows[0].row()).path

    def refresh(self) -> None:
        self.model.set_backups(backup.list_backups(self.database))
        self._select_first()

    def _back_up(self) -> None:
        run_operation(
            lambda _progress: backup.backup_database(self.database),
            parent=self,
            title=_("Backing up"),
            on_success=lambda _path: self.refresh(),
        )

    def _restore(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        self.chosen = chosen
        self.accept()

    def _open_folder(self) -> None:
        folder = backup.backup_dir()
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
