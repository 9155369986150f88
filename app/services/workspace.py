"""The workspace: an open database together with the catalogue it holds.

It is what the window and the ``focal`` command both start from. Opening it migrates the
database when needed and installs the shipped catalogue on first use.

Opening checks the database for damage first (``PRAGMA quick_check``) and refuses a damaged
one untouched. The window opens it with ``lock=True``: the writer's lock
(:mod:`app.storage.lock`) is held until :meth:`Workspace.close`, and a second Focal gets
:class:`~app.storage.errors.DatabaseInUseError`; it may then open the database with
``read_only=True``, where every write raises
:class:`~app.storage.errors.ReadOnlyDatabaseError` saying why.

The desktop start-up shows its window before the database is opened (SQLAlchemy alone takes
longer to import than the window takes to appear): it reads the report to show through
:mod:`app.storage.quick_read` and hands the window a :class:`DeferredWorkspace`, whose
catalogue is there at once and whose database is opened on a worker thread. This module and
what it imports at the top stay free of SQLAlchemy for that reason.
"""

from __future__ import annotations

import copy
import logging
import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.catalogue import Catalogue, default_catalogue
from app.core.i18n import _
from app.storage.errors import DatabaseLockedError, StorageError
from app.storage.lock import DatabaseLock

if TYPE_CHECKING:
    from app.storage.database import Database

log = logging.getLogger("focal.services")

# How long a use of the database waits for the background opening before giving up with an
# error the caller already handles (the autosaver keeps the edit and retries). Opening waits
# at most a few busy time-outs of SQLite, so this is only reached when something is very wrong.
OPEN_TIMEOUT_S = 60.0


class Workspace:
    """An open database and the catalogue: the shipped text with the database's implementers."""

    def __init__(
        self,
        db: Database,
        catalogue: Catalogue,
        installed_now: bool = False,
        lock: DatabaseLock | None = None,
    ) -> None:
        self._db = db
        self.catalogue = catalogue
        self.installed_now = installed_now
        self._database_lock = lock

    @property
    def db(self) -> Database:
        return self._db

    @property
    def path(self) -> Path:
        return self.db.path

    @property
    def read_only(self) -> bool:
        """Opened read-only: reports can be read, every write raises ReadOnlyDatabaseError."""
        return self.db.read_only

    @property
    def read_only_reason(self) -> str | None:
        """The sentence telling why it is read-only (None when it is not)."""
        return self.db.read_only_message() if self.db.read_only else None

    @property
    def locked(self) -> bool:
        """Whether this workspace holds the writer's lock on its database."""
        return self._database_lock is not None and self._database_lock.held

    def refresh_catalogue(self) -> Catalogue:
        """Re-read implementers after they changed (added, renamed)."""
        from app.storage import catalogue_store

        with self.db.reading() as session:
            self.catalogue = catalogue_store.load_catalogue_from_db(session, default_catalogue())
        return self.catalogue

    def add_implementer(self, name: str, group_id: str, short_name: str = "") -> str:
        """Add an implementer that the resolution does not name; returns its new id."""
        from app.storage import catalogue_store

        name = name.strip()
        if not name:
            raise ValueError(_("An implementer needs a name."))
        if group_id not in {g.id for g in self.catalogue.groups}:
            raise ValueError(_("Unknown implementer group: {group}").format(group=group_id))
        with self.db.session() as session:
            record = catalogue_store.add_implementer(session, name, group_id, short_name.strip())
            new_id = record.id
        self.refresh_catalogue()
        return new_id

    def rename_implementer(self, implementer_id: str, name: str, short_name: str | None) -> None:
        from app.storage import catalogue_store

        if not name.strip():
            raise ValueError(_("An implementer needs a name."))
        with self.db.session() as session:
            catalogue_store.rename_implementer(session, implementer_id, name.strip(), short_name)
        self.refresh_catalogue()

    def close(self) -> None:
        """Close the database, then give up the writer's lock."""
        try:
            self.db.close()
        finally:
            if self._database_lock is not None:
                self._database_lock.release()


def open_workspace(
    path: Path | None = None, *, read_only: bool = False, lock: bool | DatabaseLock = False
) -> Workspace:
    """Open (check, create, migrate) the database and make sure the catalogue is installed.

    ``lock`` takes the writer's lock first (or hands over one already taken) and raises
    :class:`~app.storage.errors.DatabaseInUseError` when another Focal holds it; the
    workspace releases it when closed. ``read_only`` opens an existing database without
    writing anything (no lock, no migration, no catalogue installation).
    """
    from app.storage.database import default_database_path

    path = (path or default_database_path()).expanduser().resolve()
    held: DatabaseLock | None = None
    if lock and not read_only:
        held = lock if isinstance(lock, DatabaseLock) else DatabaseLock(path)
        held.acquire()
    try:
        workspace = _open(path, read_only, held)
    except BaseException:
        if held is not None:
            held.release()
        raise
    return workspace


