"""The workspace: an open database together with the catalogue it holds.

It is what the window and the ``focal`` command both start from. Opening it migrates the
database when needed and installs the shipped catalogue on first use.

The desktop start-up shows its window before the database is opened (SQLAlchemy alone takes
longer to import than the window takes to appear): it reads the report to show through
:mod:`app.storage.quick_read` and hands the window a :class:`DeferredWorkspace`, whose
catalogue is there at once and whose database is opened on a worker thread. This module and
what it imports at the top stay free of SQLAlchemy for that reason.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.catalogue import Catalogue, default_catalogue
from app.core.i18n import _
from app.storage.errors import DatabaseLockedError, StorageError

if TYPE_CHECKING:
    from app.storage.database import Database

log = logging.getLogger("focal.services")

# How long a use of the database waits for the background opening before giving up with an
# error the caller already handles (the autosaver keeps the edit and retries). Opening waits
# at most a few busy time-outs of SQLite, so this is only reached when something is very wrong.
OPEN_TIMEOUT_S = 60.0


class Workspace:
    """An open database and the catalogue: the shipped text with the database's implementers."""

    def __init__(self, db: Database, catalogue: Catalogue, installed_now: bool = False) -> None:
        self._db = db
        self.catalogue = catalogue
        self.installed_now = installed_now

    @property
    def db(self) -> Database:
        return self._db

    @property
    def path(self) -> Path:
        return self.db.path

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
        self.db.close()


def open_workspace(path: Path | None = None) -> Workspace:
    """Open (create, migrate) the database and make sure the catalogue is installed."""
    from app.storage import catalogue_store
    from app.storage.database import open_database

    db = open_database(path)
    shipped = default_catalogue()
    try:
        with db.session() as session:
            installed = catalogue_store.install_catalogue(session, shipped)
        if installed:
            log.info("installed catalogue %s %s into %s", shipped.id, shipped.version, db.path)
        workspace = Workspace(db=db, catalogue=shipped, installed_now=installed)
        workspace.refresh_catalogue()
    except BaseException:
        db.close()
        raise
    return workspace


class DeferredWorkspace(Workspace):
    """A workspace whose database is opened on a worker thread while the window is used.

    The catalogue is known from the start (the quick read gave the implementers). Everything
    that needs the database goes through :attr:`db`, which waits until :meth:`open` finished:
    edits typed in the first moments are written as soon as the database is open, and a menu
    command waits at most for the rest of the opening. When the opening failed, :attr:`db`
    raises that :class:`StorageError` (the autosaver keeps the edits and says why) and tries
    to open again, since the cause (another program holding the file) may have gone.
    """

    def __init__(self, path: Path, catalogue: Catalogue, timeout: float = OPEN_TIMEOUT_S) -> None:
        self.catalogue = catalogue
        self.installed_now = False
        self._path = path
        self._timeout = timeout
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
                opened = open_workspace(self._path)
            except StorageError as error:
                self._error = error
                # A new error object each time: the same one raised on several threads would
                # pile up their tracebacks.
                raise type(error)(error.message, error.path) from error
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
