"""After writing files: a quiet notice with Open and Show in folder, and failures in one sentence.

The notice is not modal: the user can go on typing while it is shown. A failure names the file
and says what to do in words an office user knows ("open in another program, such as Excel")
rather than an errno.
"""

from __future__ import annotations

import errno
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QDir, QProcess, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from app import APP_NAME
from app.core.i18n import _
from app.core.problems import FileProblemError
from app.storage.errors import StorageError

log = logging.getLogger("focal.ui")


def open_file(path: Path) -> bool:
    """Open ``path`` in the program the system uses for it (Excel, a PDF reader)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def show_in_folder(path: Path) -> bool:
    """Show the folder holding ``path``, with the file selected where the system can do it."""
    native = QDir.toNativeSeparators(str(path))
    if sys.platform == "win32":
        return QProcess.startDetached("explorer.exe", ["/select,", native])[0]
    if sys.platform == "darwin":
        return QProcess.startDetached("open", ["-R", native])[0]
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))


class WrittenNotice(QMessageBox):
    """ "Wrote X" with buttons to open the file and to show it in its folder; not modal."""

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        text: str,
        paths: Sequence[Path],
        warnings: Sequence[str] = (),
    ) -> None:
        icon = QMessageBox.Icon.Warning if warnings else QMessageBox.Icon.Information
        super().__init__(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
        self.setModal(False)
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.paths = list(paths)
        if warnings:
            shown = list(warnings[:8])
            if len(warnings) > len(shown):
                shown.append(_("… and {count} more.").format(count=len(warnings) - len(shown)))
            self.setInformativeText(
                _("Some characters cannot be shown with the PDF's font:")
                + "\n"
                + "\n".join("• " + line for line in shown)
            )
        self.open_buttons = []
        for path in self.paths:
            label = _("&Open")
            if len(self.paths) > 1:  # each button its own Alt+letter: the workbook, the PDF
                label = {".xlsx": _("Open the &workbook"), ".pdf": _("Open the &PDF")}.get(
                    path.suffix.lower(), _("Open {name}").format(name=path.name)
                )
            button = self.addButton(label, QMessageBox.ButtonRole.ActionRole)
            button.setAccessibleName(_("Open {name}").format(name=path.name))
            # ActionRole buttons close the box; the file opens from the clicked handler.
            button.clicked.connect(lambda _checked=False, p=path: open_file(p))
            self.open_buttons.append(button)
        self.folder_button = self.addButton(_("Show in &folder"), QMessageBox.ButtonRole.ActionRole)
        self.folder_button.setAccessibleName(
            _("Show {name} in its folder").format(name=self.paths[0].name)
        )
        self.folder_button.clicked.connect(lambda _checked=False: show_in_folder(self.paths[0]))
        self.close_button = self.addButton(QMessageBox.StandardButton.Close)
        self.setDefaultButton(self.close_button)
        self.setEscapeButton(self.close_button)


def notify_written(
    parent: QWidget | None,
    title: str,
    text: str,
    paths: Sequence[Path],
    warnings: Sequence[str] = (),
) -> WrittenNotice:
    notice = WrittenNotice(parent, title, text, paths, warnings)
    notice.show()
    return notice


def _os_error(error: BaseException) -> OSError | None:
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, OSError):
            return seen
        seen = seen.__cause__
    return None


def is_known_failure(error: BaseException) -> bool:
    """A problem of the file or the disk the user can act on, not a bug in Focal."""
    return isinstance(error, OSError | ValueError | StorageError | FileProblemError)


def write_error_text(path: Path, error: BaseException) -> str:
    """One sentence naming the file and saying what went wrong when writing it."""
    name = path.name
    os_error = _os_error(error)
    if isinstance(error, FileProblemError):
        return _("{name} was not written: {problems}").format(name=name, problems=error)
    if isinstance(error, StorageError):
        return _("{name} was not written: {reason}").format(name=name, reason=error.message)
    if os_error is None:
        return _("{name} was not written: {reason}").format(name=name, reason=error)
    if isinstance(os_error, PermissionError) or os_error.errno in (errno.EACCES, errno.EPERM):
        return _(
            "{name} could not be written because it is open in another program, such as Excel, "
            "or the folder cannot be written to; close it or choose another folder."
        ).format(name=name)
    if os_error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return _("{name} could not be written because the disk is full.").format(name=name)
    if os_error.errno == errno.EROFS:
        return _("{name} could not be written because the disk is read-only.").format(name=name)
    if isinstance(os_error, FileNotFoundError):
        return _("{name} could not be written because the folder {folder} does not exist.").format(
            name=name, folder=path.parent
        )
    if os_error.errno == errno.ENAMETOOLONG:
        return _("{name} could not be written because its name or folder path is too long.").format(
            name=name
        )
    return _("{name} could not be written: {reason}.").format(
        name=name, reason=os_error.strerror or os_error
    )


def show_write_error(parent: QWidget | None, path: Path, error: BaseException) -> str:
    """Tell the user why ``path`` was not written; the full path is in the details."""
    text = write_error_text(path, error)
    log.warning("writing %s failed: %s", path, error)
    box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME, text, parent=parent)
    box.setInformativeText(_("Nothing was changed at {path}.").format(path=path))
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setModal(True)
    box.open()
    return text
