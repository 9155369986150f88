"""Background operations: real slow work on a worker thread, progress, cancel, errors."""

from __future__ import annotations

import threading
import time

from PySide6.QtWidgets import QPushButton, QWidget

from app.core.progress import Progress
from app.storage.errors import DatabaseLockedError
from app.ui.operations import run_operation

STEPS = 50


def slow_work(progress: Progress, seen: dict) -> str:
    seen["thread"] = threading.get_ident()
    progress.start(STEPS, "Counting")
    for number in range(STEPS):
        time.sleep(0.01)
        progress.step(f"Step {number + 1}")
    return "done"


def test_work_runs_off_the_gui_thread_and_the_result_comes_back_on_it(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: dict = {}
    results = []

    def on_success(result):
        results.append((result, threading.get_ident()))

    operation = run_operation(
        lambda progress: slow_work(progress, seen),
        parent=parent,
        title="Counting",
        on_success=on_success,
    )
    assert operation.running
    qtbot.waitUntil(lambda: operation.dialog is None or operation.dialog.value() > 0, timeout=5000)
    with qtbot.waitSignal(operation.succeeded, timeout=10_000):
        pass
    assert results == [("done", threading.get_ident())]
    assert seen["thread"] != threading.get_ident()
    assert operation.progress.done == STEPS
    assert operation.dialog is None
    assert not operation.running


def test_cancel_stops_the_work_at_its_next_step(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    seen: dict = {}
    succeeded = []
    operation = run_operation(
        lambda progress: slow_work(progress, seen),
        parent=parent,
        title="Counting",
        on_success=succeeded.append,
    )
    qtbot.waitUntil(lambda: operation.progress.done >= 5, timeout=5000)
    dialog = operation.dialog
    assert dialog is not None
    with qtbot.waitSignal(operation.cancelled, timeout=5000):
        dialog.findChild(QPushButton).click()
    assert operation.progress.cancelled
    assert 5 <= operation.progress.done < STEPS
    assert succeeded == []


def test_a_known_failure_reaches_the_failure_callback(qtbot):
    failures = []

    def fail(progress: Progress) -> None:
        progress.start(3)
        progress.step()
        raise DatabaseLockedError("The database is in use by another program.")

    operation = run_operation(fail, on_failure=failures.append, show_progress=False)
    with qtbot.waitSignal(operation.failed, timeout=5000):
        pass
    assert len(failures) == 1
    assert isinstance(failures[0], DatabaseLockedError)
