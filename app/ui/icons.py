"""Icons drawn as SVG in ``resources/icons``, loaded once and scaled by Qt for any DPI."""

from __future__ import annotations

import functools

from PySide6.QtGui import QIcon

from app.core.report import RowStatus
from app.core.resources import resource_path


@functools.cache
def icon(name: str) -> QIcon:
    """The icon ``resources/icons/<name>.svg``; an empty icon if the file is missing."""
    path = resource_path("icons", f"{name}.svg")
    return QIcon(str(path)) if path.is_file() else QIcon()


def app_icon() -> QIcon:
    return icon("app")


def status_icon(status: RowStatus) -> QIcon:
    return icon(f"status-{status.value}")
