"""Autosave: one field's save against a bare sqlite3 UPDATE, and the window's longest stall typing.

    python benchmarks/bench_autosave.py [--reports 40] [--saves 500] [--seconds 8] [--dir DIR]
                                        [--only saves|typing]

The database: ``--reports`` full reports (every row's texts 2,500-3,000 characters, financing
lines, background and conclusions), on a real disk folder: ``--dir``, else /var/tmp, which is a
disk on most systems where /tmp may be memory. Its file system is printed; on tmpfs an fsync costs
nothing and the figures mean little.

a. Save latency, seconds per save of the real path the autosaver's writer thread takes
   (``report_session.write_edit`` -> services -> SQLAlchemy -> SQLite, WAL, synchronous=FULL):
   a row's text (about 3,000 characters, one more each save, as typed), a report's text, a row's
   financing lines. Baseline, in the same run, interleaved save by save: plain ``sqlite3`` on a
   copy of the same file with the same pragmas, one UPDATE (or DELETE and INSERTs for financing)
   and COMMIT of the same values. Printed: p50, p99, max and the ratios.

b. The longest stall of the window's event loop while typing: the real MainWindow
   (QT_QPA_PLATFORM=offscreen unless set) on that database, showing a report, a long text typed
   into a row's "executed" field with key events every 30-60 ms in bursts of 2-6 s with pauses of
   0.9-1.6 s, for ``--seconds``; a 1 ms precise timer's ticks measure the gaps in the event loop.
   Run in a fresh process each, with the same keys: autosave off (the baseline: what typing alone
   costs), autosave as shipped (800 ms after the last key), and a save after every key (delay 0).

Targets: p99 save latency at most 2x the bare UPDATE+COMMIT; event-loop stalls under 16 ms (one
frame at 60 Hz), max and p99, with autosave on. Results are printed, never asserted.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.helpers.factories import long_text  # noqa: E402

TARGET_RATIO = 2.0
TARGET_STALL_MS = 16.0
GUI_CASES = {
    "off": "autosave off (baseline)",
    "shipped": "autosave, 800 ms",
    "every-key": "autosave, 0 ms",
}


# --- the database ------------------------------------------------------------------------


def build_database(path: Path, count: int) -> int:
    """``count`` full reports; returns the id of the one the benchmarks edit."""
    from app.core.catalogue import default_catalogue
    from app.services.workspace import open_workspace
    from app.storage import report_store
    from tests.helpers.factories import sample_report

    catalogue = default_catalogue()
    implementers = [i.id for i in catalogue.implementers if catalogue.assigned_activities(i.id)]
    workspace = open_workspace(path)
    ids = []
    try:
        with workspace.db.session() as session:
            for number in range(count):
                implementer = implementers[number % len(implementers)]
                year = 2020 + number // len(implementers)
                data = sample_report(
                    catalogue, implementer, year, seed=number, min_length=2500, max_length=3000
                )
                ids.append(report_store.create_report(session, data).id)
    finally:
        workspace.close()
    return ids[0]


def filesystem(path: Path) -> tuple[str, str]:
    """The type of file system ``path`` is on and a description (Linux: /proc/self/mounts)."""
    try:
        mounts = Path("/proc/self/mounts").read_text(encoding="utf-8").splitlines()
    except OSError:
        return "unknown", "unknown file system"
    resolved = str(path.resolve())
    best = ("", "unknown", "")
    for line in mounts:
        device, point, kind, *_ = line.split(" ")
        point = point.replace("\\040", " ")
        inside = resolved == point or resolved.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best[0]):
            best = (point, kind, device)
    return best[1], f"{best[1]} on {best[2]}, mounted at {best[0]}"


def scratch_folder(requested: Path | None) -> Path:
    parent = requested or (Path("/var/tmp") if Path("/var/tmp").is_dir() else None)
    if parent is not None:
        parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix="focal-bench-autosave-", dir=parent))


# --- a. save latency -----------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def bare_connection(path: Path) -> sqlite3.Connection:
    from app.storage.database import BUSY_TIMEOUT_MS

    connection = sqlite3.connect(path, isolation_level=None)
    for pragma in (
        f"busy_timeout = {BUSY_TIMEOUT_MS}",
        "foreign_keys = ON",
        "journal_mode = WAL",
        "synchronous = FULL",
    ):
        connection.execute(f"PRAGMA {pragma}")
    return connection


def stamp() -> str:
    """A time stamp as Focal's columns hold it (naive UTC, SQLAlchemy's text form)."""
    return datetime.now(UTC).replace(tzinfo=None).isoformat(" ")


def transaction(connection: sqlite3.Connection, *statements: tuple[str, tuple[Any, ...]]) -> None:
    connection.execute("BEGIN")
    for sql, values in statements:
        connection.execute(sql, values)
    connection.execute("COMMIT")


def financing_lines(number: int) -> tuple[Any, ...]:
    from app.core.report import FinancingLine

    return tuple(
        FinancingLine("donor-multilateral", f"Unión Europea {number}", Decimal(1000 + i), "EUR")
        for i in range(1 + number % 3)
    )


def financing_statements(row_id: int, number: int) -> list[tuple[str, tuple[Any, ...]]]:
    insert = (
        "INSERT INTO financing_line (row_id, position, source, donor, amount, currency)"
        " VALUES (?, ?, ?, ?, ?, ?)"
    )
    return [
        ("DELETE FROM financing_line WHERE row_id = ?", (row_id,)),
        *(
            (insert, (row_id, i, line.source, line.donor, float(line.amount), line.currency))
            for i, line in enumerate(financing_lines(number))
        ),
    ]


Save = Callable[[int], object]


def save_cases(
    workspace: Any, report_id: int, saves: int, bare: sqlite3.Connection, same: sqlite3.Connection
) -> list[tuple[str, Save, Save, Save]]:
    """(name, Focal's save, the bare minimum, the same writes as Focal's) for each kind of save."""
    from app.services import reports
    from app.ui.autosave import SaveKey
    from app.ui.report_session import write_edit

    report = reports.load_report(workspace, report_id)
    row_id = report.rows[0].row_id
    assert row_id is not None
    typed = long_text(saves + 50, seed=77)  # one more character each save

    def row_text(i: int) -> str:
        return report.rows[0].executed + typed[: i + 1]

    def report_text(i: int) -> str:
        return report.conclusions + typed[: i + 1]

    touch_row = "UPDATE report_row SET updated_at = ? WHERE id = ?"
    touch_report = "UPDATE report SET updated_at = ? WHERE id = ?"
    set_row = "UPDATE report_row SET executed = ? WHERE id = ?"
    set_report = "UPDATE report SET conclusions = ? WHERE id = ?"
    return [
        (
            "row text (~3,000 chars)",
            lambda i: write_edit(workspace, SaveKey("row", row_id, "executed"), row_text(i)),
            lambda i: transaction(bare, (set_row, (row_text(i), row_id))),
            lambda i: transaction(
                same,
                (
                    "UPDATE report_row SET executed = ?, updated_at = ? WHERE id = ?",
                    (row_text(i), stamp(), row_id),
                ),
                (touch_report, (stamp(), report_id)),
            ),
        ),
        (
            "report text (conclusions)",
            lambda i: write_edit(
                workspace, SaveKey("report", report_id, "conclusions"), report_text(i)
            ),
            lambda i: transaction(bare, (set_report, (report_text(i), report_id))),
            lambda i: transaction(
                same,
                (
                    "UPDATE report SET conclusions = ?, updated_at = ? WHERE id = ?",
                    (report_text(i), stamp(), report_id),
                ),
            ),
        ),
        (
            "financing (1-3 lines)",
            lambda i: write_edit(
                workspace, SaveKey("financing", row_id, "financing"), financing_lines(i)
            ),
            lambda i: transaction(bare, *financing_statements(row_id, i)),
            lambda i: transaction(
                same,
                *financing_statements(row_id, i),
                (touch_row, (stamp(), row_id)),
                (touch_report, (stamp(), report_id)),
            ),
        ),
    ]


def bench_saves(database: Path, report_id: int, saves: int) -> list[dict[str, Any]]:
    from app.services.workspace import open_workspace

    copies = []
    for name in ("bare", "same"):
        copy = database.with_name(f"{name}.sqlite3")
        source, target = sqlite3.connect(database), sqlite3.connect(copy)
        source.backup(target)  # the same pages in the same places
        source.close()
        target.close()
        copies.append(bare_connection(copy))
    workspace = open_workspace(database)
    # As the application does once its window is up: what exists now (here, what building the
    # database left) stays out of later collections, whose pauses would be this script's own.
    gc.collect()
    gc.freeze()
    results = []
    try:
        for name, *sides in save_cases(workspace, report_id, saves, *copies):
            started = time.perf_counter()
            sides[0](-1)  # the first save of a session: SQLAlchemy compiles its statements
            cold = time.perf_counter() - started
            # Warm-up, not counted. Every save writes a value the field did not hold: SQLite does
            # not write a page whose content an UPDATE leaves as it was.
            for i in range(saves, saves + 20):
                for call in sides:
                    call(i)
            times: dict[str, list[float]] = {"focal": [], "bare": [], "same": [], "cpu": []}
            for i in range(saves):
                for side, call in zip(("focal", "bare", "same"), sides, strict=True):
                    started, cpu = time.perf_counter(), time.thread_time()
                    call(i)
                    times[side].append(time.perf_counter() - started)
                    if side == "focal":
                        times["cpu"].append(time.thread_time() - cpu)
            results.append({"name": name, "cold": cold, **times})
    finally:
        for connection in copies:
            connection.close()
        workspace.close()
    return results


def print_saves(results: list[dict[str, Any]]) -> None:
    print(
        f"{'':<27}{'Focal (write_edit)':^31}  {'bare minimum':^13}  {'same writes':^13}"
        f"  {'Focal / bare':^13}\n"
        f"{'save':<27}{'p50':>7}{'p99':>7}{'max':>7}{'CPU p50':>10}  {'p50':>6}{'p99':>7}  "
        f"{'p50':>6}{'p99':>7}  {'p50':>6}{'p99':>7}   first save"
    )
    for result in results:
        focal, bare, same = (
            [percentile(result[side], q) * 1e3 for q in (50, 99)]
            for side in ("focal", "bare", "same")
        )
        print(
            f"{result['name']:<27}{focal[0]:>7.2f}{focal[1]:>7.2f}"
            f"{max(result['focal']) * 1e3:>7.2f}{percentile(result['cpu'], 50) * 1e3:>10.2f}  "
            f"{bare[0]:>6.2f}{bare[1]:>7.2f}  {same[0]:>6.2f}{same[1]:>7.2f}  "
            f"{focal[0] / bare[0]:>5.2f}x{focal[1] / bare[1]:>6.2f}x   "
            f"{result['cold'] * 1e3:.0f} ms"
        )
    print("(milliseconds; CPU: the saving thread's own)")


# --- b. the event loop while typing --------------------------------------------------------


def key_schedule(seconds: float, seed: int = 5) -> list[tuple[float, str]]:
    """(when, character): keys 30-60 ms apart in bursts of 2-6 s, pauses of 0.9-1.6 s."""
    rng = random.Random(seed)
    text = long_text(int(seconds * 40), seed=seed)
    schedule, at, burst_end = [], 0.3, 0.3 + rng.uniform(2, 6)
    for character in text:
        at += rng.uniform(0.030, 0.060)
        if at > burst_end:
            at += rng.uniform(0.9, 1.6)
            burst_end = at + rng.uniform(2, 6)
        if at > seconds:
            break
        schedule.append((at, character))
    return schedule


def run_gui(
    database: Path, report_id: int, case: str, seconds: float, data: Path
) -> dict[str, Any]:
    """In a fresh process: the window, the typing, the heartbeat's gaps."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from app.services.workspace import open_workspace
    from app.ui.main_window import MainWindow
    from app.ui.settings import Settings
    from tests.ui.keyboard import type_text

    application = QApplication([])
    workspace = open_workspace(database)
    window = MainWindow(workspace, Settings(data / "settings.ini"))
    window.resize(1360, 860)
    window.show()
    assert window.open_report(report_id)
    if case == "off":
        window.autosaver.delay_ms = 10**9
    elif case == "every-key":
        window.autosaver.delay_ms = 0
    editor = window.view.row_editor.fields["executed"].editor
    editor.setFocus()
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    saves: list[float] = []
    window.autosaver.saved.connect(lambda *_: saves.append(time.perf_counter()))
    for _ in range(50):
        application.processEvents()
    gc.collect()
    gc.freeze()  # as the application does after its first paint

    schedule = key_schedule(seconds)
    end = schedule[-1][0] + 1.2  # the last save (800 ms after the last key) included
    ticks: list[float] = []
    keys: list[tuple[float, float]] = []  # (when, how long the key event took)
    heartbeat = QTimer()
    heartbeat.setTimerType(Qt.TimerType.PreciseTimer)
    heartbeat.setInterval(1)
    cpu: list[tuple[float, float]] = []  # (this thread's, the process's) CPU seconds at a tick

    def tick() -> None:
        ticks.append(time.perf_counter())
        cpu.append((time.thread_time(), time.process_time()))

    heartbeat.timeout.connect(tick)
    started = time.perf_counter()
    position = 0

    def type_due() -> None:
        nonlocal position
        now = time.perf_counter() - started
        while position < len(schedule) and schedule[position][0] <= now:
            before = time.perf_counter()
            type_text(editor, schedule[position][1])
            keys.append((before - started, time.perf_counter() - before))
            position += 1
        if position < len(schedule):
            QTimer.singleShot(max(0, int((schedule[position][0] - now) * 1000)), type_due)

    heartbeat.start()
    QTimer.singleShot(0, type_due)

    def stop() -> None:  # before quitting: the window writes pending edits when the loop ends
        heartbeat.stop()
        application.quit()

    QTimer.singleShot(int(end * 1000), stop)
    application.exec()
    typed = editor.toPlainText()
    failures = window.autosaver.flush_now()
    window.finish()
    workspace.close()
    gaps = [(ticks[i] - started, (ticks[i + 1] - ticks[i]) * 1e3) for i in range(len(ticks) - 1)]
    saved_at = [t - started for t in saves]
    worst = sorted(range(len(gaps)), key=lambda i: -gaps[i][1])[:3]
    return {
        "gaps": [gap for _, gap in gaps],
        # The part of each gap this process ran (GUI thread, writer thread): what Focal itself
        # costs the event loop, without the time the machine gave to other programs.
        "busy": [min(gap, (cpu[i + 1][1] - cpu[i][1]) * 1e3) for i, (_, gap) in enumerate(gaps)],
        "keys": len(keys),
        "key_ms": [duration * 1e3 for _, duration in keys],
        "saves": len([t for t in saved_at if t <= end]),
        "saved_ok": not failures and typed.endswith("".join(c for _, c in schedule)[-20:]),
        "worst": [
            {
                "at": gaps[i][0],
                "ms": gaps[i][1],
                # Busy itself (GUI thread CPU close to the gap), or waiting: for the interpreter
                # lock while another thread runs (process CPU), or for a CPU at all (neither).
                "gui_cpu_ms": (cpu[i + 1][0] - cpu[i][0]) * 1e3,
                "process_cpu_ms": (cpu[i + 1][1] - cpu[i][1]) * 1e3,
                "key": min((abs(gaps[i][0] - when) for when, _ in keys), default=None),
                "save": min((abs(gaps[i][0] - t) for t in saved_at), default=None),
            }
            for i in worst
        ],
    }


