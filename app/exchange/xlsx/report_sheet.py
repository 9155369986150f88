"""Reading the Report and Narrative sheets: title block, headings, rows and their continuations."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from openpyxl.utils import get_column_letter

from app.core.catalogue import Catalogue, format_activity_numbers, parse_activity_numbers
from app.core.financing import is_currency_code, source_from_label
from app.core.i18n import _
from app.core.problems import HasProblems, Problem, Severity
from app.core.report import ROW_TEXT_FIELDS, FinancingLine, FocalPoint, RowData
from app.exchange.xlsx.cells import character_name, decode_text, illegal_character
from app.exchange.xlsx.layout import (
    COLUMN,
    COLUMNS,
    FIRST_DATA_ROW,
    HEADER_ROW,
    LAST_COLUMN,
    NARRATIVE_FIRST_ROW,
    NARRATIVE_HEADER_ROW,
    NARRATIVE_HEADINGS,
    NARRATIVE_SECTIONS,
    NARRATIVE_SHEET,
    REPORT_SHEET,
    TITLE_FIELDS,
    TITLE_ROW,
    Column,
    fold,
    heading_year,
    label_variants,
)
from app.exchange.xlsx.sheets import CellValue, SheetCells

_YEAR = re.compile(r"\b\d{4}\b")
_FINANCING_KEYS = ("source", "donor", "amount", "currency")


class TextReader(HasProblems):
    """Collects problems and turns cells into exact texts, refusing what is not text."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def error(self, message: str, sheet: str | None = None, cell: str | None = None) -> None:
        self.problems.append(Problem(message, self.path, sheet, cell))

    def warning(self, message: str, sheet: str | None = None, cell: str | None = None) -> None:
        self.problems.append(Problem(message, self.path, sheet, cell, Severity.WARNING))

    @staticmethod
    def plain(cell: CellValue | None) -> str:
        """The cell as text, whatever it holds (for keys and labels)."""
        if cell is None:
            return ""
        return decode_text(cell.value) if isinstance(cell.value, str) else str(cell.value)

    def text(self, cell: CellValue | None, sheet: str) -> str:
        """The exact text of a cell where text is expected; a problem for anything else."""
        if cell is None:
            return ""
        if cell.data_type == "s" and isinstance(cell.value, str):
            text = decode_text(cell.value)
            found = illegal_character(text)
            if found is not None:
                self.error(
                    _(
                        "This cell holds the character {code} at position {position}, which "
                        "Focal cannot keep (an Excel file cannot hold it); remove it."
                    ).format(code=character_name(found[1]), position=found[0] + 1),
                    sheet,
                    cell.coordinate,
                )
            return text
        if cell.data_type == "f":
            return ""  # reported once for the whole sheet
        if cell.data_type == "e":
            message = _("This cell holds the error value {value}; type the text instead.").format(
                value=cell.value
            )
        elif cell.data_type == "d":
            message = _(
                "This cell holds a date ({value}) where text is expected; format the cell as "
                "Text and type it again."
            ).format(value=cell.value)
        else:
            message = _(
                "This cell holds a number ({value}) where text is expected; format the cell as "
                "Text and type it again, or start it with an apostrophe (')."
            ).format(value=cell.value)
        self.error(message, sheet, cell.coordinate)
        return ""


@dataclass
class _RowBuilder:
    activities: tuple[int, ...]
    first_row: int
    pieces: dict[str, list[str]] = field(default_factory=lambda: {k: [] for k in ROW_TEXT_FIELDS})
    lines: list[FinancingLine] = field(default_factory=list)

    def build(self) -> RowData:
        text = {name: "".join(parts) for name, parts in self.pieces.items()}
        return RowData(
            activities=self.activities,
            programmed=text["programmed"],
            executed=text["executed"],
            planned_next=text["planned_next"],
            financing_text=text["financing_text"],
            financing=tuple(self.lines),
        )


