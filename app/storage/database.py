"""Opening the database: engine set-up, SQLite pragmas, migrate-at-start.

This is the only module that knows it is talking to SQLite. A database written by a newer
Focal is refused before anything touches it; an older one is backed up, then migrated.

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
    StorageError,
    storage_error_from,
)

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger("focal.storage")

DB_ENVIRONMENT_VARIABLE = "FOCAL_DB"
DB_FILE_NAME = "focal.sqlite3"
BUSY_TIMEOUT_MS = 5000
# The newest migration in db/versions. A test checks it against Alembic's script head, so a new
# migration cannot be added without updating it.
HEAD_REVISION = "0002"


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


def make_engine(path: Path) -> Engine:
    from sqlalchemy import create_engine, event

    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
    )
    event.listen(engine, "connect", _set_sqlite_pragmas)
    return engine


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

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed on success, rolled back on error, errors translated."""
        session = self.sessions()
        try:
            yield session
            session.commit()
        except BaseException as error:
            session.rollback()
            known = storage_error_from(error, self.path)
            if known is not None:
                raise known from error
            raise
        finally:
            session.close()

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only unit of work (nothing to commit)."""
        session = self.sessions()
        try:
            yield session
        except BaseException as error:
            known = storage_error_from(error, self.path)
            if known is not None:
                raise known from error
            raise
        finally:
            session.rollback()
            session.close()

    def close(self) -> None:
        self.engine.dispose()


def _check_is_sqlite(path: Path) -> None:
    """Refuse a file that is not a SQLite database before SQLAlchemy or Alembic touch it."""
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb") as handle:
        header = handle.read(16)
    if header != b"SQLite format 3\x00":
        raise DamagedDatabaseError(
            _("{path} is not a Focal database (or it is damaged); it was left untouched.").format(
                path=path
            ),
            path,
        )


def open_database(path: Path | None = None, *, migrate: bool = True) -> Database:
    """Open (creating if needed) and migrate the database at ``path``.

    Raises :class:`StorageError` for everything a user can act on.
    """
    path = (path or default_database_path()).expanduser().resolve()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise storage_error_from(error, path) or StorageError(str(error), path) from error
    _check_is_sqlite(path)
    from sqlalchemy import exc as sa_exc
    from sqlalchemy.orm import sessionmaker

    engine = make_engine(path)
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
            if migrate:
                if revision is not None:
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
    return Database(path=path, engine=engine, sessions=sessions, migrated_from=migrated_from)


def _upgrade(engine: Engine) -> None:
    from alembic import command

    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def backup_before_migration(path: Path, revision: str) -> Path:
    """Copy the database aside before changing its schema (a consistent online copy)."""
    target = path.with_name(f"{path.stem}.before-{revision}{path.suffix}")
    copy_database(path, target)
    return target


def copy_database(source: Path, target: Path) -> None:
    """A consistent copy of a live SQLite database, written to a temporary file then renamed."""
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(partial) as dst:
        src.backup(dst)
    dst.close()
    src.close()
    os.replace(partial, target)


def table_names(engine: Engine) -> list[str]:
    from sqlalchemy import inspect

    return sorted(inspect(engine).get_table_names())
