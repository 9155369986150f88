"""The secretariat's background and conclusion of a year's annual report, saved as typed.

The same debounced autosaver as the report editors, with its own writer thread: a pause in
typing, leaving a field, changing the year, producing the report and closing all write the
texts; a failed write keeps them on screen and is retried, and nothing is dropped silently.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.core.i18n import _
from app.services.consolidation import get_texts, save_texts
from app.services.workspace import Workspace
from app.storage.errors import StorageError
from app.ui.appearance import emphasise
from app.ui.autosave import Autosaver, SaveKey
from app.ui.save_indicator import SaveIndicator
from app.ui.text_field import TextField

log = logging.getLogger("focal.ui")


def texts_key(year: int) -> SaveKey:
    return SaveKey("consolidation", year, "texts")


class ConsolidationTexts(QWidget):
    """Background and conclusion for one year; :meth:`save_now` before anything reads them."""

    def __init__(self, workspace: Workspace, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.year = year
        self.load_error: str | None = None
        self.autosaver = Autosaver(self._write, parent=self)
        self.background = TextField(
            _("&Background and introduction"),
            self,
            _("The secretariat's background and introduction of the annual report."),
        )
        self.conclusion = TextField(
            _("Con&clusion"), self, _("The secretariat's conclusion of the annual report.")
        )
        self.indicator = SaveIndicator(self.autosaver, self)
        self.title = QLabel(self)
        emphasise(self.title)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.title, 1)
        top.addWidget(self.indicator)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.background, 1)
        layout.addWidget(self.conclusion, 1)
        for field in (self.background, self.conclusion):
            field.edited.connect(self._edited)
            field.left.connect(lambda: self.autosaver.flush(texts_key(self.year)))
        self.load(year)

    def _write(self, key: SaveKey, value: object) -> datetime:
        """Runs on the writer thread."""
        assert isinstance(value, tuple)
        background, conclusion = value
        save_texts(self.workspace, key.target_id, background, conclusion)
        return datetime.now(UTC)

    def _edited(self, _text: str) -> None:
        self.autosaver.set(texts_key(self.year), (self.background.text(), self.conclusion.text()))

    def load(self, year: int) -> bool:
        """Show ``year``'s texts; call :meth:`save_now` first, which must have succeeded.

        When they cannot be read the editors stay read-only: typing into empty fields would
        overwrite texts that exist but could not be shown.
        """
        self.year = year
        try:
            background, conclusion = get_texts(self.workspace, year)
        except StorageError as error:
            log.warning("cannot read the consolidation texts of %s: %s", year, error.message)
            self.load_error = error.message
            for field in (self.background, self.conclusion):
                field.set_text("")
                field.set_read_only(True)
            self.title.setText(
                _("The texts of {year} cannot be read: {reason}").format(
                    year=year, reason=error.message
                )
            )
            return False
        self.load_error = None
        for field, text in ((self.background, background), (self.conclusion, conclusion)):
            field.set_text(text)
            field.set_read_only(False)
        self.title.setText(_("Texts of the secretariat for the {year} report").format(year=year))
        return True

    def save_now(self) -> str | None:
        """Write pending texts; the reason when that failed (the texts stay pending)."""
        failures = self.autosaver.flush_now()
        if not failures:
            return None
        error = next(iter(failures.values()))
        return error.message if isinstance(error, StorageError) else str(error)

    def unsaved_text(self) -> str:
        parts = []
        for key, value in self.autosaver.pending().items():
            assert isinstance(value, tuple)
            parts.append(_("Annual report {year}").format(year=key.target_id))
            parts.append("=== " + _("Background and introduction") + " ===")
            parts.append(value[0])
            parts.append("=== " + _("Conclusion") + " ===")
            parts.append(value[1])
            parts.append("")
        return "\n".join(parts)

    def stop(self) -> None:
        self.autosaver.stop()
