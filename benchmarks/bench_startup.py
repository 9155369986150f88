"""Start-up time and memory: Focal on a database of 60 full reports against a bare PySide6 window.

Both programs are started the same way, several times, alternating; each prints a line once its
main window has been painted for the first time (for Focal: showing the report, ready for
typing), then quits. We measure from launch to that line (wall clock, in the parent) and the
child's peak resident memory (``os.wait4``; for Focal this includes the worker thread that opens
the database and makes the automatic backup, which the process waits for before it exits).

The children run with byte-code caching on, even when this shell sets PYTHONDONTWRITEBYTECODE:
an installed Focal has its ``.pyc`` files, so recompiling its modules at every start is not what
a user waits for. The first run of each is a warm-up (writes those caches, makes Focal's
automatic backup) and not counted.

    .venv/bin/python benchmarks/bench_startup.py [--runs 7]

Targets: median start-up at most 1.5x the bare window; peak memory under 150 MiB.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BARE_WINDOW = """
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

application = QApplication(sys.argv)
window = QMainWindow()
window.resize(1360, 860)

def ready():
    print("bare: ready", flush=True)
    application.quit()

class FirstPaint(QObject):  # ready once painted, as Focal (app.ui.application.FirstPaint)
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, ready)
        return False

first_paint = FirstPaint()
window.installEventFilter(first_paint)
window.show()
application.exec()
"""

TARGET_RATIO = 1.5
TARGET_MIB = 150


def build_database(path: Path, reports: int = 60) -> None:
    """60 full reports (3,000-character texts) for different implementers and years."""
    from app.core.catalogue import default_catalogue
    from app.services.workspace import open_workspace
    from app.storage import report_store
    from tests.helpers.factories import sample_report

    catalogue = default_catalogue()
    implementers = [i.id for i in catalogue.implementers if catalogue.assigned_activities(i.id)]
    workspace = open_workspace(path)
    with workspace.db.session() as session:
        for number in range(reports):
            implementer = implementers[number % len(implementers)]
            year = 2020 + number // len(implementers)
            data = sample_report(
                catalogue, implementer, year, seed=number, min_length=2500, max_length=3000
            )
            report_store.create_report(session, data)
    workspace.close()


def launch(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds from launch to the ready line, and the child's peak RSS in MiB."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert process.stdout is not None
    line = process.stdout.readline()
    elapsed = time.perf_counter() - started
    if "ready" not in line:
        raise RuntimeError(f"{command[:3]} did not become ready: {line!r}")
    process.stdout.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    # ru_maxrss is in KiB on Linux, in bytes on macOS.
    peak = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    return elapsed, peak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="focal-bench-"))
    try:
        return measure(scratch, args.runs)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def measure(scratch: Path, runs: int) -> int:
    database = scratch / "focal.sqlite3"
    print(f"building {database} with 60 full reports …", flush=True)
    build_database(database)
    print(f"database: {database.stat().st_size / 1e6:.1f} MB")

    env = dict(os.environ)
    # An installed Focal has byte-code caches; without them every start recompiles Focal's own
    # modules, which is not what a user waits for. The warm-up run writes them.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.update(FOCAL_SMOKE_TEST="1")
    # Focal's data folder (settings, log, backups) in the scratch folder, found the way a user's
    # is (platformdirs, which costs some start-up time) where the platform lets us redirect it.
    for name in ("FOCAL_DATA_DIR", "FOCAL_NO_LOG_FILE", "FOCAL_DB"):
        env.pop(name, None)
    if sys.platform.startswith("linux"):
        env["XDG_DATA_HOME"] = str(scratch / "xdg")
    else:
        env["FOCAL_DATA_DIR"] = str(scratch / "data")
    focal = [sys.executable, "-m", "app", "--db", str(database)]
    bare = [sys.executable, "-c", BARE_WINDOW]

    times: dict[str, list[float]] = {"bare": [], "focal": []}
    peaks: dict[str, list[float]] = {"bare": [], "focal": []}
    for run in range(runs + 1):
        for name, command in (("bare", bare), ("focal", focal)):
            elapsed, peak = launch(command, env)
            if run > 0:
                times[name].append(elapsed)
                peaks[name].append(peak)

    bare_median = statistics.median(times["bare"])
    focal_median = statistics.median(times["focal"])
    ratio = focal_median / bare_median
    print(f"platform: {env['QT_QPA_PLATFORM']}, runs: {runs} each (after one warm-up)")
    for name in ("bare", "focal"):
        print(
            f"{name:>6}: median {statistics.median(times[name]) * 1000:6.0f} ms "
            f"(min {min(times[name]) * 1000:.0f}, max {max(times[name]) * 1000:.0f}), "
            f"peak RSS {max(peaks[name]):.0f} MiB"
        )
    print(f" ratio: {ratio:.2f}x the bare window (target ≤ {TARGET_RATIO}x)")
    print(f"memory: {max(peaks['focal']):.0f} MiB (target < {TARGET_MIB} MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
