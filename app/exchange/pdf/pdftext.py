"""Writing laid-out lines into a page as PDF text operators, fast.

reportlab's ``drawString``/``textOut`` encode every character of a TrueType text in a Python
loop (``TTFont.splitString``) and escape it in another; without the optional C accelerator that
is most of the time of a long report. Lines here are encoded with ``str.translate`` against a
table of the characters already assigned to the font's first subset; only a line with a
character never seen before, or one outside that subset, goes through ``splitString``, which
keeps reportlab in charge of subsetting and embedding.

Each call to :meth:`TextWriter.write` emits one ``q BT ... ET Q`` block, so the font and colour
it sets never leak into reportlab's own drawing state.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from reportlab.lib.colors import Color
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from app.exchange.pdf.fonts import face

TextItem = tuple[float, float, str, float, str]  # x, y (baseline), face name, size, text


def _escape(code: int) -> str:
    if code < 32 or code >= 127:
        return f"\\{code:03o}"
    ch = chr(code)
    return "\\" + ch if ch in "()\\" else ch


_ESCAPED = [_escape(code) for code in range(256)]
_PRINTABLE_ASCII = "".join(chr(code) for code in range(32, 127))


class _Encoder:
    """One face in one document: characters to (subset, escaped byte)."""

    def __init__(self, font: TTFont, doc: Any) -> None:
        self._font = font
        self._doc = doc
        self._codes: dict[str, tuple[int, str]] = {}
        self._names: dict[int, str] = {}
        # Untranslated characters left by the fast path are then always non-ASCII.
        self._fast: dict[int, str] = dict.fromkeys(range(32), "")
        self._fast[127] = ""
        self._assign(_PRINTABLE_ASCII)

    def _name(self, subset: int) -> str:
        name = self._names.get(subset)
        if name is None:
            name = self._names[subset] = self._font.getSubsetInternalName(subset, self._doc)
        return name

    def _assign(self, text: str) -> None:
        for ch in set(text).difference(self._codes):
            ((subset, data),) = self._font.splitString(ch, self._doc)
            escaped = _ESCAPED[data[0]]
            self._codes[ch] = (subset, escaped)
            if subset == 0:
                self._fast[ord(ch)] = escaped

    def encode(self, text: str) -> list[tuple[str, str]]:
        """(internal font name, escaped PDF string) runs drawing ``text``."""
        encoded = text.translate(self._fast)
        if encoded.isascii():
            return [(self._name(0), encoded)]
        self._assign(text)
        encoded = text.translate(self._fast)
        if encoded.isascii():
            return [(self._name(0), encoded)]
        runs: list[tuple[str, str]] = []
        current = -1
        buffer: list[str] = []
        for ch in text:
            subset, escaped = self._codes[ch]
            if subset != current:
                if buffer:
                    runs.append((self._name(current), "".join(buffer)))
                current, buffer = subset, []
            buffer.append(escaped)
        if buffer:
            runs.append((self._name(current), "".join(buffer)))
        return runs


class TextWriter:
    """Draws text items on one canvas (one per document build)."""

    def __init__(self, canvas: Canvas) -> None:
        self._canvas = canvas
        self._doc = canvas._doc
        self._encoders: dict[str, _Encoder] = {}

    def _encoder(self, font: str) -> _Encoder:
        encoder = self._encoders.get(font)
        if encoder is None:
            encoder = self._encoders[font] = _Encoder(face(font).font, self._doc)
        return encoder

    def write(self, items: Iterable[TextItem], color: Color) -> None:
        """Draw each item with its baseline at (x, y) in the current coordinate system."""
        self.write_runs([(color, items)])

    def write_runs(self, runs: Iterable[tuple[Color, Iterable[TextItem]]]) -> None:
        """Like :meth:`write` for runs of items in different colours, in one text object
        (the drawing order is the reading order of text extraction)."""
        parts = ["q", "BT"]
        current: tuple[str, float] | None = None
        current_color: Color | None = None
        count = 0
        for color, items in runs:
            for x, y, font, size, text in items:
                if not text:
                    continue
                if color is not current_color:
                    current_color = color
                    parts.append(f"{color.red:.3f} {color.green:.3f} {color.blue:.3f} rg")
                first = True
                for name, escaped in self._encoder(font).encode(text):
                    if (name, size) != current:
                        current = (name, size)
                        parts.append(f"{name} {size:.4g} Tf")
                    if first:
                        parts.append(f"1 0 0 1 {x:.2f} {y:.2f} Tm ({escaped}) Tj")
                        first = False
                    else:
                        parts.append(f"({escaped}) Tj")
                count += 1
        if count:
            parts.append("ET Q")
            self._canvas.addLiteral("\n".join(parts))
