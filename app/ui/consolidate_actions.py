"""File > Consolidated annual report: one consolidation window beside the report editor."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from app.core.i18n import _
from app.ui.export_actions import make_action
from app.ui.new_report_dialog import default_year

if TYPE_CHECKING:
    from PySide6.QtGui import QAction

    from app.ui.consolidate_view import ConsolidateView
    from app.ui.main_window import MainWindow


class ConsolidateActions(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.view: ConsolidateView | None = None
        self.action = make_action(
            self,
            _("&Consolidated annual report…"),
            "consolidate",
            _("Check a year's submissions and produce the annual report as Excel and PDF."),
            self.show_view,
        )

    def actions(self) -> list[QAction]:
        return [self.action]

    def show_view(self) -> ConsolidateView:
        window = self.window
        if self.view is None:
            # Imported when first shown: the window starts without the consolidation's modules.
            from app.ui.consolidate_view import ConsolidateView

            session = window.session
            year = session.report.year if session is not None else default_year()
            self.view = ConsolidateView(window.workspace, window.settings, year, window)
            window.reports_changed.connect(self.view.database_changed)
        elif self.view.texts.load_error is not None:
            self.view.texts.load(self.view.year)  # the database may be readable again
        self.view.show()
        self.view.raise_()
        self.view.activateWindow()
        return self.view

    def close_view(self) -> bool:
        """Close the view if open (its texts are written first); False if it stays open."""
        return self.view is None or not self.view.isVisible() or self.view.close()

    def finish(self) -> str:
        """At exit: write the texts and end the writer; returns text that could not be saved."""
        if self.view is None:
            return ""
        return self.view.finish()

    def discard_view(self) -> bool:
        """Before the database is swapped (restoring a backup): write and forget the view."""
        if not self.close_view():
            return False
        if self.view is not None:
            unsaved = self.view.finish()
            if unsaved:
                return False
            self.window.reports_changed.disconnect(self.view.database_changed)
            self.view.deleteLater()
            self.view = None
        return True
