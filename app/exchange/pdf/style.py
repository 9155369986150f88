"""The look of Focal's PDF documents: page geometry, type sizes, colours.

One place, so that a submission and the consolidated report read as documents of one family.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.pagesizes import A4, LETTER, landscape
from reportlab.lib.units import mm

from app.exchange.pdf.blocks import FontStyle
from app.exchange.pdf.fonts import BOLD, BOLD_OBLIQUE, OBLIQUE, REGULAR

PAPER_SIZES: dict[str, tuple[float, float]] = {
    "a4": landscape(A4),
    "letter": landscape(LETTER),
}

FACES: dict[FontStyle, str] = {
    "regular": REGULAR,
    "bold": BOLD,
    "oblique": OBLIQUE,
    "bold-oblique": BOLD_OBLIQUE,
}

INK = HexColor("#1b1f24")
MUTED = HexColor("#505a66")
ACCENT = HexColor("#1f3a5f")  # headings and rules: a sober navy
GRID = HexColor("#7d8794")
HEADER_FILL = HexColor("#dfe6ef")
RULE = HexColor("#b8c0ca")

LEADING_RATIO = 1.24
GRID_WIDTH = 0.5
CELL_PADDING_X = 4.5
CELL_PADDING_TOP = 3.5
CELL_PADDING_BOTTOM = 4.0
MIN_SPLIT_LINES = 2  # no part of a row or paragraph of fewer lines
MIN_START_LINES = 4  # a row split across pages starts with at least this many lines
SPLIT_SHARE = 0.5  # a row that fits on one page splits only if this share of it fits here
SHORT_ROW_SHARE = 1 / 3  # rows up to this share of a page never split


@dataclass(frozen=True, slots=True)
class PageGeometry:
    width: float
    height: float
    left: float = 15 * mm
    right: float = 15 * mm
    top: float = 20 * mm
    bottom: float = 17 * mm

    @property
    def frame_width(self) -> float:
        return self.width - self.left - self.right

    @property
    def frame_height(self) -> float:
        return self.height - self.top - self.bottom

    @property
    def header_baseline(self) -> float:
        return float(self.height - 11 * mm)

    @property
    def footer_baseline(self) -> float:
        return float(9 * mm)


def page_geometry(paper: str) -> PageGeometry:
    try:
        width, height = PAPER_SIZES[paper]
    except KeyError:
        raise ValueError(
            f"unknown paper size {paper!r}; use one of {sorted(PAPER_SIZES)}"
        ) from None
    return PageGeometry(width, height)


def leading(size: float) -> float:
    return round(size * LEADING_RATIO, 2)


def color_of(muted: bool) -> Color:
    return MUTED if muted else INK
