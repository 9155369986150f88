"""Backups: checked copies, the daily rule, keeping and pruning, restoring without losing a byte."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from alembic import command

from app.cli import main
from app.services import backup, reports
from app.services.backup import BackupInfo
from app.services.workspace import open_workspace
from app.storage.backup_files import backup_dir, backup_name, parse_backup_name
from app.storage.database import (
    HEAD_REVISION,
    alembic_config,
    check_database,
    make_engine,
    stored_revision,
)
from app.storage.errors import (
    DamagedDatabaseError,
    DatabaseInUseError,
    NewerDatabaseError,
    StorageError,
)
from app.storage.lock import DatabaseLock
from tests.helpers.filesystems import damage_database
from tests.helpers.processes import ROOT, focal_env

QUITO = timezone(timedelta(hours=-5))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def implementers_with_reports(path: Path) -> list[str]:
    workspace = open_workspace(path)
    try:
        return [s.implementer_id for s in reports.list_reports(workspace)]
    finally:
        workspace.close()


def database_with(path: Path, *implementers: str) -> Path:
    workspace = open_workspace(path)
    for implementer in implementers:
        report = reports.create_report(workspace, implementer, 2025)
        reports.save_row_texts(workspace, report.rows[0].row_id, {"executed": f"by {implementer}"})
    workspace.close()
    return path


def old_schema_database(path: Path) -> Path:
    """A database at schema 0001 (before consolidation texts), with one row of data."""
    engine = make_engine(path)
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO implementer_group (id, section, name, position) "
            "VALUES ('oas', 'III.A', 'Organs of the OAS', 0)"
        )
    engine.dispose()
    return path


def stamp_newer_schema(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    connection.close()


# --- making backups ---------------------------------------------------------------------


def test_a_backup_of_an_open_database_holds_everything_saved(workspace, tmp_path):
    report = reports.create_report(workspace, "iom", 2025)
    reports.save_row_texts(workspace, report.rows[0].row_id, {"executed": "Centro en Quito ✓"})
    copy = backup.backup_database(workspace.path, tmp_path / "copy.sqlite3")
    assert copy.read_bytes()[18:20] == b"\x01\x01"  # one self-contained file, no journal
    assert check_database(copy, thorough=True) is None
    assert not [name for name in os.listdir(tmp_path) if name.startswith("copy.sqlite3.")]
    other = open_workspace(copy)
    assert reports.load_report(other, report.report_id).rows[0].executed == "Centro en Quito ✓"
    other.close()


def test_a_backup_without_target_goes_to_the_backups_folder_as_manual(workspace):
    made = backup.backup_database(workspace.path)
    assert made.parent == backup_dir()
    (info,) = backup.list_backups(workspace.path)
    assert (info.path, info.kind, info.size) == (made, "manual", made.stat().st_size)
    assert info.created.tzinfo is not None
    assert abs(datetime.now(UTC) - info.created) < timedelta(minutes=1)


def test_a_backup_into_a_folder_gets_a_dated_name(workspace, tmp_path):
    folder = tmp_path / "usb"
    folder.mkdir()
    made = backup.backup_database(workspace.path, folder)
    assert made.parent == folder
    assert parse_backup_name(workspace.path, made.name) is not None


def test_a_damaged_database_gives_no_backup_and_an_error(db_path, tmp_path):
    database_with(db_path, "iom", "ilo")
    damage_database(db_path)
    folder = tmp_path / "copies"
    folder.mkdir()
    with pytest.raises(DamagedDatabaseError) as failed:
        backup.backup_database(db_path, folder / "copy.sqlite3")
    assert str(db_path) in failed.value.message
    assert os.listdir(folder) == []


def test_names_say_when_and_why_and_keep_databases_apart(tmp_path):
    when = datetime(2025, 3, 14, 9, 30, tzinfo=QUITO)
    database = tmp_path / "focal.sqlite3"
    other = tmp_path / "elsewhere" / "focal.sqlite3"
    name = backup_name(database, when, "daily")
    assert name.startswith("focal-20250314-")
    assert parse_backup_name(database, name) == (when, "daily")
    assert parse_backup_name(other, name) is None  # same file name, another database
    default = Path(os.environ["FOCAL_DATA_DIR"]) / "focal.sqlite3"
    assert parse_backup_name(default, "focal-20240101-120000.sqlite3") == (
        datetime(2024, 1, 1, 12, tzinfo=UTC),
        "daily",
    )  # the names of earlier Focal versions, in UTC
    assert parse_backup_name(default, backup_name(database, when)) is None


# --- the daily backup and what is kept --------------------------------------------------


def test_one_automatic_backup_per_local_calendar_day(workspace, tmp_path):
    folder = tmp_path / "backups"
    late = datetime(2025, 3, 14, 23, 30, tzinfo=QUITO)
    first = backup.automatic_backup(workspace.path, folder, now=late)
    assert first is not None
    assert backup.automatic_backup(workspace.path, folder, now=late + timedelta(minutes=20)) is None
    # Forty minutes later it is another day in Quito: a new backup, however recent the last.
    next_day = backup.automatic_backup(workspace.path, folder, now=late + timedelta(minutes=40))
    assert next_day is not None
    # Seen from UTC, both were made on 15 March: nothing more that day.
    utc_morning = datetime(2025, 3, 15, 12, 0, tzinfo=UTC)
    assert backup.automatic_backup(workspace.path, folder, now=utc_morning) is None
    kinds = [(i.kind, i.path) for i in backup.list_backups(workspace.path, folder)]
    assert kinds == [("daily", next_day), ("daily", first)]


def test_a_manual_backup_does_not_replace_the_daily_one(workspace, tmp_path):
    folder = tmp_path / "backups"
    backup.backup_database(workspace.path, folder / backup_name(workspace.path))
    assert backup.automatic_backup(workspace.path, folder) is not None


def test_no_automatic_backup_of_a_database_that_does_not_exist(tmp_path):
    assert backup.automatic_backup(tmp_path / "none.sqlite3", tmp_path / "backups") is None
    assert not (tmp_path / "backups").exists()


def test_two_years_of_daily_starts_keep_days_then_weeks_then_months(workspace, tmp_path):
    folder = tmp_path / "backups"
    start = datetime(2024, 1, 1, 8, 0, tzinfo=QUITO)
    first = backup.automatic_backup(workspace.path, folder, now=start)
    assert first is not None
    model = shutil.copyfile(first, tmp_path / "model.sqlite3")
    kept_forever = []
    for kind in ("manual", "before-migration", "before-restore"):
        path = folder / backup_name(workspace.path, start + timedelta(hours=1), kind)
        os.link(model, path)
        kept_forever.append(path)
    days = 730
    for day in range(1, days):
        now = start + timedelta(days=day)
        # What automatic_backup writes each day (a link to one real copy, to be quick)...
        os.link(model, folder / backup_name(workspace.path, now, "daily"))
        # ...and the pruning it then does.
        backup.prune_backups(workspace.path, folder, now)
    now = start + timedelta(days=days - 1)
    today = now.date()
    kept = backup.list_backups(workspace.path, folder)
    dailies = [i.created.astimezone(QUITO).date() for i in kept if i.kind == "daily"]
    assert all(path.exists() for path in kept_forever)
    # Every day of the last week...
    assert [today - timedelta(days=n) for n in range(7)] == dailies[:7]
    # ...then one a week, for five weeks...
    weekly = [d for d in dailies if 7 <= (today - d).days < 42]
    assert len({d.isocalendar()[:2] for d in weekly}) == len(weekly)
    assert len(weekly) >= 5
    # ...then one a month, for about a year; nothing older.
    monthly = [d for d in dailies if (today - d).days >= 42]
    assert len({(d.year, d.month) for d in monthly}) == len(monthly)
    assert 11 <= len(monthly) <= 13
    assert min(dailies) > today - timedelta(days=430)
    assert len(dailies) <= 7 + 6 + 13


def test_the_backup_before_a_migration_is_listed(db_path):
    old_schema_database(db_path)
    workspace = open_workspace(db_path)
    assert workspace.db.migrated_from == "0001"
    workspace.close()
    (info,) = backup.list_backups(db_path)
    assert info.kind == "before-migration"
    assert info.path.parent == backup_dir()
    assert stored_revision(info.path) == "0001"
    assert stored_revision(db_path) == HEAD_REVISION


# --- choosing the backup to restore -----------------------------------------------------


def test_the_latest_good_backup_skips_damaged_and_newer_ones(db_path, tmp_path):
    database_with(db_path, "iom")
    folder = tmp_path / "backups"
    moments = [datetime(2025, 5, day, 9, tzinfo=QUITO) for day in (1, 2, 3)]
    good = folder / backup_name(db_path, moments[0], "daily")
    backup.backup_database(db_path, good)
    newer = backup.backup_database(db_path, folder / backup_name(db_path, moments[1], "manual"))
    stamp_newer_schema(newer)
    damaged = backup.backup_database(db_path, folder / backup_name(db_path, moments[2], "daily"))
    damage_database(damaged)
    listed = backup.list_backups(db_path, folder)
    assert [i.path for i in listed] == [damaged, newer, good]
    assert backup.latest_good_backup(db_path, folder) == BackupInfo(
        path=good, created=moments[0], size=good.stat().st_size, kind="daily"
    )
    assert "newer" in (backup.backup_problem(newer) or "")
    assert backup.backup_problem(damaged)


def test_no_good_backup_at_all(db_path, tmp_path):
    assert backup.latest_good_backup(db_path, tmp_path / "backups") is None


# --- restoring --------------------------------------------------------------------------


def test_restore_brings_back_the_backup_and_backs_up_the_current_one(db_path, tmp_path):
    database_with(db_path, "ilo")
    saved = backup.backup_database(db_path, tmp_path / "saved.sqlite3")
    database_with(db_path, "iom")
    kept = backup.restore_backup(saved, db_path)
    assert kept is not None
    assert implementers_with_reports(db_path) == ["ilo"]
    (info,) = backup.list_backups(db_path)
    assert (info.path, info.kind) == (kept, "before-restore")
    assert sorted(implementers_with_reports(kept)) == ["ilo", "iom"]
    assert sorted(p.name for p in tmp_path.iterdir() if "restoring" in p.name) == []


def test_restoring_over_a_crashed_session_keeps_its_last_saves(db_path, tmp_path):
    database_with(db_path, "ilo")
    saved = backup.backup_database(db_path, tmp_path / "saved.sqlite3")
    code = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "from app.services import reports\n"
        "from app.services.workspace import open_workspace\n"
        "workspace = open_workspace(Path(sys.argv[1]), lock=True)\n"
        "reports.create_report(workspace, 'iom', 2025)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(db_path)],
        cwd=ROOT,
        env=focal_env(tmp_path / "data"),
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == -9
    assert Path(f"{db_path}-wal").stat().st_size > 0  # the crashed session's last save
    kept = backup.restore_backup(saved, db_path)
    assert kept is not None
    # The restored file is what opens (the old journal was not applied to it)...
    assert implementers_with_reports(db_path) == ["ilo"]
    # ...and the save that was only in that journal is in the backup made before restoring.
    assert sorted(implementers_with_reports(kept)) == ["ilo", "iom"]


@pytest.mark.parametrize("how", ["truncated", "not a database"])
def test_restoring_over_a_damaged_database_keeps_its_bytes(db_path, tmp_path, how):
    database_with(db_path, "ilo")
    saved = backup.backup_database(db_path, tmp_path / "saved.sqlite3")
    database_with(db_path, "iom")
    if how == "truncated":
        db_path.write_bytes(db_path.read_bytes()[: db_path.stat().st_size * 4 // 10])
    else:
        db_path.write_bytes(b"PK\x03\x04 a spreadsheet saved over the database" * 200)
    original = db_path.read_bytes()
    kept = backup.restore_backup(saved, db_path)
    assert kept is not None
    assert kept.parent == db_path.parent
    assert kept.name.startswith("focal.damaged-")
    assert kept.suffix == ".sqlite3"
    assert kept.read_bytes() == original
    assert implementers_with_reports(db_path) == ["ilo"]
    assert backup.list_backups(db_path) == []  # nothing damaged in the backups folder


def test_restoring_over_a_database_from_a_newer_focal_keeps_it(db_path, tmp_path):
    database_with(db_path, "ilo")
    saved = backup.backup_database(db_path, tmp_path / "saved.sqlite3")
    database_with(db_path, "iom")
    stamp_newer_schema(db_path)
    before = digest(db_path)
    kept = backup.restore_backup(saved, db_path)
    assert kept is not None
    assert stored_revision(kept) == "9999_from_the_future"
    assert implementers_with_reports(db_path) == ["ilo"]
    assert before != digest(db_path)


def test_a_backup_from_a_newer_focal_is_not_restored(db_path, tmp_path):
    database_with(db_path, "ilo")
    newer = backup.backup_database(db_path, tmp_path / "newer.sqlite3")
    stamp_newer_schema(newer)
    before = digest(db_path)
    with pytest.raises(NewerDatabaseError, match="newer version of Focal"):
        backup.restore_backup(newer, db_path)
    assert digest(db_path) == before
    assert backup.list_backups(db_path) == []


@pytest.mark.parametrize("content", ["damaged", "garbage"])
def test_a_bad_backup_changes_nothing(db_path, tmp_path, content):
    database_with(db_path, "ilo")
    bad = tmp_path / "bad.sqlite3"
    if content == "damaged":
        shutil.copyfile(database_with(tmp_path / "other.sqlite3", "iom", "cim"), bad)
        damage_database(bad)
    else:
        bad.write_bytes(b"not a database" * 100)
    before = digest(db_path)
    with pytest.raises(DamagedDatabaseError) as refused:
        backup.restore_backup(bad, db_path)
    assert str(bad) in refused.value.message
    assert digest(db_path) == before
    assert backup.list_backups(db_path) == []


def test_a_backup_of_an_older_schema_is_restored_up_to_date(db_path, tmp_path):
    database_with(db_path, "ilo")
    old = old_schema_database(tmp_path / "old.sqlite3")
    backup.restore_backup(old, db_path)
    assert stored_revision(db_path) == HEAD_REVISION
    assert check_database(db_path, thorough=True) is None
    with sqlite3.connect(db_path) as connection:
        names = connection.execute("SELECT name FROM implementer_group").fetchall()
    connection.close()
    assert names == [("Organs of the OAS",)]
    assert stored_revision(old) == "0001"  # the backup itself is left as it was


def test_restoring_where_there_is_no_database_yet(db_path, tmp_path):
    saved = backup.backup_database(database_with(tmp_path / "a.sqlite3", "ilo"))
    assert backup.restore_backup(saved, db_path) is None
    assert implementers_with_reports(db_path) == ["ilo"]


def test_restore_is_refused_while_another_focal_has_the_database(db_path, tmp_path):
    database_with(db_path, "ilo")
    saved = backup.backup_database(db_path, tmp_path / "saved.sqlite3")
    code = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from app.storage.lock import DatabaseLock\n"
        "DatabaseLock(Path(sys.argv[1])).acquire()\n"
        "print('locked', flush=True)\n"
        "time.sleep(120)\n"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", code, str(db_path)],
        cwd=ROOT,
        env=focal_env(tmp_path / "data"),
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        before = digest(db_path)
        with pytest.raises(DatabaseInUseError) as refused:
            backup.restore_backup(saved, db_path)
        assert refused.value.holder is not None and refused.value.holder.pid == holder.pid
        assert digest(db_path) == before
    finally:
        holder.kill()
        holder.wait(timeout=30)
        if holder.stdout is not None:
            holder.stdout.close()
    assert backup.restore_backup(saved, db_path) is not None
    assert DatabaseLock(db_path).holder() is None


# --- the commands -----------------------------------------------------------------------


def run(capsys, db_path, *args):
    code = main(["--db", str(db_path), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_backup_and_restore_commands(capsys, db_path, tmp_path):
    assert main(["--db", str(db_path), "new", "--implementer", "cim", "--year", "2022"]) == 0
    target = tmp_path / "manual.sqlite3"
    assert run(capsys, db_path, "backup", str(target))[0] == 0  # the older positional form
    assert target.exists()
    folder = tmp_path / "usb"
    folder.mkdir()
    code, out, _ = run(capsys, db_path, "backup", "--to", str(folder))
    assert code == 0
    (written,) = folder.iterdir()
    assert str(written) in out
    code, out, _ = run(capsys, db_path, "backup")
    assert code == 0
    (in_folder,) = backup.list_backups(db_path)
    assert str(in_folder.path) in out

    code, out, _ = run(capsys, db_path, "restore", str(target))
    assert code == 0
    assert "before-restore" in out

    code, out, _ = run(capsys, db_path, "backup", "--list")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["Made", "Kind", "Size", "File"]
    listed = backup.list_backups(db_path)
    assert len(lines) == 1 + len(listed)
    for line, info in zip(lines[1:], listed, strict=True):
        assert info.kind in line
        assert line.endswith(str(info.path))
        assert f"{info.created.astimezone():%Y-%m-%d %H:%M}" in line

    code, out, _ = run(capsys, db_path, "backup", "--list", "--json")
    assert code == 0
    assert json.loads(out) == [
        {
            "created": info.created.isoformat(timespec="seconds"),
            "kind": info.kind,
            "size": info.size,
            "path": str(info.path),
        }
        for info in listed
    ]


def test_restore_latest_command(capsys, db_path):
    code, _out, err = run(capsys, db_path, "restore", "--latest")
    assert code == 1
    assert "no good backup" in err
    database_with(db_path, "ilo")
    assert run(capsys, db_path, "backup")[0] == 0
    database_with(db_path, "iom")
    code, out, _ = run(capsys, db_path, "restore", "--latest")
    assert code == 0
    latest = next(i for i in backup.list_backups(db_path) if i.kind == "manual")
    assert str(latest.path) in out
    assert implementers_with_reports(db_path) == ["ilo"]


def test_restore_command_needs_a_file_or_latest(capsys, db_path):
    with pytest.raises(SystemExit) as usage:
        main(["--db", str(db_path), "restore"])
    assert usage.value.code == 2
    with pytest.raises(SystemExit) as both:
        main(["--db", str(db_path), "restore", "x.sqlite3", "--latest"])
    assert both.value.code == 2
    capsys.readouterr()


def test_backup_command_without_a_database(capsys, db_path):
    code, _out, err = run(capsys, db_path, "backup")
    assert code == 1
    assert str(db_path) in err


def test_a_backup_is_never_written_over_the_database(db_path):
    database_with(db_path, "ilo")
    before = digest(db_path)
    with pytest.raises(StorageError, match="over the database itself"):
        backup.backup_database(db_path, db_path)
    assert digest(db_path) == before
