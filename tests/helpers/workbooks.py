"""Reading written workbooks back with openpyxl."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook


def workbook_texts(path: Path) -> str:
    """Every non-empty cell of every sheet, one a line."""
    workbook = load_workbook(path, read_only=True)
    try:
        return "\n".join(
            str(value)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        )
    finally:
        workbook.close()
