"""The shipped TrueType faces: registered once with reportlab, measured, checked for coverage.

Reports are typed in Spanish, French, Portuguese and English (sometimes with Greek, Cyrillic,
Arabic or Hebrew names), so the PDF embeds DejaVu Sans Condensed from ``resources/fonts`` rather
than relying on the 14 standard PDF fonts, which cover Latin-1 at best. Each face knows the
characters it can draw (``covered``) so that the text preparation can report the others instead
of letting them turn into boxes unnoticed.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.core.resources import resource_path

REGULAR = "FocalSans"
BOLD = "FocalSans-Bold"
OBLIQUE = "FocalSans-Oblique"
BOLD_OBLIQUE = "FocalSans-BoldOblique"

FONT_FILES: dict[str, str] = {
    REGULAR: "DejaVuSansCondensed.ttf",
    BOLD: "DejaVuSansCondensed-Bold.ttf",
    OBLIQUE: "DejaVuSansCondensed-Oblique.ttf",
    BOLD_OBLIQUE: "DejaVuSansCondensed-BoldOblique.ttf",
}

# Drawn in place of a character the face lacks: a visible, standard "cannot show" sign.
REPLACEMENT = "\ufffd"

_lock = threading.Lock()


class FontError(RuntimeError):
    """A shipped font file is missing or unreadable (a broken installation)."""


@dataclass(frozen=True, eq=False)
class Face:
    """One registered face with what the layout needs: widths, vertical metrics, coverage."""

    name: str
    font: TTFont
    ascent: float  # above the baseline, for 1 point of size
    descent: float  # below the baseline (positive), for 1 point of size
    covered: frozenset[int]
    char_widths: dict[int, float]  # 1/1000 of the size, as in the font's hmtx table
    default_width: float

    def text_width(self, text: str, size: float) -> float:
        get = self.char_widths.get
        default = self.default_width
        return sum(get(ord(ch), default) for ch in text) * size / 1000.0

    def can_show(self, ch: str) -> bool:
        return ord(ch) in self.covered

    def baseline(self, size: float, leading: float) -> float:
        """Distance from the top of a line box of height ``leading`` to the text baseline."""
        ascent, descent = self.ascent * size, self.descent * size
        return (leading - ascent - descent) / 2.0 + ascent


_registry: dict[str, Face] = {}


def _load(name: str) -> Face:
    path = resource_path("fonts", FONT_FILES[name])
    try:
        font = TTFont(name, str(path), asciiReadable=True)
    except (OSError, ValueError) as error:
        raise FontError(f"cannot load the font {path}: {error}") from error
    pdfmetrics.registerFont(font)
    face = font.face
    return Face(
        name=name,
        font=font,
        ascent=face.ascent / 1000.0,
        descent=-face.descent / 1000.0,
        covered=frozenset(face.charToGlyph),
        char_widths=dict(face.charWidths),
        default_width=float(face.defaultWidth),
    )


def _faces() -> dict[str, Face]:
    if not _registry:
        with _lock:
            if not _registry:
                faces = {name: _load(name) for name in FONT_FILES}
                pdfmetrics.registerFontFamily(
                    REGULAR, normal=REGULAR, bold=BOLD, italic=OBLIQUE, boldItalic=BOLD_OBLIQUE
                )
                _registry.update(faces)
    return _registry


def register_fonts() -> None:
    """Load and register the four faces (once per process; safe from worker threads)."""
    _faces()


def face(name: str) -> Face:
    return _faces()[name]
