"""Which main window is the application's, and changing the interface language while it runs.

Qt widgets take their texts when they are built, so a window cannot switch language in place
without every widget knowing how to re-read its texts. Instead the host builds a new window in
the new language on the same open database, showing the same report, row and tab, once the old
window has written every pending edit; then the old one goes. Nothing typed is lost: edits are
in the database before the old window closes, and if they cannot be written the switch waits
(the user is asked, as when closing).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication

from app.core.i18n import _, system_language

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

log = logging.getLogger("focal.ui")


class WindowHost(QObject):
    """Holds the current main window; ``apply_language`` installs a language for the app."""

    def __init__(self, window: MainWindow, apply_language: Callable[[str], str]) -> None:
        super().__init__(QApplication.instance())
        self.window = window
        self._apply_language = apply_language
        self.window_replaced: list[Callable[[MainWindow], None]] = []
        self._adopt(window)

    def _adopt(self, window: MainWindow) -> None:
        self.window = window
        window.host_rebuilds = True
        window.language_change_requested.connect(self.switch_language)

    def switch_language(self, setting: str) -> MainWindow | None:
        """Rebuild the window in ``setting`` ("" = the system's); None if it must stay."""
        old = self.window
        if not (old.consolidation.close_view() and old.settle_pending(_("Change language"))):
            return None
        state = old.view_state()
        read_only = old.read_only_reason
        geometry = old.saveGeometry()
        delay_ms = old.autosaver.delay_ms
        old.finish()  # writes what is left, saves the layout, stops the writer thread
        language = self._apply_language(setting or system_language())
        from app.ui.main_window import MainWindow  # imported with the first window, not here

        new = MainWindow(old.workspace, old.settings)
        new.autosaver.delay_ms = delay_ms
        new.database_lock = old.database_lock
        new.restoreGeometry(geometry)
        new.restore_view_state(state)
        if read_only:
            new.set_read_only(read_only)
        self._adopt(new)
        for callback in self.window_replaced:
            callback(new)
        new.show()
        old.hide()
        old.deleteLater()
        log.info("interface language changed to %s", language)
        return new
