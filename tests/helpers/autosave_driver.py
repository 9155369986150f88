"""A fork server whose children autosave edits until killed, for tests/storage/test_kill_loop.py.

    python -m tests.helpers.autosave_driver DB

imports Qt, SQLAlchemy and Focal once, prints ``READY`` and then, for every ``ROUND seed id...``
line read on standard input, forks a child that edits those reports of DB through the real autosave
path (an :class:`~app.ui.autosave.Autosaver` whose write is
:func:`app.ui.report_session.write_edit` on a real Workspace) until a ``KILL`` line makes the
server kill it with SIGKILL. The server then prints ``DEAD pid status``; ``QUIT`` ends it.

Forking a process that has imported everything, but has not yet created a QCoreApplication, opened
SQLite or started a thread, costs milliseconds where a fresh interpreter costs half a second: that
is what makes hundreds of kills affordable.

Every line goes to standard output in one ``os.write`` shorter than PIPE_BUF, so the lines of the
child's two threads and of the server never mix:

- ``CHILD pid``: the server forked a child;
- ``OPEN pid``: the child opened the database and starts editing;
- ``BEGIN n kind target field digest``: the writer thread is about to write save number ``n``;
- ``SAVED n kind target field digest``: the Autosaver's ``saved`` signal arrived for save ``n``,
  i.e. after the transaction that wrote it was committed. Only these lines are confirmations;
- ``ERROR n kind target field message``: the write raised (the Autosaver keeps the edit).

A digest (:func:`text_digest`, :func:`financing_digest`) stands for a value so that lines stay
short; :func:`read_state` computes the same digests from the database file with plain sqlite3.
"""

from __future__ import annotations

import collections
import gc
import hashlib
import json
import os
import random
import select
import signal
import sqlite3
import sys
import traceback
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer

from app.core.catalogue import default_catalogue
from app.core.financing import COMMON_CURRENCIES, FINANCING_SOURCES
from app.core.report import ROW_TEXT_FIELDS, FinancingLine, ReportData
from app.services import reports
from app.services.workspace import open_workspace
from app.ui.autosave import Autosaver, SaveKey
from app.ui.report_session import FOCAL_ATTRIBUTES, write_edit
from tests.helpers.factories import HOSTILE_TEXTS, long_text

REPORT_FIELDS = (*FOCAL_ATTRIBUTES, "background", "conclusions")
# A child that is never killed (a broken test) ends itself.
CHILD_LIFETIME_MS = 20_000
# Typed a character or a few at a time: accents, typographic marks, emoji, right-to-left.
TYPED = "abcdefghij klmnopqrstuvwxyz ABC. ñáéíóúüçãõ«»—€ ¿¡ 😀👩🏽‍⚖️ مرحبا עברית\n\t"

Key = tuple[str, int, str]  # SaveKey as (kind, target_id, field)


# --- digests: the same on both sides -------------------------------------------------------


def _digest(data: str) -> str:
    return hashlib.sha1(data.encode("utf-8")).hexdigest()[:20]


def text_digest(text: str) -> str:
    return _digest("T" + text)


def _amount(value: object) -> str:
    # SQLite keeps Numeric as REAL; the cents survive the round trip for these magnitudes.
    return "" if value is None else format(value, ".2f")  # type: ignore[arg-type]


def financing_digest(lines: Sequence[tuple[object, object, object, object]]) -> str:
    """``lines``: (source, donor, amount, currency) in order, empty lines left out."""
    canonical = [
        [source or "", donor, _amount(amount), currency]
        for source, donor, amount, currency in lines
    ]
    return _digest("F" + json.dumps(canonical, ensure_ascii=False))


def value_digest(value: object) -> str:
    if isinstance(value, tuple):
        return financing_digest(
            [(x.source, x.donor, x.amount, x.currency) for x in value if not x.is_empty()]
        )
    assert isinstance(value, str)
    return text_digest(value)


def read_state(path: Path) -> tuple[str, dict[Key, str]]:
    """``PRAGMA integrity_check`` and the digest of every field the children edit.

    A separate, read-only sqlite3 connection: what any program opening the file would see.
    """
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        integrity = "\n".join(row[0] for row in connection.execute("PRAGMA integrity_check"))
        state: dict[Key, str] = {}
        columns = ", ".join(REPORT_FIELDS)
        for report_id, *values in connection.execute(f"SELECT id, {columns} FROM report"):
            for field, value in zip(REPORT_FIELDS, values, strict=True):
                state[("report", report_id, field)] = text_digest(value)
        columns = ", ".join(ROW_TEXT_FIELDS)
        for row_id, *values in connection.execute(f"SELECT id, {columns} FROM report_row"):
            for field, value in zip(ROW_TEXT_FIELDS, values, strict=True):
                state[("row", row_id, field)] = text_digest(value)
            lines = connection.execute(
                "SELECT source, donor, amount, currency FROM financing_line"
                " WHERE row_id = ? ORDER BY position",
                (row_id,),
            ).fetchall()
            state[("financing", row_id, "financing")] = financing_digest(lines)
        return integrity, state
    finally:
        connection.close()


