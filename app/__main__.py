"""Start-up: logging -> crash hook -> QApplication -> window (see :mod:`app.ui.application`).

``python -m app`` behaves like ``focal``: no arguments open the window.
"""

from __future__ import annotations

import builtins
import gc
import sys
from pathlib import Path


def run_gui(db_path: Path | None = None) -> int:
    """Start the desktop application; returns the exit code."""
    gc.disable()  # until the window is shown: see app.ui.application.run
    load_qt()
    from app.ui.application import run

    return run(db_path)


def load_qt() -> None:
    """Import PySide6, then take back the import hook it installs (Focal does not use it).

    PySide6 replaces ``builtins.__import__`` with its ``__feature__`` hook, which then reads
    the source of every module imported later (``inspect.getsource``) to see whether it may use
    ``from __feature__ import snake_case``. Focal never does, and the hook costs a fifth of
    the time its own modules take to import before the window shows (and as much again for
    SQLAlchemy on the worker thread). A module the hook has not seen simply gets no feature,
    which is what every Focal module wants.
    """
    python_import = builtins.__import__
    import PySide6.QtCore  # noqa: F401

    hook = builtins.__import__
    if hook is not python_import and getattr(hook, "__name__", "") == "__feature_import__":
        builtins.__import__ = python_import


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
    """The ``focal`` program (console script and ``python -m app``)."""
    if getattr(sys, "frozen", False):
        # Consolidation reads workbooks in worker processes; a frozen Windows build must let
        # those children run the worker instead of starting another Focal.
        import multiprocessing

        multiprocessing.freeze_support()
    window = window_arguments(sys.argv[1:])
    if window is not False:
        return run_gui(window if isinstance(window, Path) else None)
    from app.cli import main as cli_main

    return cli_main()


if __name__ == "__main__":
    sys.exit(main())
