"""Long work (export, import, consolidation, backup) on a worker thread, never freezing the window.

Modelled on Anki's ``CollectionOp``/``QueryOp``: the work is a plain callable taking a
:class:`~app.core.progress.Progress`; it runs on Qt's thread pool while a progress dialog shows
how far it got and offers Cancel (which asks the ``Progress`` to stop at its next step). The
result or the error comes back on the GUI thread, to the callbacks given.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any, Generic, ParamSpec, TypeVar

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QPushButton, QWidget

from app.core.i18n import _
from app.core.progress import CancelledError, Progress
from app.storage.errors import StorageError

log = logging.getLogger("focal.ui")

T = TypeVar("T")
P = ParamSpec("P")

_running: set[Operation[Any]] = set()  # keeps operations alive until they report back


class _Signals(QObject):
    progressed = Signal(int, int, str)
    done = Signal(object, object)  # result, error


class _Task(QRunnable):
    def __init__(self, work: Callable[[Progress], Any], progress: Progress, signals: _Signals):
        super().__init__()
        self.setAutoDelete(True)
        self._work = work
        self._progress = progress
        self._signals = signals

    def run(self) -> None:
        try:
            result = self._work(self._progress)
        except BaseException as error:  # noqa: BLE001 -- handed to the GUI thread, which decides
            self._signals.done.emit(None, error)
            return
        self._signals.done.emit(result, None)


class Operation(QObject, Generic[T]):
    """One run of a callable on the thread pool, with a progress dialog and a Cancel button."""

    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    finished = Signal()

    def __init__(
        self,
        work: Callable[[Progress], T],
        *,
        parent: QWidget | None = None,
        title: str = "",
        label: str = "",
        on_success: Callable[[T], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        show_progress: bool = True,
        minimum_duration_ms: int = 400,
    ) -> None:
        super().__init__(parent)
        self._work = work
        self._parent_widget = parent
        self._on_success = on_success
        self._on_failure = on_failure
        self._signals = _Signals()
        self.progress = Progress(on_change=self._signals.progressed.emit)
        self.dialog: QProgressDialog | None = None
        self.result: T | None = None
        self.error: BaseException | None = None
        self.running = False
        if show_progress:
            dialog = QProgressDialog(label or title, _("Cancel"), 0, 0, parent)
            cancel = QPushButton(_("Cancel"), dialog)
            cancel.setAccessibleName(_("Cancel"))
            cancel.setAccessibleDescription(_("Stops the work at its next step."))
            dialog.setCancelButton(cancel)
            dialog.setWindowTitle(title or _("Working"))
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(minimum_duration_ms)
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)
            dialog.setAccessibleName(title or _("Progress"))
            dialog.canceled.connect(self.cancel)
            self.dialog = dialog
        self._signals.progressed.connect(self._show_progress)
        self._signals.done.connect(self._finish)

    def start(self) -> Operation[T]:
        self.running = True
        _running.add(self)
        if self.dialog is not None:
            self.dialog.setValue(0)
        QThreadPool.globalInstance().start(_Task(self._work, self.progress, self._signals))
        return self

    def cancel(self) -> None:
        """Ask the work to stop at its next step; it reports back through ``cancelled``."""
        self.progress.cancel()
        if self.dialog is not None:
            self.dialog.setLabelText(_("Cancelling…"))

    def _show_progress(self, done: int, total: int, message: str) -> None:
        dialog = self.dialog
        if dialog is None:
            return
        if message and not self.progress.cancelled:
            dialog.setLabelText(message)
        if dialog.maximum() != total:
            dialog.setMaximum(max(total, 0))
        # A modal QProgressDialog processes events in setValue(): the work may finish (and the
        # dialog go away) inside this call, so it comes last.
        dialog.setValue(min(done, total) if total else 0)

    def _finish(self, result: T, error: BaseException | None) -> None:
        self.running = False
        _running.discard(self)
        if self.dialog is not None:
            self.dialog.reset()
            self.dialog.hide()
            self.dialog.deleteLater()
            self.dialog = None
        if error is None:
            self.result = result
            if self._on_success is not None:
                self._on_success(result)
            self.succeeded.emit(result)
        elif isinstance(error, CancelledError):
            self.error = error
            self.cancelled.emit()
        else:
            self.error = error
            if self._on_failure is not None:
                self._on_failure(error)
            else:
                report_failure(self._parent_widget, error)
            self.failed.emit(error)
        self.finished.emit()


def report_failure(parent: QWidget | None, error: BaseException) -> None:
    """A known problem becomes a clear message; anything else is a bug for the crash dialog."""
    if isinstance(error, StorageError | OSError | ValueError):
        message = error.message if isinstance(error, StorageError) else str(error)
        QMessageBox.warning(parent, _("Focal"), message)
        return
    log.error("operation failed", exc_info=error)
    sys.excepthook(type(error), error, error.__traceback__)


def _started(make: Callable[P, Operation[T]]) -> Callable[P, Operation[T]]:
    def start(*args: P.args, **kwargs: P.kwargs) -> Operation[T]:
        return make(*args, **kwargs).start()

    return start


# Start ``work(progress)`` in the background: the arguments of :class:`Operation`, started.
run_operation = _started(Operation)
