"""A reportlab PDF document that writes each page to the file as soon as the page ends.

reportlab's ``PDFDocument`` keeps every page dictionary and content stream until ``save()``,
then formats every object into a list of byte strings and joins them into one: a 12,000-page
annual report held about 50 MiB of pages and needed three times that while saving. Here a
page and its content stream are formatted and written when the canvas finishes the page; the
document keeps only their names, numbers and file offsets (for the cross-reference table).
Objects that are only complete at the end (fonts and their subsets, the page tree, outlines,
annotations, forms) are written by :meth:`StreamingDocument.SaveToFile` as reportlab would.

A form may be drawn before it is defined (the page total of "Page x of y", the page numbers
of a table of contents): :meth:`StreamingDocument.reserve` gives its name an object number
at the first use, so that pages referring to it can be written at once, and the form takes
that number when it is defined.

This is the one module that relies on reportlab internals (``reportlab.pdfbase.pdfdoc``:
``PDFDocument.idToObject``, ``idToObjectNumberAndVersion``, ``numberToId``, ``idToOffset``,
``objectcounter``, ``delayedFonts``, ``Outlines.prepare``, ``Pages.pages``,
``PDFIndirectObject``, ``PDFTrailer``; the ``__InternalName__`` attribute). It was written
against reportlab 5.1 and checked with 4.1.0, 4.5.1 and 5.1.0 (the range pyproject.toml
allows); :func:`supported` checks those names, and the document builder falls back to
reportlab's own document (same output, more memory) when they are missing.
``tests/consolidation/test_pdf_streaming.py`` checks the files it writes against reportlab's.
"""

from __future__ import annotations

import functools
from typing import Any, BinaryIO

from reportlab.pdfbase import pdfdoc

_REQUIRED = (
    "idToObject",
    "idToObjectNumberAndVersion",
    "numberToId",
    "idToOffset",
    "objectcounter",
    "delayedFonts",
    "Outlines",
    "Pages",
    "Catalog",
    "info",
    "encrypt",
)
# Every reader accepts 1.4; reportlab's only reason to raise its default (1.3) is transparency.
_VERSION = (1, 4)


@functools.cache
def supported() -> bool:
    """Whether the installed reportlab has the internals this module relies on."""
    try:
        probe = pdfdoc.PDFDocument()
    except Exception:  # noqa: BLE001 - any failure means "not the reportlab we know"
        return False
    return (
        all(hasattr(probe, name) for name in _REQUIRED)
        and hasattr(probe.Pages, "pages")
        and hasattr(pdfdoc, "PDFIndirectObject")
        and hasattr(pdfdoc, "PDFTrailer")
        and hasattr(pdfdoc, "xObjectName")
        and isinstance(getattr(pdfdoc, "__InternalName__", None), str)
        and isinstance(probe.encrypt, pdfdoc.NoEncryption)
    )


class _Reserved(pdfdoc.PDFObject):  # type: ignore[misc]
    """An object number taken for a form that is defined later."""

    def __init__(self, name: str) -> None:
        self.name = name

    def format(self, document: Any) -> bytes:
        raise ValueError(f"the PDF object {self.name} was used but never defined")


class _Written(pdfdoc.PDFObject):  # type: ignore[misc]
    """Stands in for an object already in the file, so that its memory is released."""

    def format(self, document: Any) -> bytes:
        raise ValueError("a PDF object was formatted twice")


_WRITTEN = _Written()


class StreamingDocument(pdfdoc.PDFDocument):  # type: ignore[misc]
    """A ``PDFDocument`` bound to an open binary file, written page by page."""

    def __init__(self, target: BinaryIO, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._target = target
        self._offset = 0
        self._reserved: set[str] = set()
        self.pages_written = 0

    # --- objects ----------------------------------------------------------------------------

    def reserve(self, name: str) -> None:
        """Give ``name`` an object number now; the object itself comes later."""
        if name in self.idToObject:
            return
        self.objectcounter += 1
        self.idToObjectNumberAndVersion[name] = (self.objectcounter, 0)
        self.numberToId[self.objectcounter] = name
        self.idToObject[name] = _Reserved(name)
        self._reserved.add(name)

    def addForm(self, name: str, form: Any) -> None:
        internal = pdfdoc.xObjectName(name)
        if internal not in self._reserved:
            super().addForm(name, form)
            return
        self._reserved.discard(internal)
        setattr(form, pdfdoc.__InternalName__, internal)
        self.idToObject[internal] = form
        self.inObject = None

    def _write(self, data: bytes) -> int:
        if self._offset == 0:
            version = max(_VERSION, tuple(self._pdfVersion))
            header = b"%%PDF-%d.%d\n%%\x93\x8c\x8b\x9e Focal\n" % version
            self._target.write(header)
            self._offset = len(header)
        offset = self._offset
        self._target.write(data)
        self._offset += len(data)
        return offset

    def _write_object(self, name: str) -> None:
        data = pdfdoc.PDFIndirectObject(name, self.idToObject[name]).format(self)
        self.idToOffset[name] = self._write(data)
        self.idToObject[name] = _WRITTEN

    def flush_page(self, page: Any) -> None:
        """Write ``page`` (the last one added) and its content stream, then let them go."""
        name = getattr(page, pdfdoc.__InternalName__)
        self._write_object(name)
        contents = page.Contents
        contents_name = getattr(contents, pdfdoc.__InternalName__, None)
        if contents_name is not None and contents_name not in self.idToOffset:
            self._write_object(contents_name)
        page.Contents = None
        kids = self.Pages.pages
        if kids and kids[-1] is page:
            kids[-1] = pdfdoc.PDFObjectReference(name)
        self.pages_written += 1

    # --- saving -----------------------------------------------------------------------------

    def GetPDFData(self, canvas: Any) -> bytes:
        raise TypeError("a streaming PDF document is written to its file, not returned")

    def SaveToFile(self, filename: Any, canvas: Any) -> None:
        """Write what is not written yet, then the cross-reference table and the trailer."""
        if getattr(self, "_savedToFile", False):
            raise RuntimeError("a PDF document can only be saved once")
        self._savedToFile = True
        for font in self.delayedFonts:
            font.addObjects(self)
        self.info.invariant = self.invariant
        self.info.digest(self.signature)
        self.Reference(self.Catalog)
        self.Reference(self.info)
        self.Outlines.prepare(self, canvas)
        if self.Outlines.ready < 0:
            self.Catalog.Outlines = None
        if self._reserved:
            raise ValueError(f"forms used but never defined: {sorted(self._reserved)}")
        number = 1
        while number in self.numberToId:  # formatting may register new objects: no range()
            name = self.numberToId[number]
            if name not in self.idToOffset:
                self._write_object(name)
            number += 1
        count = number - 1
        lines = [b"xref\n0 %d\n0000000000 65535 f \n" % (count + 1)]
        for index in range(1, count + 1):
            lines.append(b"%010d 00000 n \n" % self.idToOffset[self.numberToId[index]])
        xref_offset = self._write(b"".join(lines))
        trailer = pdfdoc.PDFTrailer(
            startxref=xref_offset,
            Size=count + 1,
            Root=self.Reference(self.Catalog),
            Info=self.Reference(self.info),
            ID=self.ID(),
        )
        self._write(trailer.format(self))
        self._target.flush()
