"""Opening the database: engine set-up, SQLite pragmas, checks, migrate-at-start.

This is the only module that knows it is talking to SQLite. A database written by a newer
Focal is refused before anything touches it; an older one is backed up (into the backups
folder), then migrated. A damaged one is refused untouched when opened with ``check=True``.

Crash safety is SQLite's: WAL journal with ``synchronous=FULL``, so a transaction that was
committed survives a crash or a power cut, and one that was not leaves no trace. A clean close
folds the WAL back into the database file (``wal_checkpoint(TRUNCATE)``), leaving one file.

A database can be opened read-only (``mode=ro``): a second Focal looks at the reports while
the first one edits them, or a database on a read-only disk is read.

Importing this module is cheap: the desktop start-up reads the data folder's location from here
before its window is shown, so SQLAlchemy is imported only by the functions that open a
database, and Alembic only when the schema is not :data:`HEAD_REVISION` (a migration, or a
revision to tell newer from damaged).
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.i18n import _
from app.core.resources import migrations_path
from app.storage.errors import (
    DamagedDatabaseError,
    NewerDatabaseError,
    ReadOnlyDatabaseError,
    StorageError,
    storage_error_from,
)

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Connection, Engine
    from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger("focal.storage")

DB_ENVIRONMENT_VARIABLE = "FOCAL_DB"
DB_FILE_NAME = "focal.sqlite3"
BUSY_TIMEOUT_MS = 5000
# The newest migration in db/versions. A test checks it against Alembic's script head, so a new
# migration cannot be added without updating it.
HEAD_REVISION = "0002"
SQLITE_HEADER = b"SQLite format 3\x00"
SQLITE_CORRUPT = 11  # result codes that mean the file itself is damaged
SQLITE_NOTADB = 26


def data_dir() -> Path:
    """The user's data folder for Focal (database, backups, logs)."""
    override = os.environ.get("FOCAL_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir("Focal", appauthor=False))


def default_database_path() -> Path:
    override = os.environ.get(DB_ENVIRONMENT_VARIABLE)
    return Path(override) if override else data_dir() / DB_FILE_NAME


def _set_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
    finally:
        cursor.close()


def _set_read_only_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA query_only = ON")
    finally:
        cursor.close()


def make_engine(path: Path, *, read_only: bool = False) -> Engine:
    from sqlalchemy import create_engine, event
    from sqlalchemy.engine import URL

    if read_only:
        url = URL.create("sqlite", database=read_only_uri(path), query={"uri": "true"})
    else:
        url = URL.create("sqlite", database=str(path))
    engine = create_engine(
        url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}
    )
    pragmas = _set_read_only_pragmas if read_only else _set_sqlite_pragmas
    event.listen(engine, "connect", pragmas)
    return engine


def read_only_uri(path: Path) -> str:
    """A SQLite URI that opens ``path`` without ever writing to it.

    SQLite reads a WAL database through its ``-wal`` and ``-shm`` files, which it creates
    beside it when they are missing; where that is impossible (a read-only disk, a folder this
    user may not write to) the file is opened as immutable, which is what it then is.
    """
    uri = path.resolve().as_uri() + "?mode=ro"
    wal = path.with_name(path.name + "-wal")
    if not wal.exists() and not os.access(path.parent, os.W_OK):
        uri += "&immutable=1"
    return uri


def check_database(path: Path, *, thorough: bool = False) -> str | None:
    """The first problem SQLite finds in ``path`` (damaged pages, not a database), else None.

    ``PRAGMA quick_check`` (or ``integrity_check`` when ``thorough``: it also compares the
    indexes with their tables) over a read-only connection: the file is never changed. A
    missing or empty file has no problem (it is a new database). Problems that are not the
    file's (it is locked, unreadable) raise :class:`StorageError`.
    """
    if not path.is_file() or path.stat().st_size == 0:
        return None
    with path.open("rb") as handle:
        if handle.read(16) != SQLITE_HEADER:
            return _("it is not a SQLite database")
    pragma = "integrity_check" if thorough else "quick_check"
    try:
        connection = sqlite3.connect(
            read_only_uri(path), uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None
        )
        try:
            rows = connection.execute(f"PRAGMA {pragma}").fetchall()
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        if (error.sqlite_errorcode & 0xFF) in (SQLITE_CORRUPT, SQLITE_NOTADB):
            return str(error)
        known = storage_error_from(error, path)
        raise (known or StorageError(str(error), path)) from error
    for row in rows:
        # SQLite may put several problems in one row, under "*** in database main ***".
        for line in str(row[0]).splitlines():
            if line.strip() and line != "ok" and not line.startswith("***"):
                return line.strip()
    return None


