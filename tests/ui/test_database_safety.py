"""The window when the database is in trouble: a full disk, a read-only disk, another Focal on
the same file, a damaged file, going back to a backup. Real files, real file systems, real
processes; each test checks what the user is told and that nothing typed or saved is lost."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.services import backup, reports
from app.services.workspace import open_workspace
from app.storage.database import check_database
from app.ui.application import open_workspace_or_explain, take_database_lock
from app.ui.backups_dialog import BackupsDialog
from app.ui.main_window import MainWindow
from tests.helpers.factories import long_text
from tests.helpers.filesystems import damage_database, read_only_filesystem, small_filesystem
from tests.ui.conftest import stored_report, wait_saved
from tests.ui.keyboard import type_text
from tests.ui.modal import click_button, press_yes, when_modal

SAVED = "Texto guardado: capacitación de 120 funcionarios de frontera."


def report_with_text(path: Path, text: str = SAVED) -> int:
    workspace = open_workspace(path)
    try:
        report = reports.create_report(workspace, "iom", 2025)
        assert report.report_id is not None and report.rows[0].row_id is not None
        reports.save_row_texts(workspace, report.rows[0].row_id, {"executed": text})
        return report.report_id
    finally:
        workspace.close()


def window_on(qtbot, settings, workspace) -> MainWindow:
    window = MainWindow(workspace, settings)
    window.autosaver.delay_ms = 100
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.open_initial_report()
    return window


def test_full_disk_keeps_the_text_shows_a_banner_and_saves_once_there_is_room(qtbot, make_window):
    with small_filesystem(12 * 1024) as disk:
        db = disk.path / "focal.sqlite3"
        report_id = report_with_text(db)
        window = make_window(db)
        filler = disk.fill()
        field = window.view.row_editor.fields["planned_next"]
        field.editor.setFocus()
        typed = long_text(300_000, seed=7)  # far more than the free pages of the journal
        field.editor.insertPlainText(typed)
        banner = window.banners.unsaved
        qtbot.waitUntil(lambda: not banner.isHidden(), timeout=10_000)
        assert "full" in banner.text() and str(db) in banner.text()
        assert "not saved yet" in banner.text()
        assert field.text() == typed and window.autosaver.has_pending()
        assert "full" in window.save_indicator.text()

        filler.unlink()
        retry = next(b for b in banner.buttons if "again" in b.text())
        QTest.mouseClick(retry, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: banner.isHidden(), timeout=10_000)
        assert not window.autosaver.has_pending()
        assert stored_report(db, report_id).rows[0].planned_next == typed
        assert stored_report(db, report_id).rows[0].executed == SAVED
        window.finish()
        window.workspace.close()
        assert check_database(db, thorough=True) is None


def test_a_database_on_a_read_only_disk_opens_read_only_and_says_why(qtbot, settings):
    with read_only_filesystem(lambda folder: report_with_text(folder / "focal.sqlite3")) as folder:
        db = folder / "focal.sqlite3"
        lock, reason = take_database_lock(db)  # no lock file can be made there
        assert lock is None and "read-only" in reason
        workspace = open_workspace_or_explain(db, read_only=True)
        assert workspace is not None
        window = window_on(qtbot, settings, workspace)
        window.set_read_only(reason)
        assert not window.banners.read_only.isHidden()
        assert "read-only" in window.banners.read_only.text()
        field = window.view.row_editor.fields["executed"]
        assert field.text() == SAVED
        field.editor.setFocus()
        type_text(field.editor, " cambio")
        assert field.text() == SAVED and not window.autosaver.has_pending()
        assert not window.new_action.isEnabled() and not window.add_action.isEnabled()
        assert window.exports.excel_action.isEnabled()  # reading and exporting still work
        window.finish()
        workspace.close()


HOLD_LOCK = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from app.storage.lock import DatabaseLock
    lock = DatabaseLock(Path(sys.argv[1]))
    lock.acquire()
    print("locked", flush=True)
    time.sleep(60)
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="the lock holder is killed with a signal")
def test_a_second_focal_is_offered_read_only_and_cannot_change_anything(qtbot, settings, db_path):
    report_id = report_with_text(db_path)
    other = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(db_path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert other.stdout is not None and other.stdout.readline().strip() == "locked"
        seen = when_modal(click_button("read-only"))
        taken = take_database_lock(db_path)
        assert taken is not None
        lock, reason = taken
        assert lock is None
        assert "open in another Focal" in seen[0] and str(db_path) in seen[0]
        assert f"process {other.pid}" in seen[0]
        workspace = open_workspace_or_explain(db_path, read_only=True)
        assert workspace is not None and workspace.read_only
        window = window_on(qtbot, settings, workspace)
        window.set_read_only(reason)
        assert "open in another Focal" in window.banners.read_only.text()
        assert window.view.row_editor.fields["executed"].editor.isReadOnly()
        assert not window.new_action.isEnabled()
        window.finish()
        workspace.close()
    finally:
        other.kill()
        other.wait()
    assert stored_report(db_path, report_id).rows[0].executed == SAVED
    # The other Focal is gone: the lock is free again.
    taken = take_database_lock(db_path)
    assert taken is not None and taken[0] is not None
    taken[0].release()


def test_a_second_focal_may_choose_to_quit(qtbot, db_path):
    report_with_text(db_path)
    other = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(db_path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert other.stdout is not None and other.stdout.readline().strip() == "locked"
        when_modal(click_button("Quit"))
        assert take_database_lock(db_path) is None
    finally:
        other.kill()
        other.wait()


def test_a_damaged_database_is_kept_and_the_latest_good_backup_offered(qtbot, db_path):
    report_id = report_with_text(db_path)
    good = backup.backup_database(db_path)
    damage_database(db_path)
    damaged_bytes = db_path.read_bytes()

    seen = when_modal(click_button("Restore the backup"))
    workspace = open_workspace_or_explain(db_path)
    assert workspace is not None
    try:
        assert "damaged" in seen[0] and str(db_path) in seen[0]
        assert reports.load_report(workspace, report_id).rows[0].executed == SAVED
    finally:
        workspace.close()
    kept = [p for p in db_path.parent.iterdir() if ".damaged-" in p.name and p.suffix == ".sqlite3"]
    assert len(kept) == 1 and kept[0].read_bytes() == damaged_bytes
    assert good.is_file()


def test_a_file_that_is_not_a_database_is_left_alone_when_there_is_no_backup(qtbot, db_path):
    db_path.write_bytes(b"PK\x03\x04 this is a workbook, not a database" * 100)
    before = db_path.read_bytes()
    seen = when_modal(click_button("Quit"))
    assert open_workspace_or_explain(db_path) is None
    assert "not a Focal database" in seen[0] and "No good backup" in seen[0]
    assert db_path.read_bytes() == before


def test_backups_window_lists_backups_and_restores_one(qtbot, make_window, db_path):
    report_id = report_with_text(db_path, "first version")
    backup.backup_database(db_path)
    window = make_window(db_path)
    field = window.view.row_editor.fields["executed"]
    field.editor.selectAll()
    field.editor.setFocus()
    type_text(field.editor, "second version, typed after the backup")
    wait_saved(qtbot, window)

    def look_and_restore(widget) -> None:
        assert isinstance(widget, BackupsDialog)
        assert widget.model.rowCount() == 1
        assert widget.model.index(0, 1).data() == "Made by hand"
        assert widget.model.index(0, 0).data()[:2] == "20"  # a date, yyyy-MM-dd HH:mm
        when_modal(press_yes, skip=widget)  # "Replace the reports ... ?"
        widget.restore_button.click()

    when_modal(look_and_restore)
    window.database.backups_action.trigger()

    qtbot.waitUntil(lambda: window.session is not None, timeout=5000)
    assert window.view.row_editor.fields["executed"].text() == "first version"
    assert stored_report(db_path, report_id).rows[0].executed == "first version"
    kinds = [item.kind for item in backup.list_backups(db_path)]
    assert sorted(kinds) == ["before-restore", "manual"]
    before_restore = next(i for i in backup.list_backups(db_path) if i.kind == "before-restore")
    kept = open_workspace(before_restore.path, read_only=True)
    try:
        text = reports.load_report(kept, report_id).rows[0].executed
    finally:
        kept.close()
    assert text == "second version, typed after the backup"


def test_a_database_in_a_synced_folder_gets_a_banner_that_can_be_dismissed(
    qtbot, make_window, tmp_path
):
    from app.storage.location import location_warning

    db = tmp_path / "OneDrive - Ministerio" / "Focal" / "focal.sqlite3"
    db.parent.mkdir(parents=True)
    report_with_text(db)
    window = make_window(db)
    window.database.show_location_warning(location_warning(db))
    banner = window.banners.location
    assert not banner.isHidden() and "OneDrive" in banner.text()
    dismiss = next(b for b in banner.buttons if "Dismiss" in b.text())
    QTest.mouseClick(dismiss, Qt.MouseButton.LeftButton)
    assert banner.isHidden()
    window.database.show_location_warning(location_warning(tmp_path / "local.sqlite3"))
    assert banner.isHidden()


def test_damage_found_after_a_quick_start_offers_the_backup_in_the_open_window(
    qtbot, settings, db_path
):
    """The quick start shows the report before the full check; damage it finds then (here an
    index the first read does not use) is handled in the window, the backup restored."""
    from app.storage.lock import DatabaseLock
    from app.ui.application import quick_start

    report_id = report_with_text(db_path)
    backup.backup_database(db_path)
    damage_database(db_path, tables=("cross_reference",))
    damaged_bytes = db_path.read_bytes()
    lock = DatabaseLock(db_path)
    lock.acquire()
    started = quick_start(db_path, settings, lock)
    assert started is not None  # the report was readable: the window shows it at once
    window = started.window
    qtbot.addWidget(window)
    window.database_lock = lock
    window.show()
    seen = when_modal(click_button("Restore the backup"))
    started.opening.start()
    qtbot.waitUntil(
        lambda: bool(seen) and window.workspace is not started.workspace, timeout=15_000
    )
    qtbot.waitUntil(lambda: window.session is not None, timeout=5000)
    try:
        assert "damaged" in seen[0]
        assert window.session.report_id == report_id
        assert window.view.row_editor.fields["executed"].text() == SAVED
        assert check_database(db_path, thorough=True) is None
        kept = [p for p in db_path.parent.iterdir() if ".damaged-" in p.name]
        assert [p.read_bytes() for p in kept if p.suffix == ".sqlite3"] == [damaged_bytes]
    finally:
        window.finish()
        window.workspace.close()
        lock.release()
