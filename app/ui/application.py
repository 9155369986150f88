"""Start-up of the desktop application, in order: logging -> crash hook -> QApplication ->
open/migrate the database (with clear error dialogs) -> automatic backup -> main window.

``FOCAL_SMOKE_TEST=1`` makes the program print "focal: ready" once the window is shown and the
event loop is idle, then quit: the start-up benchmark and the frozen build's smoke test use it.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, Qt, QTimer, QTranslator
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from app import APP_NAME, ORGANIZATION, __version__
from app.core.i18n import normalise_language, set_language, system_language, translator
from app.logs import setup_logging
from app.ui.crash import SessionMarker, disable_fault_log, install_crash_handlers
from app.ui.icons import app_icon
from app.ui.settings import Settings

log = logging.getLogger("focal.ui")
_translators: list[QTranslator] = []


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
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in (f"qtbase_{code}", f"qtbase_{code}_BR" if code == "pt" else ""):
        qt_translator = QTranslator(application)
        if name and qt_translator.load(name, folder):
            application.installTranslator(qt_translator)
            _translators.append(qt_translator)
            break
    return code


def open_workspace_or_explain(db_path: Path | None) -> object:
    """The workspace, or None after telling the user why the database cannot be used."""
    from app.services.workspace import open_workspace
    from app.storage.errors import StorageError

    try:
        return open_workspace(db_path)
    except StorageError as error:
        log.error("cannot open the database: %s", error.message)
        QMessageBox.critical(None, APP_NAME, error.message)
        return None


def run(db_path: Path | None = None) -> int:
    started = time.perf_counter()
    setup_logging()
    previous_faults = install_crash_handlers()
    application = make_application()
    settings = Settings()
    apply_language(settings.language or system_language(), application)

    from app.services.backup import automatic_backup
    from app.services.workspace import Workspace
    from app.storage.errors import StorageError
    from app.ui.main_window import MainWindow

    workspace = open_workspace_or_explain(db_path)
    if not isinstance(workspace, Workspace):
        return 1
    try:
        automatic_backup(workspace.path)
    except (StorageError, OSError) as error:
        log.warning("automatic backup failed: %s", error)

    marker = SessionMarker()
    crashed = marker.previous_run_crashed() or bool(previous_faults)
    marker.mark_running(workspace.path)
    window = MainWindow(workspace, settings)
    window.show()
    opened = window.open_initial_report()
    if crashed:
        window.show_recovery_notice()
    if os.environ.get("FOCAL_SMOKE_TEST") == "1":
        QTimer.singleShot(0, lambda: _smoke_ready(window, started))
    elif not opened:
        QTimer.singleShot(0, window.new_report)
    try:
        result = application.exec()
        window.finish()
    finally:
        workspace.close()
        disable_fault_log()
    marker.clear()
    log.info("closed cleanly")
    return result


def _smoke_ready(window: object, started: float) -> None:
    elapsed = (time.perf_counter() - started) * 1000
    print(f"focal: ready in {elapsed:.0f} ms", flush=True)  # noqa: T201
    QCoreApplication.quit()
