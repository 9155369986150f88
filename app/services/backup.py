"""Backups of the database: automatic ones at start-up, manual ones, and restoring.

A backup is a consistent copy made with SQLite's online backup (storage layer), so it can be
taken while the window is open. Automatic backups keep the last :data:`KEEP_AUTOMATIC`.
"""

from __future__ import annotations

import logging
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

from app.core.i18n import _
from app.storage.database import copy_database, data_dir, open_database
from app.storage.errors import StorageError, storage_error_from

log = logging.getLogger("focal.services")

KEEP_AUTOMATIC = 10
AUTOMATIC_INTERVAL = timedelta(hours=20)
BACKUP_SUFFIX = ".sqlite3"


def backup_dir() -> Path:
    return data_dir() / "backups"


def backup_name(database: Path, when: datetime | None = None) -> str:
    moment = (when or datetime.now(UTC)).strftime("%Y%m%d-%H%M%S")
    return f"{database.stem}-{moment}{BACKUP_SUFFIX}"


def backup_database(database: Path, target: Path) -> Path:
    """Copy ``database`` to ``target`` (file or folder); returns the file written."""
    if target.is_dir():
        target = target / backup_name(database)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        copy_database(database, target)
    except OSError as error:
        raise storage_error_from(error, target) or StorageError(str(error), target) from error
    log.info("backed up %s to %s", database, target)
    return target


def list_backups(database: Path, folder: Path | None = None) -> list[Path]:
    """Automatic backups of ``database``, newest first."""
    folder = folder or backup_dir()
    if not folder.is_dir():
        return []
    pattern = f"{database.stem}-*{BACKUP_SUFFIX}"
    return sorted(folder.glob(pattern), key=lambda p: p.name, reverse=True)


def automatic_backup(database: Path, folder: Path | None = None) -> Path | None:
    """Back up at most once every :data:`AUTOMATIC_INTERVAL`; prune old automatic backups."""
    if not database.exists():
        return None
    folder = folder or backup_dir()
    existing = list_backups(database, folder)
    if existing:
        newest = datetime.fromtimestamp(existing[0].stat().st_mtime, UTC)
        if datetime.now(UTC) - newest < AUTOMATIC_INTERVAL:
            return None
    made = backup_database(database, folder / backup_name(database))
    for old in list_backups(database, folder)[KEEP_AUTOMATIC:]:
        old.unlink(missing_ok=True)
    return made


def restore_backup(backup: Path, database: Path) -> Path:
    """Replace ``database`` by ``backup``; the current file is kept aside first.

    The caller must have closed the database. The backup is checked (opened and migrated in a
    scratch copy) before anything is replaced. Returns where the previous database was kept.
    """
    if not backup.is_file():
        raise StorageError(_("The backup {path} does not exist.").format(path=backup), backup)
    scratch = database.with_name(database.name + ".restore-check")
    shutil.copyfile(backup, scratch)
    try:
        open_database(scratch).close()
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(str(scratch) + suffix).unlink(missing_ok=True)
    kept = database.with_name(f"{database.stem}.before-restore{database.suffix}")
    if database.exists():
        copy_database(database, kept)
    for suffix in ("-wal", "-shm"):
        Path(str(database) + suffix).unlink(missing_ok=True)
    copy_database(backup, database)
    log.info("restored %s from %s (previous kept as %s)", database, backup, kept)
    return kept
