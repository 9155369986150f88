"""Breaking text into lines once, with cached word widths.

reportlab's Paragraph parses markup and re-wraps its whole text every time a table row is split
across pages; for long report cells that is where the time goes. Here a text is parsed into
:class:`Para` items (one per typed line: blank lines become gaps, list items keep their marker
in a hanging indent), then broken into :data:`Line` tuples a single time for a given width. A
row split across pages then only slices the list of lines.

Widths are those of the embedded TrueType face, summed per character (reportlab does not kern
either) and memoised per word, so a word seen before costs one dictionary look-up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

from app.exchange.pdf.fonts import REGULAR, face

Align = Literal["left", "center", "right"]
Fragment = tuple[float, str, str]  # x from the text box's left edge, face name, text
Line = tuple[float, tuple[Fragment, ...]]  # extra space above the line, its fragments

BULLET = "•"
SUB_BULLET = "◦"
_BULLET_MARKS = frozenset("-*•·‣▪◦–")
_LIST_ITEM = re.compile(r"([-*•·‣▪◦–]|\d{1,3}[.)]|[a-z][.)])[ \t]+(?=\S)")
_MAX_CACHED_WORDS = 100_000


@dataclass(frozen=True, slots=True)
class Para:
    """One typed line of text (or a caption), drawn in one face."""

    text: str
    font: str = REGULAR
    marker: str = ""  # list marker or label drawn at ``indent``; the text hangs after it
    marker_font: str = ""
    indent: float = 0.0
    hang: float = 0.0  # distance from ``indent`` to where the text of every line starts
    gap: float = 0.0  # extra space above the first line
    align: Align = "left"


_widths: dict[tuple[str, float], dict[str, float]] = {}


def word_widths(font: str, size: float) -> dict[str, float]:
    """The memo of word widths for a face and size (cleared when it grows too large)."""
    key = (font, size)
    cache = _widths.get(key)
    if cache is None or len(cache) > _MAX_CACHED_WORDS:
        cache = _widths[key] = {}
    return cache


def text_width(text: str, font: str, size: float) -> float:
    cache = word_widths(font, size)
    width = cache.get(text)
    if width is None:
        width = cache[text] = face(font).text_width(text, size)
    return width


def fit_text(text: str, font: str, size: float, width: float) -> str:
    """``text`` on one line, shortened with an ellipsis to fit ``width``."""
    measure = face(font).text_width
    if measure(text, size) <= width:
        return text
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if measure(text[:middle] + "…", size) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + "…"


def parse_text(
    text: str, font: str = REGULAR, *, size: float, gap: float, first_gap: float = 0.0
) -> list[Para]:
    """Prepared text to paragraphs: one per typed line, blank lines as ``gap`` above the next.

    Leading spaces indent a line; "- ", "• ", "* ", "1. ", "2) ", "a) " start a list item whose
    wrapped lines align after the marker.
    """
    paras: list[Para] = []
    pending_gap = first_gap
    space = text_width(" ", font, size)
    for raw in text.split("\n"):
        stripped = raw.lstrip(" ")
        if not stripped.strip():
            if paras:
                pending_gap = gap
            continue
        indent = min((len(raw) - len(stripped)) * space, size * 8)
        match = _LIST_ITEM.match(stripped)
        if match:
            mark = match.group(1)
            body = stripped[match.end() :]
            if mark in _BULLET_MARKS:
                mark = SUB_BULLET if indent else BULLET
                hang = size * 1.1
            else:
                hang = max(text_width(mark, font, size) + size * 0.45, size * 1.6)
            paras.append(Para(body, font, mark, font, indent=indent, hang=hang, gap=pending_gap))
        else:
            paras.append(Para(stripped, font, indent=indent, gap=pending_gap))
        pending_gap = 0.0
    return paras


def layout(paras: list[Para], width: float, size: float) -> list[Line]:
    """Break ``paras`` into lines no wider than ``width`` (a word too long is cut)."""
    lines: list[Line] = []
    for para in paras:
        _layout_para(para, width, size, lines)
    return lines


def _layout_para(para: Para, width: float, size: float, out: list[Line]) -> None:
    widths = word_widths(para.font, size)
    measure = face(para.font).text_width
    x_text = min(para.indent + para.hang, width * 0.5)
    avail = max(width - x_text, size)
    space = text_width(" ", para.font, size)
    first = True

    def emit(words: list[str], used: float) -> None:
        nonlocal first
        x = x_text
        if para.align == "center":
            x += (avail - used) / 2.0
        elif para.align == "right":
            x += avail - used
        fragment = (x, para.font, " ".join(words))
        if first:
            first = False
            if para.marker:
                marker = (min(para.indent, width * 0.4), para.marker_font or para.font, para.marker)
                out.append((para.gap, (marker, fragment)))
            else:
                out.append((para.gap, (fragment,)))
        else:
            out.append((0.0, (fragment,)))

    current: list[str] = []
    used = 0.0
    for word in para.text.split(" "):
        w = widths.get(word)
        if w is None:
            w = widths[word] = measure(word, size)
        if current:
            if used + space + w <= avail:
                current.append(word)
                used += space + w
                continue
            emit(current, used)
            current = []
            if not word:
                continue  # spaces where a line wraps are not carried to the next line
        if w <= avail:
            current = [word]
            used = w
        else:
            pieces = _cut_word(word, para.font, size, avail)
            for piece, piece_width in pieces[:-1]:
                emit([piece], piece_width)
            current = [pieces[-1][0]]
            used = pieces[-1][1]
    if current or first:
        emit(current, used)


def _cut_word(word: str, font: str, size: float, avail: float) -> list[tuple[str, float]]:
    """A word wider than a line (a URL, a long number) in pieces that each fit."""
    char_width = face(font).text_width
    pieces: list[tuple[str, float]] = []
    start = 0
    used = 0.0
    for index, ch in enumerate(word):
        w = char_width(ch, size)
        if used + w > avail and index > start:
            pieces.append((word[start:index], used))
            start, used = index, 0.0
        used += w
    pieces.append((word[start:], used))
    return pieces


def lines_height(lines: list[Line], leading: float) -> float:
    return len(lines) * leading + sum(line[0] for line in lines)


def lines_fitting(lines: list[Line], leading: float, room: float) -> int:
    """How many of the first ``lines`` fit in ``room`` points, each with its gap above."""
    used = 0.0
    count = 0
    for gap, _fragments in lines:
        if used + gap + leading > room + 1e-6:
            break
        used += gap + leading
        count += 1
    return count


def without_gap(line: Line) -> Line:
    """The line as the first of a page: no paragraph gap above it."""
    return (0.0, line[1]) if line[0] else line


def with_gap(para: Para, gap: float) -> Para:
    return replace(para, gap=gap)
