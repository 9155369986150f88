"""The debounced saver: every edit reaches the database without a Save button.

Edits are held in memory per target (a row's text, a report field, a row's financing) until a
write of that exact version succeeded. Writes run on one writer thread, in the order they were
asked for, so typing never waits for the disk or for a database locked by another program.
A failed write keeps the edit, reports the problem and is retried with back-off. Closing the
window calls :meth:`Autosaver.flush_now`, which writes everything synchronously and says what
could not be saved, so nothing is ever dropped silently.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal

from app.storage.errors import StorageError

log = logging.getLogger("focal.ui")

SAVE_DELAY_MS = 800
# Typing that never pauses for SAVE_DELAY_MS is still written at least this often.
MAX_WAIT_MS = 5000
RETRY_FIRST_MS = 1000
RETRY_MAX_MS = 15_000


@dataclass(frozen=True, slots=True)
class SaveKey:
    """What an edit changes: ``kind`` is "row", "financing" or "report"."""

    kind: str
    target_id: int
    field: str


SaveWrite = Callable[[SaveKey, object], datetime]


@dataclass
class _Entry:
    value: object
    version: int
    timer: QTimer
    attempts: int = 0
    error: Exception | None = None
    since: float = field(default_factory=time.monotonic)  # first change not yet written


@dataclass(frozen=True)
class _Job:
    key: SaveKey
    value: object
    version: int


@dataclass
class _Result:
    key: SaveKey
    version: int
    saved_at: datetime | None = None
    error: Exception | None = None


@dataclass
class _WriterState:
    jobs: queue.Queue[_Job | None] = field(default_factory=queue.Queue)
    results: queue.Queue[_Result] = field(default_factory=queue.Queue)
    idle: threading.Condition = field(default_factory=threading.Condition)
    busy: int = 0


class Autosaver(QObject):
    """Holds unsaved edits and writes them, debounced, on a single writer thread."""

    # Emitted on the GUI thread whenever the saved/pending/failed state changes.
    state_changed = Signal()
    # A write finished (on the GUI thread): the key and the time it was saved.
    saved = Signal(object, object)
    _results_ready = Signal()

    def __init__(
        self, write: SaveWrite, delay_ms: int = SAVE_DELAY_MS, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._write = write
        self.delay_ms = delay_ms
        self.max_wait_ms = MAX_WAIT_MS
        self._pending: dict[SaveKey, _Entry] = {}
        self._version = 0
        self.last_saved: datetime | None = None
        self.last_error: Exception | None = None
        self._state = _WriterState()
        self._results_ready.connect(self._drain_results)
        self._thread = threading.Thread(target=self._run_writer, name="focal-writer", daemon=True)
        self._thread.start()

    # --- edits -------------------------------------------------------------------------

    def set(self, key: SaveKey, value: object) -> None:
        """Record an edit; it is written ``delay_ms`` after the last change to the same target."""
        self._version += 1
        entry = self._pending.get(key)
        if entry is None:
            timer = QTimer(self)
            timer.setSingleShot(True)
            # A bound slot, not a lambda: no reference cycle that the garbage collector could
            # break on the writer thread (destroying Qt objects off their thread crashes).
            timer.timeout.connect(self._timer_fired)
            entry = _Entry(value, self._version, timer)
            self._pending[key] = entry
            self.state_changed.emit()
        else:
            entry.value = value
            entry.version = self._version
        if entry.error is None:
            # A debounce that never lets a steady typist's text wait more than max_wait_ms.
            waited_ms = (time.monotonic() - entry.since) * 1000
            entry.timer.start(int(max(0, min(self.delay_ms, self.max_wait_ms - waited_ms))))

    def value(self, key: SaveKey, default: object = None) -> object:
        entry = self._pending.get(key)
        return entry.value if entry is not None else default

    def has_pending(self, key: SaveKey | None = None) -> bool:
        return bool(self._pending) if key is None else key in self._pending

    def pending(self) -> dict[SaveKey, object]:
        return {key: entry.value for key, entry in self._pending.items()}

    @property
    def failing(self) -> bool:
        return any(entry.error is not None for entry in self._pending.values())

    def discard(self, keys: list[SaveKey] | None = None) -> None:
        """Forget unsaved edits (only after the user chose to, or the target is gone)."""
        for key in list(self._pending) if keys is None else keys:
            entry = self._pending.pop(key, None)
            if entry is not None:
                entry.timer.stop()
                entry.timer.deleteLater()
        self.state_changed.emit()

    # --- writing -----------------------------------------------------------------------

    def flush(self, key: SaveKey | None = None) -> None:
        """Write now (asynchronously): on leaving a field, switching rows."""
        for target in [key] if key is not None else list(self._pending):
            entry = self._pending.get(target) if target is not None else None
            if entry is not None and entry.timer.isActive():
                entry.timer.stop()
                self._submit(target)

    def _timer_fired(self) -> None:
        timer = self.sender()
        for key, entry in self._pending.items():
            if entry.timer is timer:
                self._submit(key)
                return

    def _submit(self, key: SaveKey) -> None:
        entry = self._pending.get(key)
        if entry is None:
            return
        entry.since = time.monotonic()
        with self._state.idle:
            self._state.busy += 1
        self._state.jobs.put(_Job(key, entry.value, entry.version))
        self.state_changed.emit()

    def _run_writer(self) -> None:
        state = self._state
        while True:
            job = state.jobs.get()
            if job is None:
                return
            result = _Result(job.key, job.version)
            try:
                result.saved_at = self._write(job.key, job.value)
            except StorageError as error:
                log.warning("saving %s failed: %s", job.key, error.message)
                result.error = error
            except Exception as error:  # a bug: keep the edit, show it, log it in full
                log.exception("saving %s failed", job.key)
                result.error = error
            state.results.put(result)
            with state.idle:
                state.busy -= 1
                state.idle.notify_all()
            self._results_ready.emit()

    def _drain_results(self) -> None:
        changed = False
        while True:
            try:
                result = self._state.results.get_nowait()
            except queue.Empty:
                break
            changed = True
            self._apply(result)
        if changed:
            self.state_changed.emit()

    def _apply(self, result: _Result) -> None:
        entry = self._pending.get(result.key)
        if result.error is None:
            self.last_saved = result.saved_at
            if entry is not None and entry.version == result.version:
                del self._pending[result.key]
                entry.timer.deleteLater()
            elif entry is not None:
                # An older version was written; the newer one follows on its own timer.
                entry.error = None
                entry.attempts = 0
                if not entry.timer.isActive():
                    entry.timer.start(self.delay_ms)
            if not self.failing:
                self.last_error = None
            self.saved.emit(result.key, result.saved_at)
            return
        self.last_error = result.error
        if entry is not None:
            entry.error = result.error
            self._schedule_retry(entry)

    def _schedule_retry(self, entry: _Entry) -> None:
        if not entry.timer.isActive():
            entry.timer.start(min(RETRY_FIRST_MS * 2**entry.attempts, RETRY_MAX_MS))
            entry.attempts += 1

    def retry_now(self) -> None:
        for key, entry in list(self._pending.items()):
            entry.timer.stop()
            self._submit(key)

    def is_writing(self) -> bool:
        with self._state.idle:
            return self._state.busy > 0

    def wait_idle(self, timeout: float) -> bool:
        """Wait until the writer has finished every job asked so far."""
        with self._state.idle:
            return self._state.idle.wait_for(lambda: self._state.busy == 0, timeout)

    def flush_now(self, timeout: float = 30.0) -> dict[SaveKey, Exception]:
        """Write every pending edit before returning; the edits that failed, with why.

        Used on close, before switching reports and before changing the rows (grouping,
        adding): the database must hold every edit before the next step reads it.
        """
        self.wait_idle(timeout)
        self._drain_results()
        failures: dict[SaveKey, Exception] = {}
        for key, entry in list(self._pending.items()):
            entry.timer.stop()
            try:
                saved_at = self._write(key, entry.value)
            except StorageError as error:
                failures[key] = error
                entry.error = error
                self.last_error = error
                self._schedule_retry(entry)
                continue
            except Exception as error:  # a bug; the caller decides what to do with the text
                log.exception("saving %s failed", key)
                failures[key] = error
                entry.error = error
                self.last_error = error
                self._schedule_retry(entry)
                continue
            if self._pending.get(key) is entry:
                del self._pending[key]
                entry.timer.deleteLater()
            self.last_saved = saved_at
            self.saved.emit(key, saved_at)
        if not failures:
            self.last_error = None
        self.state_changed.emit()
        return failures

    def stop(self) -> None:
        """End the writer thread (after :meth:`flush_now`)."""
        for entry in self._pending.values():
            entry.timer.stop()
        self._state.jobs.put(None)
        self._thread.join(timeout=10)
