"""A roomy multi-line editor with its heading and a length counter that warns before Excel's limit.

Texts longer than an Excel cell are accepted (the export continues them on extra rows); the
counter says so in words from :data:`LENGTH_WARNING` on and past the limit (amber and red where
the palette allows, see :mod:`app.ui.appearance`), and the editor's accessible description says
it too, so nobody is surprised and nothing typed or pasted is ever cut off.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtGui import QFocusEvent, QTextCursor, QTextDocument
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QSizePolicy, QVBoxLayout, QWidget

from app.core.i18n import _
from app.core.report import EXCEL_CELL_LIMIT, LENGTH_WARNING
from app.ui.appearance import Tone, emphasise, set_tone


def number_locale() -> QLocale:
    """The interface locale for numbers; English grouping when the system says only "C"."""
    locale = QLocale()
    if locale.language() == QLocale.Language.C:
        return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    return locale


def document_text(document: QTextDocument) -> str:
    """The text exactly as typed: unlike ``toPlainText`` it keeps non-breaking spaces."""
    return document.toRawText().replace("\u2029", "\n").replace("\u2028", "\n")


class PlainEditor(QPlainTextEdit):
    """QPlainTextEdit that says when it loses focus (a moment to save)."""

    focus_left = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.focus_left.emit()


class TextField(QWidget):
    """Heading (with a mnemonic), editor and counter; ``edited`` carries the whole new text."""

    edited = Signal(str)
    left = Signal()

    def __init__(self, heading: str, parent: QWidget | None = None, description: str = "") -> None:
        super().__init__(parent)
        self._loading = False
        self._description = description
        self._length_note = ""
        self.heading = QLabel(heading, self)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        emphasise(self.heading)
        self.heading.setWordWrap(True)
        self.editor = PlainEditor(self)
        self.editor.setMinimumHeight(self.editor.fontMetrics().lineSpacing() * 4)
        self.heading.setBuddy(self.editor)
        self.counter = QLabel(self)
        self.counter.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.counter.setAccessibleName(_("Length"))
        self.counter.setWordWrap(True)
        # Its words wrap: a long warning must not widen the field at its neighbour's cost.
        self.counter.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        # Under the editor, so that a large font or a long warning never squeezes the heading.
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.heading)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.counter)
        self.set_heading(heading)
        self.editor.textChanged.connect(self._changed)
        self.editor.focus_left.connect(self.left)
        self._update_counter(0)
        self._update_description()

    def set_heading(self, heading: str) -> None:
        """``heading`` may carry a mnemonic (``&``); the accessible name is the plain text."""
        self.heading.setText(heading)
        plain = heading.replace("&&", "\0").replace("&", "").replace("\0", "&")
        self.editor.setAccessibleName(plain)

    def set_description(self, description: str) -> None:
        """What the field is for, as a screen reader says it after the field's name."""
        self._description = description
        self._update_description()

    def _update_description(self) -> None:
        parts = [part for part in (self._description, self._length_note) if part]
        self.editor.setAccessibleDescription(" ".join(parts))

    def text(self) -> str:
        return document_text(self.editor.document())

    def set_text(self, text: str) -> None:
        """Show ``text`` without it counting as an edit; starts a fresh undo history."""
        self._loading = True
        try:
            self.editor.setPlainText(text)
            self.editor.moveCursor(QTextCursor.MoveOperation.Start)
        finally:
            self._loading = False
        self._update_counter(len(text))

    def set_read_only(self, read_only: bool) -> None:
        self.editor.setReadOnly(read_only)

    def select(self, start: int, length: int) -> None:
        """Put the cursor on a range (a search hit) and focus the editor."""
        cursor = self.editor.textCursor()
        cursor.setPosition(min(start, len(self.text())))
        if length:
            cursor.setPosition(
                min(start + length, len(self.text())), QTextCursor.MoveMode.KeepAnchor
            )
        self.editor.setTextCursor(cursor)
        self.editor.ensureCursorVisible()
        self.editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def _changed(self) -> None:
        if self._loading:
            return
        text = self.text()
        self._update_counter(len(text))
        self.edited.emit(text)

    def _update_counter(self, length: int) -> None:
        locale = number_locale()
        count, limit = locale.toString(length), locale.toString(EXCEL_CELL_LIMIT)
        if length > EXCEL_CELL_LIMIT:
            tone = Tone.PROBLEM
            text = _("{count} / {limit} characters: longer than an Excel cell").format(
                count=count, limit=limit
            )
            note = _(
                "This text is longer than an Excel cell holds. It is kept in full; the "
                "Excel export continues it on extra rows."
            )
        elif length >= LENGTH_WARNING:
            tone = Tone.WARNING
            text = _("{count} / {limit} characters: close to the limit").format(
                count=count, limit=limit
            )
            note = _(
                "This text is getting close to the {limit}-character limit of an Excel cell."
            ).format(limit=limit)
        else:
            tone = Tone.PLAIN
            text = _("{count} / {limit} characters").format(count=count, limit=limit)
            note = ""
        self.counter.setText(text)
        self.counter.setToolTip(note)
        if note != self._length_note:
            self._length_note = note
            self._update_description()
        set_tone(self.counter, tone)
