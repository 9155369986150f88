"""What every subcommand shares: the workspace it opens, output helpers, error type."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.core.i18n import _
from app.services.workspace import Workspace, open_workspace


class CommandError(Exception):
    """A problem the user can fix, told in one sentence; exit code 1."""


@dataclass
class CommandContext:
    db_path: Path | None
    _workspace: Workspace | None = field(default=None, repr=False)

    @property
    def workspace(self) -> Workspace:
        if self._workspace is None:
            self._workspace = open_workspace(self.db_path)
        return self._workspace

    @property
    def writing_workspace(self) -> Workspace:
        """The workspace for a command that changes reports: it takes the writer's lock.

        A Focal window editing the same database would otherwise not see the change and could
        save over it; the command is refused instead, naming who has the database open.
        """
        if self._workspace is None or not self._workspace.locked:
            if self._workspace is not None:
                self._workspace.close()
            self._workspace = open_workspace(self.db_path, lock=True)
        return self._workspace

    def close(self) -> None:
        if self._workspace is not None:
            self._workspace.close()


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def add_json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help=_("print JSON instead of a table"))
