"""Start-up: logging -> crash hook -> QApplication -> open/migrate the database -> window.

``python -m app`` behaves like ``focal``: no arguments open the window.
"""

from __future__ import annotations

import sys
from pathlib import Path


def run_gui(db_path: Path | None = None) -> int:
    """Start the desktop application; returns the exit code."""
    # The database layer first: once PySide6 is loaded it reads the source of every module
    # imported after it (its "feature" hook), which makes SQLAlchemy's import markedly slower.
    import app.services.workspace  # noqa: F401
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
