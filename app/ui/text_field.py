"""A roomy multi-line editor with its heading and a length counter that warns before Excel's limit.

Texts longer than an Excel cell are accepted (the export continues them on extra rows); the
counter turns amber at :data:`LENGTH_WARNING` and red past the limit, so nobody is surprised
and nothing typed or pasted is ever cut off.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtGui import QFocusEvent, QTextCursor, QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from app.core.i18n import _
from app.core.report import EXCEL_CELL_LIMIT, LENGTH_WARNING

WARNING_STYLE = "color: #9a5b00; font-weight: 600;"
LIMIT_STYLE = "color: #b3261e; font-weight: 600;"


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

    def __init__(self, heading: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        self.heading = QLabel(heading, self)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        self.editor = PlainEditor(self)
        self.editor.setMinimumHeight(90)
        self.heading.setBuddy(self.editor)
        self.counter = QLabel(self)
        self.counter.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.counter.setAccessibleName(_("Length"))
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.heading, 1)
        top.addWidget(self.counter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.editor, 1)
        self.set_heading(heading)
        self.editor.textChanged.connect(self._changed)
        self.editor.focus_left.connect(self.left)
        self._update_counter(0)

    def set_heading(self, heading: str) -> None:
        """``heading`` may carry a mnemonic (``&``); the accessible name is the plain text."""
        self.heading.setText(heading)
        plain = heading.replace("&&", "\0").replace("&", "").replace("\0", "&")
        self.editor.setAccessibleName(plain)

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
        self.counter.setText(
            _("{count} / {limit} characters").format(
                count=locale.toString(length), limit=locale.toString(EXCEL_CELL_LIMIT)
            )
        )
        if length > EXCEL_CELL_LIMIT:
            self.counter.setStyleSheet(LIMIT_STYLE)
            self.counter.setToolTip(
                _(
                    "This text is longer than an Excel cell holds. It is kept in full; the "
                    "Excel export continues it on extra rows."
                )
            )
        elif length >= LENGTH_WARNING:
            self.counter.setStyleSheet(WARNING_STYLE)
            self.counter.setToolTip(
                _(
                    "This text is getting close to the {limit}-character limit of an Excel cell."
                ).format(limit=locale.toString(EXCEL_CELL_LIMIT))
            )
        else:
            self.counter.setStyleSheet("")
            self.counter.setToolTip("")
