"""Typed settings over QSettings: every option declared once, with its type and default.

Settings live in ``settings.ini`` in Focal's data folder (beside the database, logs and backups),
so that moving the data folder moves everything and tests can point it at a temporary folder.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar, overload

from PySide6.QtCore import QByteArray, QSettings

from app.storage.database import data_dir

SETTINGS_VERSION = 1
T = TypeVar("T")


@dataclass(frozen=True)
class Option(Generic[T]):
    """One setting: its key, type and default; reads and writes convert to ``kind``."""

    key: str
    kind: type[T]
    default: T

    @overload
    def __get__(self, settings: None, owner: type | None = None) -> Option[T]: ...
    @overload
    def __get__(self, settings: Settings, owner: type | None = None) -> T: ...
    def __get__(self, settings: Settings | None, owner: type | None = None) -> T | Option[T]:
        return self if settings is None else settings.read(self)

    def __set__(self, settings: Settings, value: T) -> None:
        settings.write(self, value)


def _convert(value: Any, kind: type[T], default: T) -> T:
    if value is None:
        return default
    try:
        if kind is bool:
            if isinstance(value, str):
                return value.lower() in ("true", "1", "yes")  # type: ignore[return-value]
            return bool(value)  # type: ignore[return-value]
        if kind is QByteArray:
            return value if isinstance(value, QByteArray) else default  # type: ignore[return-value]
        return kind(value)  # type: ignore[call-arg]
    except (TypeError, ValueError):
        return default


class Settings:
    """The application's settings. Per-database options are keyed by the database path."""

    version = Option("meta/version", int, 0)
    language = Option("interface/language", str, "")
    geometry = Option("window/geometry", QByteArray, QByteArray())
    window_state = Option("window/state", QByteArray, QByteArray())
    main_splitter = Option("window/main_splitter", QByteArray, QByteArray())
    editor_splitter = Option("window/editor_splitter", QByteArray, QByteArray())
    only_incomplete = Option("navigator/only_incomplete", bool, False)
    checklist_visible = Option("window/checklist_visible", bool, True)
    export_folder = Option("files/export_folder", str, "")
    import_folder = Option("files/import_folder", str, "")
    pdf_paper = Option("export/pdf_paper", str, "a4")
    consolidation_language = Option("consolidation/language", str, "")
    consolidation_geometry = Option("consolidation/geometry", QByteArray, QByteArray())

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or data_dir() / "settings.ini"
        self.qsettings = QSettings(str(self.path), QSettings.Format.IniFormat)
        if self.read(Settings.version) < SETTINGS_VERSION:
            self.write(Settings.version, SETTINGS_VERSION)

    def read(self, option: Option[T]) -> T:
        return _convert(self.qsettings.value(option.key), option.kind, option.default)

    def write(self, option: Option[T], value: T) -> None:
        self.qsettings.setValue(option.key, value)

    @staticmethod
    def _database_key(database: Path, name: str) -> str:
        digest = hashlib.sha1(str(database.resolve()).encode("utf-8"), usedforsecurity=False)
        return f"databases/{digest.hexdigest()[:16]}/{name}"

    def last_report_id(self, database: Path) -> int | None:
        value = self.qsettings.value(self._database_key(database, "last_report"))
        try:
            return int(value) if value is not None else None
        except (TypeError, ValueError):
            return None

    def set_last_report_id(self, database: Path, report_id: int | None) -> None:
        key = self._database_key(database, "last_report")
        if report_id is None:
            self.qsettings.remove(key)
        else:
            self.qsettings.setValue(key, report_id)

    def consolidation_sources(self, database: Path, year: int) -> tuple[list[Path], bool]:
        """The files and folders last offered for ``year``'s consolidation, and whether the
        database's own reports were included (the secretariat collects them over weeks)."""
        value = self.qsettings.value(self._database_key(database, f"consolidation/{year}"))
        try:
            stored = json.loads(value) if isinstance(value, str) else {}
            paths = [Path(p) for p in stored.get("paths", []) if isinstance(p, str)]
            return paths, bool(stored.get("database", True))
        except (ValueError, AttributeError):
            return [], True

    def set_consolidation_sources(
        self, database: Path, year: int, paths: list[Path], include_database: bool
    ) -> None:
        value = json.dumps({"paths": [str(p) for p in paths], "database": include_database})
        self.qsettings.setValue(self._database_key(database, f"consolidation/{year}"), value)

    def sync(self) -> None:
        self.qsettings.sync()
