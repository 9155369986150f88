"""The start-up's quick read: the report to show first, read with the standard library's sqlite3.

Importing SQLAlchemy takes longer than showing the window, so the desktop start-up paints its
window from this read and opens the full workspace on a worker thread meanwhile. The read is
only trusted on a database that is plainly in order: a Focal database at :data:`HEAD_REVISION`
with the shipped catalogue and all its implementers installed, and a report to show. Anything
else (no file, another revision, missing tables, a lock held longer than a moment, any SQLite
error) gives None, and the start-up takes the full path, which migrates, refuses or explains.

The connection is read-only (``mode=ro``): this never changes the file. The statements are
plain SELECTs (portable SQL, like the rest of storage), all in one read transaction, and give
exactly what :func:`app.storage.report_store.report_to_data` gives for the same report; a test
holds the two side by side.

The shipped catalogue is read quickly too (:func:`shipped_catalogue`): parsing its TOML takes
longer than reading the report, so the parsed tables are kept as JSON in the data folder.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from app.core.atomic import atomic_write
from app.core.catalogue import (
    DEFAULT_CATALOGUE_FILE,
    Catalogue,
    CatalogueError,
    Implementer,
    default_catalogue,
    parse_catalogue,
    with_implementers,
)
from app.core.report import FinancingLine, FocalPoint, ReportData, ReportStatus, RowData
from app.core.resources import resource_path
from app.storage.database import HEAD_REVISION, data_dir

log = logging.getLogger("focal.storage")

# Readers are not blocked by writers in WAL mode; a lock that lasts longer than this is
# another program doing something unusual, which the full path deals with (and explains).
LOCK_TIMEOUT_S = 0.3


@dataclass(frozen=True)
class QuickStart:
    """What the window needs to show itself: the report and the catalogue."""

    report: ReportData
    catalogue: Catalogue


def shipped_catalogue(cache_dir: Path | None = None) -> Catalogue:
    """The shipped catalogue, from a copy of its parsed tables when the TOML is unchanged.

    The copy is named by the SHA-256 of the TOML file (and the Python version that parsed it)
    and carries the SHA-256 of its own content: one that does not match is ignored and
    rewritten. The catalogue is built and checked from the tables each time, as from the TOML.
    """
    try:
        source = resource_path("catalogue", DEFAULT_CATALOGUE_FILE).read_bytes()
    except OSError:
        return default_catalogue()  # raises the usual CatalogueError
    version = "{}.{}".format(*sys.version_info[:2]).encode()
    key = hashlib.sha256(version + b"\0" + source).hexdigest()[:32]
    folder = cache_dir or data_dir() / "cache"
    copy = folder / f"catalogue-{key}.json"
    try:
        check, _newline, content = copy.read_bytes().partition(b"\n")
        if check == hashlib.sha256(content).hexdigest().encode():
            return parse_catalogue(json.loads(content))
        log.warning("ignoring the damaged catalogue copy %s", copy)
    except FileNotFoundError:
        pass
    except (OSError, ValueError, CatalogueError) as error:
        log.warning("ignoring the catalogue copy %s: %s", copy, error)
    import tomllib  # only when the copy cannot be used

    try:
        tables = tomllib.loads(source.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        return default_catalogue()  # raises the usual CatalogueError
    catalogue = parse_catalogue(tables)
    _keep_copy(folder, copy, tables)
    return catalogue


def _keep_copy(folder: Path, copy: Path, tables: dict[str, Any]) -> None:
    try:
        content = json.dumps(tables, ensure_ascii=False).encode("utf-8")
    except (TypeError, ValueError):  # dates or other values JSON cannot hold: no copy
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with atomic_write(copy) as stream:
            stream.write(hashlib.sha256(content).hexdigest().encode() + b"\n" + content)
        for old in folder.glob("catalogue-*.json"):
            if old != copy:
                old.unlink(missing_ok=True)
    except OSError as error:
        log.info("cannot keep a copy of the catalogue in %s: %s", folder, error)


class _NotQuickError(Exception):
    """The database is not one the quick read trusts; the full path must open it."""


def read_start(
    path: Path, report_id: int | None, shipped: Catalogue, timeout: float = LOCK_TIMEOUT_S
) -> QuickStart | None:
    """The report ``report_id`` (else the most recently changed one) and the catalogue.

    None whenever the database is not plainly in order or holds no report: the caller then
    opens it the full way.
    """
    try:
        if not path.is_file():
            return None
        uri = path.resolve().as_uri() + "?mode=ro"
        connection = sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None)
    except (OSError, ValueError, sqlite3.Error) as error:
        log.info("quick start-up read not possible: %s", error)
        return None
    try:
        connection.execute("BEGIN")  # one snapshot for every statement below
        return _read(connection, report_id, shipped)
    except _NotQuickError as reason:
        log.info("quick start-up read not used: %s", reason)
        return None
    except (sqlite3.Error, ValueError, TypeError, ArithmeticError) as error:
        log.info("quick start-up read failed: %s", error)
        return None
    finally:
        connection.close()


def _read(connection: sqlite3.Connection, report_id: int | None, shipped: Catalogue) -> QuickStart:
    revisions = [row[0] for row in connection.execute("SELECT version_num FROM alembic_version")]
    if revisions != [HEAD_REVISION]:
        raise _NotQuickError(f"schema {revisions}, expected {HEAD_REVISION}")
    installed = connection.execute("SELECT id FROM catalogue WHERE id = ?", (shipped.id,))
    if installed.fetchone() is None:
        raise _NotQuickError(f"catalogue {shipped.id} is not installed")
    groups = {row[0] for row in connection.execute("SELECT id FROM implementer_group")}
    implementers = read_implementers(connection)
    known = {implementer.id for implementer in implementers}
    if (
        not {g.id for g in shipped.groups} <= groups
        or not {i.id for i in shipped.implementers} <= known
    ):
        raise _NotQuickError("the shipped implementers are not all installed")
    chosen = _report_to_show(connection, report_id)
    if chosen is None:
        raise _NotQuickError("no report")
    names = {implementer.id: implementer.name for implementer in implementers}
    report = _read_report(connection, chosen, names, shipped.version)
    return QuickStart(report=report, catalogue=with_implementers(shipped, implementers))


def read_implementers(connection: sqlite3.Connection) -> tuple[Implementer, ...]:
    """The implementers in the catalogue's order, as ``catalogue_store.load_implementers``."""
    rows = connection.execute(
        "SELECT id, group_id, kind, name, short_name, named_in_resolution "
        "FROM implementer ORDER BY position, id"
    )
    return tuple(
        Implementer(
            id=id_,
            group=group,
            kind=kind,
            name=name,
            short_name=short_name,
            named_in_resolution=bool(named),
        )
        for id_, group, kind, name, short_name, named in rows
    )