def data_state(report: ReportData) -> dict[Key, str]:
    """The same digests from a report read through the application."""
    assert report.report_id is not None
    focal = report.focal_point
    state: dict[Key, str] = {
        ("report", report.report_id, field): text_digest(getattr(focal, attribute))
        for field, attribute in FOCAL_ATTRIBUTES.items()
    }
    state[("report", report.report_id, "background")] = text_digest(report.background)
    state[("report", report.report_id, "conclusions")] = text_digest(report.conclusions)
    for row in report.rows:
        assert row.row_id is not None
        for field in ROW_TEXT_FIELDS:
            state[("row", row.row_id, field)] = text_digest(getattr(row, field))
        state[("financing", row.row_id, "financing")] = value_digest(row.financing)
    return state


# --- the child: an editor that never stops --------------------------------------------------


def _say(line: str) -> None:
    data = (line + "\n").encode("utf-8")
    assert len(data) < 512, line  # well under PIPE_BUF: one atomic write
    os.write(1, data)


def _pool() -> list[str]:
    """Texts pasted whole: long prose, every hostile text, their mixtures, empty."""
    texts = [
        long_text(length, seed) for seed, length in enumerate((40, 700, 3_000, 12_000, 40_000))
    ]
    texts += HOSTILE_TEXTS
    texts.append("\n\n".join(HOSTILE_TEXTS) + long_text(5_000, 9))
    texts.append("")
    return texts


class Editor:
    """Edits the reports like a very fast user: types into one field, pastes, deletes, moves on."""

    def __init__(self, path: Path, seed: int, report_ids: list[int], pool: list[str]) -> None:
        self.rng = random.Random(seed)
        self.seed = seed
        self.pool = pool
        self.edits = 0
        self.workspace = open_workspace(path)
        self.values: dict[SaveKey, object] = {}
        for report_id in report_ids:
            self._load(reports.load_report(self.workspace, report_id))
        self.keys = list(self.values)
        self.key = self.rng.choice(self.keys)
        self.written: dict[SaveKey, collections.deque[tuple[int, str]]] = {}
        self.numbers = iter(range(1, 10**9))
        self.autosaver = Autosaver(self._write, delay_ms=self.rng.choice((0, 1, 5, 20, 60)))
        self.autosaver.saved.connect(self._saved)
        self.timer = QTimer()
        self.timer.setInterval(self.rng.choice((1, 2, 4, 8)))
        self.timer.timeout.connect(self.edit)

    def _load(self, report: ReportData) -> None:
        assert report.report_id is not None
        for field, attribute in FOCAL_ATTRIBUTES.items():
            value = getattr(report.focal_point, attribute)
            self.values[SaveKey("report", report.report_id, field)] = value
        self.values[SaveKey("report", report.report_id, "background")] = report.background
        self.values[SaveKey("report", report.report_id, "conclusions")] = report.conclusions
        for row in report.rows:
            assert row.row_id is not None
            for field in ROW_TEXT_FIELDS:
                self.values[SaveKey("row", row.row_id, field)] = getattr(row, field)
            self.values[SaveKey("financing", row.row_id, "financing")] = row.financing

    # The writer thread's side: the real write, announced before and remembered after.
    def _write(self, key: SaveKey, value: object) -> datetime:
        number = next(self.numbers)
        digest = value_digest(value)
        _say(f"BEGIN {number} {key.kind} {key.target_id} {key.field} {digest}")
        try:
            saved_at = write_edit(self.workspace, key, value)
        except Exception as error:
            _say(f"ERROR {number} {key.kind} {key.target_id} {key.field} {ascii(str(error))[:300]}")
            raise
        # Results reach the GUI thread in the order they were written, one ``saved`` per write.
        self.written.setdefault(key, collections.deque()).append((number, digest))
        return saved_at

    def _saved(self, key: SaveKey, _saved_at: object) -> None:
        number, digest = self.written[key].popleft()
        _say(f"SAVED {number} {key.kind} {key.target_id} {key.field} {digest}")

    def start(self) -> None:
        _say(f"OPEN {os.getpid()}")
        self.timer.start()

    def edit(self) -> None:
        rng = self.rng
        self.edits += 1
        if rng.random() < 0.15:
            if rng.random() < 0.5:
                self.autosaver.flush(self.key)  # leaving the field
            self.key = rng.choice(self.keys)
        key = self.key
        if key.kind == "financing":
            value: object = self._financing()
        else:
            value = self._text(str(self.values[key]))
        self.values[key] = value
        self.autosaver.set(key, value)

    def _text(self, text: str) -> str:
        rng = self.rng
        choice = rng.random() if len(text) < 60_000 else 1.0
        if choice < 0.65:  # typing
            return text + "".join(rng.choice(TYPED) for _ in range(rng.randint(1, 4)))
        if choice < 0.75:  # backspace
            return text[: max(0, len(text) - rng.randint(1, 30))]
        if choice < 0.9:  # paste in the middle
            at = rng.randint(0, len(text))
            return text[:at] + rng.choice(self.pool) + f" [{self.seed}:{self.edits}] " + text[at:]
        # select all and paste (kept below the length of a long report cell)
        return rng.choice(self.pool) + f" [{self.seed}:{self.edits}]"

    def _financing(self) -> tuple[FinancingLine, ...]:
        rng = self.rng
        lines = []
        for _ in range(rng.randint(0, 4)):
            source = rng.choice(FINANCING_SOURCES).code if rng.random() < 0.8 else None
            lines.append(
                FinancingLine(
                    source=source,
                    donor=rng.choice(
                        ("", "Unión Europea", "ACNUR / UNHCR", "日本", f"#{self.edits}")
                    ),
                    amount=Decimal(rng.randint(0, 10**9)) / 100 if rng.random() < 0.9 else None,
                    currency=rng.choice(COMMON_CURRENCIES),
                )
            )
        return tuple(lines)


