"""Progress reporting and cancellation for long work, without Qt.

Services and file writers accept a :class:`Progress`; the UI passes one that forwards to a
progress dialog from a worker thread, the CLI one that prints, tests a plain recorder.
"""

from __future__ import annotations

import threading
from collections.abc import Callable


class CancelledError(Exception):
    """The user cancelled the operation; nothing was changed or written."""


class Progress:
    """Counts steps; ``step()`` raises :class:`CancelledError` once cancellation was asked."""

    def __init__(
        self,
        total: int = 0,
        on_change: Callable[[int, int, str], None] | None = None,
        cancel_event: threading.Event | None = None,
    ) -> None:
        self.total = total
        self.done = 0
        self._on_change = on_change
        self._cancel = cancel_event or threading.Event()

    def start(self, total: int, message: str = "") -> None:
        self.total = total
        self.done = 0
        self._emit(message)

    def step(self, message: str = "", amount: int = 1) -> None:
        self.check()
        self.done += amount
        self._emit(message)

    def check(self) -> None:
        if self._cancel.is_set():
            raise CancelledError

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def _emit(self, message: str) -> None:
        if self._on_change is not None:
            self._on_change(self.done, self.total, message)


NO_PROGRESS = Progress()
