"""The desktop application: QApplication set-up, opening the database, the main window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from app import APP_NAME, ORGANIZATION, __version__
from app.core.i18n import _
from app.logs import setup_logging
from app.services.workspace import open_workspace
from app.storage.errors import StorageError


def make_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationVersion(__version__)
    return QApplication(argv if argv is not None else sys.argv[:1])


def run(db_path: Path | None = None) -> int:
    setup_logging()
    application = make_application()
    try:
        workspace = open_workspace(db_path)
    except StorageError as error:
        QMessageBox.critical(None, APP_NAME, error.message)
        return 1
    from app.ui.main_window import MainWindow

    window = MainWindow(workspace)
    window.show()
    result = application.exec()
    workspace.close()
    return result


__all__ = ["_", "make_application", "run"]
