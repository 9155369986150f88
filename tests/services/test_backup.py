"""Backups: consistent copies while the database is open, pruning, restoring."""

from __future__ import annotations

import os
import time

import pytest

from app.cli import main
from app.services import backup, reports
from app.services.workspace import open_workspace
from app.storage.errors import DamagedDatabaseError


def test_backup_of_an_open_database_holds_everything_saved(workspace, tmp_path):
    report = reports.create_report(workspace, "iom", 2025)
    reports.save_row_texts(workspace, report.rows[0].row_id, {"executed": "Centro en Quito ✓"})
    copy = backup.backup_database(workspace.path, tmp_path / "copy.sqlite3")
    other = open_workspace(copy)
    loaded = reports.load_report(other, report.report_id)
    assert loaded.rows[0].executed == "Centro en Quito ✓"
    other.close()


def test_automatic_backup_once_a_day_and_pruned(workspace, tmp_path):
    folder = tmp_path / "backups"
    first = backup.automatic_backup(workspace.path, folder)
    assert first is not None
    assert backup.automatic_backup(workspace.path, folder) is None  # too soon
    old = time.time() - 2 * 86400
    for index in range(backup.KEEP_AUTOMATIC + 3):
        path = folder / f"{workspace.path.stem}-2020010{index % 10}-00000{index}.sqlite3"
        path.write_bytes(first.read_bytes())
        os.utime(path, (old, old))
    os.utime(first, (old, old))
    made = backup.automatic_backup(workspace.path, folder)
    assert made is not None
    assert len(backup.list_backups(workspace.path, folder)) == backup.KEEP_AUTOMATIC
    assert made in backup.list_backups(workspace.path, folder)


def test_restore_brings_back_the_backup_and_keeps_the_current(workspace, db_path, tmp_path):
    report = reports.create_report(workspace, "ilo", 2025)
    saved = backup.backup_database(workspace.path, tmp_path / "saved.sqlite3")
    reports.delete_report(workspace, report.report_id)
    workspace.close()
    kept = backup.restore_backup(saved, db_path)
    restored = open_workspace(db_path)
    assert [s.implementer_id for s in reports.list_reports(restored)] == ["ilo"]
    restored.close()
    previous = open_workspace(kept)
    assert reports.list_reports(previous) == []
    previous.close()


def test_restoring_a_damaged_file_changes_nothing(workspace, db_path, tmp_path):
    reports.create_report(workspace, "ilo", 2025)
    workspace.close()
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"not a database" * 100)
    before = db_path.read_bytes()
    with pytest.raises(DamagedDatabaseError):
        backup.restore_backup(bad, db_path)
    assert db_path.read_bytes() == before


def test_backup_and_restore_commands(capsys, db_path, tmp_path):
    assert main(["--db", str(db_path), "new", "--implementer", "cim", "--year", "2022"]) == 0
    target = tmp_path / "manual.sqlite3"
    assert main(["--db", str(db_path), "backup", str(target)]) == 0
    assert target.exists()
    assert main(["--db", str(db_path), "restore", str(target)]) == 0
    out = capsys.readouterr().out
    assert "before-restore" in out