def print_gui(results: dict[str, dict[str, Any]]) -> None:
    print(
        f"{'':<38}{'gaps between ticks, ms':^30}{'busy, ms':^16}{'key event, ms':^16}\n"
        f"{'typing':<26}{'keys':>5}{'saves':>6}{'count':>7}{'p50':>7}{'p99':>7}{'max':>7}"
        f"{'>16':>5}{'p99':>8}{'max':>7}{'p50':>8}{'max':>7}"
    )
    for case, result in results.items():
        gaps, busy, keys = result["gaps"], result["busy"], result["key_ms"]
        over = sum(gap > TARGET_STALL_MS for gap in gaps)
        print(
            f"{GUI_CASES[case]:<26}{result['keys']:>5}{result['saves']:>6}{len(gaps):>7}"
            f"{statistics.median(gaps):>7.2f}{percentile(gaps, 99):>7.2f}{max(gaps):>7.2f}"
            f"{over:>5}{percentile(busy, 99):>8.2f}{max(busy):>7.2f}"
            f"{statistics.median(keys):>8.2f}{max(keys):>7.2f}"
            + ("" if result["saved_ok"] else "   TEXT NOT SAVED")
        )
    print("\nLongest gaps: CPU used meanwhile, distance to the nearest key event and save")
    for case, result in results.items():
        described = []
        for worst in result["worst"]:
            text = (
                f"{worst['ms']:5.1f} ms at {worst['at']:5.2f} s: CPU {worst['gui_cpu_ms']:4.1f} ms "
                f"GUI thread, {worst['process_cpu_ms']:4.1f} ms process; "
                f"{worst['key'] * 1e3:4.0f} ms from a key"
            )
            if worst["save"] is not None:
                text += f", {worst['save'] * 1e3:5.0f} ms from a save"
            described.append(text)
        print(f"  {GUI_CASES[case]}")
        for text in described:
            print(f"    {text}")