def damaged_message(path: Path, problem: str) -> str:
    return _(
        "The database {path} is damaged ({problem}). Focal left the file untouched. Restore a "
        "backup (File > Backups), or choose another database file."
    ).format(path=path, problem=problem)


def alembic_config(engine: Engine | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_path()))
    if engine is not None:
        config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return config


def head_revision() -> str:
    """The head of the migration scripts, as Alembic sees it (:data:`HEAD_REVISION` is a copy)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "the migrations folder has no revision"
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision stamped in the database, None when it has none (a new file).

    A plain query of Alembic's version table, so that opening an up-to-date database does not
    import Alembic.
    """
    from sqlalchemy import inspect, text

    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        revisions = connection.execute(text("SELECT version_num FROM alembic_version")).scalars()
        found = list(revisions)
    if len(found) > 1:
        raise DamagedDatabaseError(
            _("{path} records several schema versions; it was left untouched.").format(
                path=engine.url.database
            ),
            None,
        )
    return found[0] if found else None


def stored_revision(path: Path) -> str | None:
    """The revision recorded in the database file, read without changing it; None if none."""
    try:
        connection = sqlite3.connect(
            read_only_uri(path), uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None
        )
        try:
            table = connection.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
            ).fetchone()
            rows = (
                []
                if table is None
                else connection.execute("SELECT version_num FROM alembic_version").fetchall()
            )
        finally:
            connection.close()
    except sqlite3.Error as error:
        known = storage_error_from(error, path)
        raise (known or StorageError(str(error), path)) from error
    return str(rows[0][0]) if len(rows) == 1 else None


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return {revision.revision for revision in script.walk_revisions()}


@dataclass
class Database:
    """An open database: the engine, a session factory and where the file is."""

    path: Path
    engine: Engine
    sessions: sessionmaker[Session]
    migrated_from: str | None = None  # revision before start-up migration, when one ran
    read_only: bool = False
    # Why it is read-only, told to whoever tries to write; None gives a general sentence.
    read_only_reason: str | None = None

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed on success, rolled back on error, errors translated."""
        session = self.sessions()
        try:
            yield session
            session.commit()
        except BaseException as error:
            session.rollback()
            known = self._known(error)
            if known is not None:
                raise known from error
            raise
        finally:
            session.close()

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """A short transaction on a plain connection, for the saves made at typing speed.

        No ORM session: the autosave statements are Core ones, and a session's set-up and
        commit bookkeeping cost more than SQLite's own commit. Errors are translated as in
        :meth:`session`.
        """
        try:
            with self.engine.begin() as connection:
                yield connection
        except BaseException as error:
            known = self._known(error)
            if known is not None:
                raise known from error
            raise

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only unit of work (nothing to commit)."""
        session = self.sessions()
        try:
            yield session
        except BaseException as error:
            known = self._known(error)
            if known is not None:
                raise known from error
            raise
        finally:
            session.rollback()
            session.close()

    def _known(self, error: BaseException) -> StorageError | None:
        known = storage_error_from(error, self.path)
        if self.read_only and isinstance(known, ReadOnlyDatabaseError):
            return ReadOnlyDatabaseError(self.read_only_message(), self.path)
        return known

    def read_only_message(self) -> str:
        return self.read_only_reason or _(
            "The database {path} was opened read-only: changes cannot be saved."
        ).format(path=self.path)

    def close(self) -> None:
        """Close every connection; on SQLite, fold the WAL back into the database file first."""
        if not self.read_only and self.engine.dialect.name == "sqlite":
            from sqlalchemy import exc as sa_exc

            try:
                with self.engine.connect() as connection:
                    connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            except sa_exc.DBAPIError as error:  # a full disk, another reader: SQLite does it later
                log.info("no checkpoint when closing %s: %s", self.path, error)
        self.engine.dispose()


