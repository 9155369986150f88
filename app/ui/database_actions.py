"""The window's care of the database file: backups, restoring, and the banners that say when
text is not saved, when the database is read-only here, or when its folder is risky.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox

from app import APP_NAME
from app.core.i18n import _
from app.services import backup
from app.storage.errors import StorageError
from app.ui.backups_dialog import BackupsDialog
from app.ui.banner import BannerArea
from app.ui.export_actions import make_action
from app.ui.file_choice import ask_save_path
from app.ui.operations import run_operation

if TYPE_CHECKING:
    from PySide6.QtGui import QAction

    from app.ui.main_window import MainWindow

log = logging.getLogger("focal.ui")


class DatabaseActions(QObject):
    """File > Backups…, File > Back up to a file…, restoring, and the window's banners."""

    def __init__(self, window: MainWindow, banners: BannerArea) -> None:
        super().__init__(window)
        self.window = window
        self.banners = banners
        self.dialog: BackupsDialog | None = None
        self.backups_action = make_action(
            self,
            _("&Backups…"),
            "backup",
            _("See the backups of this database with their dates, make one, or restore one."),
            self.show_backups,
        )
        self.backup_file_action = make_action(
            self,
            _("Back up to a &file…"),
            "backup",
            _("Save a checked copy of the database where you choose (a USB key, a folder)."),
            self.backup_to_file,
        )
        window.autosaver.state_changed.connect(self.update_unsaved_banner)

    def actions(self) -> list[QAction]:
        return [self.backups_action, self.backup_file_action]

    # --- banners ------------------------------------------------------------------------

    def update_unsaved_banner(self) -> None:
        """Say it loudly while edits cannot be written; quiet again once they are."""
        saver = self.window.autosaver
        error = saver.last_error
        banner = self.banners.unsaved
        if error is None or not saver.has_pending():
            if not banner.isHidden():
                banner.dismiss()
                self.window.statusBar().showMessage(_("Everything you typed is now saved."), 8000)
            return
        reason = error.message if isinstance(error, StorageError) else str(error)
        banner.show_message(
            _(
                "Your latest changes are not saved yet. {reason} They stay in the window, and "
                "Focal keeps trying to save them."
            ).format(reason=reason),
            [
                (_("Try &again now"), saver.retry_now),
                (_("Save the text to a &file…"), lambda: self.window.save_unsaved_copy()),
            ],
        )

    def show_location_warning(self, text: str | None) -> None:
        if not text:
            self.banners.location.dismiss()
            return
        self.banners.location.show_message(text, [(_("&Dismiss"), self.banners.location.dismiss)])

    # --- backups ------------------------------------------------------------------------

    def show_backups(self) -> None:
        dialog = BackupsDialog(self.window.workspace.path, self.window)
        self.dialog = dialog
        try:
            if dialog.exec() and dialog.chosen is not None:
                self.restore_from(dialog.chosen)
        finally:
            self.dialog = None
            dialog.deleteLater()

    def backup_to_file(self) -> None:
        window = self.window
        if not window.settle_pending(_("Back up now")):
            return
        database = window.workspace.path
        chosen = ask_save_path(
            window,
            _("Back up the database"),
            Path.home() / backup.backup_name(database),
            _("Focal databases (*.sqlite3)"),
        )
        if chosen is None:
            return
        run_operation(
            lambda _progress: backup.backup_database(database, Path(chosen)),
            parent=window,
            title=_("Backing up"),
            on_success=lambda path: window.statusBar().showMessage(
                _("Backed up to {path}").format(path=path), 8000
            ),
        )

    def restore_from(self, chosen: Path, *, ask: bool = True) -> bool:
        """Replace the database by ``chosen``; the current one is kept first. True when done."""
        window = self.window
        database = window.workspace.path
        if ask:
            answer = QMessageBox.question(
                window,
                _("Restore a backup"),
                _(
                    "Replace the reports in {database} by the backup {backup}? "
                    "The current database is kept aside first."
                ).format(database=database, backup=chosen),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
        if not window.settle_pending(_("Restore a backup")):
            return False
        if not window.consolidation.discard_view():
            return False
        from app.services.workspace import open_workspace

        report_id = window.session.report_id if window.session else None
        window.view.set_session(None)
        window.session = None
        window.workspace.close()
        lock = window.database_lock
        if lock is not None:
            lock.release()  # restoring takes the lock itself, for the time it replaces the file
        kept: Path | None = None
        restored = False
        try:
            kept = backup.restore_backup(chosen, database)
            restored = True
        except StorageError as error:
            QMessageBox.warning(window, APP_NAME, error.message)
        finally:
            if lock is not None:
                lock.acquire()
        try:
            window.workspace = open_workspace(database, lock=lock or False)
        except StorageError as error:
            QMessageBox.critical(window, APP_NAME, error.message)
            window.close()
            return False
        if not (report_id is not None and window.open_report(report_id)):
            window.open_initial_report()
        window.update_title()
        if restored:
            message = (
                _("Backup restored. The previous database was kept as {path}.").format(path=kept)
                if kept is not None
                else _("Backup restored.")
            )
            window.statusBar().showMessage(message, 30000)
            log.info("%s", message)
        return restored
