"""Start-up of the desktop application: logging -> crash hook -> QApplication -> window.

The window appears before the database is opened the full way, because importing SQLAlchemy
alone takes longer than showing it. When the file is a Focal database in order, the quick read
(:mod:`app.storage.quick_read`) gives the report to show, and the window shows it at once,
ready for typing. The workspace (SQLAlchemy, the schema check, the catalogue) opens on a worker
thread right after; edits wait for it (:class:`~app.services.workspace.DeferredWorkspace`).
The worker then checks that the report shown is still the one the database holds (another
program may have changed it in between: the window reloads it), and makes the automatic backup.
If that opening fails, the user gets the same message as when it fails before the window, and
the window closes the usual way, which saves or offers to keep whatever was typed.

Anything unusual (no database yet, an older, newer, damaged or locked one, no report) takes the
full path instead: open or migrate with clear error dialogs, then the window.

``FOCAL_SMOKE_TEST=1`` makes the program print "focal: ready in N ms" once the window shows the
report and the event loop is idle (typing is accepted from then on), then quit: the start-up
benchmark and the frozen build's smoke test use it.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QLibraryInfo,
    QLocale,
    QObject,
    Qt,
    QTimer,
    QTranslator,
    Signal,
)
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from app import APP_NAME, ORGANIZATION, __version__
from app.core.i18n import normalise_language, set_language, system_language, translator
from app.logs import setup_logging
from app.services.workspace import DeferredWorkspace, Workspace
from app.storage.errors import (
    DamagedDatabaseError,
    DatabaseInUseError,
    NewerDatabaseError,
    ReadOnlyDatabaseError,
    StorageError,
)
from app.storage.lock import DatabaseLock
from app.ui.crash import SessionMarker, disable_fault_log, install_crash_handlers
from app.ui.icons import app_icon
from app.ui.settings import Settings
from app.ui.window_host import WindowHost

if TYPE_CHECKING:
    from app.core.report import ReportData
    from app.ui.main_window import MainWindow

log = logging.getLogger("focal.ui")
_translators: list[QTranslator] = []

# At exit, how long to wait for the worker still opening or backing up the database.
WORKER_EXIT_WAIT_S = 60.0
FIRST_PAINT_FALLBACK_MS = 1000


def make_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationVersion(__version__)
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    application = QApplication(argv if argv is not None else sys.argv[:1])
    QGuiApplication.setApplicationDisplayName(APP_NAME)
    QGuiApplication.setDesktopFileName("focal")
    application.setWindowIcon(app_icon())
    return application


def apply_language(language: str, application: QApplication) -> str:
    """Use ``language`` for Focal's texts and Qt's standard buttons; English if unavailable."""
    code = normalise_language(language)
    try:
        translator(code)
    except OSError:
        log.info("no translation for %s yet; using English", code)
        code = "en"
    set_language(code)
    QLocale.setDefault(QLocale(code))
    while _translators:  # a language chosen while Focal runs replaces the previous one
        application.removeTranslator(_translators.pop())
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in (f"qtbase_{code}", f"qtbase_{code}_BR" if code == "pt" else ""):
        qt_translator = QTranslator(application)
        if name and qt_translator.load(name, folder):
            application.installTranslator(qt_translator)
            _translators.append(qt_translator)
            break
    return code


def open_workspace_or_explain(
    db_path: Path | None, read_only: bool = False, lock: DatabaseLock | None = None
) -> Workspace | None:
    """The workspace, or None after telling the user why the database cannot be used.

    A damaged, foreign or too new file is left as it is; the user is offered the latest good
    backup instead (the storage layer keeps the original bytes aside when restoring).
    """
    from app.services.workspace import open_workspace
    from app.ui.database_problems import ask_damaged, restore_at_start

    path = database_path(db_path)
    while True:
        try:
            return open_workspace(path, read_only=read_only, lock=lock or False)
        except (DamagedDatabaseError, NewerDatabaseError) as error:
            log.error("cannot open the database: %s", error.message)
            choice = ask_damaged(error, path)
            if choice.backup is None or not restore_at_start(choice.backup, path):
                return None
        except StorageError as error:
            log.error("cannot open the database: %s", error.message)
            QMessageBox.critical(None, APP_NAME, error.message)
            return None


def take_database_lock(db_path: Path | None) -> tuple[DatabaseLock | None, str] | None:
    """The writer's lock, or the reason to open read-only; None when the user would rather quit.

    A lock that cannot even be made (a read-only folder) is no reason to refuse: nothing can be
    written there anyway, and the window will say so when it tries.
    """
    lock = DatabaseLock(database_path(db_path))
    try:
        lock.acquire()
    except DatabaseInUseError as error:
        from app.ui.database_problems import ask_open_read_only

        log.warning("%s", error.message)
        if not ask_open_read_only(error):
            return None
        return None, error.message
    except ReadOnlyDatabaseError as error:
        from app.services.workspace import read_only_reason

        log.warning("cannot take the database lock: %s", error.message)
        return None, read_only_reason(database_path(db_path))
    except StorageError as error:
        log.warning("cannot take the database lock: %s", error.message)
        return None, ""
    return lock, ""


@dataclass(frozen=True)
class _Outcome:
    """What the worker found: the opening's error, or whether the shown report must be reloaded."""

    error: BaseException | None = None
    reload: bool = False


