"""What Focal asks when its database cannot be used as usual at start-up.

- Damaged, truncated, not a Focal database, or written by a newer Focal: say what and where,
  and offer the latest backup that is good (checked, and readable by this Focal). Restoring
  never overwrites the original bytes: the storage layer keeps them aside first.
- Open in another Focal: offer to open it read-only (two windows writing one report would
  overwrite each other's text).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from app import APP_NAME
from app.core.i18n import _
from app.services import backup
from app.storage.errors import DatabaseInUseError, StorageError
from app.ui.file_choice import ask_open_paths
from app.ui.save_indicator import local_time

log = logging.getLogger("focal.ui")


@dataclass(frozen=True)
class DamagedChoice:
    """The backup to restore, or None to stop."""

    backup: Path | None


def ask_open_read_only(error: DatabaseInUseError, parent: QWidget | None = None) -> bool:
    """True when the user wants to look at the database read-only."""
    box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME, error.message, parent=parent)
    box.setInformativeText(
        _("Read-only, you can read and export the reports, but not change them here.")
    )
    read_only = box.addButton(_("Open &read-only"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(_("&Quit"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(read_only)
    box.exec()
    return box.clickedButton() is read_only


def ask_damaged(
    error: StorageError, database: Path, parent: QWidget | None = None
) -> DamagedChoice:
    """Explain the problem and offer the latest good backup (or another backup file)."""
    try:
        latest = backup.latest_good_backup(database)
    except (StorageError, OSError) as problem:
        log.warning("cannot look for backups: %s", problem)
        latest = None
    box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, error.message, parent=parent)
    restore = None
    if latest is not None:
        when = local_time(latest.created, "yyyy-MM-dd HH:mm")
        box.setInformativeText(
            _(
                "The latest good backup of this database was made on {date}. Focal can restore "
                "it: the file that cannot be used is kept aside, unchanged, and what was "
                "typed since the backup is not in it."
            ).format(date=when)
        )
        restore = box.addButton(
            _("&Restore the backup of {date}").format(date=when), QMessageBox.ButtonRole.AcceptRole
        )
        box.setDefaultButton(restore)
    else:
        box.setInformativeText(
            _("No good backup of this database was found in {folder}.").format(
                folder=backup.backup_dir()
            )
        )
    other = box.addButton(_("Choose a &backup file…"), QMessageBox.ButtonRole.ActionRole)
    box.addButton(_("&Quit"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    clicked = box.clickedButton()
    if restore is not None and clicked is restore:
        assert latest is not None
        return DamagedChoice(latest.path)
    if clicked is other:
        folder = backup.backup_dir()
        chosen = ask_open_paths(
            parent,
            _("Restore a backup"),
            folder if folder.is_dir() else Path.home(),
            _("Focal databases (*.sqlite3)"),
        )
        return DamagedChoice(chosen[0] if chosen else None)
    return DamagedChoice(None)


def restore_at_start(chosen: Path, database: Path, parent: QWidget | None = None) -> bool:
    """Restore ``chosen`` before any window has the database open; explain a failure."""
    try:
        kept = backup.restore_backup(chosen, database)
    except StorageError as error:
        QMessageBox.critical(parent, APP_NAME, error.message)
        return False
    log.info("restored %s from %s at start; previous file kept as %s", database, chosen, kept)
    return True
