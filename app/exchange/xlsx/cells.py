"""Text <-> cell, exactly: every character typed comes back, and no text turns into anything else.

Three things stand between a Python string and an Excel cell:

* XML normalises a carriage return to a line feed, so ``\\r`` is written as Excel's own escape
  ``_x000D_``; and because Excel decodes every ``_xHHHH_`` it reads, a literal ``_x`` + four hex
  digits + ``_`` in the text gets its underscore escaped as ``_x005F_`` (ECMA-376 ST_Xstring).
  :func:`decode_text` undoes both, exactly as Excel and LibreOffice do.
* openpyxl turns a string starting with ``=`` into a formula and ``#N/A`` into an error value,
  and leaves ``xml:space="preserve"`` off a string made only of spaces (Excel would then drop
  them). :mod:`app.exchange.xlsx.rows` writes every text as a string cell and preserves blanks.
* A cell holds at most 32,767 characters (UTF-16 units). :func:`split_text` cuts longer texts
  at a line or word boundary into pieces that, concatenated, give the text back.

Characters that XML 1.0 cannot carry (C0 controls other than tab, line feed and carriage
return; lone surrogates; U+FFFE and U+FFFF) are found by :func:`illegal_character` so that the
caller can name the field instead of writing a file Excel cannot open.
"""

from __future__ import annotations

import re
from typing import Any

from openpyxl.cell.rich_text import CellRichText
from openpyxl.xml.functions import XML_NS, Element

from app.exchange.xlsx.layout import CELL_LIMIT

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# An underscore that would read as the start of an escape (also when the escape of a
# following carriage return completes it), and carriage returns.
_ESCAPE = re.compile(r"\r|_(?=x[0-9A-Fa-f]{4}[_\r])")
_UNESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def illegal_character(text: str) -> tuple[int, str] | None:
    """Position and character of the first character an xlsx file cannot hold, if any."""
    match = _XML_ILLEGAL.search(text)
    return (match.start(), match.group()) if match else None


def character_name(char: str) -> str:
    return f"U+{ord(char):04X}"


def encode_text(text: str) -> str:
    """The text as stored in the cell's XML (see the module docstring)."""
    if "\r" not in text and "_x" not in text:
        return text
    return _ESCAPE.sub(lambda m: "_x000D_" if m.group() == "\r" else "_x005F_", text)


def decode_text(stored: str) -> str:
    """Inverse of :func:`encode_text`; also decodes the escapes Excel writes itself."""
    if "_x" not in stored:
        return stored
    return _UNESCAPE.sub(lambda m: chr(int(m.group(1), 16)), stored)


def utf16_length(text: str) -> int:
    """Length as Excel counts it: characters outside the BMP take two units."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def cell_cost(text: str) -> int:
    """What a piece of text uses of a cell's limit, for Excel and for openpyxl (encoded)."""
    return max(utf16_length(text), len(encode_text(text)))


def fits_cell(text: str, limit: int = CELL_LIMIT) -> bool:
    # Short texts fit whatever they hold: an escape takes at most 7 characters.
    return len(text) <= limit // 7 or cell_cost(text) <= limit


def split_text(text: str, limit: int = CELL_LIMIT) -> list[str]:
    """Pieces of at most ``limit`` that join back to ``text``; empty text gives no piece.

    Cuts after the last line break in the second half of the allowance, else after the last
    space, else anywhere: nothing is added or removed, so ``"".join(pieces) == text``.
    """
    if not text:
        return []
    if fits_cell(text, limit):
        return [text]
    pieces: list[str] = []
    start = 0
    while start < len(text):
        end = _fitting_end(text, start, limit)
        if end < len(text):
            end = _boundary(text, start, end)
        pieces.append(text[start:end])
        start = end
    return pieces


def _fitting_end(text: str, start: int, limit: int) -> int:
    """The largest ``end`` with ``cell_cost(text[start:end]) <= limit``."""
    high = min(len(text), start + limit)
    if cell_cost(text[start:high]) <= limit:
        return high
    low = start + 1  # one character always fits: its encoding takes at most 7
    while low < high:
        middle = (low + high + 1) // 2
        if cell_cost(text[start:middle]) <= limit:
            low = middle
        else:
            high = middle - 1
    return low


def _boundary(text: str, start: int, end: int) -> int:
    floor = start + (end - start) // 2
    for separator in ("\n", " "):
        found = text.rfind(separator, floor, end)
        if found >= 0:
            return found + 1
    return end


class PreservedText(CellRichText):  # type: ignore[misc]
    """A string of blanks only: written with ``xml:space="preserve"``, which openpyxl omits."""

    def to_tree(self) -> Any:
        container = Element("is")
        text = Element("t", {f"{{{XML_NS}}}space": "preserve"})
        text.text = "".join(str(part) for part in self)
        container.append(text)
        return container
