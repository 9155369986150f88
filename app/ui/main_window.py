"""The main window (a first frame; the workspace issue fills it in)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMainWindow

from app import APP_NAME
from app.core.i18n import _
from app.services.workspace import Workspace


class MainWindow(QMainWindow):
    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.setWindowTitle(APP_NAME)
        self.setCentralWidget(QLabel(_("Database: {path}").format(path=workspace.path), self))
        self.resize(1000, 700)
