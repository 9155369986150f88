"""A real process killed (SIGKILL) one second after typing stopped loses nothing."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.services import reports
from app.services.workspace import open_workspace
from tests.helpers.processes import ROOT, focal_env, run_python

TEXT = "Talleres en Tegucigalpa y Ciudad de Guatemala: niñas, niños — «protección» ✓ 2025"


def driver_env(data_dir: Path) -> dict[str, str]:
    env = focal_env(data_dir, FOCAL_NO_CRASH_DIALOG="1", PYTHONPATH=str(ROOT))
    env.pop("FOCAL_SMOKE_TEST", None)
    return env


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_text_typed_one_second_before_sigkill_is_there_after_restart(tmp_path, db_path):
    workspace = open_workspace(db_path)
    report = reports.create_report(workspace, "iachr", 2025)
    workspace.close()
    env = driver_env(tmp_path / "focal-data")

    process = subprocess.Popen(
        [sys.executable, "-m", "tests.ui.kill_driver", "type", str(db_path), TEXT],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stdout.readline()
        assert line.strip() == "READY", (
            process.stderr.read() if process.poll() is not None else line
        )
        time.sleep(1.0)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == -signal.SIGKILL

    # The database file, read by a fresh connection, holds every character.
    workspace = open_workspace(db_path)
    try:
        assert reports.load_report(workspace, report.report_id).rows[0].executed == TEXT
    finally:
        workspace.close()

    # And starting the window again shows it, saying the last run did not end properly.
    check = run_python("-m", "tests.ui.kill_driver", "check", str(db_path), env=env)
    assert check.returncode == 0, check.stderr
    shown = json.loads(check.stdout.strip().splitlines()[-1])
    assert shown["executed"] == TEXT
    assert "not closed properly" in shown["notice"]
    assert not (tmp_path / "focal-data" / "running.lock").exists()  # clean exit this time
