"""File > Import submissions and File > Check submission files: choose workbooks, then the dialog.

After an import the window follows: a replaced report that is open is reloaded (its pending
edits were written before the import was planned), and when no report was open the first
imported one opens.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt

from app.core.i18n import _
from app.ui.export_actions import make_action
from app.ui.file_choice import OpenChooser, ask_open_paths, choose_workbooks

if TYPE_CHECKING:
    from PySide6.QtGui import QAction

    from app.services.xlsx_exchange import ImportOutcome
    from app.ui.import_dialog import ImportDialog
    from app.ui.main_window import MainWindow


class ImportActions(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.choose_files: OpenChooser = ask_open_paths  # seam for tests
        self.dialog: ImportDialog | None = None
        self.import_action = make_action(
            self,
            _("&Import submissions…"),
            "import",
            _("Add reports from Excel workbooks to this database, seeing first what changes."),
            lambda: self.open_dialog(validate_only=False),
            ("Ctrl+Shift+I",),
            _("Import"),
        )
        self.check_action = make_action(
            self,
            _("Chec&k submission files…"),
            "status-complete",
            _("Check Excel workbooks for problems without importing them."),
            lambda: self.open_dialog(validate_only=True),
        )

    def actions(self) -> list[QAction]:
        return [self.import_action, self.check_action]

    def open_dialog(self, *, validate_only: bool) -> ImportDialog | None:
        """Ask for workbooks, then show what importing (or checking) them does."""
        window = self.window
        title = _("Check submission files") if validate_only else _("Import submissions")
        # The comparison with the database must see what is on screen.
        if not window.settle_pending(title):
            return None
        settings = window.settings
        paths = choose_workbooks(window, settings, self.choose_files, _("Choose workbooks"))
        if not paths:
            return None
        session = window.session
        # Imported when used: the window starts without openpyxl.
        from app.ui.import_dialog import ImportDialog

        dialog = ImportDialog(
            window.workspace,
            settings,
            validate_only=validate_only,
            open_report_id=session.report_id if session else None,
            parent=window,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.before_import = lambda: window.settle_pending(title)
        dialog.imported.connect(self.follow_import)
        dialog.destroyed.connect(self._forget_dialog)
        self.dialog = dialog
        dialog.open()
        dialog.add_paths(paths)
        return dialog

    def _forget_dialog(self) -> None:
        self.dialog = None

    def follow_import(self, outcomes: list[ImportOutcome]) -> None:
        from app.services.xlsx_exchange import ImportAction

        window = self.window
        done = [o for o in outcomes if o.ok and o.report_id is not None]
        session = window.session
        if session is not None and any(
            o.action is ImportAction.REPLACE and o.report_id == session.report_id for o in done
        ):
            # Its pending edits were written before planning, and the dialog is modal.
            window.open_report(session.report_id)
            window.statusBar().showMessage(
                _("The open report was replaced by the imported workbook."), 10000
            )
        elif session is None and done:
            assert done[0].report_id is not None
            window.open_report(done[0].report_id)
        if done:
            window.reports_changed.emit()