def _open(path: Path, read_only: bool, held: DatabaseLock | None) -> Workspace:
    from app.storage import catalogue_store
    from app.storage.database import open_database

    reason = read_only_reason(path) if read_only else None
    db = open_database(path, check=not read_only, read_only=read_only)
    db.read_only_reason = reason
    shipped = default_catalogue()
    try:
        installed = False
        if not read_only:
            with db.session() as session:
                installed = catalogue_store.install_catalogue(session, shipped)
        if installed:
            log.info("installed catalogue %s %s into %s", shipped.id, shipped.version, db.path)
        workspace = Workspace(db=db, catalogue=shipped, installed_now=installed, lock=held)
        try:
            workspace.refresh_catalogue()
        except KeyError:  # read-only, and this Focal's catalogue was never installed in it
            log.info("catalogue %s is not in %s; using the shipped one", shipped.id, db.path)
    except BaseException:
        db.close()
        raise
    return workspace


def read_only_reason(path: Path) -> str:
    """Why a database opened read-only cannot be changed, for the message on every write."""
    holder = DatabaseLock(path).holder()
    if holder is not None:
        return _(
            "Focal opened {path} read-only because it is open in another Focal (on {host}, "
            "user {user}). Changes cannot be saved here: close the other Focal, then open the "
            "database again to edit it."
        ).format(path=path, host=holder.host, user=holder.user)
    if not os.access(path.parent, os.W_OK) or not os.access(path, os.W_OK):
        return _(
            "Focal opened {path} read-only because the file or its folder is read-only. "
            "Changes cannot be saved here."
        ).format(path=path)
    return _("Focal opened {path} read-only. Changes cannot be saved here.").format(path=path)


class DeferredWorkspace(Workspace):
    """A workspace whose database is opened on a worker thread while the window is used.

    The catalogue is known from the start (the quick read gave the implementers). Everything
    that needs the database goes through :attr:`db`, which waits until :meth:`open` finished:
    edits typed in the first moments are written as soon as the database is open, and a menu
    command waits at most for the rest of the opening. When the opening failed, :attr:`db`
    raises that :class:`StorageError` (the autosaver keeps the edits and says why) and tries
    to open again, since the cause (another program holding the file) may have gone.
    """

    def __init__(
        self,
        path: Path,
        catalogue: Catalogue,
        timeout: float = OPEN_TIMEOUT_S,
        *,
        read_only: bool = False,
        lock: bool | DatabaseLock = False,
    ) -> None:
        self.catalogue = catalogue
        self.installed_now = False
        self._path = path
        self._timeout = timeout
        self._read_only = read_only
        self._database_lock = lock if isinstance(lock, DatabaseLock) else None
        self._take_lock = bool(lock)
        self._lock = threading.Lock()
        self._attempted = threading.Event()
        self._opened: Workspace | None = None
        self._error: StorageError | None = None
        self._closed = False

    @property
    def path(self) -> Path:
        return self._path

    @property
    def is_open(self) -> bool:
        return self._opened is not None

    @property
    def read_only(self) -> bool:
        return self._read_only

    @property
    def read_only_reason(self) -> str | None:
        opened = self._opened
        return opened.read_only_reason if opened is not None else None

    @property
    def locked(self) -> bool:
        opened = self._opened
        return opened.locked if opened is not None else False

    @property
    def error(self) -> StorageError | None:
        """Why the last attempt to open failed (None when open or not tried yet)."""
        return self._error

    @property
    def db(self) -> Database:
        opened = self._opened
        if opened is None:
            if not self._attempted.wait(self._timeout):
                raise DatabaseLockedError(
                    _("Focal is still opening the database {path}; try again in a moment.").format(
                        path=self._path
                    ),
                    self._path,
                )
            opened = self._opened or self.open()
        return opened.db

    def open(self) -> Workspace:
        """Open the database now (on the calling thread); raises :class:`StorageError`.

        The start-up calls it on a worker thread once the window is painted; it does nothing
        when the database is already open.
        """
        with self._lock:
            if self._opened is not None:
                return self._opened
            try:
                if self._closed:
                    raise StorageError(
                        _("The database {path} was closed.").format(path=self._path), self._path
                    )
                lock: bool | DatabaseLock = self._database_lock or self._take_lock
                opened = open_workspace(self._path, read_only=self._read_only, lock=lock)
            except StorageError as error:
                self._error = error
                # A new error object each time: the same one raised on several threads would
                # pile up their tracebacks. The copy keeps what the subclass carries (holder).
                raise copy.copy(error) from error
            finally:
                self._attempted.set()
            self.catalogue = opened.catalogue
            self.installed_now = opened.installed_now
            self._error = None
            self._opened = opened
            return opened

    def close(self) -> None:
        """Close the database; an opening under way finishes first, a later one is refused."""
        with self._lock:
            self._closed = True
            opened, self._opened = self._opened, None
        if opened is not None:
            opened.close()
        elif self._database_lock is not None:  # handed over, but never opened
            self._database_lock.release()
