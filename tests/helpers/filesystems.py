"""Real file systems that fail, for the storage tests: full, read-only, and a simulated full disk.

The tests run as root (here and in CI), so ``chmod`` does not stop a write; a real mount does.
:func:`small_filesystem` mounts a tmpfs of a given size, which really fills up (ENOSPC, and
SQLite's "database or disk is full"); :func:`read_only_filesystem` prepares files on one and
remounts it read-only (EROFS). Mounting needs Linux and the right to mount (root with
CAP_SYS_ADMIN): without it those tests skip and say why. :func:`simulated_full_disk` always
runs: it caps the number of pages SQLite may use (``PRAGMA max_page_count``), which makes
SQLite fail exactly as on a full disk.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event


@dataclass
class MountedFilesystem:
    """A tmpfs mounted for one test."""

    path: Path
    size_kb: int

    def remount(self, *, read_only: bool) -> None:
        _mount("-o", f"remount,{'ro' if read_only else 'rw'}", str(self.path))

    def fill(self, keep_bytes: int = 0) -> Path:
        """Fill the file system with one file until it is full (or ``keep_bytes`` are left)."""
        filler = self.path / "filler.bin"
        chunk = b"\0" * 4096
        with filler.open("ab") as stream:
            try:
                while shutil.disk_usage(self.path).free > keep_bytes:
                    stream.write(chunk)
                    stream.flush()
            except OSError as error:
                if error.errno != errno.ENOSPC:
                    raise
        return filler

    def free_bytes(self) -> int:
        return shutil.disk_usage(self.path).free


def _mount(*arguments: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(["mount", *arguments], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise OSError(f"mount {' '.join(arguments)} failed: {done.stderr.strip()}")
    return done


@contextlib.contextmanager
def small_filesystem(size_kb: int) -> Iterator[MountedFilesystem]:
    """A real tmpfs of ``size_kb`` KiB, mounted on a fresh folder and removed afterwards."""
    if not sys.platform.startswith("linux") or shutil.which("mount") is None:
        pytest.skip("mounting a test file system needs Linux with the mount command")
    folder = Path(tempfile.mkdtemp(prefix="focal-fs-"))
    try:
        _mount("-t", "tmpfs", "-o", f"size={size_kb}k,mode=0755", "focal-test", str(folder))
    except OSError as error:
        folder.rmdir()
        pytest.skip(
            f"cannot mount a tmpfs here ({error}); these tests need root with CAP_SYS_ADMIN"
        )
    try:
        yield MountedFilesystem(folder, size_kb)
    finally:
        done = subprocess.run(["umount", str(folder)], capture_output=True, check=False)
        if done.returncode != 0:  # something still has a file open there: detach it anyway
            subprocess.run(["umount", "-l", str(folder)], capture_output=True, check=False)
        with contextlib.suppress(OSError):
            folder.rmdir()


@contextlib.contextmanager
def read_only_filesystem(
    prepare: Callable[[Path], Any] | None = None, size_kb: int = 8192
) -> Iterator[Path]:
    """A tmpfs where ``prepare(folder)`` writes files, then remounted read-only."""
    with small_filesystem(size_kb) as filesystem:
        if prepare is not None:
            prepare(filesystem.path)
        filesystem.remount(read_only=True)
        yield filesystem.path


@contextlib.contextmanager
def simulated_full_disk(target: Any) -> Iterator[None]:
    """SQLite behaves as on a full disk for ``target`` (an Engine, Database or Workspace).

    Each connection may not grow the database beyond the pages it has now; a write that needs
    another page fails with SQLITE_FULL. The pool is emptied on entry and exit so that every
    connection in between has the cap and none after.
    """
    engine = _engine_of(target)

    def cap(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        try:
            pages = cursor.execute("PRAGMA page_count").fetchone()[0]
            cursor.execute(f"PRAGMA max_page_count = {int(pages)}")
        finally:
            cursor.close()

    engine.dispose()
    event.listen(engine, "connect", cap)
    try:
        yield
    finally:
        event.remove(engine, "connect", cap)
        engine.dispose()


def _engine_of(target: Any) -> Engine:
    if isinstance(target, Engine):
        return target
    if isinstance(getattr(target, "engine", None), Engine):
        return target.engine  # type: ignore[no-any-return]
    return _engine_of(target.db)


def file_names(folder: Path) -> list[str]:
    """Everything in ``folder``, hidden files included, sorted (to show what a failure left)."""
    return sorted(os.listdir(folder))


def damage_database(path: Path, tables: tuple[str, ...] = ("report_row", "activity")) -> None:
    """Damage the file as a failing disk would: rubbish over the b-tree pages of ``tables``.

    The file header and the schema page are left alone, so the file still looks like a SQLite
    database; only reading those tables (or ``PRAGMA quick_check``) shows the damage.
    """
    with sqlite3.connect(path) as connection:
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        roots = [
            root
            for (root,) in connection.execute(
                "SELECT rootpage FROM sqlite_master WHERE tbl_name IN ({}) AND rootpage > 1".format(
                    ",".join("?" * len(tables))
                ),
                tables,
            )
        ]
    connection.close()
    assert roots, f"no pages of {tables} in {path}"
    data = bytearray(path.read_bytes())
    for root in roots:
        start = (root - 1) * page_size
        data[start : start + 64] = b"\xa5" * 64  # not a page type, nonsense cell pointers
    path.write_bytes(bytes(data))
