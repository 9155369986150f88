"""What every workbook Focal writes shares: print set-up, document properties, saving.

The submission and the annual report print alike (A4, one page wide, footer with "Page x of
y"), describe themselves alike in their properties, and are saved the same way: completely,
into a temporary file that replaces the target only at the end, with openpyxl's temporary
sheet files removed whatever happens.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from app import __version__
from app.core.atomic import atomic_write
from app.core.i18n import Translator
from app.core.progress import Progress

__all__ = ["Footer", "discard", "print_setup", "save", "set_properties"]

# Excel refuses a footer longer than 255 characters (all three parts with their codes).
_FOOTER_PART = 60


@dataclass(frozen=True, slots=True)
class Footer:
    """The left and centre of the page footer; the right says "Page x of y"."""

    left: str
    centre: str


def print_setup(
    sheet: Any,
    tr: Translator,
    footer: Footer,
    *,
    orientation: str = "landscape",
    pages_wide: int = 1,
) -> None:
    """``pages_wide`` pages wide, as many long as needed, with the report's footer."""
    sheet.page_setup.orientation = orientation
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = pages_wide
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = 0.5
    sheet.page_margins.bottom = 0.6
    sheet.page_margins.footer = 0.3
    # "&" starts a code in a header or footer; a literal one is written twice.
    sheet.oddFooter.left.text = footer.left[:_FOOTER_PART].replace("&", "&&")
    sheet.oddFooter.center.text = footer.centre[:_FOOTER_PART].replace("&", "&&")
    sheet.oddFooter.right.text = tr("Page {page} of {pages}").format(page="&P", pages="&N")
    for part in (sheet.oddFooter.left, sheet.oddFooter.center, sheet.oddFooter.right):
        part.size = 8


def set_properties(
    workbook: Workbook,
    *,
    title: str,
    subject: str,
    keywords: str,
    category: str,
    description: str,
    language: str,
) -> None:
    properties = workbook.properties
    properties.title = title
    properties.subject = subject
    properties.creator = f"Focal {__version__}"
    properties.lastModifiedBy = f"Focal {__version__}"
    properties.keywords = keywords
    properties.category = category
    properties.language = language
    properties.description = description


def save(
    workbook: Workbook, path: Path, progress: Progress, compression: int | None = None
) -> None:
    """Write the workbook to ``path`` atomically; after a failure or cancel, leave nothing.

    ``compression`` is zlib's level (None: openpyxl's, 6). Deflating is most of the time it
    takes to save a large workbook; level 1 is four times faster for a fifth more bytes.
    """
    try:
        progress.check()
        with atomic_write(path) as stream:
            if compression is None:
                workbook.save(stream)
            else:
                # openpyxl's save_workbook, with the archive's compression level chosen.
                archive = ZipFile(
                    stream, "w", ZIP_DEFLATED, allowZip64=True, compresslevel=compression
                )
                workbook.properties.modified = datetime.now(UTC).replace(tzinfo=None)
                ExcelWriter(workbook, archive).save()
    except BaseException:
        discard(workbook)
        raise


def discard(workbook: Workbook) -> None:
    """After a failure or a cancel: end openpyxl's half-written sheets, remove their temp files."""
    for sheet in workbook.worksheets:
        writer = getattr(sheet, "_writer", None)
        if writer is None:
            continue
        with contextlib.suppress(Exception):
            if not sheet.closed:
                sheet.close()
        with contextlib.suppress(OSError, ValueError):
            writer.cleanup()
