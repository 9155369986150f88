"""One writer per database: an operating-system lock on ``<database>.lock`` beside it.

Two Focal windows editing the same database would each save over the other's typing, so the
window takes this lock for as long as it has the database open; a second Focal gets
:class:`DatabaseInUseError` naming the holder and can open the database read-only.

The lock is the operating system's (``flock`` on POSIX, ``msvcrt.locking`` on Windows) on an
open file, never the mere existence of a file: when Focal crashes or is killed, the system
releases it, so a stale lock cannot keep anyone out. The file holds who took the lock (pid,
computer, user, since when) for the message; it is removed on release. On Windows the locked
byte lies far past that text, since a locked range cannot be read by others there.

SQLite's own locks still guard each transaction; this lock is about whole editing sessions.
"""

from __future__ import annotations

import contextlib
import errno
import getpass
import json
import logging
import os
import socket
import sys
from datetime import UTC, datetime
from pathlib import Path

from app.core.i18n import _
from app.storage.errors import DatabaseInUseError, LockHolder, StorageError, storage_error_from

__all__ = ["DatabaseLock", "LockHolder", "lock_path"]

log = logging.getLogger("focal.storage")

LOCK_SUFFIX = ".lock"
# Windows: the byte locked, past any holder text (a range locked there cannot be read).
_WINDOWS_LOCK_OFFSET = 1 << 20
_HOLDER_TEXT_LIMIT = 4096


def lock_path(database: Path) -> Path:
    return database.with_name(database.name + LOCK_SUFFIX)


class DatabaseLock:
    """The writer's lock on one database, held from :meth:`acquire` to :meth:`release`.

    Locks are per open file, so a second :class:`DatabaseLock` on the same database is refused
    even within the same process.
    """

    def __init__(self, database: Path) -> None:
        self.database = Path(os.path.abspath(database))
        self.path = lock_path(self.database)
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        """Take the lock, or raise :class:`DatabaseInUseError` naming who holds it.

        Raises another :class:`StorageError` when the lock file cannot be made (a read-only
        folder, for instance): then nobody can write the database here anyway.
        """
        if self._fd is not None:
            return
        for _attempt in range(10):
            fd = self._open()
            try:
                locked = _try_lock(fd)
            except OSError as error:  # a file system without locks, for instance
                os.close(fd)
                raise _as_storage_error(error, self.path) from error
            if not locked:
                holder = _read_holder(fd)
                os.close(fd)
                raise DatabaseInUseError(
                    in_use_message(self.database, holder), self.database, holder
                )
            if _same_file(fd, self.path):
                break
            # The previous holder removed the file between our opening and locking it: the lock
            # we got is on a file nobody else will see. Start again with the file now there.
            _unlock(fd)
            os.close(fd)
        else:  # pragma: no cover - only with another process deleting the file in a tight loop
            raise StorageError(
                _("Cannot take the lock {path}; try again in a moment.").format(path=self.path),
                self.database,
            )
        try:
            _write_holder(fd, this_holder())
        except OSError as error:
            _unlock(fd)
            os.close(fd)
            raise _as_storage_error(error, self.path) from error
        self._fd = fd
        log.info("locked %s", self.database)

    def release(self) -> None:
        """Give the lock up (nothing happens when it is not held)."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        if sys.platform != "win32":
            # Removed while still locked, so no one can lock this file after we let it go; a
            # process that opened it just before sees that it is gone and opens the new one.
            with contextlib.suppress(OSError):
                self.path.unlink()
        _unlock(fd)
        os.close(fd)
        if sys.platform == "win32":
            with contextlib.suppress(OSError):  # another Focal may have it open already
                self.path.unlink()
        log.info("unlocked %s", self.database)

    def holder(self) -> LockHolder | None:
        """Who holds the lock now (this process, when it is this lock), else None."""
        if self._fd is not None:
            return _read_holder(self._fd)
        try:
            fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        except OSError:  # no lock file: nobody holds it
            return None
        try:
            if _try_lock(fd, shared=True):
                _unlock(fd)
                return None  # a file left by a process that ended: nobody holds it
            return _read_holder(fd)
        except OSError:
            return None
        finally:
            os.close(fd)

    def __enter__(self) -> DatabaseLock:
        self.acquire()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.release()

    def _open(self) -> int:
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
        try:
            return os.open(self.path, flags, 0o644)
        except OSError as error:
            raise _as_storage_error(error, self.path) from error


def in_use_message(database: Path, holder: LockHolder | None) -> str:
    if holder is None:
        return _(
            "The database {path} is open in another Focal. You can open it read-only to look at "
            "the reports, or close the other Focal first."
        ).format(path=database)
    return _(
        "The database {path} is open in another Focal on {host} (user {user}, process {pid}) "
        "since {since}. You can open it read-only to look at the reports, or close the other "
        "Focal first."
    ).format(
        path=database,
        host=holder.host,
        user=holder.user,
        pid=holder.pid,
        since=holder.since.astimezone().strftime("%Y-%m-%d %H:%M"),
    )


def this_holder() -> LockHolder:
    try:
        user = getpass.getuser()
    except (OSError, KeyError, ImportError):  # no user name in the environment or database
        user = "?"
    return LockHolder(
        pid=os.getpid(), host=socket.gethostname(), user=user, since=datetime.now(UTC)
    )


def _as_storage_error(error: OSError, path: Path) -> StorageError:
    return storage_error_from(error, path) or StorageError(str(error), path)


def _write_holder(fd: int, holder: LockHolder) -> None:
    text = json.dumps(
        {
            "pid": holder.pid,
            "host": holder.host,
            "user": holder.user,
            "since": holder.since.isoformat(timespec="seconds"),
        },
        ensure_ascii=False,
    ).encode("utf-8")
    os.lseek(fd, 0, os.SEEK_SET)
    os.ftruncate(fd, 0)
    os.write(fd, text + b"\n")


def _read_holder(fd: int) -> LockHolder | None:
    """The holder written in the lock file; None when it is unreadable or half written."""
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        raw = os.read(fd, _HOLDER_TEXT_LIMIT)
        data = json.loads(raw.decode("utf-8"))
        since = datetime.fromisoformat(data["since"])
        return LockHolder(
            pid=int(data["pid"]),
            host=str(data["host"]),
            user=str(data["user"]),
            since=since if since.tzinfo else since.replace(tzinfo=UTC),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _same_file(fd: int, path: Path) -> bool:
    if sys.platform == "win32":
        return True  # the file is never removed while someone may have it open there
    try:
        named = os.stat(path)
    except OSError:
        return False
    opened = os.fstat(fd)
    return (named.st_dev, named.st_ino) == (opened.st_dev, opened.st_ino)


if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int, shared: bool = False) -> bool:
        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        with contextlib.suppress(OSError):
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int, shared: bool = False) -> bool:
        try:
            fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
        except OSError as error:
            if error.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                return False
            raise
        return True

    def _unlock(fd: int) -> None:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)
