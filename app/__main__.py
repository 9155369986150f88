"""Start-up: logging -> crash hook -> QApplication -> open/migrate the database -> window.

``python -m app`` behaves like ``focal``: no arguments open the window.
"""

from __future__ import annotations

import sys
from pathlib import Path


def run_gui(db_path: Path | None = None) -> int:
    """Start the desktop application; returns the exit code."""
    from app.ui.application import run

    return run(db_path)


def main() -> int:
    from app.cli import main as cli_main

    return cli_main()


if __name__ == "__main__":
    sys.exit(main())
