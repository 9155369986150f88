"""The start-up's quick read gives exactly what the full path gives, or None when in doubt."""

from __future__ import annotations

import hashlib
import sqlite3
import time
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from app.core.report import FinancingLine, FocalPoint, ReportStatus
from app.services import reports
from app.services.workspace import open_workspace
from app.storage import report_store
from app.storage.quick_read import read_start, shipped_catalogue
from tests.helpers.factories import HOSTILE_TEXTS, sample_report


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def stored(workspace, data) -> int:
    with workspace.db.session() as session:
        return report_store.create_report(session, data).id


def same_report(quick, full) -> None:
    """Equal as data, and the ids the window writes edits to are the same too."""
    assert quick == full
    assert quick.report_id == full.report_id
    assert [row.row_id for row in quick.rows] == [row.row_id for row in full.rows]


def test_the_quick_read_equals_the_orm_read(workspace, db_path, catalogue):
    hostile = sample_report(catalogue, "iachr", 2025, seed=3, hostile=True)
    financing = (
        FinancingLine(source="oas-regular-fund", donor="Gobierno de México", amount=None),
        FinancingLine(source=None, donor="«Fondo» ✓", amount=Decimal("1234.5"), currency="EUR"),
        FinancingLine(source="other", donor="", amount=Decimal("0.10"), currency="USD"),
        FinancingLine(amount=Decimal("99999999.99"), currency="BRL"),
    )
    rows = [replace(row, financing=financing) for row in hostile.rows]
    rows[0] = replace(rows[0], programmed=HOSTILE_TEXTS[6], financing=())
    data = replace(
        hostile,
        rows=tuple(rows),
        status=ReportStatus.DRAFT,
        language="es",
        focal_point=FocalPoint(name="José «Pepe» Núñez", email="", phone="\t+34 600 000 000"),
    )
    report_id = stored(workspace, data)
    # Grouped rows: one row covering activities 1-4, as seed 004 writes them.
    report = reports.load_report(workspace, report_id)
    first_four = [row.row_id for row in report.rows if row.activities[0] in (1, 2, 3, 4)]
    reports.group_rows(workspace, report_id, first_four)
    reports.save_row_texts(workspace, report.rows[-1].row_id, {"executed": "🌎 último\r\ncambio"})
    full = reports.load_report(workspace, report_id)
    assert full.rows[0].activities == (1, 2, 3, 4)

    start = read_start(db_path, report_id, catalogue)

    assert start is not None
    same_report(start.report, full)
    assert start.report.updated == full.updated and start.report.updated.tzinfo is not None
    assert start.catalogue == workspace.catalogue


def test_the_catalogue_has_the_implementers_as_added_and_renamed(workspace, db_path, catalogue):
    new_id = workspace.add_implementer("Secretaría de Acceso a Derechos", "oas", "SADyE")
    workspace.rename_implementer("iom", "Organización Internacional para las Migraciones", "OIM")
    report = reports.create_report(workspace, new_id, 2024)
    reports.add_activity_rows(workspace, report.report_id, [7, 51])

    start = read_start(db_path, None, catalogue)

    assert start is not None
    assert start.catalogue == workspace.refresh_catalogue()
    assert start.catalogue.implementer("iom").short_name == "OIM"
    assert start.catalogue.implementer(new_id).name == "Secretaría de Acceso a Derechos"
    assert start.report.implementer_name == "Secretaría de Acceso a Derechos"
    same_report(start.report, reports.load_report(workspace, report.report_id))


def test_the_report_shown_is_the_last_opened_else_the_latest(workspace, db_path, catalogue):
    older = reports.create_report(workspace, "cim", 2024)
    newer = reports.create_report(workspace, "iom", 2025)

    assert read_start(db_path, older.report_id, catalogue).report.report_id == older.report_id
    assert read_start(db_path, None, catalogue).report.report_id == newer.report_id
    time.sleep(0.01)
    reports.save_row_texts(workspace, older.rows[0].row_id, {"executed": "touched"})
    assert read_start(db_path, None, catalogue).report.report_id == older.report_id
    reports.delete_report(workspace, older.report_id)  # the last one opened is gone
    assert read_start(db_path, older.report_id, catalogue).report.report_id == newer.report_id


