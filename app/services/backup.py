"""Backups of the database: made each day, before upgrades and restores, by hand; restoring.

Every backup is a checked copy (:mod:`app.storage.backup_files`): made with SQLite's online
backup, so it can be taken while the window is open, verified with ``PRAGMA integrity_check``
before it gets its name. They live in Focal's backups folder, named for when and why.

Kinds, and how long Focal keeps them (:func:`prune_backups`, after each daily backup):

- ``daily``: made at the first start of each local calendar day. Kept: every one of the last
  :data:`KEEP_DAYS` days; then the newest of each week for :data:`KEEP_WEEKS` more weeks; then
  the newest of each month for :data:`KEEP_MONTHS` more months. Older ones are deleted, so the
  folder holds about 25 of them however long Focal is used.
- ``manual``: made on request (File > Backups, ``focal backup``). Never deleted by Focal.
- ``before-migration``: the database as the previous Focal left it, made before a new Focal
  changes its schema. Never deleted: rare, and the only way back to the older Focal.
- ``before-restore``: the database as it was before a restore replaced it. Never deleted.

Restoring never loses what it replaces: a healthy database is backed up first
(``before-restore``); a damaged one, or a file that is not a database at all, is copied byte
for byte to ``<name>.damaged-<time><suffix>`` beside it.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from app.core.i18n import _
from app.storage.backup_files import (
    BACKUP_SUFFIX,
    backup_dir,
    backup_name,
    copy_database,
    make_backup,
    parse_backup_name,
    sync_folder,
)
from app.storage.database import (
    SQLITE_HEADER,
    check_database,
    known_revisions,
    open_database,
    stored_revision,
)
from app.storage.errors import (
    DamagedDatabaseError,
    NewerDatabaseError,
    StorageError,
    storage_error_from,
)
from app.storage.lock import DatabaseLock

__all__ = [
    "BackupInfo",
    "automatic_backup",
    "backup_database",
    "backup_dir",
    "backup_name",
    "backup_problem",
    "latest_good_backup",
    "list_backups",
    "prune_backups",
    "restore_backup",
]

log = logging.getLogger("focal.services")

KEEP_DAYS = 7
KEEP_WEEKS = 5
KEEP_MONTHS = 12


@dataclass(frozen=True)
class BackupInfo:
    """One backup file: where, when (aware), how big, and why it was made."""

    path: Path
    created: datetime
    size: int
    kind: str  # "daily" | "manual" | "before-migration" | "before-restore"


def list_backups(database: Path, folder: Path | None = None) -> list[BackupInfo]:
    """The backups of ``database`` in ``folder`` (the backups folder), newest first."""
    folder = folder or backup_dir()
    found = []
    try:
        candidates = [path for path in folder.iterdir() if path.name.endswith(BACKUP_SUFFIX)]
    except OSError:  # no folder yet, or unreadable
        return []
    for path in candidates:
        parsed = parse_backup_name(database, path.name)
        if parsed is None:
            continue
        try:
            size = path.stat().st_size
        except OSError:  # deleted meanwhile
            continue
        found.append(BackupInfo(path=path, created=parsed[0], size=size, kind=parsed[1]))
    found.sort(key=lambda info: (info.created, info.path.name), reverse=True)
    return found


def backup_problem(backup: Path) -> str | None:
    """Why ``backup`` cannot be restored by this Focal (damaged, too new), else None."""
    try:
        problem = check_database(backup, thorough=True)
        if problem is not None:
            return problem
        revision = stored_revision(backup)
    except StorageError as error:
        return error.message
    if revision is None:
        return _("it holds no Focal database")
    if revision not in known_revisions():
        return _("it was written by a newer version of Focal")
    return None


def latest_good_backup(database: Path, folder: Path | None = None) -> BackupInfo | None:
    """The newest backup that passes its check and that this Focal can open."""
    for info in list_backups(database, folder):
        problem = backup_problem(info.path)
        if problem is None:
            return info
        log.warning("skipping the backup %s: %s", info.path, problem)
    return None


def backup_database(database: Path, target: Path | None = None) -> Path:
    """A checked copy of ``database``; returns the file written.

    ``target`` is a file, or a folder to write a dated file into; None means a ``manual``
    backup in the backups folder.
    """
    if target is None:
        made = make_backup(database, "manual")
    else:
        if target.is_dir():
            target = target / backup_name(database)
        copy_database(database, target)
        made = target
    log.info("backed up %s to %s", database, made)
    return made


def automatic_backup(
    database: Path, folder: Path | None = None, now: datetime | None = None
) -> Path | None:
    """The daily backup, when none was made yet on this local calendar day; then prune.

    ``now`` (aware; naive means local time) decides what "today" is, and in which time zone.
    """
    if not database.is_file() or database.stat().st_size == 0:
        return None
    moment = _aware(now)
    folder = folder or backup_dir()
    today = moment.date()
    for info in list_backups(database, folder):
        if info.kind == "daily" and info.created.astimezone(moment.tzinfo).date() == today:
            return None
    made = make_backup(database, "daily", folder, moment)
    log.info("daily backup of %s: %s", database, made)
    prune_backups(database, folder, moment)
    return made


def prune_backups(
    database: Path, folder: Path | None = None, now: datetime | None = None
) -> list[Path]:
    """Delete the daily backups the keeping rules no longer want; returns those deleted."""
    doomed = [info.path for info in backups_to_prune(list_backups(database, folder), _aware(now))]
    for path in doomed:
        try:
            path.unlink()
        except OSError as error:
            log.warning("cannot delete the old backup %s: %s", path, error)
        else:
            log.info("deleted the old backup %s", path)
    return doomed


def backups_to_prune(backups: list[BackupInfo], now: datetime) -> list[BackupInfo]:
    """The daily backups that the keeping rules (module docstring) do not keep at ``now``."""
    today = now.date()
    weeks: set[tuple[int, int]] = set()
    months: set[tuple[int, int]] = set()
    doomed = []
    dailies = sorted(
        (info for info in backups if info.kind == "daily"), key=lambda i: i.created, reverse=True
    )
    for info in dailies:
        day = info.created.astimezone(now.tzinfo).date()
        age = (today - day).days
        if age < KEEP_DAYS:
            continue
        if age < KEEP_DAYS + 7 * KEEP_WEEKS:
            week = day.isocalendar()[:2]
            if week not in weeks:
                weeks.add(week)
                continue
        elif _months_between(day, today) <= KEEP_MONTHS + 1:
            month = (day.year, day.month)
            if month not in months:
                months.add(month)
                continue
        doomed.append(info)
    return doomed


def _aware(now: datetime | None) -> datetime:
    """``now`` as an aware time (naive means local time); the current local time for None."""
    if now is None:
        return datetime.now().astimezone()
    return now if now.tzinfo is not None else now.astimezone()


def _months_between(earlier: date, later: date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def restore_backup(backup: Path, database: Path) -> Path | None:
    """Replace ``database`` by ``backup``; returns where the previous database was kept.

    The backup is checked first (integrity, then opened and brought up to this Focal's schema
    in a scratch copy beside the database): a bad backup changes nothing. The database is
    taken over with the writer's lock, so this is refused (:class:`DatabaseInUseError`) while
    a Focal has it open; the caller must have closed its own. A healthy database is backed up
    first (``before-restore``, in the backups folder); a damaged one is copied unchanged to
    ``<name>.damaged-<time><suffix>`` beside it. Returns None when there was no database.
    """
    backup = Path(os.path.abspath(backup))
    database = Path(os.path.abspath(database))
    if not backup.is_file():
        raise StorageError(_("The backup {path} does not exist.").format(path=backup), backup)
    if backup.resolve() == database.resolve():
        raise StorageError(
            _("{path} is the database itself, not a backup of it.").format(path=backup), backup
        )
    _check_backup(backup)
    with DatabaseLock(database):
        scratch = database.with_name(f".{database.name}.restoring")
        try:
            copy_database(backup, scratch)
            open_database(scratch, backup_first=False).close()
            kept = _keep_current(database)
            for suffix in ("-wal", "-shm", "-journal"):
                _remove(Path(str(database) + suffix))
            os.replace(scratch, database)
            sync_folder(database.parent)
        except OSError as error:
            known = storage_error_from(error, database)
            raise (known or StorageError(str(error), database)) from error
        finally:
            for suffix in ("", "-wal", "-shm", "-journal"):
                _remove(Path(str(scratch) + suffix))
    log.info("restored %s from %s (previous kept as %s)", database, backup, kept)
    return kept


def _check_backup(backup: Path) -> None:
    with backup.open("rb") as handle:
        is_sqlite = handle.read(16) == SQLITE_HEADER
    problem = check_database(backup, thorough=True) if is_sqlite else None
    if not is_sqlite or problem is not None:
        raise DamagedDatabaseError(
            _(
                "The backup {path} is damaged or is not a Focal database ({problem}); "
                "nothing was changed."
            ).format(path=backup, problem=problem or _("it is not a SQLite database")),
            backup,
        )
    revision = stored_revision(backup)
    if revision is not None and revision not in known_revisions():
        raise NewerDatabaseError(
            _(
                "The backup {path} was written by a newer version of Focal (schema {revision}); "
                "install that Focal to restore it. Nothing was changed."
            ).format(path=backup, revision=revision),
            backup,
        )


def _keep_current(database: Path) -> Path | None:
    """Keep the database about to be replaced; where it was kept (None: there was none)."""
    if not database.is_file() or database.stat().st_size == 0:
        return None
    try:
        with database.open("rb") as handle:
            healthy = handle.read(16) == SQLITE_HEADER and check_database(database) is None
        if healthy:
            return make_backup(database, "before-restore")
    except DamagedDatabaseError as error:  # integrity_check found what quick_check did not
        log.warning("the database to be replaced is damaged: %s", error.message)
    return _keep_damaged(database)


def _keep_damaged(database: Path) -> Path:
    """Copy the damaged database (and its -wal, -shm) byte for byte beside it."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    kept = database.with_name(f"{database.stem}.damaged-{stamp}{database.suffix}")
    counter = 1
    while kept.exists():
        counter += 1
        kept = database.with_name(f"{database.stem}.damaged-{stamp}-{counter}{database.suffix}")
    for suffix in ("", "-wal", "-shm"):
        source = Path(str(database) + suffix)
        if source.exists():
            _copy_exactly(source, Path(str(kept) + suffix))
    log.warning("kept the damaged database %s as %s", database, kept)
    return kept


def _copy_exactly(source: Path, target: Path) -> None:
    partial = target.with_name(target.name + ".partial")
    try:
        shutil.copyfile(source, partial)
        with partial.open("rb+") as written:
            os.fsync(written.fileno())
        os.replace(partial, target)
    except BaseException:
        _remove(partial)
        raise


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)