class ReportSheetReader:
    def __init__(self, reader: TextReader, catalogue: Catalogue, year: int | None) -> None:
        self.reader = reader
        self.catalogue = catalogue
        self.year = year

    def error(self, message: str, cell: str) -> None:
        self.reader.error(message, REPORT_SHEET, cell)

    def read(self, cells: SheetCells) -> tuple[FocalPoint, list[RowData]]:
        focal = self._title_block(cells)
        self._headings(cells)
        return focal, self._rows(cells)

    # -- Above the table ------------------------------------------------------------------

    def _title_block(self, cells: SheetCells) -> FocalPoint:
        known = {(TITLE_ROW, 1)}
        values: dict[str, str] = {}
        for title_field in TITLE_FIELDS:
            label_cell = cells.get(title_field.row, title_field.column)
            value_cell = cells.get(title_field.row, title_field.value_column)
            known.update(
                {(title_field.row, title_field.column), (title_field.row, title_field.value_column)}
            )
            coordinate = f"{get_column_letter(title_field.column)}{title_field.row}"
            if fold(self.reader.plain(label_cell)) not in label_variants(title_field.label):
                self.error(
                    _(
                        "Expected the label “{label}” here; the rows above the table must stay "
                        "as Focal wrote them."
                    ).format(label=_(title_field.label)),
                    coordinate,
                )
            if title_field.key == "year":
                self._title_year(value_cell, title_field.row, title_field.value_column)
            elif title_field.key.startswith("focal_point."):
                values[title_field.key] = self.reader.text(value_cell, REPORT_SHEET)
        for row_index, row in cells.rows.items():
            if row_index >= HEADER_ROW:
                continue
            for column, cell in row.items():
                if (row_index, column) not in known:
                    self.reader.warning(
                        _("Focal does not read this cell; its content is not imported."),
                        REPORT_SHEET,
                        cell.coordinate,
                    )
        return FocalPoint(
            name=values.get("focal_point.name", ""),
            title=values.get("focal_point.title", ""),
            institution=values.get("focal_point.institution", ""),
            email=values.get("focal_point.email", ""),
            phone=values.get("focal_point.phone", ""),
        )

    def _title_year(self, cell: CellValue | None, row: int, column: int) -> None:
        if self.year is None:
            return
        found = self.reader.plain(cell).strip()
        if found.endswith(".0"):
            found = found[:-2]
        if found != str(self.year):
            self.error(
                _(
                    "The reporting year here ({found}) is not the year in the Identity sheet "
                    "({year})."
                ).format(found=found or "—", year=self.year),
                f"{get_column_letter(column)}{row}",
            )

    def _headings(self, cells: SheetCells) -> None:
        resolution = self.catalogue.resolution
        year = self.year or 0
        expected = {
            c.key: label_variants(
                c.heading, resolution=resolution, year=heading_year(c, year) or ""
            )
            for c in COLUMNS
        }
        for column in COLUMNS:
            cell = cells.get(HEADER_ROW, column.index)
            found = self.reader.plain(cell)
            folded = fold(found)
            if folded in expected[column.key] or self.year is None:
                continue
            self.error(
                self._heading_problem(column, found, expected), f"{column.letter}{HEADER_ROW}"
            )
        for column_index, cell in cells.rows.get(HEADER_ROW, {}).items():
            if column_index > LAST_COLUMN:
                self.error(self._outside_table(), cell.coordinate)

    def _heading_problem(
        self, column: Column, found: str, expected: dict[str, frozenset[str]]
    ) -> str:
        wanted = _(column.heading).format(
            resolution=self.catalogue.resolution, year=heading_year(column, self.year or 0) or ""
        )
        folded = fold(found)
        if not folded:
            return _(
                "The heading “{expected}” is missing; the columns must stay as in the template."
            ).format(expected=wanted)
        if any(folded in variants for variants in expected.values()):
            return _(
                "This is the heading of another column (“{found}”); “{expected}” belongs here, "
                "and the columns must stay in the template's order."
            ).format(found=found, expected=wanted)
        years = _YEAR.findall(found)
        generic = label_variants(
            column.heading, resolution=self.catalogue.resolution, year="{year}"
        )
        if years and fold(_YEAR.sub("{year}", found)) in generic:
            return _(
                "The heading names the year {found}, but this report is for {year}, so it must "
                "say {expected_year}."
            ).format(
                found=years[0], year=self.year, expected_year=heading_year(column, self.year or 0)
            )
        return _("Expected the heading “{expected}” here, found “{found}”.").format(
            expected=wanted, found=found[:80]
        )

    @staticmethod
    def _outside_table() -> str:
        return _(
            "This cell is outside the table (columns A to {last}); Focal does not read it. Move "
            "its content into the table."
        ).format(last=COLUMNS[-1].letter)

    # -- The table ------------------------------------------------------------------------

    def _rows(self, cells: SheetCells) -> list[RowData]:
        builders: list[_RowBuilder] = []
        current: _RowBuilder | None = None
        taken: dict[int, int] = {}
        for row_index in sorted(cells.rows):
            if row_index < FIRST_DATA_ROW:
                continue
            row = cells.rows[row_index]
            for column_index, cell in row.items():
                if column_index > LAST_COLUMN:
                    self.error(self._outside_table(), cell.coordinate)
            first = row.get(1)
            if first is None or (isinstance(first.value, str) and not first.value.strip()):
                if current is None:
                    self.error(
                        _(
                            "This row continues nothing: its first column is empty, but there "
                            "is no activity row above it."
                        ),
                        f"A{row_index}",
                    )
                    continue
            else:
                activities = self._activities(first, taken)
                current = _RowBuilder(activities, row_index)
                if activities:
                    builders.append(current)
            self._add_cells(current, row, row_index)
        return [builder.build() for builder in builders]

    def _activities(self, cell: CellValue, taken: dict[int, int]) -> tuple[int, ...]:
        value = cell.value
        if cell.data_type == "n" and float(value).is_integer():
            first_line = str(int(value))
        elif cell.data_type == "s" and isinstance(value, str):
            first_line = decode_text(value).split("\n", 1)[0].strip()
        else:
            self.reader.text(cell, REPORT_SHEET)
            return ()
        try:
            numbers = parse_activity_numbers(first_line)
        except ValueError:
            self.error(
                _(
                    "The first line of this cell must give the activity number or numbers, such "
                    "as 12 or 1-4; found “{found}”."
                ).format(found=first_line[:60]),
                cell.coordinate,
            )
            return ()
        unknown = [n for n in numbers if not self.catalogue.has_activity(n)]
        if unknown:
            self.error(
                _("There is no activity {numbers} in resolution {resolution}.").format(
                    numbers=format_activity_numbers(unknown), resolution=self.catalogue.resolution
                ),
                cell.coordinate,
            )
            return ()
        for number in numbers:
            if number in taken:
                self.error(
                    _(
                        "Activity {number} already has a row above (row {row}); an activity may "
                        "appear in one row only."
                    ).format(number=number, row=taken[number]),
                    cell.coordinate,
                )
                return ()
        taken.update((number, cell.row) for number in numbers)
        return numbers

    def _add_cells(self, builder: _RowBuilder, row: dict[int, CellValue], row_index: int) -> None:
        for name in ROW_TEXT_FIELDS:
            text = self.reader.text(row.get(COLUMN[name].index), REPORT_SHEET)
            if text:
                builder.pieces[name].append(text)
        financing = {key: row.get(COLUMN[key].index) for key in _FINANCING_KEYS}
        if all(cell is None for cell in financing.values()):
            return
        builder.lines.append(
            FinancingLine(
                source=self._source(financing["source"]),
                donor=self.reader.text(financing["donor"], REPORT_SHEET),
                amount=self._amount(financing["amount"]),
                currency=self._currency(financing["currency"]),
            )
        )

    def _source(self, cell: CellValue | None) -> str | None:
        label = self.reader.text(cell, REPORT_SHEET)
        if not label.strip() or cell is None:
            return None
        source = source_from_label(label)
        if source is None:
            self.error(
                _("“{found}” is not a source of financing; choose one from the list.").format(
                    found=label[:60]
                ),
                cell.coordinate,
            )
            return None
        return source.code

    def _amount(self, cell: CellValue | None) -> Decimal | None:
        if cell is None or (cell.data_type == "s" and not self.reader.plain(cell).strip()):
            return None
        amount = parse_amount(cell.value) if cell.data_type in ("n", "s") else None
        if amount is None:
            if cell.data_type != "f":
                self.error(
                    _("The amount must be a number, without the currency; found “{found}”.").format(
                        found=str(cell.value)[:40]
                    ),
                    cell.coordinate,
                )
            return None
        exponent = amount.as_tuple().exponent
        if not isinstance(exponent, int) or exponent < -2 or abs(amount) >= Decimal("1E16"):
            self.error(
                _("The amount {found} has more than two decimals or is too large.").format(
                    found=amount
                ),
                cell.coordinate,
            )
            return None
        return amount

    def _currency(self, cell: CellValue | None) -> str:
        text = self.reader.text(cell, REPORT_SHEET)
        if not text or is_currency_code(text) or cell is None:
            return text
        cleaned = text.strip().upper()
        if is_currency_code(cleaned):
            return cleaned
        self.error(
            _("“{found}” is not a three-letter currency code such as USD.").format(found=text[:20]),
            cell.coordinate,
        )
        return ""


