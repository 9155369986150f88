"""Render the application icon (resources/icons/app.svg) for the frozen builds.

    QT_QPA_PLATFORM=offscreen python scripts/make_icons.py

Writes ``focal.ico`` (Windows: 16 to 256 px), ``focal.icns`` (macOS) and ``focal.png`` (256 px,
for Linux desktop files) next to the SVG; build.spec picks the one for its platform.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def main() -> int:
    QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(ICONS / "app.svg"))
    if not renderer.isValid():
        print("app.svg could not be read")
        return 1
    large = render(renderer, 256)
    for name, image_format in (("focal.png", "PNG"), ("focal.icns", "ICNS")):
        if not large.save(str(ICONS / name), image_format):
            print(f"could not write {name}")
            return 1
        print(f"wrote {ICONS / name}")
    # Qt writes a single-size .ico; Pillow (which reportlab brings) writes all the sizes
    # Windows picks from, PNG-compressed.
    from PIL import Image

    with Image.open(ICONS / "focal.png") as png:
        png.save(ICONS / "focal.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (256, 256)])
    print(f"wrote {ICONS / 'focal.ico'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
