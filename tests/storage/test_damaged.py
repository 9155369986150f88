"""Crash safety and damaged files: committed work survives a kill, damage is refused untouched."""

from __future__ import annotations

import hashlib
import random
import sqlite3
from pathlib import Path

import pytest

from app.services import reports
from app.services.workspace import open_workspace
from app.storage.database import SQLITE_HEADER, check_database, open_database
from app.storage.errors import DamagedDatabaseError
from app.storage.lock import DatabaseLock
from tests.helpers.factories import long_text
from tests.helpers.filesystems import damage_database
from tests.helpers.processes import focal_env, run_python

PAGE = 4096


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def filled_database(path: Path) -> bytes:
    """A closed Focal database with a report and some long texts; its bytes."""
    workspace = open_workspace(path)
    report = reports.create_report(workspace, "iom", 2025)
    for index, row in enumerate(report.rows[:6]):
        reports.save_row_texts(workspace, row.row_id, {"executed": long_text(3000, seed=index)})
    workspace.close()
    return path.read_bytes()


def test_a_clean_close_folds_the_journal_into_the_database_file(db_path):
    open_workspace(db_path).close()
    reader = sqlite3.connect(db_path)  # another program reading: SQLite alone keeps the WAL
    reader.execute("SELECT count(*) FROM sqlite_master").fetchone()
    workspace = open_workspace(db_path)
    report = reports.create_report(workspace, "iom", 2025)
    reports.save_row_texts(workspace, report.rows[0].row_id, {"executed": "kept in the file"})
    wal = Path(f"{db_path}-wal")
    assert wal.stat().st_size > 0
    workspace.close()
    assert wal.stat().st_size == 0
    # Read the database file alone, ignoring any journal: the text is in it.
    alone = sqlite3.connect(db_path.as_uri() + "?immutable=1", uri=True)
    found = alone.execute("SELECT count(*) FROM report_row WHERE executed = 'kept in the file'")
    assert found.fetchone() == (1,)
    alone.close()
    reader.close()


def test_a_killed_focal_leaves_a_journal_that_the_next_start_checks_and_applies(db_path, tmp_path):
    open_workspace(db_path).close()
    code = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "from app.services import reports\n"
        "from app.services.workspace import open_workspace\n"
        "workspace = open_workspace(Path(sys.argv[1]), lock=True)\n"
        "report = reports.create_report(workspace, 'ilo', 2024)\n"
        "row = report.rows[0].row_id\n"
        "reports.save_row_texts(workspace, row, {'executed': 'saved, then killed'})\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    done = run_python("-c", code, str(db_path), env=focal_env(tmp_path / "data"))
    assert done.returncode == -9, done.stderr
    assert Path(f"{db_path}-wal").stat().st_size > 0  # the saved text is only in the journal
    assert check_database(db_path) is None
    workspace = open_workspace(db_path, lock=True)  # the dead process's lock is gone too
    summary = reports.list_reports(workspace)
    assert [(s.implementer_id, s.year) for s in summary] == [("ilo", 2024)]
    assert reports.load_report(workspace, summary[0].id).rows[0].executed == "saved, then killed"
    workspace.close()


def test_check_database_finds_nothing_in_a_healthy_or_missing_file(db_path, tmp_path):
    filled_database(db_path)
    assert check_database(db_path) is None
    assert check_database(db_path, thorough=True) is None
    assert check_database(tmp_path / "missing.sqlite3") is None


@pytest.mark.parametrize("fraction", [0.4, 0.9])
def test_a_truncated_database_is_refused_and_left_as_it_was(db_path, tmp_path, fraction):
    data = filled_database(db_path)
    truncated = tmp_path / "truncated.sqlite3"
    truncated.write_bytes(data[: int(len(data) * fraction)])
    before = digest(truncated)
    assert check_database(truncated) is not None
    with pytest.raises(DamagedDatabaseError) as refused:
        open_workspace(truncated, lock=True)
    message = refused.value.message
    assert str(truncated) in message
    assert "damaged" in message
    assert "backup" in message
    assert refused.value.path == truncated
    assert digest(truncated) == before
    assert DatabaseLock(truncated).holder() is None


def test_a_garbage_file_is_refused_and_left_as_it_was(tmp_path):
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(random.Random(7).randbytes(300_000))
    before = digest(garbage)
    with pytest.raises(DamagedDatabaseError) as refused:
        open_workspace(garbage)
    assert str(garbage) in refused.value.message
    assert digest(garbage) == before


def test_garbage_behind_a_sqlite_header_is_refused_and_left_as_it_was(tmp_path):
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(SQLITE_HEADER + random.Random(8).randbytes(PAGE * 40))
    before = digest(garbage)
    with pytest.raises(DamagedDatabaseError) as refused:
        open_workspace(garbage)
    assert str(garbage) in refused.value.message
    assert digest(garbage) == before


def test_damaged_pages_inside_are_found_and_named(db_path):
    filled_database(db_path)
    damage_database(db_path)
    before = digest(db_path)
    problem = check_database(db_path)
    assert problem is not None
    with pytest.raises(DamagedDatabaseError) as refused:
        open_database(db_path, check=True)
    assert problem in refused.value.message
    assert str(db_path) in refused.value.message
    assert digest(db_path) == before
