"""Turning typed text into text the PDF can draw, and saying what could not be drawn.

Whatever a focal point typed must give a PDF, never an error: the text is drawn as text (no
markup is interpreted, nothing is fetched), line endings become ``\\n``, tabs become spaces,
invisible control and format characters (zero-width joiners, variation selectors, soft
hyphens, direction marks) are dropped, and the text is composed (NFC) so that a letter typed as
base + accent uses the font's accented glyph. A character the face has no glyph for is drawn as
U+FFFD (a question mark in a diamond) and reported once, with the places it occurs.

Right-to-left scripts (Arabic, Hebrew) are drawn in typing order, left to right, with
unjoined letters: reportlab has no bidirectional layout or Arabic shaping without extra
libraries. The text stays readable to a machine (search, copy) and the export says so in a
warning rather than pretending the line is typeset correctly.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from app.core.i18n import _
from app.exchange.pdf.fonts import REPLACEMENT, Face

TAB = "    "
_NEWLINES = str.maketrans({"\r": "\n", "\x0b": "\n", "\x0c": "\n", "\x85": "\n",
                           "\u2028": "\n", "\u2029": "\n"})  # fmt: skip
_MAX_PLACES = 3
_MAX_CHARACTERS = 20


def _is_invisible(ch: str) -> bool:
    if unicodedata.category(ch) in ("Cc", "Cf"):
        return True
    code = ord(ch)
    return 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF  # variation selectors


def _is_right_to_left(ch: str) -> bool:
    return unicodedata.bidirectional(ch) in ("R", "AL")


class TextPreparer:
    """Prepares the texts of one document and gathers the warnings about them."""

    def __init__(self) -> None:
        self._missing: dict[str, list[str]] = {}
        self._right_to_left: list[str] = []
        self._known: dict[tuple[str, str], str | None] = {}  # (face, char) -> replacement

    def prepare(self, text: str, face: Face, where: str = "") -> str:
        """``text`` made drawable with ``face``; unknown characters are recorded for ``where``."""
        if not text:
            return ""
        if "\r" in text:
            text = text.replace("\r\n", "\n")
        text = text.translate(_NEWLINES)
        if not text.isascii() and not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
        table: dict[int, str | None] = {}
        rtl = False
        for ch in set(text):
            if " " <= ch <= "~" or ch == "\n":
                continue
            replacement = self._replacement(ch, face)
            if replacement is not None:
                table[ord(ch)] = replacement or None
                if replacement == REPLACEMENT:
                    self._note_missing(ch, where)
            elif not rtl and _is_right_to_left(ch):
                rtl = True
        if rtl and where not in self._right_to_left:
            self._right_to_left.append(where)
        return text.translate(table) if table else text

    def _replacement(self, ch: str, face: Face) -> str | None:
        """None to keep ``ch``, "" to drop it, else the text to draw instead."""
        key = (face.name, ch)
        if key not in self._known:
            if ch == "\t":
                value: str | None = TAB
            elif _is_invisible(ch):
                value = ""
            elif face.can_show(ch) and not 0xD800 <= ord(ch) <= 0xDFFF:
                value = None
            else:
                value = REPLACEMENT
            self._known[key] = value
        return self._known[key]

    def _note_missing(self, ch: str, where: str) -> None:
        places = self._missing.setdefault(ch, [])
        if where and where not in places:
            places.append(where)

    @property
    def missing_characters(self) -> list[str]:
        return list(self._missing)

    def warnings(self) -> list[str]:
        """One sentence per character the font lacks, then one about right-to-left text."""
        found: list[str] = []
        characters = sorted(self._missing.items())
        for ch, places in characters[:_MAX_CHARACTERS]:
            found.append(
                _(
                    "The PDF font cannot show the character {character}; it is printed as a "
                    "question mark in a diamond in: {places}."
                ).format(character=describe_character(ch), places=_places(places))
            )
        if len(characters) > _MAX_CHARACTERS:
            found.append(
                _("{count} more characters cannot be shown by the PDF font.").format(
                    count=len(characters) - _MAX_CHARACTERS
                )
            )
        if self._right_to_left:
            found.append(
                _(
                    "Right-to-left text (Arabic, Hebrew) is printed in typing order, left to "
                    "right, without joined letters, in: {places}."
                ).format(places=_places(self._right_to_left))
            )
        return found


def describe_character(ch: str) -> str:
    """'U+1F30E EARTH GLOBE AMERICAS': safe to print on any console, and searchable."""
    name = unicodedata.name(ch, "")
    code = f"U+{ord(ch):04X}"
    return f"{code} {name}" if name else code


def _places(places: Iterable[str]) -> str:
    listed = [p for p in places if p]
    if not listed:
        return _("the document")
    shown = "; ".join(listed[:_MAX_PLACES])
    if len(listed) > _MAX_PLACES:
        return _("{places} and {count} more places").format(
            places=shown, count=len(listed) - _MAX_PLACES
        )
    return shown
