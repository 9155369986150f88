"""One writer per database: the lock between real processes, read-only opening beside it."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from app.services import reports
from app.services.workspace import DeferredWorkspace, open_workspace
from app.storage.errors import DatabaseInUseError, ReadOnlyDatabaseError
from app.storage.lock import DatabaseLock, LockHolder, lock_path
from tests.helpers.processes import ROOT, focal_env

HOLD_LOCK = """
import sys, time
from pathlib import Path
from app.storage.lock import DatabaseLock
lock = DatabaseLock(Path(sys.argv[1]))
lock.acquire()
print("locked", flush=True)
time.sleep(120)
"""

HOLD_WORKSPACE = """
import sys, time
from pathlib import Path
from app.services import reports
from app.services.workspace import open_workspace
workspace = open_workspace(Path(sys.argv[1]), lock=True)
report = reports.create_report(workspace, "iom", 2025)
reports.save_row_texts(workspace, report.rows[0].row_id, {"executed": "typed in the first Focal"})
print("locked", flush=True)
time.sleep(120)
"""


def start_holder(code: str, database: Path, data_dir: Path) -> subprocess.Popen[str]:
    """A second Focal process that takes the lock and waits; returns once it holds it."""
    process = subprocess.Popen(
        [sys.executable, "-c", code, str(database)],
        cwd=ROOT,
        env=focal_env(data_dir),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    if line.strip() != "locked":
        process.kill()
        raise AssertionError(f"the holder did not start: {line} {process.stderr.read()}")
    return process


def kill(process: subprocess.Popen[str]) -> None:
    process.send_signal(signal.SIGKILL)  # no clean-up of any kind: as a crash
    process.wait(timeout=30)
    for stream in (process.stdout, process.stderr):
        if stream is not None:
            stream.close()


def test_lock_is_taken_released_and_names_this_process(db_path):
    lock = DatabaseLock(db_path)
    assert not lock.held
    assert lock.holder() is None
    lock.acquire()
    assert lock.held
    holder = lock.holder()
    assert holder is not None
    assert (holder.pid, holder.host) == (os.getpid(), socket.gethostname())
    assert holder.since.tzinfo is not None
    assert json.loads(lock_path(db_path).read_text())["pid"] == os.getpid()
    lock.release()
    assert not lock.held
    assert not lock_path(db_path).exists()
    lock.release()  # twice is harmless


def test_a_second_lock_in_the_same_process_is_refused(db_path):
    with DatabaseLock(db_path), pytest.raises(DatabaseInUseError) as refused:
        DatabaseLock(db_path).acquire()
    assert refused.value.holder is not None
    assert refused.value.holder.pid == os.getpid()
    DatabaseLock(db_path).acquire()  # free again once released


def test_another_process_holds_the_lock_until_it_is_killed(db_path, tmp_path):
    holder_process = start_holder(HOLD_LOCK, db_path, tmp_path / "data")
    try:
        with pytest.raises(DatabaseInUseError) as refused:
            DatabaseLock(db_path).acquire()
        error = refused.value
        assert isinstance(error.holder, LockHolder)
        assert error.holder.pid == holder_process.pid
        assert error.holder.host == socket.gethostname()
        for part in (str(db_path), str(holder_process.pid), socket.gethostname(), "read-only"):
            assert part in error.message
        assert DatabaseLock(db_path).holder() == error.holder
    finally:
        kill(holder_process)
    # The killed process removed nothing: its lock file is still there, but not its lock.
    assert lock_path(db_path).exists()
    lock = DatabaseLock(db_path)
    assert lock.holder() is None
    lock.acquire()
    holder = lock.holder()
    assert holder is not None
    assert holder.pid == os.getpid()
    lock.release()


def test_a_lock_file_left_behind_does_not_keep_anyone_out(db_path):
    lock_path(db_path).write_text(
        json.dumps({"pid": 999999, "host": "gone", "user": "x", "since": "2020-01-01T00:00:00"})
    )
    lock = DatabaseLock(db_path)
    assert lock.holder() is None
    lock.acquire()
    holder = lock.holder()
    assert holder is not None
    assert holder.pid == os.getpid()
    lock.release()


def test_a_lock_file_with_rubbish_in_it_is_taken_over(db_path):
    lock_path(db_path).write_bytes(b"\xff\xfe not json")
    with DatabaseLock(db_path) as lock:
        assert lock.held


def test_workspace_holds_the_lock_until_closed(db_path):
    workspace = open_workspace(db_path, lock=True)
    assert workspace.locked
    assert not workspace.read_only
    with pytest.raises(DatabaseInUseError):
        open_workspace(db_path, lock=True)
    workspace.close()
    again = open_workspace(db_path, lock=True)
    again.close()
    assert DatabaseLock(db_path).holder() is None


def test_a_failed_opening_gives_the_lock_back(db_path):
    db_path.write_bytes(b"this is not a database" * 50)
    with pytest.raises(Exception, match="not a Focal database"):
        open_workspace(db_path, lock=True)
    assert DatabaseLock(db_path).holder() is None


def test_deferred_workspace_takes_and_gives_back_the_lock(db_path):
    open_workspace(db_path).close()
    deferred = DeferredWorkspace(db_path, catalogue=open_workspace(db_path).catalogue, lock=True)
    deferred.open()
    assert deferred.locked
    second = DeferredWorkspace(db_path, catalogue=deferred.catalogue, lock=True)
    with pytest.raises(DatabaseInUseError) as refused:
        second.open()
    assert refused.value.holder is not None  # the copy raised keeps who holds it
    assert refused.value.holder.pid == os.getpid()
    assert isinstance(second.error, DatabaseInUseError)
    deferred.close()
    second.open()
    assert second.locked
    second.close()
    assert DatabaseLock(db_path).holder() is None


def test_a_lock_taken_before_the_window_is_handed_to_the_workspace(db_path):
    lock = DatabaseLock(db_path)
    lock.acquire()
    workspace = open_workspace(db_path, lock=lock)
    assert workspace.locked
    workspace.close()
    assert not lock.held


def test_a_second_focal_reads_while_the_first_writes(db_path, tmp_path):
    open_workspace(db_path).close()
    first = start_holder(HOLD_WORKSPACE, db_path, tmp_path / "data")
    try:
        with pytest.raises(DatabaseInUseError) as refused:
            open_workspace(db_path, lock=True)
        assert refused.value.holder is not None
        assert refused.value.holder.pid == first.pid

        viewer = open_workspace(db_path, read_only=True)
        assert viewer.read_only
        assert not viewer.locked
        summary = reports.list_reports(viewer)
        assert [(s.implementer_id, s.year) for s in summary] == [("iom", 2025)]
        report = reports.load_report(viewer, summary[0].id)
        assert report.rows[0].executed == "typed in the first Focal"
        with pytest.raises(ReadOnlyDatabaseError) as write:
            reports.save_row_texts(viewer, report.rows[0].row_id, {"executed": "second Focal"})
        assert "read-only because" in write.value.message
        assert "open in another Focal" in write.value.message
        assert str(db_path) in write.value.message
        assert viewer.read_only_reason == write.value.message
        with pytest.raises(ReadOnlyDatabaseError):
            reports.create_report(viewer, "ilo", 2025)
        viewer.close()
    finally:
        kill(first)
    workspace = open_workspace(db_path, lock=True)
    report = reports.load_report(workspace, reports.list_reports(workspace)[0].id)
    assert report.rows[0].executed == "typed in the first Focal"
    workspace.close()
