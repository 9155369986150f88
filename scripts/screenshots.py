"""Screenshots of the real window for the README: a half-filled report and the new-report dialog.

Run under a real X server so the native style and fonts are used, e.g.::

    Xvfb :99 -screen 0 1400x900x24 &
    DISPLAY=:99 QT_QPA_PLATFORM=xcb .venv/bin/python scripts/screenshots.py docs/images
"""

from __future__ import annotations

import os
import sys
import tempfile
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
        dialog = NewReportDialog(catalogue, {("iachr", 2025)}, window, year=2025)
        dialog.show()
        dialog.select_implementer("cim")
        dialog.focal_lines["name"].setText("Rosa Quispe")
        dialog.focal_lines["email"].setText("rquispe@example.org")
        QTimer.singleShot(400, lambda: shoot_dialog(dialog))

    def shoot_dialog(dialog: NewReportDialog) -> None:
        save_png(dialog.grab().toImage(), target / "new-report.png")
        dialog.close()
        window.close()
        QApplication.quit()

    QTimer.singleShot(800, shoot_window)
    application.exec()
    workspace.close()
    print(f"wrote {target / 'main-window.png'} and {target / 'new-report.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
