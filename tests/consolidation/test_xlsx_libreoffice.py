"""The annual report workbook opens in LibreOffice, prints, and shows every text whole.

Converted twice with a private profile (parallel runs do not clash): to PDF, which proves it
opens and lays out, and to one CSV per sheet, which shows the cells as LibreOffice reads them.
"""

from __future__ import annotations

import re
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest

from app.core.catalogue import Catalogue, format_activity_numbers
from app.core.i18n import translator
from app.exchange.xlsx.consolidated import write_consolidated_xlsx
from app.exchange.xlsx.consolidated_layout import ROWS_COLUMNS
from tests.conftest import require_tool
from tests.consolidation.test_xlsx_workbook import build_report
from tests.helpers.libreoffice import CSV_FILTER, convert, sheet_rows

TR = translator("en")


@pytest.mark.slow
def test_libreoffice_opens_prints_and_shows_every_text(
    tmp_path: Path, catalogue: Catalogue
) -> None:
    soffice = require_tool("soffice")
    pdftotext = require_tool("pdftotext")
    report, _submissions = build_report(catalogue)
    source = tmp_path / "annual.xlsx"
    write_consolidated_xlsx(report, source)
    profile = tmp_path / "profile"

    convert(soffice, [source], "pdf", tmp_path / "pdf", profile)
    pdf = tmp_path / "pdf" / "annual.pdf"
    text = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = text.split("\f")
    assert len(pages) > len(report.sections())  # each section starts a page
    for section in report.sections():
        assert re.search(rf"^\s*{re.escape(section.number)}\s+\S", text, re.MULTILINE)
    for title in ("Annex 1.", "Annex 2.", "Annex 3.", "Annex 4.", "IV. Conclusion"):
        assert title in text
    last = len([page for page in pages if page.strip()])
    assert f"Page {last} of {last}" in text

    convert(soffice, [source], CSV_FILTER, tmp_path / "csv", profile)
    header, *lines = sheet_rows(tmp_path / "csv", "annual", "Rows")
    assert header[8:12] == [c.title(TR, report.year) for c in ROWS_COLUMNS[8:12]]
    pieces: dict[tuple[str, str], list[list[str]]] = defaultdict(list)
    for line in lines:
        pieces[(line[1], line[5])].append(line[8:12])
    for section in report.sections():
        for row in section.report.rows:
            found = pieces[(section.implementer.id, format_activity_numbers(row.activities))]
            for column, typed in enumerate(row.texts()):
                shown = "".join(part[column] for part in found)
                assert shown == typed.replace("\r\n", "\n")  # LibreOffice's only change
