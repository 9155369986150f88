"""Choosing files to write or read: safe default names, the last used folder, the dialogs,
files dropped on a window.

File names are made from an implementer's short name and a year, so they must be valid on
Windows whatever the name holds (``/`` in "Legal Affairs/Services", a trailing dot, "CON").
The dialogs are plain functions so that tests can replace them by a chosen path; everything
after the choice (writing, reading) is the real code.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QFileDialog, QLineEdit, QWidget

from app.core.i18n import _
from app.ui.settings import Option, Settings

# Characters Windows refuses in file names, and the device names it reserves.
_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"{p}{n}" for p in ("COM", "LPT") for n in range(1, 10)}
MAX_STEM = 120


def safe_file_stem(text: str) -> str:
    """``text`` as a file name without extension that every common file system accepts."""
    text = unicodedata.normalize("NFC", text)
    text = _FORBIDDEN.sub("-", text)
    text = re.sub(r"\s+", "-", text.strip())
    text = re.sub(r"-{2,}", "-", text)
    text = text[:MAX_STEM].strip(" .-")
    if not text:
        text = "Focal"
    if text.split(".")[0].upper() in _RESERVED:
        text = "_" + text
    return text


def file_name(stem: str, suffix: str) -> str:
    return safe_file_stem(stem) + suffix


def start_folder(settings: Settings, option: Option[str]) -> Path:
    """The folder remembered in ``option`` if it still exists, else Documents or home."""
    remembered = settings.read(option)
    if remembered and Path(remembered).is_dir():
        return Path(remembered)
    documents = Path.home() / "Documents"
    return documents if documents.is_dir() else Path.home()


def remember_folder(settings: Settings, option: Option[str], path: Path) -> None:
    folder = path if path.is_dir() else path.parent
    settings.write(option, str(folder))
    settings.sync()


def with_suffix(path: Path, suffix: str) -> Path:
    """Add the extension when the user typed a name without it (non-native dialogs)."""
    return path if path.suffix.lower() == suffix.lower() else path.with_name(path.name + suffix)


# The seams: (parent, title, suggested path, name filter) -> the chosen path or None.
SaveChooser = Callable[[QWidget | None, str, Path, str], Path | None]
OpenChooser = Callable[[QWidget | None, str, Path, str], list[Path]]
FolderChooser = Callable[[QWidget | None, str, Path], Path | None]


def _name_parts(dialog: QFileDialog) -> None:
    """Name the parts of Qt's own file dialog that Qt leaves unnamed for screen readers (the
    system's dialog, used where there is one, names its own)."""
    parts = (
        (QComboBox, "lookInCombo", _("Folder"), _("The folder whose files are listed.")),
        (
            QLineEdit,
            "fileNameEdit",
            _("File name"),
            _("Type the file's name or a whole path; Enter confirms."),
        ),
        (QComboBox, "fileTypeCombo", _("Type of file"), _("Which files are listed.")),
        (
            QAbstractItemView,
            "treeView",
            _("Files"),
            _("The files and folders in the folder; Enter opens a folder or chooses a file."),
        ),
        (
            QAbstractItemView,
            "listView",
            _("Files"),
            _("The files and folders in the folder; Enter opens a folder or chooses a file."),
        ),
    )
    for kind, object_name, name, description in parts:
        widget = dialog.findChild(kind, object_name)
        if isinstance(widget, QWidget):
            widget.setAccessibleName(name)
            widget.setAccessibleDescription(description)


def file_dialog(
    parent: QWidget | None, title: str, start: Path, filter_: str, mode: QFileDialog.FileMode
) -> QFileDialog:
    """The dialog the ask_* functions show (the system's where there is one), its parts named."""
    dialog = QFileDialog(parent, title, str(start), filter_)
    dialog.setFileMode(mode)
    if mode == QFileDialog.FileMode.Directory:
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    _name_parts(dialog)
    return dialog


def _chosen(dialog: QFileDialog) -> list[Path]:
    accepted = dialog.exec() == QFileDialog.DialogCode.Accepted
    chosen = [Path(name) for name in dialog.selectedFiles() if name] if accepted else []
    dialog.deleteLater()
    return chosen


def ask_save_path(parent: QWidget | None, title: str, suggested: Path, filter_: str) -> Path | None:
    dialog = file_dialog(parent, title, suggested, filter_, QFileDialog.FileMode.AnyFile)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    chosen = _chosen(dialog)
    return chosen[0] if chosen else None


def ask_open_paths(parent: QWidget | None, title: str, folder: Path, filter_: str) -> list[Path]:
    dialog = file_dialog(parent, title, folder, filter_, QFileDialog.FileMode.ExistingFiles)
    return _chosen(dialog)


def ask_folder(parent: QWidget | None, title: str, folder: Path) -> Path | None:
    dialog = file_dialog(parent, title, folder, "", QFileDialog.FileMode.Directory)
    chosen = _chosen(dialog)
    return chosen[0] if chosen else None


def excel_filter() -> str:
    return _("Excel workbooks (*.xlsx)")


def pdf_filter() -> str:
    return _("PDF documents (*.pdf)")


def choose_export_path(
    parent: QWidget | None,
    settings: Settings,
    chooser: SaveChooser,
    title: str,
    suggested: Path,
    filter_: str,
    suffix: str,
) -> Path | None:
    """Where to write a file: ``suffix`` is added when the name lacks it, and the folder is
    remembered as the one the next export starts in."""
    chosen = chooser(parent, title, suggested, filter_)
    if chosen is None:
        return None
    path = with_suffix(Path(chosen), suffix)
    remember_folder(settings, Settings.export_folder, path)
    return path


def choose_workbooks(
    parent: QWidget | None, settings: Settings, chooser: OpenChooser, title: str
) -> list[Path]:
    """Workbooks to read, chosen in the folder of the last import, which is remembered."""
    chosen = chooser(parent, title, start_folder(settings, Settings.import_folder), excel_filter())
    if chosen:
        remember_folder(settings, Settings.import_folder, chosen[0])
    return chosen


def choose_workbook_folder(
    parent: QWidget | None, settings: Settings, chooser: FolderChooser, title: str
) -> Path | None:
    """A folder of workbooks, chosen from the folder of the last import, which is remembered."""
    chosen = chooser(parent, title, start_folder(settings, Settings.import_folder))
    if chosen is not None:
        remember_folder(settings, Settings.import_folder, chosen)
    return chosen


def local_paths(event: QDragEnterEvent | QDropEvent) -> list[Path]:
    """The local files and folders being dragged or dropped."""
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


def accept_drag(event: QDragEnterEvent, busy: bool) -> None:
    """Let local files be dragged over a window, unless it is busy reading or writing."""
    if busy or not local_paths(event):
        event.ignore()
        return
    event.acceptProposedAction()


def take_drop(event: QDropEvent, busy: bool) -> list[Path]:
    """The local files dropped (the drop accepted); none while the window is busy."""
    paths = local_paths(event)
    if not paths or busy:
        return []
    event.acceptProposedAction()
    return paths