def _report_to_show(connection: sqlite3.Connection, report_id: int | None) -> int | None:
    """The report last opened when it still exists, else the one changed most recently."""
    if report_id is not None:
        found = connection.execute("SELECT id FROM report WHERE id = ?", (report_id,)).fetchone()
        if found is not None:
            return int(found[0])
    latest = connection.execute(
        "SELECT id FROM report ORDER BY updated_at DESC, id DESC LIMIT 1"
    ).fetchone()
    return None if latest is None else int(latest[0])


def _read_report(
    connection: sqlite3.Connection, report_id: int, names: dict[str, str], version: str
) -> ReportData:
    record = connection.execute(
        "SELECT uuid, implementer_id, year, catalogue_id, status, language, focal_name, "
        "focal_title, focal_institution, focal_email, focal_phone, background, conclusions, "
        "created_at, updated_at, exported_at FROM report WHERE id = ?",
        (report_id,),
    ).fetchone()
    if record is None:
        raise _NotQuickError(f"report {report_id} is gone")
    (uuid, implementer_id, year, catalogue_id, status, language, focal_name, focal_title,
     focal_institution, focal_email, focal_phone, background, conclusions, created, updated,
     exported) = record  # fmt: skip
    if implementer_id not in names:
        raise _NotQuickError(f"report {report_id} names an unknown implementer")
    activities: dict[int, list[int]] = {}
    for row_id, number in connection.execute(
        "SELECT a.row_id, a.activity_number FROM row_activity a "
        "JOIN report_row r ON r.id = a.row_id WHERE r.report_id = ? "
        "ORDER BY a.row_id, a.activity_number",
        (report_id,),
    ):
        activities.setdefault(row_id, []).append(number)
    financing: dict[int, list[FinancingLine]] = {}
    for row_id, source, donor, amount, currency in connection.execute(
        "SELECT f.row_id, f.source, f.donor, f.amount, f.currency FROM financing_line f "
        "JOIN report_row r ON r.id = f.row_id WHERE r.report_id = ? "
        "ORDER BY f.row_id, f.position, f.id",
        (report_id,),
    ):
        financing.setdefault(row_id, []).append(
            FinancingLine(source=source, donor=donor, amount=_amount(amount), currency=currency)
        )
    rows = tuple(
        RowData(
            activities=tuple(activities.get(row_id, ())),
            programmed=programmed,
            executed=executed,
            planned_next=planned_next,
            financing_text=financing_text,
            financing=tuple(financing.get(row_id, ())),
            row_id=row_id,
        )
        for row_id, programmed, executed, planned_next, financing_text in connection.execute(
            "SELECT id, programmed, executed, planned_next, financing_text FROM report_row "
            "WHERE report_id = ? ORDER BY position, id",
            (report_id,),
        )
    )
    return ReportData(
        uuid=uuid,
        implementer_id=implementer_id,
        implementer_name=names[implementer_id],
        year=year,
        catalogue_id=catalogue_id,
        catalogue_version=version,
        status=ReportStatus(status),
        language=language,
        focal_point=FocalPoint(
            name=focal_name,
            title=focal_title,
            institution=focal_institution,
            email=focal_email,
            phone=focal_phone,
        ),
        background=background,
        conclusions=conclusions,
        rows=rows,
        created=_utc(created),
        updated=_utc(updated),
        exported=_utc(exported),
        report_id=report_id,
    )


def _utc(value: Any) -> datetime | None:
    """A stored time stamp (naive UTC text, as SQLAlchemy writes it) as an aware datetime."""
    if value is None:
        return None
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


def _amount(value: Any) -> Decimal | None:
    """An amount as SQLAlchemy's Numeric(18, 2) gives it back from SQLite."""
    if value is None:
        return None
    return Decimal("%.2f" % value)  # noqa: UP031 - the exact conversion SQLAlchemy applies
