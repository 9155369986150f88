"""Where the shipped files (catalogue, fonts, icons, translations, migrations) are found.

Works from a source checkout, an installed package and a PyInstaller bundle, where the data
folders sit next to the frozen program (``sys._MEIPASS``).
"""

from __future__ import annotations

import sys
from pathlib import Path


def project_root() -> Path:
    """The folder holding ``resources/`` and ``db/``."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle)
    return Path(__file__).resolve().parents[2]


def resource_path(*parts: str) -> Path:
    return project_root().joinpath("resources", *parts)


def migrations_path() -> Path:
    return project_root() / "db"
