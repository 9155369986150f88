"""Screenshots of the real window for the README and the docs: a half-filled report, the
new-report dialog, the import dialog showing what replacing a report changes, and the
consolidation window after a check.

Run under a real X server so the native style and fonts are used, e.g.::

    Xvfb :99 -screen 0 1400x900x24 &
    DISPLAY=:99 QT_QPA_PLATFORM=xcb .venv/bin/python scripts/screenshots.py docs/images
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def save_png(image: object, path: Path, limit: int = 240_000) -> None:
    """Save as PNG; when that is heavy for a README, reduce to a 256-colour palette (Pillow,
    which reportlab brings along) without dithering, so text stays crisp."""
    from PySide6.QtGui import QImage

    assert isinstance(image, QImage)
    image.save(str(path), "PNG", 9)
    if path.stat().st_size <= limit:
        return
    from PIL import Image

    with Image.open(path) as full:
        reduced = full.convert("RGB").quantize(
            colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
        )
    reduced.save(path, optimize=True)


def main() -> int:
    target = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "docs" / "images")
    target.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="focal-shots-"))
    os.environ["FOCAL_DATA_DIR"] = str(scratch)
    os.environ["FOCAL_NO_LOG_FILE"] = "1"

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from app.core.catalogue import default_catalogue
    from app.core.report import FocalPoint
    from app.services import reports
    from app.services.workspace import open_workspace
    from app.ui.application import make_application
    from app.ui.main_window import MainWindow
    from app.ui.new_report_dialog import NewReportDialog
    from app.ui.settings import Settings
    from tests.helpers.factories import sample_report

    application = make_application()
    workspace = open_workspace(scratch / "focal.sqlite3")
    catalogue = default_catalogue()
    report = reports.create_report(
        workspace,
        "iachr",
        2025,
        FocalPoint(
            name="María José Gonçalves",
            title="Coordinadora de Migración",
            institution="Inter-American Commission on Human Rights",
        ),
    )
    filled = sample_report(catalogue, "iachr", 2025, seed=4, min_length=250, max_length=700)
    for position, (row, source) in enumerate(zip(report.rows[:4], filled.rows, strict=False)):
        names = ("programmed", "executed", "planned_next", "financing_text")
        texts = dict(zip(names, source.texts(), strict=True))
        if position == 3:
            texts["executed"] = ""
        reports.save_row_texts(workspace, row.row_id, texts)
        if position < 3:
            reports.save_row_financing(workspace, row.row_id, source.financing)
    reports.save_report_fields(workspace, report.report_id, {"background": filled.background})

    window = MainWindow(workspace, Settings(scratch / "settings.ini"))
    window.resize(1360, 860)
    window.show()
    window.open_report(report.report_id)
    window.view.navigator.select_position(1)

    def shoot_window() -> None:
        save_png(window.grab().toImage(), target / "main-window.png")
        shoot_languages(application, window, target)
        dialog = NewReportDialog(catalogue, {("iachr", 2025)}, window, year=2025)
        dialog.show()
        dialog.select_implementer("cim")
        dialog.focal_lines["name"].setText("Rosa Quispe")
        dialog.focal_lines["email"].setText("rquispe@example.org")
        QTimer.singleShot(400, lambda: shoot_dialog(dialog))

    def shoot_dialog(dialog: NewReportDialog) -> None:
        save_png(dialog.grab().toImage(), target / "new-report.png")
        dialog.close()
        inbox = make_inbox(scratch, catalogue, reports.load_report(workspace, report.report_id))
        window.imports.choose_files = lambda *args: [
            inbox / "IACHR-2025-submission.xlsx",
            inbox / "CIM-2025-submission.xlsx",
            inbox / "Peru-2025-submission.xlsx",
        ]
        imports = window.imports.open_dialog(validate_only=False)
        assert imports is not None
        imports.resize(1180, 700)
        when(lambda: not imports.busy() and imports.model.rowCount() == 3, lambda: tick(imports))

    def tick(imports: object) -> None:
        from app.ui.import_dialog import ImportDialog

        assert isinstance(imports, ImportDialog)
        imports.model.set_replace(0, True)
        imports.table.selectRow(0)
        QTimer.singleShot(400, lambda: shoot_import(imports))

    def shoot_import(imports: object) -> None:
        from app.ui.import_dialog import ImportDialog

        assert isinstance(imports, ImportDialog)
        save_png(imports.grab().toImage(), target / "import-dialog.png")
        imports.close()
        view = window.consolidation.show_view()
        view.resize(1300, 820)
        view.texts.background.set_text(CONSOLIDATION_BACKGROUND)
        view.texts.conclusion.set_text(CONSOLIDATION_CONCLUSION)
        view.sources.add_paths([scratch / "inbox"])
        view.check()
        when(
            lambda: not view.busy() and view.sources.checks_model.rowCount() > 0,
            lambda: settle(view),
        )

    def settle(view: object) -> None:
        QTimer.singleShot(400, lambda: shoot_consolidation(view))

    def shoot_consolidation(view: object) -> None:
        from app.ui.consolidate_view import ConsolidateView

        assert isinstance(view, ConsolidateView)
        save_png(view.grab().toImage(), target / "consolidate-view.png")
        view.close()
        window.close()
        QApplication.quit()

    QTimer.singleShot(800, shoot_window)
    application.exec()
    workspace.close()
    export_spanish_pdf_page(workspace, scratch, target)
    names = ("main-window", "main-window-es", "main-window-pt", "new-report", "import-dialog",
             "consolidate-view", "pdf-submission-es")  # fmt: skip
    print("wrote " + ", ".join(str(target / f"{name}.png") for name in names))
    return 0


CONSOLIDATION_BACKGROUND = (
    "In 2025 the General Secretariat received the annual reports of the focal points on the "
    "Inter-American Program. This report consolidates them in the order of the resolution."
)
CONSOLIDATION_CONCLUSION = (
    "Most implementers reported activities under objectives 1 and 8; training of consular "
    "officials remains the most frequent activity."
)


def shoot_languages(application: object, window: object, target: Path) -> None:
    """The same window, report and row in Spanish and in Portuguese, then English again."""
    from PySide6.QtWidgets import QApplication

    from app.ui.application import apply_language
    from app.ui.main_window import MainWindow

    assert isinstance(application, QApplication)
    assert isinstance(window, MainWindow)
    for language in ("es", "pt"):
        apply_language(language, application)
        other = MainWindow(window.workspace, window.settings)
        other.resize(window.size())
        other.show()
        other.restore_view_state(window.view_state())
        application.processEvents()
        save_png(other.grab().toImage(), target / f"main-window-{language}.png")
        other.finish()
        other.close()
        other.deleteLater()
    apply_language("en", application)


def export_spanish_pdf_page(workspace: object, scratch: Path, target: Path) -> None:
    """The first page of the report's PDF written in Spanish, as pdftoppm renders it."""
    import subprocess

    from PySide6.QtGui import QImage

    from app.services.pdf_export import export_pdf

    pdf = scratch / "informe.pdf"
    export_pdf(workspace, "iachr", 2025, pdf, language="es")  # type: ignore[arg-type]
    subprocess.run(
        ["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", str(pdf), str(scratch / "page")],
        check=True,
    )
    page = next(scratch.glob("page*.png"))
    save_png(QImage(str(page)), target / "pdf-submission-es.png")