def in_subprocess(*arguments: str) -> dict[str, Any]:
    output = subprocess.run(
        [sys.executable, __file__, *arguments], check=True, capture_output=True, text=True, cwd=ROOT
    ).stdout
    result: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    return result


# --- running -------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=40)
    parser.add_argument("--saves", type=int, default=500)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--dir", type=Path, help="a folder on the disk to measure")
    parser.add_argument("--only", choices=("saves", "typing"), help="run one part only")
    parser.add_argument("--gui", help=argparse.SUPPRESS)  # case,database,report id,data folder
    args = parser.parse_args()
    if args.gui:
        case, database, report_id, data = args.gui.split(",")
        result = run_gui(Path(database), int(report_id), case, args.seconds, Path(data))
        print(json.dumps(result))
        return 0

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    scratch = scratch_folder(args.dir)
    os.environ["FOCAL_DATA_DIR"] = str(scratch / "data")
    try:
        kind, where = filesystem(scratch)
        print(f"Folder: {scratch} ({where})")
        if kind in ("tmpfs", "ramfs"):
            print("  warning: a memory file system; fsync costs nothing here (use --dir)")
        database = scratch / "focal.sqlite3"
        report_id = build_database(database, args.reports)
        size = database.stat().st_size / 1e6
        print(
            f"Database: {args.reports} full reports, {size:.1f} MB; SQLite {sqlite3.sqlite_version}"
        )

        if args.only != "typing":
            print(f"\na. One save, {args.saves} of each, interleaved with bare sqlite3\n")
            print_saves(bench_saves(database, report_id, args.saves))
        if args.only != "saves":
            print(f"\nb. Event-loop gaps (1 ms heartbeat) while typing for {args.seconds:.0f} s\n")
            results = {}
            for case in GUI_CASES:
                spec = ",".join((case, str(database), str(report_id), str(scratch / "data")))
                results[case] = in_subprocess("--gui", spec, "--seconds", str(args.seconds))
            print_gui(results)
        print(
            f"\nTargets: save p99 at most {TARGET_RATIO:.0f}x the bare UPDATE+COMMIT; "
            f"event-loop gaps under {TARGET_STALL_MS:.0f} ms (max and p99) with autosave on."
        )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
