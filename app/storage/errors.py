"""Storage errors a user can understand and act on, apart from bugs.

A :class:`StorageError` carries a sentence meant for the user (what happened and where);
anything else escaping the storage layer is a bug and goes to the crash dialog.
"""

from __future__ import annotations

import errno
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.core.i18n import _


class StorageError(Exception):
    """A known problem with the database: locked, full disk, read-only, damaged, too new."""

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path


class DatabaseLockedError(StorageError):
    """SQLite's own lock: another program is writing at this moment; retrying may succeed."""


class DiskFullError(StorageError):
    pass


class ReadOnlyDatabaseError(StorageError):
    pass


class DamagedDatabaseError(StorageError):
    pass


class NewerDatabaseError(StorageError):
    """Written by a newer Focal: refused and left untouched."""


@dataclass(frozen=True)
class LockHolder:
    """Who holds a database open for writing (read from its lock file)."""

    pid: int
    host: str
    user: str
    since: datetime  # aware


class DatabaseInUseError(StorageError):
    """Another Focal has the database open for writing; it can still be opened read-only."""

    def __init__(
        self, message: str, path: Path | None = None, holder: LockHolder | None = None
    ) -> None:
        super().__init__(message, path)
        self.holder = holder


def storage_error_from(error: BaseException, path: Path | None) -> StorageError | None:
    """Turn a driver or OS error into a :class:`StorageError`, or None when it is a bug."""
    where = str(path) if path else _("the database")
    text = str(getattr(error, "orig", error)).lower()
    if isinstance(error, OSError):
        if error.errno == errno.ENOSPC:
            return DiskFullError(_("The disk holding {path} is full.").format(path=where), path)
        if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return ReadOnlyDatabaseError(
                _("Focal may not write to {path}: {reason}.").format(
                    path=where, reason=error.strerror
                ),
                path,
            )
        return StorageError(
            _("Cannot use {path}: {reason}.").format(path=where, reason=error.strerror), path
        )
    if not isinstance(error, sqlite3.Error):
        # Imported here: this module is loaded at start-up, before SQLAlchemy is needed.
        from sqlalchemy import exc as sa_exc

        if not isinstance(error, sa_exc.DBAPIError):
            return None
    if "locked" in text or "busy" in text:
        return DatabaseLockedError(
            _("The database {path} is in use by another program; try again in a moment.").format(
                path=where
            ),
            path,
        )
    if "disk is full" in text or "database or disk is full" in text:
        return DiskFullError(_("The disk holding {path} is full.").format(path=where), path)
    if "readonly" in text or "read-only" in text or "attempt to write" in text:
        return ReadOnlyDatabaseError(
            _("The database {path} is read-only.").format(path=where), path
        )
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return DamagedDatabaseError(
            _(
                "The database {path} is damaged. Restore a backup (File > Backups) "
                "or choose another database file."
            ).format(path=where),
            path,
        )
    if "unable to open" in text:
        return StorageError(_("Cannot open the database {path}.").format(path=where), path)
    if "disk i/o" in text:
        return StorageError(
            _("Reading or writing {path} failed (disk I/O error).").format(path=where), path
        )
    return None
