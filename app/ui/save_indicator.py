"""The quiet indicator in the status bar: "Saved 14:02", "Saving…", or what went wrong."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from app.core.i18n import _
from app.storage.errors import (
    DatabaseLockedError,
    DiskFullError,
    ReadOnlyDatabaseError,
    StorageError,
)
from app.ui.appearance import Tone, set_tone
from app.ui.autosave import Autosaver
from app.ui.icons import icon


def local_time(moment: datetime, pattern: str = "HH:mm") -> str:
    """An aware UTC time as the user's local clock shows it."""
    return QDateTime.fromMSecsSinceEpoch(int(moment.timestamp() * 1000)).toString(pattern)


def problem_text(error: BaseException) -> str:
    """A short status-bar sentence for a failed save; the full message goes in the tooltip."""
    if isinstance(error, DatabaseLockedError):
        return _("Not saved: the database is in use by another program — retrying")
    if isinstance(error, DiskFullError):
        return _("Not saved: the disk is full — retrying")
    if isinstance(error, ReadOnlyDatabaseError):
        return _("Not saved: the database cannot be written — retrying")
    return _("Not saved: {problem} — retrying").format(
        problem=error.message if isinstance(error, StorageError) else str(error)
    )


class SaveIndicator(QWidget):
    def __init__(self, autosaver: Autosaver, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.autosaver = autosaver
        self.icon = QLabel(self)
        self.label = QLabel(self)
        self.label.setAccessibleName(_("Save status"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 0, 6, 0)
        layout.setSpacing(4)
        layout.addWidget(self.icon)
        layout.addWidget(self.label)
        autosaver.state_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        saver = self.autosaver
        error = saver.last_error
        if error is not None and saver.has_pending():
            self._show("warning", problem_text(error), Tone.PROBLEM)
            self.setToolTip(
                (error.message if isinstance(error, StorageError) else str(error))
                + "\n"
                + _("Your text is kept in the window and saving is retried.")
            )
            return
        self.setToolTip("")
        if saver.has_pending():
            self._show("saving", _("Saving…"), Tone.PLAIN)
        elif saver.last_saved is not None:
            moment = local_time(saver.last_saved, "HH:mm:ss")
            self._show("saved", _("Saved {time}").format(time=moment), Tone.GOOD)
        else:
            self._show("saved", _("All changes are saved"), Tone.PLAIN)

    def text(self) -> str:
        return self.label.text()

    def _show(self, icon_name: str, text: str, tone: Tone) -> None:
        size = self.label.fontMetrics().height()
        self.icon.setPixmap(icon(icon_name).pixmap(size, size))
        self.label.setText(text)
        set_tone(self.label, tone)
