"""Row heights and where long texts continue, so that the sheet reads and prints like a table.

Excel does not grow a row beyond 409 points (about 30 lines), and LibreOffice does not fit row
heights when it opens a file, so the writer sets each row's height itself and continues a text
that would not show in one cell on the next row, cutting after a line break where it can,
else after a space. The pieces join back exactly (see :mod:`app.exchange.xlsx.cells`).
"""

from __future__ import annotations

import math

from app.exchange.xlsx.cells import fits_cell, split_text
from app.exchange.xlsx.layout import NARRATIVE_TEXT_WIDTH

LINE_HEIGHT = 13.0  # points per line of 10-point Calibri (Carlito in LibreOffice)
ROW_PADDING = 3.0
MAX_ROW_HEIGHT = 409.0  # Excel's limit
MAX_LINES = 28  # a little under what 409 points hold, since line counts are estimates
CHARACTERS_PER_WIDTH = 1.3  # average characters of 10-point prose per unit of column width


def characters_per_line(width: float) -> int:
    return max(4, int(width * CHARACTERS_PER_WIDTH) - 2)


def estimate_lines(text: str, width: float) -> int:
    """Lines ``text`` takes when wrapped in a column ``width`` wide."""
    if not text:
        return 0
    per_line = characters_per_line(width)
    return sum(max(1, math.ceil(len(line) / per_line)) for line in text.split("\n"))


def row_height(lines: int) -> float:
    return min(MAX_ROW_HEIGHT, max(1, lines) * LINE_HEIGHT + ROW_PADDING)


def split_for_display(text: str, width: float, max_lines: int = MAX_LINES) -> list[str]:
    """Pieces of ``text`` that each show whole in a cell ``width`` wide; they join to ``text``."""
    if not text:
        return []
    per_line = characters_per_line(width)
    if len(text) <= per_line * max_lines // 2 and "\n" not in text:
        return split_text(text)
    pieces: list[str] = []
    current: list[str] = []
    used = 0
    for line in text.splitlines(keepends=True):
        lines = max(1, math.ceil(len(line.rstrip("\n")) / per_line))
        if current and used + lines > max_lines:
            pieces.append("".join(current))
            current, used = [], 0
        if lines > max_lines:  # one paragraph longer than a cell shows: cut it between words
            *whole, rest = _cut_paragraph(line, per_line * max_lines)
            pieces.extend(whole)
            line, lines = rest, max(1, math.ceil(len(rest.rstrip("\n")) / per_line))
        current.append(line)
        used += lines
    if current:
        pieces.append("".join(current))
    return [piece for part in pieces for piece in _within_cell(part)]


def _cut_paragraph(paragraph: str, size: int) -> list[str]:
    parts: list[str] = []
    start = 0
    while len(paragraph) - start > size:
        end = paragraph.rfind(" ", start + size // 2, start + size)
        end = end + 1 if end >= 0 else start + size
        parts.append(paragraph[start:end])
        start = end
    parts.append(paragraph[start:])
    return parts


def _within_cell(piece: str) -> list[str]:
    return [piece] if fits_cell(piece) else split_text(piece)


def narrative_pieces(text: str) -> list[str]:
    """How a background or conclusions text lies on the Narrative sheet (at least one cell)."""
    return split_for_display(text, NARRATIVE_TEXT_WIDTH) or [""]
