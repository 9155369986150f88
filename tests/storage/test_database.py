"""Opening databases: pragmas, migrations from empty and from old schemas, refusals."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from app.storage.backup_files import backup_dir
from app.storage.database import (
    alembic_config,
    current_revision,
    head_revision,
    make_engine,
    open_database,
)
from app.storage.errors import DamagedDatabaseError, NewerDatabaseError
from app.storage.models import Base


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_pragmas(db_path):
    db = open_database(db_path)
    with db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() >= 1000
    db.close()


def test_empty_database_migrates_to_exactly_the_models(db_path):
    db = open_database(db_path)
    assert current_revision(db.engine) == head_revision()
    with db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []
    db.close()


def test_old_schema_is_backed_up_and_migrated_keeping_data(db_path):
    engine = make_engine(db_path)
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO implementer_group (id, section, name, position) "
                "VALUES ('oas', 'III.A', 'Organs', 0)"
            )
        )
    engine.dispose()
    assert "consolidation_text" not in _tables(db_path)

    db = open_database(db_path)
    assert db.migrated_from == "0001"
    assert current_revision(db.engine) == head_revision()
    assert "consolidation_text" in _tables(db_path)
    with db.engine.connect() as connection:
        assert connection.execute(text("SELECT name FROM implementer_group")).scalar() == "Organs"
    db.close()
    (backup,) = backup_dir().glob(f"{db_path.stem}-*-before-migration.*")  # in the backups folder
    assert "implementer_group" in _tables(backup)
    assert "consolidation_text" not in _tables(backup)


def _tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT name FROM sqlite_master WHERE type='table'").fetchall()
    connection.close()
    return {name for (name,) in rows}


def test_newer_database_is_refused_and_untouched(db_path):
    open_database(db_path).close()
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    connection.close()
    before = digest(db_path)
    with pytest.raises(NewerDatabaseError, match="newer version of Focal"):
        open_database(db_path)
    assert digest(db_path) == before


@pytest.mark.parametrize("content", [b"this is a spreadsheet, not a database" * 40, b"PK\x03\x04"])
def test_foreign_file_is_refused_and_untouched(db_path, content):
    db_path.write_bytes(content)
    with pytest.raises(DamagedDatabaseError, match="not a Focal database"):
        open_database(db_path)
    assert db_path.read_bytes() == content


def test_database_survives_reopening(workspace, db_path):
    from app.services import reports

    reports.create_report(workspace, "cim", 2024)
    workspace.close()
    db = open_database(db_path)
    assert db.migrated_from is None
    db.close()
    from app.services.workspace import open_workspace

    again = open_workspace(db_path)
    assert [(s.implementer_id, s.year) for s in reports.list_reports(again)] == [("cim", 2024)]
    again.close()
