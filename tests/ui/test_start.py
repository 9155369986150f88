"""Starting the program: the window path skips the command parser; the smoke-test start works."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from app.__main__ import window_arguments
from tests.helpers.processes import focal_env, run_python


def test_only_db_arguments_open_the_window_directly():
    assert window_arguments([]) is None
    assert window_arguments(["--db", "reports.sqlite3"]) == Path("reports.sqlite3")
    assert window_arguments(["--db=reports.sqlite3"]) == Path("reports.sqlite3")
    assert window_arguments(["--version"]) is False
    assert window_arguments(["--db", "x", "catalogue"]) is False


@pytest.mark.slow
def test_the_program_starts_opens_the_last_report_and_exits_cleanly(tmp_path, db_path):
    from app.services import reports
    from app.services.workspace import open_workspace

    workspace = open_workspace(db_path)
    reports.create_report(workspace, "iom", 2025)
    workspace.close()
    data = tmp_path / "data"
    done = run_python("-m", "app", "--db", str(db_path), env=focal_env(data, FOCAL_SMOKE_TEST="1"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("focal: ready in ")
    assert not (data / "running.lock").exists()
    assert list((data / "backups").glob("focal-*.sqlite3"))  # the automatic backup at start
    assert "databases" in (data / "settings.ini").read_text(encoding="utf-8")


@pytest.mark.skipif(sys.platform == "win32", reason="process check is POSIX")
def test_a_marker_of_another_running_focal_is_not_a_crash(tmp_path):
    from app.ui.crash import SessionMarker

    marker = SessionMarker(tmp_path)
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        marker.path.write_text(f"{other.pid}\nx.sqlite3\n", encoding="utf-8")
        assert not marker.previous_run_crashed()
    finally:
        other.kill()
        other.wait()
    assert marker.previous_run_crashed()  # that process is gone now
    marker.clear()
    assert not marker.previous_run_crashed()
