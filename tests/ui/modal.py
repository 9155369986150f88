"""Answering the modal dialogs a real window opens (QMessageBox, QDialog) from a test.

A modal dialog runs its own event loop, so the test schedules the answer before the call that
opens it: :func:`when_modal` polls for the next modal widget and hands it to a callback.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QMessageBox, QWidget

POLL_MS = 20


def when_modal(answer: Callable[[QWidget], None], *, skip: QWidget | None = None) -> list[str]:
    """Call ``answer`` with the next modal widget (not ``skip``); returns what it showed.

    The list gets the dialog's text (a message box's text and informative text) once seen.
    """
    seen: list[str] = []

    def poll() -> None:
        widget = QApplication.activeModalWidget()
        if widget is None or widget is skip:
            QTimer.singleShot(POLL_MS, poll)
            return
        if isinstance(widget, QMessageBox):
            seen.append(widget.text() + "\n" + widget.informativeText())
        else:
            seen.append(widget.windowTitle())
        answer(widget)

    QTimer.singleShot(0, poll)
    return seen


def click_button(text_part: str) -> Callable[[QWidget], None]:
    """An answer that clicks the dialog's button whose text (without &) contains ``text_part``."""

    def answer(widget: QWidget) -> None:
        for button in widget.findChildren(QAbstractButton):
            if text_part in button.text().replace("&", "") and button.isVisible():
                button.click()
                return
        names = [b.text() for b in widget.findChildren(QAbstractButton)]
        widget.close()
        raise AssertionError(f"no button with {text_part!r} among {names}")

    return answer


def press_yes(widget: QWidget) -> None:
    assert isinstance(widget, QMessageBox)
    button = widget.button(QMessageBox.StandardButton.Yes)
    assert button is not None, widget.text()
    button.click()
