"""Full and read-only disks, for real: clear errors with the path, and nothing saved is lost."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.services import backup, reports
from app.services.pdf_export import export_pdf
from app.services.workspace import open_workspace
from app.services.xlsx_exchange import ExchangeError, export_xlsx
from app.storage.database import check_database, open_database
from app.storage.errors import DiskFullError, ReadOnlyDatabaseError, StorageError
from tests.helpers.factories import long_text
from tests.helpers.filesystems import (
    file_names,
    read_only_filesystem,
    simulated_full_disk,
    small_filesystem,
)

OLD = "The text saved before the disk filled up."


def saved_report(path: Path) -> tuple[int, int]:
    """A database at ``path`` with one report whose first row holds :data:`OLD`."""
    workspace = open_workspace(path)
    report = reports.create_report(workspace, "iom", 2025)
    row_id = report.rows[0].row_id
    reports.save_row_texts(workspace, row_id, {"executed": OLD})
    workspace.close()
    assert report.report_id is not None and row_id is not None
    return report.report_id, row_id


def executed(path: Path, report_id: int, **options: bool) -> str:
    workspace = open_workspace(path, **options)
    try:
        return reports.load_report(workspace, report_id).rows[0].executed
    finally:
        workspace.close()


def assert_whole(path: Path) -> None:
    assert check_database(path, thorough=True) is None


def test_a_save_on_a_full_disk_fails_clearly_and_keeps_what_was_saved(db_path):
    report_id, row_id = saved_report(db_path)
    workspace = open_workspace(db_path)
    with simulated_full_disk(workspace), pytest.raises(DiskFullError) as full:
        reports.save_row_texts(workspace, row_id, {"executed": long_text(400_000)})
    assert str(db_path) in full.value.message
    assert reports.load_report(workspace, report_id).rows[0].executed == OLD
    reports.save_row_texts(workspace, row_id, {"executed": "room again"})  # space came back
    workspace.close()
    assert_whole(db_path)
    assert executed(db_path, report_id) == "room again"


def test_a_save_on_a_really_full_disk_fails_clearly_and_keeps_what_was_saved():
    with small_filesystem(3072) as disk:
        database = disk.path / "focal.sqlite3"
        report_id, row_id = saved_report(database)
        workspace = open_workspace(database)
        filler = disk.fill()
        with pytest.raises(DiskFullError) as full:
            reports.save_row_texts(workspace, row_id, {"executed": long_text(1_000_000)})
        assert str(database) in full.value.message
        assert reports.load_report(workspace, report_id).rows[0].executed == OLD
        workspace.close()  # no checkpoint is possible on a full disk: closing still works
        filler.unlink()
        assert_whole(database)
        assert executed(database, report_id) == OLD


def test_a_backup_to_a_full_disk_fails_and_leaves_no_partial_file(db_path):
    saved_report(db_path)
    with small_filesystem(64) as disk:
        target = disk.path / "copy.sqlite3"
        with pytest.raises(DiskFullError) as full:
            backup.backup_database(db_path, target)
        assert str(target) in full.value.message
        assert file_names(disk.path) == []
    assert_whole(db_path)


def test_a_database_on_a_read_only_disk_can_be_read_but_not_written():
    found: dict[str, int] = {}

    def prepare(folder: Path) -> None:
        found["report"], found["row"] = saved_report(folder / "focal.sqlite3")

    with read_only_filesystem(prepare) as folder:
        database = folder / "focal.sqlite3"
        with pytest.raises(ReadOnlyDatabaseError) as refused:
            open_workspace(database)
        assert str(database) in refused.value.message
        assert "read-only" in refused.value.message

        workspace = open_workspace(database, read_only=True)
        assert workspace.read_only
        assert reports.load_report(workspace, found["report"]).rows[0].executed == OLD
        with pytest.raises(ReadOnlyDatabaseError) as write:
            reports.save_row_texts(workspace, found["row"], {"executed": "changed"})
        assert str(database) in write.value.message
        assert "read-only" in write.value.message
        workspace.close()
        assert file_names(folder) == ["focal.sqlite3"]


def test_a_read_only_opening_never_changes_the_file(db_path):
    report_id, row_id = saved_report(db_path)
    before = db_path.read_bytes()
    workspace = open_workspace(db_path, read_only=True)
    assert reports.load_report(workspace, report_id).rows[0].executed == OLD
    with pytest.raises(ReadOnlyDatabaseError):
        reports.save_row_texts(workspace, row_id, {"executed": "changed"})
    workspace.close()
    assert db_path.read_bytes() == before


def test_a_missing_database_cannot_be_opened_read_only(db_path):
    with pytest.raises(StorageError, match="no database"):
        open_workspace(db_path, read_only=True)
    assert not db_path.exists()


def test_an_older_database_is_not_migrated_read_only(db_path):
    from alembic import command

    from app.storage.database import alembic_config, make_engine

    engine = make_engine(db_path)
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    engine.dispose()
    before = db_path.read_bytes()
    with pytest.raises(StorageError, match="read-only"):
        open_database(db_path, read_only=True)
    assert db_path.read_bytes() == before


def test_an_export_into_a_read_only_folder_fails_clearly_and_writes_nothing(db_path):
    saved_report(db_path)
    workspace = open_workspace(db_path)
    try:
        with read_only_filesystem(size_kb=64) as folder:
            target = folder / "report.xlsx"
            with pytest.raises(ExchangeError) as refused:
                export_xlsx(workspace, "iom", 2025, target)
            assert str(target) in str(refused.value)
            assert "Read-only" in str(refused.value)
            with pytest.raises(OSError, match="Read-only file system"):
                export_pdf(workspace, "iom", 2025, folder / "report.pdf")
            assert file_names(folder) == []
    finally:
        workspace.close()


def test_the_simulated_full_disk_lasts_only_while_asked(db_path):
    _report_id, row_id = saved_report(db_path)
    db = open_database(db_path)
    with simulated_full_disk(db), db.engine.connect() as connection:
        pages = connection.exec_driver_sql("PRAGMA page_count").scalar()
        assert connection.exec_driver_sql("PRAGMA max_page_count").scalar() == pages
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA max_page_count").scalar() > 1_000_000
    db.close()
    raw = sqlite3.connect(db_path)
    assert raw.execute("SELECT executed FROM report_row WHERE id = ?", (row_id,)).fetchone() == (
        OLD,
    )
    raw.close()