def run_child(path: Path, seed: int, report_ids: list[int], pool: list[str]) -> None:
    """Never returns: edits until killed (or until CHILD_LIFETIME_MS, then exits with 3)."""
    application = QCoreApplication([])

    def fail(*exc_info: object) -> None:  # an error in a slot must end the round, not scroll by
        traceback.print_exception(*exc_info)  # type: ignore[call-overload]
        sys.stderr.flush()
        os._exit(6)

    sys.excepthook = fail
    editor = Editor(path, seed, report_ids, pool)
    QTimer.singleShot(CHILD_LIFETIME_MS, lambda: os._exit(3))
    editor.start()
    application.exec()
    os._exit(4)


def _warm_up() -> None:
    """Import what the services import when first used, and set up the mappers, before forking."""
    from sqlalchemy.dialects.sqlite import pysqlite  # noqa: F401
    from sqlalchemy.orm import configure_mappers

    from app.storage import catalogue_store, database, report_store  # noqa: F401

    configure_mappers()
    default_catalogue()
    # What the children inherit stays out of their garbage collections (and their memory shared).
    gc.freeze()


class Commands:
    """Lines of standard input, read without Python's buffering so that ``select`` sees them."""

    def __init__(self) -> None:
        self.buffer = b""

    def next(self, timeout: float | None = None) -> str | None:
        """The next line; None when ``timeout`` passed first; "QUIT" at the end of input."""
        while b"\n" not in self.buffer:
            ready, _, _ = select.select([0], [], [], timeout)
            if not ready:
                return None
            data = os.read(0, 4096)
            if not data:
                return "QUIT"
            self.buffer += data
        line, self.buffer = self.buffer.split(b"\n", 1)
        return line.decode()


def supervise(pid: int, commands: Commands) -> int:
    """Wait for the child; ``KILL`` kills it. Its status once it is gone.

    The server kills its own child, which it has not reaped yet: the pid cannot belong to any
    other process by then, as it could if the test killed by pid.
    """
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status
        command = commands.next(timeout=0.01)
        if command in ("KILL", "QUIT"):
            os.kill(pid, signal.SIGKILL)
            if command == "QUIT":
                commands.buffer = b"QUIT\n" + commands.buffer
            return os.waitpid(pid, 0)[1]


def serve(path: Path) -> None:
    pool = _pool()
    _warm_up()
    _say("READY")
    commands = Commands()
    while (line := commands.next()) != "QUIT":
        assert line is not None
        command, *arguments = line.split()
        if command != "ROUND":  # a KILL that came after its child had ended on its own
            continue
        pid = os.fork()
        if pid == 0:
            try:
                seed, *report_ids = map(int, arguments)
                run_child(path, seed, report_ids, pool)
            except BaseException:  # noqa: BLE001 - shown in the driver's log, then exit 5
                traceback.print_exc()
                sys.stderr.flush()
            finally:
                os._exit(5)
        _say(f"CHILD {pid}")
        _say(f"DEAD {pid} {supervise(pid, commands)}")


if __name__ == "__main__":
    serve(Path(sys.argv[1]))
