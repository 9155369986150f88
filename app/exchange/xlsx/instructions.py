"""The Instructions sheet: how to fill the workbook by hand, in the report's language."""

from __future__ import annotations

from app.core.catalogue import Catalogue
from app.core.catalogue_texts import fallback_note
from app.core.formatting import format_count
from app.core.i18n import Translator
from app.core.report import ReportData
from app.exchange.xlsx.layout import CELL_LIMIT


def instruction_paragraphs(report: ReportData, catalogue: Catalogue, tr: Translator) -> list[str]:
    official = [] if catalogue.is_complete_in(tr.language) else [fallback_note(tr.language)]
    return [
        *official,
        tr(
            "This workbook is the {year} report of {implementer} on the {program}, "
            "resolution {resolution}. It was made by Focal. Fill it in with Excel or "
            "LibreOffice and send it back as an .xlsx file."
        ).format(
            year=report.year,
            implementer=report.implementer_name,
            program=catalogue.title_in(tr.language).marked,
            resolution=catalogue.resolution,
        ),
        tr(
            "On the Report sheet, write for each activity what was programmed for {year}, what "
            "was developed or executed, what is programmed for {next_year}, and the type of "
            "financing. Line breaks inside a cell are kept (Alt+Enter in Excel, Ctrl+Enter in "
            "LibreOffice)."
        ).format(year=report.year, next_year=report.next_year),
        tr(
            "The first column names the activities of the resolution. Keep the activity "
            "number or numbers on its first line as they are (for example 12, or 1-4 for a "
            "row covering activities 1 to 4); the resolution's text below them is only there "
            "to read."
        ),
        tr(
            "Fill in the focal point's name, position, institution, e-mail and telephone at "
            "the top of the Report sheet, and the background and conclusions on the Narrative "
            "sheet."
        ),
        tr(
            "Financing in detail: choose the source from the list in the column “Source of "
            "financing”, and give the donor, the amount (a number, without the currency) and "
            "the currency (a three-letter code such as USD). For a second source, insert a row "
            "just below and leave its first column empty: a row whose first column is empty "
            "continues the row above."
        ),
        tr(
            "A cell holds at most {limit} characters. Longer texts continue in the cell below, "
            "on a row whose first column is empty; the pieces are joined back exactly as they "
            "are, in order, with nothing added between them."
        ).format(limit=format_count(CELL_LIMIT, tr.language)),
        tr(
            "Type text, not formulas. A cell holding a formula, an error value, or a number "
            "where text is expected is refused when the workbook is imported."
        ),
        tr(
            "Do not rename, add or remove sheets, insert rows above the table, move or add "
            "columns, or merge cells, and do not change the Identity sheet. Focal checks all "
            "this when it imports the workbook and names the cell of every problem it finds."
        ),
    ]