class BackgroundOpen(QObject):
    """The worker thread of the start-up: open the workspace, check the shown report, back up.

    With an already open workspace (the full path), it only makes the automatic backup.
    """

    _finished = Signal(object)

    def __init__(
        self, window: MainWindow, workspace: Workspace, shown: ReportData | None = None
    ) -> None:
        super().__init__(window)
        self.window = window
        self.workspace = workspace
        self.shown = shown
        self._finished.connect(self._done)
        self._thread = threading.Thread(target=self._work, name="focal-open", daemon=True)

    def follow(self, window: MainWindow) -> None:
        """Report to ``window`` from now on (it replaced the window the worker was made for)."""
        self.window = window
        self.setParent(window)

    def start(self) -> None:
        """Start the worker (once; later calls do nothing)."""
        if self._thread.ident is None:
            self._thread.start()

    def join(self, timeout: float = WORKER_EXIT_WAIT_S) -> None:
        if self._thread.is_alive():
            self._thread.join(timeout)

    # --- on the worker thread ------------------------------------------------------------

    def _work(self) -> None:
        outcome = _Outcome()
        if isinstance(self.workspace, DeferredWorkspace):
            try:
                self.workspace.open()
            except StorageError as error:
                log.error("cannot open the database: %s", error.message)
                outcome = _Outcome(error=error)
            except Exception as error:  # a bug: shown by the crash dialog on the GUI thread
                log.exception("opening the database failed")
                outcome = _Outcome(error=error)
            else:
                outcome = _Outcome(reload=self._shown_report_changed())
        self._finished.emit(outcome)
        if outcome.error is None:
            self._backup()

    def _shown_report_changed(self) -> bool:
        """Whether the database's report differs from the one the quick read showed."""
        from app.services import reports

        shown = self.shown
        if shown is None or shown.report_id is None:
            return False
        try:
            stored = reports.load_report(self.workspace, shown.report_id)
        except KeyError:
            log.warning("report %s was deleted by another program", shown.report_id)
            return True
        except StorageError as error:  # the window goes on; its next write will say more
            log.warning("cannot check report %s: %s", shown.report_id, error.message)
            return False
        same = stored == shown and [r.row_id for r in stored.rows] == [r.row_id for r in shown.rows]
        if not same:
            log.warning("report %s was changed by another program; reloading", shown.report_id)
        return not same

    def _backup(self) -> None:
        from app.services.backup import automatic_backup

        try:
            automatic_backup(self.workspace.path)
        except (StorageError, OSError) as error:
            log.warning("automatic backup failed: %s", error)

    # --- on the GUI thread ---------------------------------------------------------------

    def _done(self, outcome: _Outcome) -> None:
        window = self.window
        error = outcome.error
        if isinstance(error, DamagedDatabaseError | NewerDatabaseError):
            from app.ui.database_problems import ask_damaged

            # The window stays: restoring goes the window's usual way, which first writes or
            # offers to keep whatever was typed meanwhile.
            choice = ask_damaged(error, window.workspace.path, window)
            if choice.backup is None or not window.database.restore_from(choice.backup, ask=False):
                window.close()
        elif isinstance(error, StorageError):
            QMessageBox.critical(window, APP_NAME, error.message)
            # As when the database cannot be opened before the window: Focal ends, by the
            # usual way out, which writes or offers to keep anything typed meanwhile.
            window.close()
        elif error is not None:
            raise error
        elif outcome.reload and window.session is not None:
            report_id = window.session.report_id
            if not window.open_report(report_id):
                window.open_initial_report()


@dataclass
class Started:
    """The window of a quick start, its workspace not opened yet, and the worker that will."""

    window: MainWindow
    workspace: DeferredWorkspace
    opening: BackgroundOpen


def database_path(db_path: Path | None) -> Path:
    """The database file the window works on, as the storage layer resolves it."""
    from app.storage.database import default_database_path

    return (db_path or default_database_path()).expanduser().resolve()


def quick_start(
    db_path: Path | None, settings: Settings, lock: DatabaseLock | None = None
) -> Started | None:
    """The window on the report read quickly, or None when the full path must open the file.

    The caller shows the window, then starts ``opening``.
    """
    from app.storage.quick_read import read_start, shipped_catalogue
    from app.ui.main_window import MainWindow

    path = database_path(db_path)
    if not path.is_file():
        return None
    start = read_start(path, settings.last_report_id(path), shipped_catalogue())
    if start is None:
        return None
    workspace = DeferredWorkspace(path, start.catalogue, lock=lock or False)
    window = MainWindow(workspace, settings)
    window.show_report(start.report)
    return Started(window, workspace, BackgroundOpen(window, workspace, start.report))


