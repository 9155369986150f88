"""Crash handling: an unexpected error opens a dialog pointing at the log; hard crashes
(segfaults, aborts) leave a faulthandler trace read at the next start; a session marker tells
the next start whether Focal was closed properly.
"""

from __future__ import annotations

import faulthandler
import logging
import os
import sys
import traceback
from pathlib import Path
from types import TracebackType
from typing import IO

from app.core.i18n import _
from app.logs import log_dir
from app.storage.database import data_dir

log = logging.getLogger("focal.ui")

FAULT_LOG = "faults.log"
SESSION_MARKER = "running.lock"
_fault_stream: IO[str] | None = None


def crash_dialog_enabled() -> bool:
    return os.environ.get("FOCAL_NO_CRASH_DIALOG") != "1"


def read_previous_faults() -> str:
    """The faulthandler trace left by a hard crash of the previous run (then cleared)."""
    path = log_dir() / FAULT_LOG
    try:
        text = path.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return ""
    if text:
        log.error("the previous run crashed:\n%s", text)
        path.replace(path.with_suffix(".previous.log"))
    return text


def enable_fault_log() -> None:
    """Dump Python tracebacks of all threads into the log folder if the process dies hard."""
    global _fault_stream
    try:
        log_dir().mkdir(parents=True, exist_ok=True)
        _fault_stream = (log_dir() / FAULT_LOG).open("w", encoding="utf-8")
    except OSError:
        return
    faulthandler.enable(_fault_stream, all_threads=True)


def disable_fault_log() -> None:
    global _fault_stream
    if _fault_stream is None:
        return
    faulthandler.disable()
    _fault_stream.close()
    _fault_stream = None
    path = log_dir() / FAULT_LOG
    if path.exists() and path.stat().st_size == 0:
        path.unlink(missing_ok=True)


def excepthook(
    kind: type[BaseException], error: BaseException, trace: TracebackType | None
) -> None:
    """Log a bug in full and, unless turned off, tell the user where the log is."""
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, trace)
        return
    text = "".join(traceback.format_exception(kind, error, trace))
    log.critical("unexpected error:\n%s", text)
    if not crash_dialog_enabled():
        sys.__excepthook__(kind, error, trace)
        return
    from PySide6.QtWidgets import QApplication, QMessageBox

    if QApplication.instance() is None:
        sys.__excepthook__(kind, error, trace)
        return
    box = QMessageBox(QMessageBox.Icon.Critical, _("Focal: unexpected error"), "")
    box.setText(
        _(
            "Something went wrong inside Focal. Your saved text is safe in the database. "
            "Please send the log file to whoever supports Focal for you."
        )
    )
    box.setInformativeText(_("Log folder: {path}").format(path=log_dir()))
    box.setDetailedText(text)
    from PySide6.QtWidgets import QTextEdit

    details = box.findChild(QTextEdit)
    if details is not None:
        details.setAccessibleName(_("Technical details of the error"))
        details.setAccessibleDescription(_("The same text is in the log file."))
    box.exec()


def install_crash_handlers() -> str:
    """Install the hook and the fault log; returns the trace of a previous hard crash."""
    previous = read_previous_faults()
    enable_fault_log()
    sys.excepthook = excepthook
    return previous


def _process_alive(pid: int) -> bool:
    if sys.platform == "win32":
        return False  # no cheap check; a left marker counts as a crash
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class SessionMarker:
    """A file present while Focal runs; found at start, it means the last run did not end well."""

    def __init__(self, folder: Path | None = None) -> None:
        self.path = (folder or data_dir()) / SESSION_MARKER

    def previous_run_crashed(self) -> bool:
        """True when the marker is left by a run that is gone (not by one still running)."""
        if not self.path.exists():
            return False
        try:
            pid = int(self.path.read_text(encoding="utf-8").split()[0])
        except (OSError, ValueError, IndexError):
            return True
        return not (pid != os.getpid() and _process_alive(pid))

    def mark_running(self, database: Path) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(f"{os.getpid()}\n{database}\n", encoding="utf-8")
        except OSError as error:
            log.warning("cannot write the session marker %s: %s", self.path, error)

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)