def parse_amount(value: object) -> Decimal | None:
    """An amount typed as a number or as digits; None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value)) if value == value and abs(value) != float("inf") else None
    if isinstance(value, str):
        try:
            amount = Decimal(decode_text(value).strip())
        except InvalidOperation:
            return None
        return amount if amount.is_finite() else None
    return None


def narrative_texts(reader: TextReader, cells: SheetCells) -> tuple[str, str]:
    """Background and conclusions from the Narrative sheet."""
    sheet = NARRATIVE_SHEET
    for column, message in enumerate(NARRATIVE_HEADINGS, start=1):
        cell = cells.get(NARRATIVE_HEADER_ROW, column)
        if fold(reader.plain(cell)) not in label_variants(message):
            reader.error(
                _("Expected the heading “{expected}” here.").format(expected=_(message)),
                sheet,
                f"{get_column_letter(column)}{NARRATIVE_HEADER_ROW}",
            )
    labels = {key: label_variants(label) for key, label in NARRATIVE_SECTIONS}
    order = [key for key, _label in NARRATIVE_SECTIONS]
    texts: dict[str, list[str]] = {key: [] for key in order}
    current: str | None = None
    seen: list[str] = []
    for row_index in sorted(cells.rows):
        if row_index < NARRATIVE_FIRST_ROW:
            continue
        row = cells.rows[row_index]
        for column_index, cell in row.items():
            if column_index > 2:
                reader.error(
                    _("Focal reads only columns A and B of this sheet; move this text there."),
                    sheet,
                    cell.coordinate,
                )
        label = fold(reader.plain(row.get(1)))
        if label:
            matches = [key for key in order if label in labels[key]]
            expected = order[len(seen)] if len(seen) < len(order) else None
            if not matches or matches[0] != expected:
                reader.error(
                    _(
                        "Expected the section “{expected}” here; the sections must stay as Focal "
                        "wrote them."
                    ).format(expected=_(dict(NARRATIVE_SECTIONS)[expected]) if expected else "—"),
                    sheet,
                    f"A{row_index}",
                )
                current = None
                continue
            current = matches[0]
            seen.append(current)
        elif current is None:
            reader.error(
                _(
                    "This row continues nothing: its first column is empty, but there is no "
                    "section above it."
                ),
                sheet,
                f"A{row_index}",
            )
            continue
        text = reader.text(row.get(2), sheet)
        if text:
            texts[current].append(text)
    for key, label in NARRATIVE_SECTIONS:
        if key not in seen:
            reader.error(
                _("The Narrative sheet has no row for “{section}”.").format(section=_(label)), sheet
            )
    return "".join(texts["background"]), "".join(texts["conclusions"])