def run(db_path: Path | None = None) -> int:
    started = time.perf_counter()
    # Start-up creates many objects that live as long as the program (Qt's enums, the window);
    # collecting garbage among them is wasted time. Collection resumes after the first paint,
    # with those objects frozen out of it (see _after_first_paint).
    gc.disable()
    try:
        return _run(db_path, started)
    finally:
        gc.enable()


def _run(db_path: Path | None, started: float) -> int:
    setup_logging()
    previous_faults = install_crash_handlers()
    application = make_application()
    settings = Settings()
    apply_language(settings.language or system_language(), application)
    marker = SessionMarker()
    crashed = marker.previous_run_crashed() or bool(previous_faults)

    locking = take_database_lock(db_path)
    if locking is None:
        return 1
    lock, read_only = locking
    try:
        return _run_window(db_path, started, application, settings, lock, read_only, crashed)
    finally:
        if lock is not None:
            lock.release()


def _run_window(
    db_path: Path | None,
    started: float,
    application: QApplication,
    settings: Settings,
    lock: DatabaseLock | None,
    read_only: str,
    crashed: bool,
) -> int:
    marker = SessionMarker()
    quick = None if read_only else quick_start(db_path, settings, lock)
    opened = True
    workspace: Workspace
    if quick is not None:
        window, workspace, opening = quick.window, quick.workspace, quick.opening
        window.show()
    else:
        from app.ui.main_window import MainWindow

        full = open_workspace_or_explain(db_path, read_only=bool(read_only), lock=lock)
        if full is None:
            return 1
        workspace = full
        window = MainWindow(workspace, settings)
        window.show()
        opened = window.open_initial_report()
        if full.read_only:
            window.set_read_only(read_only or full.read_only_reason or "")
        opening = BackgroundOpen(window, workspace)
    window.database_lock = lock
    first_paint = FirstPaint(window, lambda: _after_first_paint(opening))
    host = WindowHost(window, lambda language: apply_language(language, application))
    host.window_replaced.append(opening.follow)

    if not read_only:  # the marker is the writing Focal's, not a read-only second one's
        marker.mark_running(workspace.path)
    if crashed and not read_only:
        window.show_recovery_notice()
    if os.environ.get("FOCAL_SMOKE_TEST") == "1":
        first_paint.then(lambda: _smoke_ready(started))
    elif not opened:
        QTimer.singleShot(0, window.new_report)
    try:
        result = application.exec()
        opening.start()  # if Focal ends before its window was ever painted
        window = host.window  # a change of language replaces the window
        window.finish()
    finally:
        opening.join()
        if isinstance(workspace, DeferredWorkspace) and not workspace.is_open:
            log.error("the database was never opened: %s", workspace.error)
            result = 1
        workspace.close()
        if window.workspace is not workspace:  # replaced by restoring a backup
            window.workspace.close()
        disable_fault_log()
    if not read_only:
        marker.clear()
    log.info("closed cleanly")
    return result


class FirstPaint(QObject):
    """Calls back once the window has been painted for the first time (its paint finished).

    Should the window not be painted (hidden at once, a platform that never exposes it), the
    callbacks still run after :data:`FIRST_PAINT_FALLBACK_MS`.
    """

    def __init__(self, window: MainWindow, callback: Callable[[], None]) -> None:
        super().__init__(window)
        self._callbacks = [callback]
        self._done = False
        window.installEventFilter(self)
        QTimer.singleShot(FIRST_PAINT_FALLBACK_MS, self._run)

    def then(self, callback: Callable[[], None]) -> None:
        self._callbacks.append(callback)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._run)  # after this paint and the rest of the window's
        return False

    def _run(self) -> None:
        if self._done:
            return
        self._done = True
        for callback in self._callbacks:
            callback()


def _after_first_paint(opening: BackgroundOpen) -> None:
    """Garbage collection and the worker start once the window is painted.

    Not before: the worker (importing SQLAlchemy holds the interpreter lock most of the time)
    would slow the first paint down. The warning about a risky folder comes then too.
    """
    gc.freeze()  # what start-up made stays: later collections need not look at it again
    gc.enable()
    opening.start()
    from app.storage.location import location_warning

    opening.window.database.show_location_warning(location_warning(opening.window.workspace.path))


def _smoke_ready(started: float) -> None:
    """The window shows the report, painted, and takes typing (see FirstPaint)."""
    elapsed = (time.perf_counter() - started) * 1000
    print(f"focal: ready in {elapsed:.0f} ms", flush=True)  # noqa: T201
    QCoreApplication.quit()
