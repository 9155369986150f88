"""Looking at a workbook from outside as a hostile file, before any spreadsheet parser sees it.

An .xlsx file is a zip of XML parts. Before openpyxl parses anything, this module checks what
can be checked cheaply from the zip directory and the first bytes of each part: size, number of
parts, uncompressed size and compression ratio (zip bombs), part names, encryption, macros,
external links, embedded objects, XML document type declarations (entity expansion, external
entities), and the sheets' declared dimensions. The XML it parses itself (a few small parts) is
parsed with defusedxml, forbidding DTDs; openpyxl parses with defusedxml too when it is
installed (it is a dependency of Focal), which the tests check.

The file is read once into memory and the same bytes are handed to the parser, so it cannot
change between the checks and the reading.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from app.core.i18n import _
from app.core.problems import HasProblems, Problem, Severity
from app.exchange.xlsx.layout import LIMITS, Limits

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
_DCTERMS = "http://purl.org/dc/terms/"
_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?\"")
_RATIO_FLOOR = 1024 * 1024  # small parts may compress as much as they like
_PROLOGUE = 4096


@dataclass(frozen=True, slots=True)
class SheetPart:
    name: str
    part: str  # the zip entry, e.g. "xl/worksheets/sheet1.xml"
    kind: str  # "worksheet", "chartsheet", ... (the relationship type's last word)
    state: str = "visible"


@dataclass
class InspectedFile(HasProblems):
    """What the checks found; ``data`` is set only when the file may be parsed."""

    path: Path
    data: bytes | None = None
    sheets: list[SheetPart] = field(default_factory=list)
    shared_strings: str | None = None  # the zip entry of the shared string table, if any
    modified: datetime | None = None  # docProps/core.xml: when the file was last saved
    problems: list[Problem] = field(default_factory=list)

    def refuse(self, message: str, sheet: str | None = None, cell: str | None = None) -> None:
        self.problems.append(Problem(message, self.path, sheet, cell))
        self.data = None

    def warn(self, message: str) -> None:
        self.problems.append(Problem(message, self.path, severity=Severity.WARNING))

    @property
    def refused(self) -> bool:
        return bool(self.errors)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):,.1f}"


def inspect_file(path: Path, limits: Limits = LIMITS) -> InspectedFile:
    """Read ``path`` and check it as a hostile file; ``data`` stays None when it is refused."""
    result = InspectedFile(Path(path))
    try:
        size = result.path.stat().st_size
        if size > limits.file_bytes:
            result.refuse(
                _(
                    "The file is {size} MB; Focal reads submission workbooks of at most {limit} MB."
                ).format(size=_megabytes(size), limit=limits.file_bytes // (1024 * 1024))
            )
            return result
        data = result.path.read_bytes()
    except OSError as error:
        result.refuse(_("The file cannot be read: {reason}.").format(reason=error.strerror))
        return result
    if not data:
        result.refuse(_("The file is empty."))
        return result
    if data.startswith(_OLE_MAGIC):
        result.refuse(
            _(
                "This is an old-format Excel file (.xls) or a password-protected workbook; "
                "save it as an Excel workbook (.xlsx) without a password and import that."
            )
        )
        return result
    if not data.startswith(_ZIP_MAGIC):
        result.refuse(_("This is not an Excel workbook (.xlsx)."))
        return result
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as error:
        result.refuse(
            _("The workbook is damaged: it cannot be opened as a zip archive ({error}).").format(
                error=error
            )
        )
        return result
    with archive:
        if _check_archive(archive, result, limits):
            result.data = data
    return result


def _check_archive(archive: zipfile.ZipFile, result: InspectedFile, limits: Limits) -> bool:
    entries = archive.infolist()
    names = {entry.filename for entry in entries}
    if "[Content_Types].xml" not in names:
        if "mimetype" in names and b"opendocument" in _read_part(archive, "mimetype", 200):
            result.refuse(
                _(
                    "This is an OpenDocument spreadsheet (.ods); save it as an Excel workbook "
                    "(.xlsx) and import that."
                )
            )
        else:
            result.refuse(_("This is not an Excel workbook (.xlsx)."))
        return False
    if not _check_entries(entries, result, limits):
        return False
    if not _check_content(archive, names, result):
        return False
    for name in sorted(names):
        if name.endswith((".xml", ".rels", ".vml")) and _declares_dtd(archive, name):
            result.refuse(
                _(
                    "The part {name} declares an XML document type or entities, which a "
                    "workbook never needs; it is refused as a possible attack."
                ).format(name=name)
            )
            return False
    sheets = _sheets(archive, result)
    if sheets is None:
        return False
    result.sheets = sheets
    result.modified = _modified(archive)
    for sheet in sheets:
        _check_dimension(archive, sheet, result, limits)
    return not result.refused


def _check_entries(entries: list[zipfile.ZipInfo], result: InspectedFile, limits: Limits) -> bool:
    if len(entries) > limits.entries:
        result.refuse(
            _(
                "The workbook has {count} parts; a submission workbook has far fewer, so it is "
                "refused."
            ).format(count=len(entries))
        )
        return False
    seen: set[str] = set()
    total = 0
    for entry in entries:
        name = entry.filename
        normal = posixpath.normpath(name)
        if (
            name in seen
            or name.startswith("/")
            or "\\" in name
            or "\x00" in name
            or normal.startswith("..")
            or normal != name.rstrip("/")
        ):
            result.refuse(
                _(
                    "The workbook contains a part with a suspicious name ({name}); it is refused."
                ).format(name=name[:80])
            )
            return False
        seen.add(name)
        if entry.flag_bits & 0x1:
            result.refuse(_("The workbook contains encrypted parts; it is refused."))
            return False
        total += entry.file_size
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > _RATIO_FLOOR and ratio > limits.ratio:
            result.refuse(
                _(
                    "The part {name} is compressed {ratio} times, far more than any real "
                    "workbook; it is refused as a possible zip bomb."
                ).format(name=name, ratio=int(ratio))
            )
            return False
    if total > limits.uncompressed_bytes:
        result.refuse(
            _(
                "The workbook would take {size} MB once uncompressed (more than {limit} MB); it "
                "is refused as a possible zip bomb."
            ).format(size=_megabytes(total), limit=limits.uncompressed_bytes // (1024 * 1024))
        )
        return False
    return True


def _check_content(archive: zipfile.ZipFile, names: set[str], result: InspectedFile) -> bool:
    lowered = [name.lower() for name in names]
    types = _parse(archive, "[Content_Types].xml", result)
    if types is None:
        return False
    content_types = " ".join((element.get("ContentType") or "").lower() for element in types.iter())
    if "ms-excel.sheet.binary" in content_types or any(
        n.endswith(".bin") and "workbook" in n for n in lowered
    ):
        result.refuse(
            _("This is a binary Excel workbook (.xlsb); save it as an Excel workbook (.xlsx).")
        )
        return False
    if (
        "macroenabled" in content_types
        or "vbaproject" in content_types
        or any(
            n.endswith("vbaproject.bin") or n.startswith(("xl/macrosheets/", "xl/dialogsheets/"))
            for n in lowered
        )
    ):
        result.refuse(
            _(
                "The workbook contains macros; Focal does not import workbooks with macros. "
                "Save it as an Excel workbook (.xlsx) without macros and import that."
            )
        )
        return False
    if "externallink" in content_types or any(n.startswith("xl/externallinks/") for n in lowered):
        result.refuse(
            _(
                "The workbook links to other workbooks (external links); break the links "
                "(Data > Edit Links in Excel) and save it again."
            )
        )
        return False
    if any(n.startswith(("xl/activex/", "xl/embeddings/")) for n in lowered):
        result.refuse(
            _(
                "The workbook contains embedded objects or ActiveX controls; remove them and "
                "save it again."
            )
        )
        return False
    if any(n.startswith(("xl/drawings/", "xl/media/", "xl/charts/")) for n in lowered):
        result.warn(_("Pictures, drawings and charts in the workbook are not imported."))
    if any(
        re.match(r"xl/comments\d*\.xml$", n) or n.startswith("xl/threadedcomments/")
        for n in lowered
    ):
        result.warn(_("Comments in the workbook are not imported."))
    return True


def _read_part(archive: zipfile.ZipFile, name: str, size: int = -1) -> bytes:
    with archive.open(name) as stream:
        return stream.read(size)


def _declares_dtd(archive: zipfile.ZipFile, name: str) -> bool:
    head = _read_part(archive, name, _PROLOGUE)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", errors="replace").encode("utf-8")
    return _DTD.search(head) is not None


def _parse(archive: zipfile.ZipFile, name: str, result: InspectedFile) -> Element | None:
    try:
        element: Element = fromstring(_read_part(archive, name), forbid_dtd=True)
        return element
    except (KeyError, ParseError, DefusedXmlException, zipfile.BadZipFile, OSError, ValueError):
        result.refuse(
            _("The workbook is damaged: its part {name} cannot be read.").format(name=name)
        )
        return None


def _relationships(
    archive: zipfile.ZipFile, part: str, result: InspectedFile
) -> dict[str, tuple[str, str, str]]:
    """Id -> (type, target part, target mode) of the relationships of ``part``."""
    folder, name = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", f"{name}.rels")
    root = _parse(archive, rels_name, result)
    if root is None:
        return {}
    found: dict[str, tuple[str, str, str]] = {}
    for element in root.iter(f"{{{_PACKAGE_RELS}}}Relationship"):
        target = element.get("Target") or ""
        mode = element.get("TargetMode") or "Internal"
        if mode == "Internal":
            target = (
                target.lstrip("/")
                if target.startswith("/")
                else posixpath.normpath(posixpath.join(folder, target))
            )
        found[element.get("Id") or ""] = (element.get("Type") or "", target, mode)
    return found


def _sheets(archive: zipfile.ZipFile, result: InspectedFile) -> list[SheetPart] | None:
    package = _relationships(archive, "", result)
    main = [target for kind, target, _mode in package.values() if kind.endswith("/officeDocument")]
    if not main:
        if not result.refused:
            result.refuse(_("This is not an Excel workbook (.xlsx)."))
        return None
    workbook_part = main[0]
    relationships = _relationships(archive, workbook_part, result)
    if any(
        kind.endswith("/externalLink") or mode == "External"
        for kind, _t, mode in relationships.values()
    ):
        result.refuse(
            _(
                "The workbook links to other workbooks (external links); break the links "
                "(Data > Edit Links in Excel) and save it again."
            )
        )
        return None
    strings = [t for kind, t, _m in relationships.values() if kind.endswith("/sharedStrings")]
    result.shared_strings = strings[0] if strings else None
    root = _parse(archive, workbook_part, result)
    if root is None:
        return None
    sheets: list[SheetPart] = []
    for element in root.iter(f"{{{_MAIN_NS}}}sheet"):
        kind, target, _mode = relationships.get(
            element.get(f"{{{_DOC_RELS}}}id") or "", ("", "", "")
        )
        sheets.append(
            SheetPart(
                name=element.get("name") or "",
                part=target,
                kind=kind.rsplit("/", 1)[-1],
                state=element.get("state") or "visible",
            )
        )
    return sheets


def _modified(archive: zipfile.ZipFile) -> datetime | None:
    """When the workbook was last saved, from its document properties, if it says."""
    try:
        root = fromstring(_read_part(archive, "docProps/core.xml", 65536), forbid_dtd=True)
    except (KeyError, ParseError, DefusedXmlException, ValueError, OSError):
        return None
    text = root.findtext(f"{{{_DCTERMS}}}modified")
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _column_number(letters: bytes) -> int:
    number = 0
    for char in letters:
        number = number * 26 + (char - 64)
    return number


def _check_dimension(
    archive: zipfile.ZipFile, sheet: SheetPart, result: InspectedFile, limits: Limits
) -> None:
    if sheet.part not in archive.NameToInfo:
        return
    match = _DIMENSION.search(_read_part(archive, sheet.part, _PROLOGUE))
    if match is None:
        return
    last_column = match.group(3) or match.group(1)
    last_row = int(match.group(4) or match.group(2))
    columns = _column_number(last_column)
    if last_row > limits.rows or columns > limits.columns:
        result.refuse(
            _(
                "The sheet reaches row {rows} and column {column}; Focal reads at most {max_rows} "
                "rows and {max_columns} columns of a submission."
            ).format(
                rows=last_row,
                column=last_column.decode(),
                max_rows=limits.rows,
                max_columns=limits.columns,
            ),
            sheet=sheet.name,
        )
