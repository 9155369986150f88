"""Runs the real application (``app.ui.application.run``) and types into it, for the SIGKILL test.

``python -m tests.ui.kill_driver type DB TEXT`` types TEXT into the first row's "developed/
executed" editor word by word, prints READY and keeps running until it is killed.
``python -m tests.ui.kill_driver check DB`` starts again, prints what the editor shows and whether
the crash notice appeared, as JSON, and quits.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app.ui import application
from app.ui.main_window import MainWindow
from tests.ui.keyboard import type_text


def find_window() -> MainWindow | None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow) and widget.session is not None:
            return widget
    return None


def main() -> int:
    mode, database = sys.argv[1], Path(sys.argv[2])
    words = sys.argv[3].split(" ") if len(sys.argv) > 3 else []

    def type_words(window: MainWindow, remaining: list[str]) -> None:
        editor = window.view.row_editor.fields["executed"].editor
        if not remaining:
            print("READY", flush=True)
            return
        word, *rest = remaining
        type_text(editor, word + (" " if rest else ""))
        QTimer.singleShot(30, lambda: type_words(window, rest))

    def act() -> None:
        window = find_window()
        if window is None:
            QTimer.singleShot(20, act)
            return
        if mode == "type":
            window.view.row_editor.fields["executed"].editor.setFocus()
            type_words(window, words)
            return
        notice = getattr(window, "recovery_notice", None)
        print(
            json.dumps(
                {
                    "executed": window.view.row_editor.fields["executed"].text(),
                    "notice": notice.text() if notice is not None else "",
                }
            ),
            flush=True,
        )
        QApplication.quit()

    QTimer.singleShot(0, act)
    return application.run(database)


if __name__ == "__main__":
    sys.exit(main())
