"""What a document is made of: plain data blocks the engine typesets.

A submission (``submission.py``) and the secretariat's consolidated report describe their
content as a list of these blocks; :func:`app.exchange.pdf.document.build_pdf` turns the list
into pages. Blocks hold text exactly as typed; the engine prepares it (see ``sanitize.py``), so
nothing a user types is ever read as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from reportlab.platypus import Flowable

from app.exchange.pdf.textlayout import Align

FontStyle = Literal["regular", "bold", "oblique", "bold-oblique"]


@dataclass(frozen=True, slots=True)
class Text:
    """A piece of text in a cell or a section.

    ``typed`` text is a user's: blank lines become paragraph gaps and list items keep hanging
    indents. Other text (labels, the resolution's activity texts) is drawn line by line as is.
    ``where`` names the field for warnings ("Activity 3, Activities developed/executed").
    """

    text: str
    style: FontStyle = "regular"
    where: str = ""
    typed: bool = True
    marker: str = ""  # drawn before the text, which hangs after it (an activity number)
    marker_style: FontStyle = "bold"
    gap: bool = False  # a paragraph gap above this text
    align: Align = "left"


Cell = tuple[Text, ...]


@dataclass(frozen=True, slots=True)
class Column:
    heading: str
    width: float  # relative to the other columns


@dataclass(frozen=True, slots=True)
class Row:
    cells: tuple[Cell, ...]
    # Shown at the top of the first column where the row continues on a new page; the
    # document's "(continued)" when empty.
    continued: Cell = ()


@dataclass(frozen=True, slots=True)
class Table:
    """A grid: the headings row (when ``header``) repeats on every page; rows split by lines."""

    columns: tuple[Column, ...]
    rows: Sequence[Row]
    header: bool = True
    grid: Literal["full", "rules"] = "full"  # all borders, or horizontal rules only
    size: float = 9.0
    label_column: bool = False  # first column drawn as labels (bold, muted): key/value lists


@dataclass(frozen=True, slots=True)
class Heading:
    text: str
    level: int = 1  # 0: document title, 1: section, 2: sub-section
    where: str = ""
    # A unique key: the page the heading lands on can be listed in a table of contents and
    # the heading becomes a bookmark, shown at ``outline`` depth in the viewer's outline.
    anchor: str = ""
    outline: int | None = None


@dataclass(frozen=True, slots=True)
class ContentsEntry:
    label: str  # "III.", "A.1"
    title: str
    anchor: str  # of the Heading it points to
    level: int = 0  # indentation


@dataclass(frozen=True, slots=True)
class Contents:
    """A table of contents: its page numbers are filled in once the pages are known."""

    entries: tuple[ContentsEntry, ...]
    size: float = 9.5


@dataclass(frozen=True, slots=True)
class Paragraphs:
    """Running text (a narrative section), split across pages by lines."""

    content: tuple[Text, ...]
    size: float = 10.0
    muted: bool = False


@dataclass(frozen=True, slots=True)
class KeyValues:
    """Label and value pairs, e.g. a title block; values are typed text."""

    items: tuple[tuple[str, str], ...]
    label_width: float = 0.22  # share of the width for the labels
    size: float = 9.5


@dataclass(frozen=True, slots=True)
class Spacer:
    height: float


@dataclass(frozen=True, slots=True)
class PageBreak:
    pass


@dataclass(frozen=True, slots=True)
class Signature:
    """Lines to sign on: one per label, side by side, with a name above them."""

    labels: tuple[str, ...]
    name: str = ""
    where: str = ""


@dataclass(frozen=True, slots=True)
class Custom:
    """Any reportlab flowable (a chart); it must not depend on user markup."""

    flowable: Flowable = field(compare=False)


Block = (
    Heading | Paragraphs | KeyValues | Table | Spacer | PageBreak | Signature | Custom | Contents
)
