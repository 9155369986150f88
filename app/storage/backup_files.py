"""Backup files: where they go, what they are called, and making one known to be good.

A backup is made with SQLite's online backup (consistent even while Focal writes) into
``<name>.partial`` beside its final name, turned into a single-file database (rollback journal,
so it can be read from anywhere, even a read-only disk), checked with ``PRAGMA
integrity_check`` as read back from the disk, flushed, and only then renamed into place. A copy
that fails any step is deleted: a backup file is either whole and checked, or absent.

Names say when and why, in local time with its offset, and sort by date::

    focal-20250314-093000-0500-daily.sqlite3

A database other than the default one gets a tag at the end (from its full path), so two
databases called ``focal.sqlite3`` in different folders never share, prune or restore each
other's backups: ``focal-20250314-093000-0500-manual.1a2b3c4d.sqlite3``.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

from app.core.i18n import _
from app.storage.database import (
    BUSY_TIMEOUT_MS,
    check_database,
    data_dir,
    default_database_path,
    read_only_uri,
)
from app.storage.errors import DamagedDatabaseError, StorageError, storage_error_from

log = logging.getLogger("focal.storage")

BACKUP_SUFFIX = ".sqlite3"
KINDS = ("daily", "manual", "before-migration", "before-restore")
_STAMP = "%Y%m%d-%H%M%S"
# Before kinds were named, backups were "<stem>-<UTC stamp>.sqlite3", all automatic.
_LEGACY_KIND = "daily"


def backup_dir() -> Path:
    """The folder of Focal's backups (in the user's data folder)."""
    return data_dir() / "backups"


def database_tag(database: Path) -> str | None:
    """None for the default database, else a short tag from the database's full path."""
    resolved = Path(os.path.abspath(database)).resolve()
    if resolved == default_database_path().expanduser().resolve():
        return None
    key = os.path.normcase(str(resolved)).encode("utf-8", "surrogateescape")
    return hashlib.sha256(key).hexdigest()[:8]


def _ending(database: Path) -> str:
    tag = database_tag(database)
    return BACKUP_SUFFIX if tag is None else f".{tag}{BACKUP_SUFFIX}"


def backup_name(database: Path, when: datetime | None = None, kind: str = "manual") -> str:
    """The file name of a backup of ``database`` made at ``when`` (now) for ``kind``."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind of backup: {kind}")
    moment = (when or datetime.now()).astimezone()
    stamp = moment.strftime(_STAMP + "%z")
    return f"{database.stem}-{stamp}-{kind}{_ending(database)}"


def parse_backup_name(database: Path, name: str) -> tuple[datetime, str] | None:
    """When and why the backup called ``name`` was made, if it is a backup of ``database``."""
    pattern = (
        re.escape(database.stem)
        + r"-(?P<stamp>\d{8}-\d{6})(?P<offset>[+-]\d{4})?(?:-(?P<kind>"
        + "|".join(re.escape(kind) for kind in KINDS)
        + r"))?"
        + re.escape(_ending(database))
    )
    found = re.fullmatch(pattern, name)
    if found is None:
        return None
    try:
        if found["offset"] is None:  # the old names: UTC
            created = datetime.strptime(found["stamp"] + "+0000", _STAMP + "%z")
        else:
            created = datetime.strptime(found["stamp"] + found["offset"], _STAMP + "%z")
    except ValueError:
        return None
    return created, found["kind"] or _LEGACY_KIND


def make_backup(
    database: Path, kind: str, folder: Path | None = None, when: datetime | None = None
) -> Path:
    """A checked backup of ``database`` in ``folder`` (the backups folder); returns its path."""
    folder = folder or backup_dir()
    moment = (when or datetime.now()).astimezone()
    target = folder / backup_name(database, moment, kind)
    while target.exists() or _partial(target).exists():  # two in one second: the next second
        moment += timedelta(seconds=1)
        target = folder / backup_name(database, moment, kind)
    copy_database(database, target)
    return target


def copy_database(source: Path, target: Path) -> None:
    """A checked, consistent copy of a live SQLite database; ``target`` appears only when whole.

    Raises :class:`StorageError` (a full disk, a read-only folder, a damaged source) and leaves
    no partial file behind.
    """
    if not source.is_file():
        raise StorageError(_("There is no database at {path}.").format(path=source), source)
    if target.exists() and target.resolve() == source.resolve():
        raise StorageError(
            _("A copy of {path} cannot be written over the database itself.").format(path=source),
            target,
        )
    partial = _partial(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _remove_with_journals(partial)
        _copy(source, partial)
        problem = check_database(partial, thorough=True)
        if problem is not None:
            raise DamagedDatabaseError(
                _(
                    "The copy of {source} did not pass its check ({problem}), so it was not "
                    "kept. The database itself may be damaged."
                ).format(source=source, problem=problem),
                source,
            )
        with partial.open("rb+") as written:
            os.fsync(written.fileno())
        os.replace(partial, target)
        sync_folder(target.parent)
    except BaseException as error:
        _remove_with_journals(partial)
        if isinstance(error, StorageError):
            raise
        known = _known(error, source, target)
        if known is not None:
            raise known from error
        raise
    log.info("copied %s to %s", source, target)


def _copy(source: Path, partial: Path) -> None:
    # The source is opened for writing when its folder allows it, so that SQLite can finish
    # a transaction a crash interrupted and tidy its -wal and -shm files when done.
    if os.access(source.parent, os.W_OK):
        src = sqlite3.connect(source, timeout=BUSY_TIMEOUT_MS / 1000)
    else:
        src = sqlite3.connect(read_only_uri(source), uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
    finally:
        src.close()


def _known(error: BaseException, source: Path, target: Path) -> StorageError | None:
    """The error told about the right file: damage is the source's, anything else the target's."""
    known = storage_error_from(error, target)
    if isinstance(known, DamagedDatabaseError):
        return storage_error_from(error, source)
    return known


def _partial(target: Path) -> Path:
    return target.with_name(target.name + ".partial")


def _remove_with_journals(path: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            Path(str(path) + suffix).unlink(missing_ok=True)


def sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX; Windows has no folder handles for that)."""
    if os.name != "posix":
        return
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)