def _check_is_sqlite(path: Path) -> None:
    """Refuse a file that is not a SQLite database before SQLAlchemy or Alembic touch it."""
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb") as handle:
        header = handle.read(16)
    if header != SQLITE_HEADER:
        raise DamagedDatabaseError(
            _("{path} is not a Focal database (or it is damaged); it was left untouched.").format(
                path=path
            ),
            path,
        )


def _check_writable(path: Path) -> None:
    """Refuse to open for writing a database that cannot be written (it would fail later)."""
    if os.access(path.parent, os.W_OK) and (not path.exists() or os.access(path, os.W_OK)):
        return
    raise ReadOnlyDatabaseError(
        _(
            "Focal cannot write to {path}: the file or its folder is read-only. You can open it "
            "read-only to look at the reports, or copy it to a folder you may write to."
        ).format(path=path),
        path,
    )


def open_database(
    path: Path | None = None,
    *,
    migrate: bool = True,
    check: bool = False,
    read_only: bool = False,
    backup_first: bool = True,
) -> Database:
    """Open (creating if needed) and migrate the database at ``path``.

    ``check`` first looks for damage (:func:`check_database`) and refuses a damaged file
    untouched. ``read_only`` opens an existing database without ever writing to it (no
    migration). ``backup_first=False`` migrates without the usual backup (for a scratch copy).
    Raises :class:`StorageError` for everything a user can act on.
    """
    path = (path or default_database_path()).expanduser().resolve()
    if read_only:
        if not path.is_file() or path.stat().st_size == 0:
            raise StorageError(_("There is no database at {path}.").format(path=path), path)
    else:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise storage_error_from(error, path) or StorageError(str(error), path) from error
        _check_writable(path)
    _check_is_sqlite(path)
    if check:
        problem = check_database(path)
        if problem is not None:
            log.error("%s is damaged: %s", path, problem)
            raise DamagedDatabaseError(damaged_message(path, problem), path)
    from sqlalchemy import exc as sa_exc
    from sqlalchemy.orm import sessionmaker

    engine = make_engine(path, read_only=read_only)
    migrated_from = None
    try:
        revision = current_revision(engine)
        if revision != HEAD_REVISION:
            if revision is not None and revision not in known_revisions():
                raise NewerDatabaseError(
                    _(
                        "{path} was written by a newer version of Focal (schema {revision}). "
                        "Install the newer Focal to open it; the file was left untouched."
                    ).format(path=path, revision=revision),
                    path,
                )
            if read_only:
                raise StorageError(
                    _(
                        "{path} must be updated for this version of Focal before it can be "
                        "opened, which cannot be done read-only."
                    ).format(path=path),
                    path,
                )
            if migrate:
                if revision is not None and backup_first:
                    backup_before_migration(path, revision)
                migrated_from = revision or "empty"
                _upgrade(engine)
                log.info("migrated %s from %s to %s", path, revision, HEAD_REVISION)
    except StorageError:
        engine.dispose()
        raise
    except (sa_exc.DBAPIError, OSError) as error:
        engine.dispose()
        known = storage_error_from(error, path)
        if known is not None:
            raise known from error
        raise
    sessions = sessionmaker(engine, expire_on_commit=False)
    return Database(
        path=path,
        engine=engine,
        sessions=sessions,
        migrated_from=migrated_from,
        read_only=read_only,
    )


def _upgrade(engine: Engine) -> None:
    from alembic import command

    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def backup_before_migration(path: Path, revision: str) -> Path:
    """Back the database up into the backups folder before changing its schema."""
    from app.storage.backup_files import make_backup

    target = make_backup(path, "before-migration")
    log.info("backed up %s (schema %s) to %s before migrating it", path, revision, target)
    return target


def table_names(engine: Engine) -> list[str]:
    from sqlalchemy import inspect

    return sorted(inspect(engine).get_table_names())
