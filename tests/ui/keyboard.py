"""Typing into real widgets: key events as a keyboard sends them, input-method commits otherwise.

``QTest.keyClicks`` only knows ASCII; a Spanish or French keyboard sends "ó" or "«" as key events
with that text, and emoji or joined sequences arrive from an input method as a committed string.
"""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QInputMethodEvent, QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget


def _is_key(character: str) -> bool:
    return ord(character) <= 0xFFFF and not unicodedata.category(character).startswith("C")


def type_text(widget: QWidget, text: str) -> None:
    pending_ime = ""
    for character in text:
        if character == "\n" or _is_key(character):
            if pending_ime:
                commit(widget, pending_ime)
                pending_ime = ""
            if character == "\n":
                QTest.keyClick(widget, Qt.Key.Key_Return)
                continue
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(
                    widget,
                    QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, character),
                )
        else:
            pending_ime += character
    if pending_ime:
        commit(widget, pending_ime)


def commit(widget: QWidget, text: str) -> None:
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)
