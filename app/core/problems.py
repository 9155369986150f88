"""Problems found in a file: one clear message naming the file, sheet and cell."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


class Severity(enum.StrEnum):
    ERROR = "error"  # the file cannot be imported as it is
    WARNING = "warning"  # imported, but the user should know


@dataclass(frozen=True, slots=True)
class Problem:
    message: str  # a translated sentence, complete on its own
    file: Path | None = None
    sheet: str | None = None
    cell: str | None = None  # "B12"
    severity: Severity = Severity.ERROR

    def location(self) -> str:
        parts = [str(self.file.name) if self.file else "", self.sheet or "", self.cell or ""]
        return ", ".join(part for part in parts if part)

    def __str__(self) -> str:
        where = self.location()
        return f"{where}: {self.message}" if where else self.message


class HasProblems:
    """The errors and warnings among the ``problems`` a file reader or a plan carries."""

    __slots__ = ()
    problems: Sequence[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]


class FileProblemError(Exception):
    """A file cannot be read; carries the problems found (at least one)."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems
