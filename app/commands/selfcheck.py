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

from app.commands.base import CommandContext, CommandError
from app.core.i18n import LANGUAGES, _, translator
from app.services import reports
from app.services.workspace import Workspace, open_workspace


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "selfcheck",
        help=_("check that this installation works (headless)"),
        description=_("Check the catalogue, the database, the exports and the window, headless."),
    )
    parser.set_defaults(handler=run)


# Lines that tell what failed start with the command's name; the last line is a fixed token
# that scripts look for.
PREFIX = "selfcheck: "
SAMPLE_TEXT = "Capacitación en São Paulo — «éxito» =SUM(A1)\nsecond line"


def check_exports(workspace: Workspace, folder: Path) -> None:
    """Export the report both ways and read the workbook back: fonts and writers are bundled."""
    from app.exchange.xlsx.reader import read_submission
    from app.services.pdf_export import export_pdf
    from app.services.xlsx_exchange import export_xlsx

    workbook = export_xlsx(workspace, "iachr", 2025, folder / "selfcheck.xlsx")
    read = read_submission(workbook, workspace.catalogue)
    if read.report is None or read.report.rows[0].executed != SAMPLE_TEXT:
        raise CommandError(PREFIX + _("the exported workbook does not read back exactly"))
    pdf = export_pdf(workspace, "iachr", 2025, folder / "selfcheck.pdf")
    if pdf.pages < 1 or b"/FontFile2" not in pdf.path.read_bytes():
        raise CommandError(PREFIX + _("the PDF has no embedded font"))
    print(
        _("exports: workbook read back exactly, PDF of {pages} pages with embedded font").format(
            pages=pdf.pages
        )
    )


def run(args: argparse.Namespace, context: CommandContext) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="focal-selfcheck-") as folder:
        workspace = open_workspace(Path(folder) / "selfcheck.sqlite3")
        try:
            catalogue = workspace.catalogue
            print(
                _(
                    "catalogue: {activities} activities, {objectives} objectives, "
                    "{implementers} implementers"
                ).format(
                    activities=len(catalogue.activities),
                    objectives=len(catalogue.objectives),
                    implementers=len(catalogue.implementers),
                )
            )
            report = reports.create_report(workspace, "iachr", 2025)
            reports.save_row_texts(workspace, report.rows[0].row_id or 0, {"executed": SAMPLE_TEXT})
            print(_("database: report with {rows} rows").format(rows=len(report.rows)))
            check_exports(workspace, Path(folder))
            spanish = translator("es")
            if "Activities developed/executed" not in spanish:
                raise CommandError(PREFIX + _("the Spanish translations are missing"))
            print(_("translations: {languages}").format(languages=", ".join(sorted(LANGUAGES))))
            from app.ui.application import make_application
            from app.ui.main_window import MainWindow

            application = make_application([])
            window = MainWindow(workspace)
            window.show()
            application.processEvents()
            print(
                _("window: {title} on {platform}").format(
                    title=window.windowTitle(), platform=application.platformName()
                )
            )
            window.close()
        finally:
            workspace.close()
    print("selfcheck: OK")
    return 0
