"""The template's table as rows of styled cells: shared by the submission and annual report.

A report row lies on the sheet as a block of physical rows: the first names the activities,
the others (column A empty) continue texts too long for one cell and hold further financing
lines. Both workbooks lay rows out this way, so a reader who knows one knows the other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from app.core.catalogue import Catalogue, format_activity_numbers
from app.core.financing import financing_line_text
from app.core.i18n import Translator
from app.core.report import ROW_TEXT_FIELDS, FinancingLine, RowData
from app.exchange.xlsx.cells import fits_cell, split_text
from app.exchange.xlsx.fit import estimate_lines, row_height, split_for_display
from app.exchange.xlsx.layout import CELL_LIMIT, COLUMN
from app.exchange.xlsx.rows import Styled, lead_cell, text_cell, value_cell
from app.exchange.xlsx.styles import CellStyles, Edge, edge_of

__all__ = [
    "RowBlock",
    "activity_text",
    "amount_cell",
    "financing_summary",
    "header_cells",
    "row_block",
    "row_blocks",
    "row_cells",
]


@dataclass(frozen=True, slots=True)
class RowBlock:
    """A report row as it lies on the sheet: texts cut to show in cells, a financing line a row."""

    row: RowData
    pieces: dict[str, list[str]]
    lines: tuple[FinancingLine, ...]

    @property
    def height(self) -> int:
        return max(1, len(self.lines), *(len(p) for p in self.pieces.values()))

    def row_height(self, index: int, activity: str | None) -> float:
        """Points for physical row ``index`` of the block, to show its tallest cell whole."""
        lines = estimate_lines(activity or "", COLUMN["activities"].width)
        for name, pieces in self.pieces.items():
            if index < len(pieces):
                lines = max(lines, estimate_lines(pieces[index], COLUMN[name].width))
        if index < len(self.lines):
            line = self.lines[index]
            lines = max(lines, estimate_lines(line.donor, COLUMN["donor"].width))
        return row_height(lines)


def row_blocks(rows: Sequence[RowData]) -> list[RowBlock]:
    return [row_block(row) for row in rows]


def row_block(row: RowData, financing_text: str | None = None) -> RowBlock:
    """The block of ``row``; ``financing_text`` replaces the row's own in the fifth column.

    The annual report has no structured financing columns: it shows the financing lines as
    text under the type of financing, and passes that text here (the lines then take no rows).
    """
    texts = {name: getattr(row, name) for name in ROW_TEXT_FIELDS}
    if financing_text is not None:
        texts["financing_text"] = financing_text
    return RowBlock(
        row,
        {name: split_for_display(text, COLUMN[name].width) for name, text in texts.items()},
        ()
        if financing_text is not None
        else tuple(line for line in row.financing if not line.is_empty()),
    )


def activity_text(
    activities: Sequence[int], catalogue: Catalogue, language: str
) -> tuple[str, str]:
    """The numbers (first line: what the reader matches on) and the resolution's words after,
    in ``language`` where the official text is there, else in English marked [EN]."""
    numbers = format_activity_numbers(activities)
    if len(activities) == 1:
        body = _activity_words(activities[0], catalogue, language)
    else:
        body = "\n".join(f"{n}. {_activity_words(n, catalogue, language)}" for n in activities)
    rest = "\n" + body
    if not fits_cell(numbers + rest):  # only shown, never read back: shortening loses nothing
        rest = split_text(rest, CELL_LIMIT - len(numbers) - 8)[0].rstrip() + "…"
    return numbers, rest


def _activity_words(number: int, catalogue: Catalogue, language: str) -> str:
    if not catalogue.has_activity(number):
        return ""
    return catalogue.activity_text(number, language).marked


def header_cells(styles: CellStyles, headings: Sequence[str], kind: str = "header") -> list[Styled]:
    return [text_cell(heading, styles.get(kind)) for heading in headings]


def row_cells(
    block: RowBlock,
    catalogue: Catalogue,
    styles: CellStyles,
    source_labels: dict[str, str] | None = None,
    *,
    language: str,
) -> list[tuple[list[Styled], float]]:
    """The physical rows of one report row, with their heights in points.

    The first names the activities; the others, with an empty first column, continue it.
    Without ``source_labels`` the table stops after the type of financing (five columns).
    """
    height = block.height
    physical: list[tuple[list[Styled], float]] = []
    for index in range(height):
        edge = edge_of(index, height)
        activity = activity_text(block.row.activities, catalogue, language) if index == 0 else None
        style = styles.get("activity", edge)
        cells = [lead_cell(*activity, style) if activity else text_cell(None, style)]
        text_style = styles.get("text", edge)
        for name in ROW_TEXT_FIELDS:
            pieces = block.pieces[name]
            cells.append(text_cell(pieces[index] if index < len(pieces) else None, text_style))
        if source_labels is not None:
            line = block.lines[index] if index < len(block.lines) else None
            cells.extend(_financing_cells(line, styles, edge, source_labels))
        physical.append((cells, block.row_height(index, "".join(activity or ""))))
    return physical


def _financing_cells(
    line: FinancingLine | None,
    styles: CellStyles,
    edge: Edge,
    source_labels: dict[str, str],
) -> list[Styled]:
    text_style = styles.get("text", edge)
    if line is None:
        return [
            text_cell(None, text_style),
            text_cell(None, text_style),
            value_cell(None, styles.get("amount", edge)),
            text_cell(None, text_style),
        ]
    return [
        text_cell(source_labels[line.source] if line.source else None, text_style),
        text_cell(line.donor, text_style),
        amount_cell(line.amount, styles, edge),
        text_cell(line.currency, text_style),
    ]


# Excel keeps 15 significant digits of a number; longer amounts would change when it saves.
EXCEL_DIGITS = 15


def amount_cell(
    amount: Decimal | None,
    styles: CellStyles,
    edge: Edge = "single",
    kinds: tuple[str, str] = ("amount", "text"),
) -> Styled:
    """A number when Excel holds it exactly (so it can add it up), else its digits as text.

    ``kinds`` are the styles of the number and of the text form.
    """
    number_kind, text_kind = kinds
    if amount is None:
        return value_cell(None, styles.get(number_kind, edge))
    number = float(amount)
    if (
        len(amount.normalize().as_tuple().digits) <= EXCEL_DIGITS
        and Decimal(repr(number)) == amount
    ):
        return value_cell(
            int(number) if number.is_integer() else number, styles.get(number_kind, edge)
        )
    return text_cell(str(amount), styles.get(text_kind, edge))


def financing_summary(row: RowData, tr: Translator) -> str:
    """The type of financing, then one line per financing line: the annual report's fifth column.

    "OAS Regular Fund — USD 12,000.00 — Government of Canada", as the PDF prints it.
    """
    lines = [
        financing_line_text(line, tr, keep_together=True)
        for line in row.financing
        if not line.is_empty()
    ]
    if not lines:
        return row.financing_text
    head = row.financing_text
    if head.strip():
        head = head.rstrip("\n") + "\n"
    return head + "\n".join(lines)
