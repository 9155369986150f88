"""The main window: menus, toolbar and status bar around the report view.

It opens, creates and switches reports, and makes sure that nothing typed is lost on the way:
switching reports, changing rows' structure and closing all write pending edits first.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QSaveFile, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSizePolicy,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME
from app.core.i18n import LANGUAGES, _, current_language
from app.core.report import ReportData
from app.logs import log_dir
from app.services import reports
from app.services.workspace import Workspace
from app.storage.errors import StorageError
from app.storage.lock import DatabaseLock
from app.ui.about import ShortcutsDialog, show_about
from app.ui.add_activity_dialog import AddActivityDialog
from app.ui.autosave import Autosaver, SaveKey
from app.ui.banner import BannerArea
from app.ui.consolidate_actions import ConsolidateActions
from app.ui.database_actions import DatabaseActions
from app.ui.export_actions import ExportActions
from app.ui.file_choice import ask_save_path
from app.ui.icons import app_icon, icon
from app.ui.import_actions import ImportActions
from app.ui.new_report_dialog import NewReportDialog
from app.ui.open_report_dialog import OpenReportDialog
from app.ui.operations import report_failure
from app.ui.preferences import PreferencesDialog
from app.ui.report_session import ReportSession, UnsavedEditsError, write_edit
from app.ui.report_view import TAB_REPORT, ReportView
from app.ui.save_indicator import SaveIndicator, local_time
from app.ui.settings import Settings
from app.ui.text_field import TextField

log = logging.getLogger("focal.ui")

RETRY, SAVE_COPY, DISCARD, CANCEL = "retry", "save-copy", "discard", "cancel"


class MainWindow(QMainWindow):
    report_opened = Signal(int)
    reports_changed = Signal()  # reports were added or replaced (an import)
    language_change_requested = Signal(str)  # the interface language setting ("" = system's)

    def __init__(self, workspace: Workspace, settings: Settings | None = None) -> None:
        super().__init__()
        self.workspace = workspace
        self.settings = settings or Settings()
        self.session: ReportSession | None = None
        self._closing_done = False
        self.setWindowIcon(app_icon())
        self.autosaver = Autosaver(
            lambda key, value: write_edit(self.workspace, key, value), parent=self
        )
        self.view = ReportView(workspace.catalogue, self)
        self.banners = BannerArea(self)
        central = QWidget(self)
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        central_layout.addWidget(self.banners)
        central_layout.addWidget(self.view, 1)
        self.setCentralWidget(central)
        self.read_only_reason = ""
        self._edit_triggers: dict[QAbstractItemView, QAbstractItemView.EditTrigger] = {}
        self.host_rebuilds = False  # set by the WindowHost that rebuilds it in a new language
        self.database_lock: DatabaseLock | None = None  # the writer's lock, held by start-up
        self.save_indicator = SaveIndicator(self.autosaver, self)
        self.report_label = QLabel(self)
        self.report_label.setMinimumWidth(100)
        self.report_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.statusBar().addWidget(self.report_label, 1)
        self.statusBar().addPermanentWidget(self.save_indicator)
        self._make_actions()
        self._make_menus()
        self._make_toolbar()
        self.autosaver.state_changed.connect(self._update_actions)
        self.view.navigator.view.selectionModel().selectionChanged.connect(self._update_actions)
        self.view.navigator.row_chosen.connect(lambda _position: self._update_actions())
        available = self.screen().availableGeometry()
        self.resize(
            min(1360, int(available.width() * 0.94)), min(860, int(available.height() * 0.9))
        )
        self._restore_layout()
        self.update_title()
        self._update_actions()

    # --- building -----------------------------------------------------------------------

    def _action(
        self,
        text: str,
        slot: object,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        icon_name: str = "",
    ) -> QAction:
        action = QAction(icon(icon_name), text, self) if icon_name else QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())  # type: ignore[operator]
        self.addAction(action)
        return action

    def _make_actions(self) -> None:
        key = QKeySequence.StandardKey
        self.new_action = self._action(_("&New report…"), self.new_report, key.New, "new")
        self.open_action = self._action(_("&Open report…"), self.choose_report, key.Open, "open")
        self.quit_action = self._action(_("&Quit"), self.close, key.Quit)
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.undo_action = self._action(_("&Undo"), self._undo, key.Undo)
        self.redo_action = self._action(_("&Redo"), self._redo, key.Redo)
        self.find_action = self._action(
            _("&Find in report…"), self.view.navigator.focus_search, key.Find, "search"
        )
        self.find_next_action = self._action(
            _("Find &next"), self.view.navigator.next_hit, key.FindNext
        )
        self.next_action = self._action(_("&Next row"), self.next_row, "Ctrl+PgDown", "next")
        self.next_action.setShortcuts([QKeySequence("Ctrl+PgDown"), QKeySequence("Alt+Down")])
        self.previous_action = self._action(
            _("&Previous row"), self.previous_row, "Ctrl+PgUp", "previous"
        )
        self.previous_action.setShortcuts([QKeySequence("Ctrl+PgUp"), QKeySequence("Alt+Up")])
        self.add_action = self._action(
            _("&Add activities…"), self.add_activities, "Ctrl+Shift+A", "add-row"
        )
        self.group_action = self._action(
            _("&Group selected rows"), self.group_rows, "Ctrl+G", "group"
        )
        self.ungroup_action = self._action(
            _("Ungr&oup row"), self.ungroup_row, "Ctrl+Shift+G", "ungroup"
        )
        self.remove_action = self._action(_("Re&move row…"), self.remove_row, None, "remove-row")
        self.details_action = self._action(
            _("&Focal point, background and conclusions"), self.show_details, "Ctrl+D", "report"
        )
        self.incomplete_action = self._action(
            _("Show only &incomplete rows"), lambda: None, "Ctrl+I"
        )
        self.incomplete_action.setCheckable(True)
        self.incomplete_action.toggled.connect(self.view.navigator.only_incomplete.setChecked)
        self.view.navigator.only_incomplete.toggled.connect(self.incomplete_action.setChecked)
        self.checklist_action = self._action(_("&Checklist"), lambda: None, "Ctrl+L")
        self.checklist_action.setCheckable(True)
        self.checklist_action.setChecked(True)
        self.checklist_action.toggled.connect(self.view.checklist.setVisible)
        self.shortcuts_action = self._action(
            _("&Keyboard shortcuts"), self.show_shortcuts, key.HelpContents, "help"
        )
        self.log_action = self._action(_("Open the &log folder"), self.open_log_folder)
        self.about_action = self._action(
            _("&About Focal"),
            lambda: show_about(self, self.workspace.catalogue, str(self.workspace.path)),
        )
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.preferences_action = self._action(
            _("&Preferences…"), self.show_preferences, "Ctrl+,", ""
        )
        self.preferences_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.exports = ExportActions(self)
        self.imports = ImportActions(self)
        self.consolidation = ConsolidateActions(self)
        self.database = DatabaseActions(self, self.banners)
        for feature in (self.imports, self.exports, self.consolidation, self.database):
            self.addActions(feature.actions())

    def _make_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(_("&File"))
        file_menu.addActions([self.new_action, self.open_action])
        file_menu.addSeparator()
        file_menu.addActions(self.imports.actions())
        file_menu.addActions(self.exports.actions())
        file_menu.addSeparator()
        file_menu.addActions(self.consolidation.actions())
        file_menu.addSeparator()
        file_menu.addActions(self.database.actions())
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        self.file_menu = file_menu
        edit_menu = bar.addMenu(_("&Edit"))
        edit_menu.addActions([self.undo_action, self.redo_action])
        edit_menu.addSeparator()
        edit_menu.addActions([self.find_action, self.find_next_action])
        edit_menu.addSeparator()
        edit_menu.addActions(
            [self.add_action, self.group_action, self.ungroup_action, self.remove_action]
        )
        edit_menu.addSeparator()
        edit_menu.addAction(self.preferences_action)
        view_menu = bar.addMenu(_("&View"))
        view_menu.addActions([self.next_action, self.previous_action])
        view_menu.addSeparator()
        view_menu.addActions([self.details_action, self.incomplete_action, self.checklist_action])
        view_menu.addSeparator()
        language_menu = view_menu.addMenu(_("&Language"))
        group = QActionGroup(self)
        chosen = self.settings.language or current_language()
        for code, name in LANGUAGES.items():
            action = language_menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(code == chosen)
            action.setData(code)
            group.addAction(action)
        group.triggered.connect(self._language_chosen)
        help_menu = bar.addMenu(_("&Help"))
        help_menu.addActions([self.shortcuts_action, self.log_action])
        help_menu.addSeparator()
        help_menu.addAction(self.about_action)
        extension = bar.findChild(QToolButton, "qt_menubar_ext_button")
        if extension is not None:  # shown when a large font leaves no room for every menu
            extension.setAccessibleName(_("More menus"))
            extension.setToolTip(_("More menus"))

    def _make_toolbar(self) -> None:
        toolbar = QToolBar(_("Main toolbar"), self)
        toolbar.setObjectName("main-toolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.setMovable(False)
        toolbar.addActions([self.new_action, self.open_action])
        # Files next to files; what overflows on a small screen (">>") is the least used.
        toolbar.addActions([self.exports.excel_action, self.exports.pdf_action])
        toolbar.addSeparator()
        toolbar.addActions([self.previous_action, self.next_action])
        toolbar.addSeparator()
        toolbar.addActions([self.add_action, self.group_action, self.ungroup_action])
        toolbar.addSeparator()
        toolbar.addAction(self.details_action)
        toolbar.addSeparator()
        toolbar.addAction(self.imports.import_action)
        self.addToolBar(toolbar)
        self.toolbar = toolbar
        extension = toolbar.findChild(QToolButton, "qt_toolbar_ext_button")
        if extension is not None:
            extension.setAccessibleName(_("More commands"))
            extension.setToolTip(_("More commands"))

    def _restore_layout(self) -> None:
        if not self.settings.geometry.isEmpty():
            self.restoreGeometry(self.settings.geometry)
        if not self.settings.window_state.isEmpty():
            self.restoreState(self.settings.window_state)
        if not self.settings.main_splitter.isEmpty():
            self.view.splitter.restoreState(self.settings.main_splitter)
        if not self.settings.editor_splitter.isEmpty():
            self.view.row_editor.splitter.restoreState(self.settings.editor_splitter)
        self.view.navigator.only_incomplete.setChecked(self.settings.only_incomplete)
        self.checklist_action.setChecked(self.settings.checklist_visible)

    def _save_layout(self) -> None:
        self.settings.geometry = self.saveGeometry()
        self.settings.window_state = self.saveState()
        self.settings.main_splitter = self.view.splitter.saveState()
        self.settings.editor_splitter = self.view.row_editor.splitter.saveState()
        self.settings.only_incomplete = self.view.navigator.only_incomplete.isChecked()
        self.settings.checklist_visible = self.checklist_action.isChecked()
        self.settings.sync()

    def update_title(self) -> None:
        if self.session is None:
            self.setWindowTitle(APP_NAME)
            self.report_label.setText(_("No report is open. Create one with File > New report."))
            return
        report = self.session.report
        self.setWindowTitle(
            _("{implementer} — report {year} — {app}").format(
                implementer=report.implementer_name, year=report.year, app=APP_NAME
            )
        )
        self.report_label.setText(
            _("{implementer}, report {year}  ·  {path}").format(
                implementer=report.implementer_name, year=report.year, path=self.workspace.path
            )
        )

    def _update_actions(self) -> None:
        has_report = self.session is not None
        row = self.view.current_row()
        for action in (self.next_action, self.previous_action, self.add_action,
                       self.details_action, self.find_action, self.find_next_action,
                       self.incomplete_action):  # fmt: skip
            action.setEnabled(has_report)
        self.group_action.setEnabled(
            has_report and len(self.view.navigator.selected_positions()) > 1
        )
        self.ungroup_action.setEnabled(row is not None and len(row.activities) > 1)
        self.remove_action.setEnabled(row is not None)
        self.exports.update()
        if self.read_only_reason:
            writing = [self.new_action, self.add_action, self.group_action, self.ungroup_action,
                       self.remove_action, *self.imports.actions(), *self.consolidation.actions(),
                       self.database.backups_action]  # fmt: skip
            for action in writing:
                action.setEnabled(False)

    # --- reports ------------------------------------------------------------------------

    def open_report(self, report_id: int) -> bool:
        """Switch to a report; pending edits of the current one are written first."""
        if not self.settle_pending(_("Open report")):
            return False
        try:
            report = reports.load_report(self.workspace, report_id)
        except KeyError:
            return False
        except StorageError as error:
            QMessageBox.warning(self, APP_NAME, error.message)
            return False
        self.show_report(report)
        return True

    def show_report(self, report: ReportData) -> None:
        """Show a report already read (the start-up reads the first one itself)."""
        assert report.report_id is not None
        self.session = ReportSession(self.workspace, report, self.autosaver)
        self.view.set_session(self.session)
        if self.settings.last_report_id(self.workspace.path) != report.report_id:
            self.settings.set_last_report_id(self.workspace.path, report.report_id)
            self.settings.sync()  # a disk write: not at every start, only when it changed
        self.update_title()
        self._update_actions()
        self.report_opened.emit(report.report_id)

    def open_initial_report(self) -> bool:
        """The last report opened on this database, else the most recently changed one."""
        report_id = self.settings.last_report_id(self.workspace.path)
        if report_id is not None and self.open_report(report_id):
            return True
        latest = reports.latest_report_id(self.workspace)
        return latest is not None and self.open_report(latest)

    def new_report(self) -> bool:
        summaries = reports.list_reports(self.workspace)
        existing = {(s.implementer_id, s.year) for s in summaries}
        dialog = NewReportDialog(self.workspace.catalogue, existing, self)
        if not dialog.exec():
            return False
        choice = dialog.choice()
        if choice is None:
            return False
        return self.create_report(choice.implementer_id, choice.year, choice.focal_point)

    def create_report(self, implementer_id: str, year: int, focal_point: object = None) -> bool:
        if not self.settle_pending(_("New report")):
            return False
        try:
            report = reports.create_report(
                self.workspace,
                implementer_id,
                year,
                focal_point,  # type: ignore[arg-type]
            )
        except (ValueError, StorageError) as error:
            report_failure(self, error)
            return False
        assert report.report_id is not None
        return self.open_report(report.report_id)

    def choose_report(self) -> bool:
        summaries = reports.list_reports(self.workspace)
        current = self.session.report_id if self.session else None
        dialog = OpenReportDialog(summaries, current, self)
        if not dialog.exec():
            return False
        report_id = dialog.report_id()
        return report_id is not None and report_id != current and self.open_report(report_id)

    # --- rows ---------------------------------------------------------------------------

    def next_row(self) -> None:
        self.view.navigator.step_row(+1)

    def previous_row(self) -> None:
        self.view.navigator.step_row(-1)

    def show_details(self) -> None:
        self.view.tabs.setCurrentIndex(TAB_REPORT)
        self.view.sections.focus_field("focal_name")

    def _change_rows(self, change: object, select: int | None = None) -> object:
        """Run a change of structure; pending edits are written first, failures explained."""
        try:
            result = change()  # type: ignore[operator]
        except UnsavedEditsError as error:
            QMessageBox.warning(self, APP_NAME, error.message)
            return None
        except (ValueError, StorageError) as error:
            report_failure(self, error)
            return None
        return result

    def add_activities(self, numbers: list[int] | None = None) -> None:
        session = self.session
        if session is None:
            return
        if numbers is None:
            taken = {n for row in session.report.rows for n in row.activities}
            dialog = AddActivityDialog(
                self.workspace.catalogue, taken, session.report.implementer_id, self
            )
            if not dialog.exec() or not dialog.numbers():
                return
            numbers = dialog.numbers()
        ids = self._change_rows(lambda: session.add_activities(numbers))
        if isinstance(ids, list) and ids:
            self.view.select_row_id(ids[0])
            self.statusBar().showMessage(_("Added {count} rows.").format(count=len(ids)), 5000)

    def group_rows(self) -> None:
        session = self.session
        if session is None:
            return
        positions = self.view.navigator.selected_positions()
        row_ids = [session.report.rows[p].row_id for p in positions]
        if len(row_ids) < 2:
            return
        new_id = self._change_rows(lambda: session.group([i for i in row_ids if i is not None]))
        if isinstance(new_id, int):
            self.view.select_row_id(new_id)

    def ungroup_row(self) -> None:
        session = self.session
        row = self.view.current_row()
        if session is None or row is None or row.row_id is None or len(row.activities) < 2:
            return
        row_id = row.row_id
        ids = self._change_rows(lambda: session.ungroup(row_id))
        if isinstance(ids, list) and ids:
            self.view.select_row_id(ids[0])

    def remove_row(self) -> None:
        session = self.session
        row = self.view.current_row()
        if session is None or row is None or row.row_id is None:
            return
        if any(text.strip() for text in row.texts()) or row.financing:
            answer = QMessageBox.question(
                self,
                _("Remove row"),
                _("This row has text. Remove it and its text from the report?"),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        position = self.view.position or 0
        row_id = row.row_id
        self._change_rows(lambda: session.remove_row(row_id))
        if session.report.rows:
            self.view.navigator.select_position(min(position, len(session.report.rows) - 1))

    def _undo(self) -> None:
        widget = self.focusWidget()
        if widget is not None and hasattr(widget, "undo"):
            widget.undo()

    def _redo(self) -> None:
        widget = self.focusWidget()
        if widget is not None and hasattr(widget, "redo"):
            widget.redo()

    # --- saving -------------------------------------------------------------------------

    def settle_pending(self, title: str) -> bool:
        """Write pending edits; when that fails, ask. False means: stay where we are."""
        while True:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                failures = self.autosaver.flush_now()
            finally:
                QApplication.restoreOverrideCursor()
            if not failures:
                return True
            answer = self.ask_unsaved(title, next(iter(failures.values())))
            if answer == RETRY:
                continue
            if answer == SAVE_COPY:
                if self.save_unsaved_copy():
                    self.autosaver.discard()
                    return True
                continue
            if answer == DISCARD:
                self.autosaver.discard()
                return True
            return False

    def ask_unsaved(self, title: str, error: Exception) -> str:
        """Ask what to do with edits that could not be written (Retry, Save a copy, Discard)."""
        reason = error.message if isinstance(error, StorageError) else str(error)
        box = QMessageBox(
            QMessageBox.Icon.Warning, title, _("Some of your text is not saved yet."), parent=self
        )
        box.setInformativeText(
            _("{reason}\n\nTry again, save the unsaved text to a file, or discard it.").format(
                reason=reason
            )
        )
        retry = box.addButton(_("&Try again"), QMessageBox.ButtonRole.AcceptRole)
        copy = box.addButton(_("&Save the text to a file…"), QMessageBox.ButtonRole.ActionRole)
        discard = box.addButton(
            _("&Discard the unsaved text"), QMessageBox.ButtonRole.DestructiveRole
        )
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(retry)
        box.exec()
        clicked = box.clickedButton()
        for button, answer in ((retry, RETRY), (copy, SAVE_COPY), (discard, DISCARD)):
            if clicked is button:
                return answer
        return CANCEL

    def save_unsaved_copy(self, path: Path | None = None, text: str | None = None) -> bool:
        session = self.session
        if text is None and session is None:
            return False
        if path is None:
            chosen = ask_save_path(
                self,
                _("Save the unsaved text"),
                Path.home() / "focal-unsaved.txt",
                _("Text files (*.txt)"),
            )
            if chosen is None:
                return False
            path = chosen
        target = QSaveFile(str(path))
        if not target.open(QSaveFile.OpenModeFlag.WriteOnly):
            QMessageBox.warning(self, APP_NAME, target.errorString())
            return False
        if text is None:
            assert session is not None
            text = session.unsaved_text()
        target.write(text.encode("utf-8"))
        if not target.commit():
            QMessageBox.warning(self, APP_NAME, target.errorString())
            return False
        log.info("unsaved text written to %s", path)
        return True

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closing_done and not (
            self.consolidation.close_view() and self.settle_pending(_("Close Focal"))
        ):
            event.ignore()
            return
        self.finish()
        event.accept()

    def finish(self) -> None:
        """Last writes when the application ends without closing the window (log-out, quit)."""
        if self._closing_done:
            return
        failures = self.autosaver.flush_now()
        if failures:
            log.error("%d edits could not be saved at exit", len(failures))
            self._write_rescue_file()
        unsaved_texts = self.consolidation.finish()
        if unsaved_texts:
            log.error("the consolidation texts could not be saved at exit")
            self._write_rescue_file("unsaved-consolidation-text.txt", unsaved_texts)
        self._save_layout()
        self.autosaver.stop()
        self._closing_done = True

    def _write_rescue_file(self, name: str = "unsaved-text.txt", text: str | None = None) -> None:
        from app.storage.database import data_dir

        path = data_dir() / name
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if text is None:
                self.save_unsaved_copy(path)
            else:
                self.save_unsaved_copy(path, text)
        except OSError:
            log.exception("could not write %s", path)

    # --- help and settings --------------------------------------------------------------

    def show_shortcuts(self) -> None:
        rows = []
        for action in self.actions():
            keys = ", ".join(
                s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts()
            )
            if keys:
                rows.append((action.text().replace("&", "").rstrip("…"), keys))
        rows.append((_("Next field"), "Tab"))
        rows.append((_("Go to a heading's field"), _("Alt + underlined letter")))
        ShortcutsDialog(rows, self).exec()

    def open_log_folder(self) -> None:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def _language_chosen(self, action: QAction) -> None:
        self.change_language(str(action.data()))

    def show_preferences(self) -> None:
        dialog = PreferencesDialog(self.settings.language, self)
        if dialog.exec():
            self.change_language(dialog.language_setting())

    def change_language(self, setting: str) -> None:
        """Store the interface language ("" = the system's) and ask for the window in it.

        The window cannot translate itself in place; :class:`~app.ui.window_host.WindowHost`
        builds a new one in the new language once this one has written every pending edit.
        """
        if setting == self.settings.language:
            return
        self.settings.language = setting
        self.settings.sync()
        if self.host_rebuilds:
            self.language_change_requested.emit(setting)
        else:
            QMessageBox.information(
                self, APP_NAME, _("The new language is used the next time Focal starts.")
            )

    def view_state(self) -> tuple[int | None, int | None, int]:
        """The open report, the row shown and the tab: what a rebuilt window shows again."""
        report_id = self.session.report_id if self.session is not None else None
        return report_id, self.view.position, self.view.tabs.currentIndex()

    def restore_view_state(self, state: tuple[int | None, int | None, int]) -> None:
        report_id, position, tab = state
        if report_id is None or not self.open_report(report_id):
            self.open_initial_report()
        if position is not None and self.session is not None and self.session.report.rows:
            self.view.navigator.select_position(min(position, len(self.session.report.rows) - 1))
        self.view.tabs.setCurrentIndex(tab)

    # --- read-only ------------------------------------------------------------------------

    def set_read_only(self, reason: str) -> None:
        """Show the database without letting anything be changed ("" makes it editable again).

        Used when another Focal holds the database: two windows writing the same report would
        overwrite each other's text.
        """
        self.read_only_reason = reason
        read_only = bool(reason)
        for field in self.view.findChildren(TextField):
            field.set_read_only(read_only)
        for table in self.view.row_editor.findChildren(QAbstractItemView):
            if read_only:
                self._edit_triggers.setdefault(table, table.editTriggers())
                table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            elif table in self._edit_triggers:
                table.setEditTriggers(self._edit_triggers.pop(table))
        for button in self.view.row_editor.findChildren(QAbstractButton):
            button.setEnabled(not read_only)
        if read_only:
            self.banners.read_only.show_message(reason)
        else:
            self.banners.read_only.dismiss()
        self._update_actions()

    def show_recovery_notice(self) -> None:
        """Said once after a start that followed a crash or a forced stop."""
        if self.session is not None and self.session.report.updated is not None:
            text = _(
                "Focal was not closed properly last time. Everything saved up to {time} was "
                "recovered."
            ).format(time=local_time(self.session.report.updated, "yyyy-MM-dd HH:mm"))
        else:
            text = _("Focal was not closed properly last time. Everything saved was recovered.")
        box = QMessageBox(QMessageBox.Icon.Information, APP_NAME, text, parent=self)
        box.setModal(False)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.show()
        self.recovery_notice: QWidget | None = box
        self.statusBar().showMessage(text, 15000)
        QTimer.singleShot(0, box.raise_)

    def pending_key_for(self, field: str) -> SaveKey | None:
        row = self.view.current_row()
        if row is None or row.row_id is None:
            return None
        return SaveKey("row", row.row_id, field)
