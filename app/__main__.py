"""Start-up: logging -> crash hook -> QApplication -> window (see :mod:`app.ui.application`).

``python -m app`` behaves like ``focal``: no arguments open the window.
"""

from __future__ import annotations

import sys
from pathlib import Path


def run_gui(db_path: Path | None = None) -> int:
    """Start the desktop application; returns the exit code."""
    # Nothing of the database layer is imported here any more: the window is shown from a quick
    # sqlite3 read and SQLAlchemy is imported on a worker thread after it. Once PySide6 is
    # loaded, its "__feature__" import hook reads the source of every module imported later
    # (inspect.getsource, to see whether it uses PySide6), which makes SQLAlchemy's import about
    # 15% slower there; that only delays the background opening a little and PySide6 has no
    # supported way to turn the hook off, so it is left alone.
    from app.ui.application import run

    return run(db_path)


def window_arguments(arguments: list[str]) -> Path | bool | None:
    """The database path when the arguments only open the window ([--db PATH]), else False.

    Opening the window this way skips building the command-line parser, which imports every
    command (and with them openpyxl and reportlab): start-up stays quick.
    """
    if not arguments:
        return None
    if len(arguments) == 2 and arguments[0] == "--db" and not arguments[1].startswith("-"):
        return Path(arguments[1])
    if len(arguments) == 1 and arguments[0].startswith("--db=") and len(arguments[0]) > 5:
        return Path(arguments[0][5:])
    return False


def main() -> int:
    window = window_arguments(sys.argv[1:])
    if window is not False:
        return run_gui(window if isinstance(window, Path) else None)
    from app.cli import main as cli_main

    return cli_main()


if __name__ == "__main__":
    sys.exit(main())
