"""Which files are submission workbooks: one rule for the CLI, the services and the window.

A folder stands for the workbooks directly in it (not its subfolders). Excel's lock files
(``~$name.xlsx``, left beside a workbook open in Excel) and hidden files are never workbooks.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

SUBMISSION_SUFFIXES = (".xlsx",)


def is_submission_file(path: Path) -> bool:
    """Named like a workbook, and neither a lock file nor a hidden file."""
    return path.suffix.lower() in SUBMISSION_SUFFIXES and not path.name.startswith(("~$", "."))


def find_submission_files(paths: Iterable[Path], *, only_workbooks: bool = False) -> list[Path]:
    """Expand folders into the workbooks they hold, sorted by name.

    A file named on its own is kept as given, so that reading it says what is wrong with it;
    with ``only_workbooks`` (files dropped on a window) files that are not workbooks are left out.
    """
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if p.is_file() and is_submission_file(p)))
        elif not only_workbooks or is_submission_file(path):
            found.append(path)
    return found
