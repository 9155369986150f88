"""Hundreds of SIGKILLs while the autosaver writes: the file stays sound, no confirmed save is lost.

A fork server (tests/helpers/autosave_driver.py) runs one editing child per round on the same
database file: the real Autosaver writing through ``report_session.write_edit`` on a real
Workspace, edits every few milliseconds into report fields, row texts and financing lines (long
pastes, accents, emoji, right-to-left text, new lines). The test has each child killed with
SIGKILL (by the server, its parent, so that no other process can be hit by a reused pid),
either at a random moment (while starting, opening the database, editing) or right after the
writer thread announced a write, so that the kill lands inside a transaction, its commit, a WAL
checkpoint, or between the commit and the confirmation. After every kill, a separate sqlite3
connection must find ``PRAGMA integrity_check`` "ok" and, for every field, the exact value of its
latest confirmed save (confirmed = the child printed it from the Autosaver's ``saved`` signal), or
a newer value whose write had begun; fields the round did not touch must be unchanged.

What makes it fail (checked by breaking a copy of the code on purpose, not left in):
- confirming a save before its commit (the driver announcing it when the write starts): a kill
  between the two leaves the older value in the file (caught within the first rounds, 3 of 3);
- a save split over two transactions (financing lines deleted in one, inserted in another): a
  kill between them leaves a value that no save wrote (caught by round 12-138, 3 of 3 runs);
- SQLite without a rollback journal or WAL (``journal_mode=OFF``): a kill while a commit writes
  its pages leaves a damaged file. That window is short, so only some runs catch it (2 of 5).
What it cannot see: ``synchronous=OFF`` (tried: it passes). A killed process loses nothing the
kernel already holds in its page cache; only a power cut or a crashed operating system would show
the difference, so tests/storage/test_database.py checks the pragmas themselves.
"""

from __future__ import annotations

import os
import queue
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import IO

import pytest

from app.core.catalogue import default_catalogue
from app.services import reports
from app.services.workspace import open_workspace
from tests.helpers.autosave_driver import data_state, read_state
from tests.helpers.processes import ROOT, focal_env

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="fork and SIGKILL are POSIX"),
]

ROUNDS = int(os.environ.get("FOCAL_KILL_ROUNDS", "300"))
LINE_TIMEOUT = 30.0

Key = tuple[str, int, str]


class Server:
    """The fork server and a thread that reads its output (its children's lines included)."""

    def __init__(self, db_path: Path, log: IO[str]) -> None:
        self.log = Path(log.name)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.helpers.autosave_driver", str(db_path)],
            cwd=ROOT,
            # The macOS Objective-C runtime refuses some first uses after fork() without this.
            env=focal_env(
                db_path.parent / "focal-data",
                PYTHONPATH=str(ROOT),
                OBJC_DISABLE_INITIALIZE_FORK_SAFETY="YES",
            ),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
            encoding="utf-8",
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put("EOF")

    def send(self, command: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()

    def line(self, timeout: float = LINE_TIMEOUT) -> str | None:
        try:
            line = self.lines.get(timeout=timeout)
        except queue.Empty:
            return None
        assert line != "EOF", f"the fork server ended: {self.log_tail()}"
        return line

    def log_tail(self) -> str:
        """The end of the server's and children's standard error (tracebacks)."""
        return self.log.read_text(encoding="utf-8", errors="replace")[-3000:]

    def close(self) -> None:
        if self.process.poll() is None:
            try:
                self.send("QUIT")  # kills the running child too
                self.process.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                self.process.kill()
                self.process.wait()


def acceptable(before: dict[Key, str], lines: list[str]) -> dict[Key, set[str]]:
    """For each field written in a round, the values the file may hold after the kill."""
    begun: dict[Key, list[tuple[int, str]]] = {}
    confirmed: dict[Key, tuple[int, str]] = {}
    for line in lines:
        word, *fields = line.split(" ")
        if word in ("BEGIN", "SAVED"):
            number, kind, target, field, digest = fields
            key = (kind, int(target), field)
            if word == "BEGIN":
                begun.setdefault(key, []).append((int(number), digest))
            else:
                confirmed[key] = (int(number), digest)
    allowed: dict[Key, set[str]] = {}
    for key, writes in begun.items():
        last, digest = confirmed.get(key, (0, before[key]))
        allowed[key] = {digest} | {d for number, d in writes if number > last}
    return allowed


def collect_for(server: Server, lines: list[str], seconds: float) -> str | None:
    """Collect the child's lines for ``seconds``; its DEAD line if it ended by itself."""
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        line = server.line(left)
        if line is not None and line.startswith("DEAD "):
            return line
        if line is not None:
            lines.append(line)
    return None


def wait_for(server: Server, lines: list[str], word: str, count: int, where: str) -> str | None:
    """Collect lines up to the ``count``-th starting with ``word``; DEAD as above."""
    seen = 0
    while seen < count:
        line = server.line()
        assert line is not None, (where, f"no {word} line came", lines[-5:])
        if line.startswith("DEAD "):
            return line
        lines.append(line)
        seen += line.startswith(word + " ")
    return None


def kill(server: Server, lines: list[str], where: str) -> str:
    """Have the child killed; the server's DEAD line once it is gone."""
    server.send("KILL")
    while not (line := server.line() or "").startswith("DEAD "):
        assert line, (where, "the server did not report the child's end")
        lines.append(line)
    return line


def test_confirmed_saves_survive_hundreds_of_sigkills(tmp_path, db_path):
    workspace = open_workspace(db_path)
    catalogue = default_catalogue()
    implementers = [i.id for i in catalogue.implementers if catalogue.assigned_activities(i.id)]
    report_ids = [
        reports.create_report(workspace, implementer, 2025).report_id
        for implementer in ("iachr", implementers[-1])
    ]
    workspace.close()

    seed = int(os.environ.get("FOCAL_KILL_SEED", random.randrange(10**9)))
    rng = random.Random(seed)
    integrity, state = read_state(db_path)
    assert integrity == "ok"
    started = time.monotonic()
    stats: Counter[str] = Counter()
    with (tmp_path / "driver.log").open("w", encoding="utf-8") as log:
        server = Server(db_path, log)
        try:
            assert server.line(60) == "READY"
            for round_number in range(ROUNDS):
                where = f"seed {seed}, round {round_number}"
                server.send(f"ROUND {rng.randrange(10**9)} {' '.join(map(str, report_ids))}")
                first = server.line()
                assert first is not None and first.startswith("CHILD "), (where, first)
                lines: list[str] = []
                moment = rng.random()
                if moment < 0.2:  # while starting: forking, opening the database, reading it
                    dead = collect_for(server, lines, rng.uniform(0, 0.12))
                elif moment < 0.6:  # while editing, at any moment
                    dead = wait_for(server, lines, "OPEN", 1, where) or collect_for(
                        server, lines, rng.uniform(0, 0.1)
                    )
                else:  # right after the writer announced a write: inside it, or just after
                    dead = wait_for(server, lines, "BEGIN", rng.randint(1, 6), where)
                    time.sleep(rng.uniform(0, 0.006))
                line = dead or kill(server, lines, where)
                status = int(line.split()[2])
                assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, (
                    where,
                    f"the child ended on its own (status {status}) before it was killed",
                    lines[-5:],
                    server.log_tail(),
                )
                assert not any(line.startswith("ERROR ") for line in lines), (where, lines)

                integrity, after = read_state(db_path)
                assert integrity == "ok", (where, integrity)
                assert after.keys() == state.keys(), (where, "fields appeared or vanished")
                allowed = acceptable(state, lines)
                for key, digest in after.items():
                    expected = allowed.get(key, {state[key]})
                    assert digest in expected, (
                        f"{where}: {key} holds {digest}, which is neither its latest confirmed "
                        f"value nor a newer one being written: {sorted(expected)}"
                    )
                confirmed = sum(line.startswith("SAVED ") for line in lines)
                begun = sum(line.startswith("BEGIN ") for line in lines)
                stats["confirmed saves"] += confirmed
                stats["kills before editing"] += not any(line.startswith("OPEN") for line in lines)
                stats["kills with a write not yet confirmed"] += begun > confirmed
                stats["unconfirmed writes found committed"] += sum(
                    after[key] != state[key] and after[key] not in confirmed_digests(lines, key)
                    for key in allowed
                )
                state = after
        finally:
            server.close()
    elapsed = time.monotonic() - started
    print(f"\n{ROUNDS} kills in {elapsed:.1f} s (seed {seed}): {dict(stats)}")

    # Read back through the application too: the same values as plain sqlite3 found.
    workspace = open_workspace(db_path)
    try:
        through_app: dict[Key, str] = {}
        for report_id in report_ids:
            through_app |= data_state(reports.load_report(workspace, report_id))
    finally:
        workspace.close()
    assert through_app == state

    # The loop must have done what it is for: many confirmed saves, many kills inside writes.
    assert stats["confirmed saves"] >= ROUNDS, stats
    assert stats["kills with a write not yet confirmed"] >= ROUNDS // 4, stats


def confirmed_digests(lines: list[str], key: Key) -> set[str]:
    kind, target, field = key
    prefix = f"{kind} {target} {field} "
    return {
        line.rsplit(" ", 1)[1]
        for line in lines
        if line.startswith("SAVED ") and line.split(" ", 2)[2].startswith(prefix)
    }