def when(condition: Callable[[], bool], then: Callable[[], None], tries: int = 300) -> None:
    """Poll ``condition`` on the event loop (work runs on worker threads), then go on."""
    from PySide6.QtCore import QTimer

    if condition():
        then()
    elif tries <= 0:
        raise SystemExit("screenshots: the window did not get there in time")
    else:
        QTimer.singleShot(100, lambda: when(condition, then, tries - 1))


def make_inbox(scratch: Path, catalogue: object, current: object) -> Path:
    """Workbooks as the secretariat receives them: an IACHR export that differs from the
    report in the database, CIM's submission, and a workbook someone broke."""
    from dataclasses import replace

    from openpyxl import load_workbook

    from app.core.catalogue import Catalogue
    from app.core.report import ReportData
    from app.exchange.xlsx.writer import write_submission
    from tests.helpers.factories import sample_report

    assert isinstance(catalogue, Catalogue)
    assert isinstance(current, ReportData)
    inbox = scratch / "inbox"
    inbox.mkdir(exist_ok=True)
    iachr = current
    rows = list(iachr.rows)
    rows[1] = replace(
        rows[1],
        executed=rows[1].executed[:180]
        + " Two regional workshops in Quito and Tegucigalpa trained 140 officials.",
    )
    iachr = replace(iachr, rows=tuple(rows), conclusions="The Commission will follow up in 2026.")
    write_submission(iachr, catalogue, inbox / "IACHR-2025-submission.xlsx")
    cim = sample_report(catalogue, "cim", 2025, seed=6, min_length=120, max_length=400)
    write_submission(cim, catalogue, inbox / "CIM-2025-submission.xlsx")
    peru = sample_report(catalogue, "per", 2025, seed=8, min_length=120, max_length=400)
    write_submission(peru, catalogue, inbox / "Peru-2025-submission.xlsx")
    workbook = load_workbook(inbox / "Peru-2025-submission.xlsx")
    workbook["Report"]["C8"] = "=SUM(C1:C7)"
    workbook.save(inbox / "Peru-2025-submission.xlsx")
    return inbox


if __name__ == "__main__":
    sys.exit(main())
