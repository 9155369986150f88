"""``focal selfcheck``: prove an installation (or a frozen build) works, without a screen.

It opens a throw-away database, creates a report from the catalogue and builds the main
window on Qt's offscreen platform. Used by CI on the PyInstaller bundle.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path
from typing import Any

from app.commands.base import CommandContext
from app.core.i18n import _
from app.services import reports
from app.services.workspace import open_workspace


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "selfcheck",
        help=_("check that this installation works (headless)"),
        description=_("Check the catalogue, the database, the exports and the window, headless."),
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, context: CommandContext) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="focal-selfcheck-") as folder:
        workspace = open_workspace(Path(folder) / "selfcheck.sqlite3")
        try:
            catalogue = workspace.catalogue
            print(
                f"catalogue: {len(catalogue.activities)} activities, "
                f"{len(catalogue.objectives)} objectives, "
                f"{len(catalogue.implementers)} implementers"
            )
            report = reports.create_report(workspace, "iachr", 2025)
            print(f"database: report with {len(report.rows)} rows")
            from app.ui.application import make_application
            from app.ui.main_window import MainWindow

            application = make_application([])
            window = MainWindow(workspace)
            window.show()
            application.processEvents()
            print(f"window: {window.windowTitle()} on {application.platformName()}")
            window.close()
        finally:
            workspace.close()
    print("selfcheck: OK")
    return 0