def test_reading_leaves_the_file_untouched(workspace, db_path, catalogue):
    reports.create_report(workspace, "cim", 2025)
    workspace.close()
    before = digest(db_path)
    assert read_start(db_path, None, catalogue) is not None
    assert digest(db_path) == before
    # SQLite may leave its shared-memory index for WAL readers, but nothing was logged to write.
    wal = db_path.with_name(db_path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0


def test_no_file_or_a_file_that_is_not_a_database_gives_none(tmp_path, catalogue):
    assert read_start(tmp_path / "missing.sqlite3", None, catalogue) is None
    assert read_start(tmp_path, None, catalogue) is None  # a folder
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(b"PK\x03\x04 a workbook, not a database" * 50)
    assert read_start(damaged, None, catalogue) is None
    assert damaged.read_bytes() == b"PK\x03\x04 a workbook, not a database" * 50
    empty = tmp_path / "empty.sqlite3"
    empty.touch()
    assert read_start(empty, None, catalogue) is None
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE notes (text TEXT)")
    connection.close()
    assert read_start(other, None, catalogue) is None


def test_a_database_without_reports_gives_none(workspace, db_path, catalogue):
    assert read_start(db_path, None, catalogue) is None
    assert read_start(db_path, 1, catalogue) is None


@pytest.mark.parametrize("revision", ["0001", "9999_from_the_future"])
def test_another_schema_revision_gives_none(workspace, db_path, catalogue, revision):
    reports.create_report(workspace, "cim", 2025)
    workspace.close()
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    connection.close()
    assert read_start(db_path, None, catalogue) is None


def test_a_shipped_implementer_missing_from_the_database_gives_none(workspace, db_path, catalogue):
    report = reports.create_report(workspace, "cim", 2025)
    workspace.close()
    with sqlite3.connect(db_path) as connection:
        connection.execute("PRAGMA foreign_keys = OFF")
        connection.execute("DELETE FROM implementer WHERE id = 'iom'")
    connection.close()
    assert read_start(db_path, report.report_id, catalogue) is None
    # The full path puts it back, after which the quick read is trusted again.
    again = open_workspace(db_path)
    again.close()
    assert read_start(db_path, report.report_id, catalogue) is not None


def test_a_database_locked_by_another_program_gives_none_quickly(workspace, db_path, catalogue):
    reports.create_report(workspace, "cim", 2025)
    workspace.close()
    other = sqlite3.connect(db_path, isolation_level=None)
    try:
        other.execute("PRAGMA locking_mode = EXCLUSIVE")
        other.execute("BEGIN EXCLUSIVE")
        other.execute("COMMIT")  # exclusive mode keeps the lock: readers are shut out
        started = time.monotonic()
        assert read_start(db_path, None, catalogue, timeout=0.1) is None
        assert time.monotonic() - started < 5
    finally:
        other.close()
    assert read_start(db_path, None, catalogue) is not None


def test_the_shipped_catalogue_is_read_from_a_checked_copy(tmp_path, catalogue, monkeypatch):
    cache = tmp_path / "cache"
    assert shipped_catalogue(cache) == catalogue
    (copy,) = cache.glob("catalogue-*.json")

    def no_toml(_text: str) -> dict:
        raise AssertionError("the TOML was parsed again")

    monkeypatch.setattr("tomllib.loads", no_toml)
    assert shipped_catalogue(cache) == catalogue  # from the copy
    monkeypatch.undo()

    # A damaged copy (one character changed) is not trusted: the TOML is read and the copy
    # written again.
    damaged = copy.read_bytes().replace(b"Migrants", b"Migrantz", 1)
    copy.write_bytes(damaged)
    assert shipped_catalogue(cache) == catalogue
    assert copy.read_bytes() != damaged
    (stale := cache / "catalogue-0123.json").write_text("{}", encoding="utf-8")
    copy.unlink()
    assert shipped_catalogue(cache) == catalogue
    assert not stale.exists()  # copies for other versions of the file are removed
