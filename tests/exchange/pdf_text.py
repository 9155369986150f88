"""Reading exported PDFs back for the PDF tests: text, fonts, pages."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from tests.conftest import require_tool


def pdf_text(path: Path, first: int | None = None, last: int | None = None) -> str:
    """The text in drawing order (``pdftotext -raw``): cell by cell, line by line."""
    command = [require_tool("pdftotext"), "-raw", "-enc", "UTF-8"]
    if first is not None:
        command += ["-f", str(first)]
    if last is not None:
        command += ["-l", str(last)]
    done = subprocess.run([*command, str(path), "-"], capture_output=True, check=True)
    return done.stdout.decode("utf-8")


# Typed list markers ("- ", "* ") are printed as bullets; compare the words around them.
_BULLETS = frozenset("-*•◦·‣▪–")


def words(text: str) -> list[str]:
    return [word for word in text.split() if word not in _BULLETS]


def appears_in_order(needle: list[str], haystack: list[str]) -> bool:
    """Every word of ``needle`` occurs in ``haystack`` in the same order (gaps allowed)."""
    position = 0
    for word in needle:
        try:
            position = haystack.index(word, position) + 1
        except ValueError:
            return False
    return True


def fonts(path: Path) -> list[dict[str, str]]:
    """The rows of ``pdffonts``: name, type and the emb/sub/uni flags."""
    done = subprocess.run(
        [require_tool("pdffonts"), str(path)], capture_output=True, check=True, text=True
    )
    rows = []
    for line in done.stdout.splitlines()[2:]:
        parts = line.split()
        flags = [p for p in parts if p in ("yes", "no")]
        rows.append({"name": parts[0], "emb": flags[0], "sub": flags[1], "uni": flags[2]})
    return rows


PAGE_LABEL = re.compile(r"Page (\d+) of (\d+)")
