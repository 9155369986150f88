"""Shared by the exchange tests: what the editor can produce, and reports built from it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import strategies as st

from app.core.i18n import set_language

# Characters an xlsx file cannot hold (XML 1.0); everything else the editor accepts.
XML_ILLEGAL = [chr(c) for c in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20))] + [
    "\ufffe",
    "\uffff",
]
EDITOR_CHARACTERS = st.characters(exclude_categories=("Cs",), exclude_characters=XML_ILLEGAL)

# Pieces that have tripped spreadsheet code before: formulas, escapes, blanks, line ends.
TRICKY = st.sampled_from(
    [
        "=SUM(A1:A2)",
        "=",
        "+1",
        "-1",
        "@x",
        "\t",
        "#N/A",
        "#REF!",
        "_x000D_",
        "_x005F_",
        "_x0041_",
        "_x",
        "\r",
        "\r\n",
        "\n",
        " ",
        "   ",
        "\u2028",
        "🌎👩🏽‍⚖️",
        "مهاجرون",
        "'quoted",
        "<b>&amp;</b>",
        "TRUE",
        "0012",
        "1e5",
    ]
)
TEXT = st.one_of(
    st.text(EDITOR_CHARACTERS, max_size=120),
    TRICKY,
    st.lists(st.one_of(st.text(EDITOR_CHARACTERS, max_size=20), TRICKY), max_size=6).map("".join),
)


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Messages in English whatever the machine's language (import it into a test module)."""
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    set_language("en")
    yield
    set_language("en")
