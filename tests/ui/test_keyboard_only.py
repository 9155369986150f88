"""A whole report made with the keyboard alone, as someone who cannot use a mouse makes it.

From an empty database: Ctrl+N and the new-report dialog, activities added with Ctrl+Shift+A,
rows visited with Ctrl+PgDown, the four texts and a financing line of several rows typed, the
focal point, background and conclusions (reached through Ctrl+D and the checklist), and the
Excel and PDF exports through the File menu (Alt+F and the items' letters) with the file names
typed into the file dialog. Keys go where a keyboard's go: to the open menu, else to the widget
that has the focus; the test never picks a widget, clicks or calls the window. What was typed is
then read back from the database, the workbook and the PDF.

The one thing done for the keys is the window manager's job: the offscreen platform does not
make the window active again when a dialog closes, so :meth:`Keyboard.target` does.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget

from app.core.report import FinancingLine
from app.exchange.xlsx.reader import read_submission
from app.services import reports
from app.services.workspace import open_workspace
from app.ui.add_activity_dialog import AddActivityDialog
from app.ui.export_dialogs import PdfOptionsDialog
from app.ui.main_window import MainWindow
from app.ui.new_report_dialog import NewReportDialog
from app.ui.written_files import WrittenNotice
from tests.ui.conftest import wait_saved
from tests.ui.keyboard import type_text

Key = Qt.Key
ALT, CTRL, SHIFT = (
    Qt.KeyboardModifier.AltModifier,
    Qt.KeyboardModifier.ControlModifier,
    Qt.KeyboardModifier.ShiftModifier,
)
NONE = Qt.KeyboardModifier.NoModifier

ROWS = {
    10: (
        "Campaña regional «Niñez migrante protegida» en cinco países.",
        "Se capacitó a 240 funcionarios consulares; guía publicada en junio.",
        "Segunda fase en el Caribe, con UNICEF.",
        "Fondo Regular de la OEA y aporte del Canadá.",
    ),
    11: (
        "Protocolo de atención a niñas y niños no acompañados.",
        "Protocolo adoptado por Guatemala, Honduras y El Salvador.",
        "Evaluación del protocolo en 2025.",
        "Recursos propios del IIN.",
    ),
    57: (
        "Diálogo sobre remesas y desarrollo.",
        "Seminario en Quito con 80 participantes.",
        "Publicación de las conclusiones.",
        "Contribución voluntaria de España.",
    ),
}
FOCAL = {
    "name": "Ana María Quesada Solís",
    "title": "Coordinadora de Migración",
    "institution": "Instituto Interamericano del Niño, la Niña y Adolescentes",
    "email": "ana.quesada@iin.example.org",
    "phone": "+598 2487 2150",
}
LINE = FinancingLine("oas-regular-fund", "Gobierno de Canadá", Decimal("12500.50"), "CAD")
BACKGROUND = "El IIN trabaja desde 1927 por los derechos de la niñez en las Américas."
CONCLUSIONS = "La cooperación regional mejoró la protección de la niñez migrante."


class Keyboard:
    """Presses keys on whatever would receive them; runs scripts inside modal dialogs."""

    def __init__(self, qtbot, window: MainWindow) -> None:
        self.qtbot = qtbot
        self.window = window

    def target(self) -> QWidget:
        popup = QApplication.activePopupWidget()
        if popup is not None:
            return popup
        if not self.ours(QApplication.activeWindow()):  # the window manager's part, see above
            modal = QApplication.activeModalWidget()
            front = modal if modal is not None and self.ours(modal) else self.window
            front.activateWindow()
            self.qtbot.waitUntil(lambda: QApplication.activeWindow() is front)
        focus = QApplication.focusWidget()
        return focus if focus is not None else QApplication.activeWindow()

    def ours(self, window: QWidget | None) -> bool:
        """Whether ``window`` is the main window or one of its dialogs (not another test's)."""
        while window is not None:
            if window is self.window:
                return True
            window = window.parentWidget()
        return False

    def press(self, key: Key, modifiers: Qt.KeyboardModifier = NONE, times: int = 1) -> None:
        for _time in range(times):
            if key == Key.Key_Tab and modifiers & SHIFT:
                key = Key.Key_Backtab  # what Shift+Tab arrives as from a real keyboard
            QTest.keyClick(self.target(), key, modifiers)
            QApplication.processEvents()

    def mnemonic(self, letter: str) -> None:
        """Alt+letter; a button pressed this way clicks a moment later, as on screen."""
        self.press(getattr(Key, f"Key_{letter.upper()}"), ALT)
        QTest.qWait(150)

    def type(self, text: str) -> None:
        for character in text:
            type_text(self.target(), character)
        QApplication.processEvents()

    def replace(self, text: str) -> None:
        """Select what the focused field holds and type ``text`` over it."""
        self.press(Key.Key_A, CTRL)
        self.type(text)

    def focused(self) -> QWidget | None:
        """Where the next key goes (a window is active again after a dialog, see above)."""
        self.target()
        return QApplication.focusWidget()

    def in_dialog(self, kind: type, script: Callable[[QWidget], None]) -> dict:
        """Run ``script`` in the next ``kind`` dialog once it is active (from a timer: the
        key that opens a modal dialog returns only when it closes)."""
        state: dict = {}
        deadline = time.monotonic() + 20

        def poll() -> None:
            dialog = QApplication.activeModalWidget()
            if (
                not isinstance(dialog, kind)
                or not self.ours(dialog)
                or QApplication.activeWindow() is not dialog
            ):
                if time.monotonic() < deadline:
                    QTimer.singleShot(20, poll)
                return
            try:
                script(dialog)
                state["done"] = True
            except BaseException as error:  # noqa: BLE001 -- raised again by expect()
                state["error"] = error
                dialog.reject()

        QTimer.singleShot(0, poll)
        return state


def expect(*states: dict) -> None:
    for state in states:
        if "error" in state:
            raise state["error"]
        assert state.get("done"), "a dialog the keys should have opened did not appear"


def close_notice(kb: Keyboard, qtbot) -> None:
    """Wait for the export's notice, then close it with Escape."""
    qtbot.waitUntil(lambda: isinstance(QApplication.activeWindow(), WrittenNotice), timeout=60_000)
    kb.press(Key.Key_Escape)
    qtbot.waitUntil(lambda: not isinstance(QApplication.activeWindow(), WrittenNotice))


def type_row(kb: Keyboard, texts: tuple[str, str, str, str]) -> None:
    """From anywhere in the window: Alt+P goes to the first text of the row shown."""
    kb.mnemonic("p")
    for position, text in enumerate(texts):
        if position:
            kb.press(Key.Key_Tab)
        kb.type(text)


def pdf_words(path: Path) -> str:
    text = "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
    return re.sub(r"\s+", " ", text)


def test_a_report_made_with_the_keyboard_alone(qtbot, make_window, db_path, tmp_path, catalogue):
    window = make_window(db_path)
    assert window.session is None
    kb = Keyboard(qtbot, window)
    editor, sections = window.view.row_editor, window.view.sections

    # A new report: the implementer found by typing, the year typed over the default.
    def new_report(dialog: QWidget) -> None:
        kb.type("Children")
        kb.press(Key.Key_Tab, times=2)
        kb.replace("2024")
        kb.press(Key.Key_Return)

    state = kb.in_dialog(NewReportDialog, new_report)
    kb.press(Key.Key_N, CTRL)
    expect(state)
    assert window.session is not None
    report = window.session.report
    assert (report.implementer_id, report.year) == ("iin", 2024)
    assert [row.activities for row in report.rows] == [(10,), (11,), (30,), (31,), (32,)]

    # The first row is ready for typing; then its financing line, cell after cell.
    assert kb.focused() is editor.fields["programmed"].editor
    for position, text in enumerate(ROWS[10]):
        if position:
            kb.press(Key.Key_Tab)
        kb.type(text)
    kb.press(Key.Key_Tab)
    assert kb.focused() is editor.add_line_button
    kb.press(Key.Key_Space)
    kb.type("O")  # the first source starting with O: the OAS Regular Fund
    kb.press(Key.Key_Tab)
    kb.type("Gobierno de Canadá")
    kb.press(Key.Key_Tab)
    kb.type("12.500,50")
    kb.press(Key.Key_Tab)
    kb.type("cad")
    kb.press(Key.Key_Tab)  # past the last cell: out of the table
    assert kb.focused() is not editor.financing_table
    [line] = editor.financing_model.lines()
    assert line == LINE

    # The next row, from wherever the focus is.
    kb.press(Key.Key_PageDown, CTRL)
    assert editor.row.activities == (11,)
    type_row(kb, ROWS[11])

    # Activity 57 by its number, then 6 and the next one the filter shows, with Shift+Down.
    def add_57(dialog: QWidget) -> None:
        kb.type("57")
        kb.press(Key.Key_Return)

    state = kb.in_dialog(AddActivityDialog, add_57)
    kb.press(Key.Key_A, CTRL | SHIFT)
    expect(state)
    assert editor.row.activities == (57,)
    type_row(kb, ROWS[57])

    taken = {n for row in window.session.report.rows for n in row.activities}
    after_six = next(
        a.number
        for a in catalogue.activities
        if a.number > 6 and a.number not in taken and "6" in f"{a.number}. {a.text}".casefold()
    )

    def add_two(dialog: QWidget) -> None:
        kb.type("6")
        kb.press(Key.Key_Tab)
        kb.press(Key.Key_Down, SHIFT)
        kb.press(Key.Key_Return)

    state = kb.in_dialog(AddActivityDialog, add_two)
    kb.press(Key.Key_A, CTRL | SHIFT)
    expect(state)
    numbers = [row.activities for row in window.session.report.rows]
    assert (6,) in numbers and (after_six,) in numbers and (57,) in numbers

    # Up to the first row with Ctrl+PgUp, down to activity 10 with Ctrl+PgDown: the rows are
    # in the resolution's order, and what was typed in activity 10 is still there.
    order = [row.activities for row in window.session.report.rows]
    assert order == sorted(order)
    kb.press(Key.Key_PageUp, CTRL, times=len(order))
    assert editor.row.activities == order[0] == (6,)
    kb.press(Key.Key_PageDown, CTRL, times=order.index((10,)))
    assert editor.row.activities == (10,)
    assert editor.fields["executed"].text() == ROWS[10][1]

    # The focal point and the background, through Ctrl+D; the conclusions are left for later.
    kb.press(Key.Key_D, CTRL)
    assert kb.focused() is sections.lines["focal_name"]
    kb.type(FOCAL["name"])
    kb.press(Key.Key_Tab)
    kb.type(FOCAL["title"])
    kb.press(Key.Key_Tab)
    kb.replace(FOCAL["institution"])
    kb.press(Key.Key_Tab)
    kb.type(FOCAL["email"])
    kb.press(Key.Key_Tab)
    kb.type(FOCAL["phone"])
    kb.press(Key.Key_Tab)
    kb.type(BACKGROUND)

    # The checklist: hidden and shown again with Ctrl+L, reached with Alt+M; its first item is
    # the empty conclusions, and Enter leads there.
    checklist = window.view.checklist
    kb.press(Key.Key_L, CTRL)
    assert not checklist.isVisible()
    kb.press(Key.Key_L, CTRL)
    assert checklist.isVisible()
    first = checklist.model.index(0, 0)
    qtbot.waitUntil(lambda: first.data() == "The conclusions are empty")  # updated as typed
    kb.mnemonic("m")
    assert kb.focused() is checklist.list
    assert checklist.list.currentIndex().data() == "The conclusions are empty"
    kb.press(Key.Key_Return)
    assert kb.focused() is sections.texts["conclusions"].editor
    kb.type(CONCLUSIONS)

    # Excel through the File menu, the file name typed into the file dialog.
    workbook = tmp_path / "out" / "IIN informe 2024.xlsx"
    workbook.parent.mkdir()

    def save_as(path: Path) -> Callable[[QWidget], None]:
        def script(dialog: QWidget) -> None:
            assert isinstance(dialog, QFileDialog)
            kb.replace(str(path.with_suffix("")))  # the extension is added
            kb.press(Key.Key_Return)

        return script

    state = kb.in_dialog(QFileDialog, save_as(workbook))
    kb.mnemonic("f")
    kb.type("e")
    expect(state)
    close_notice(kb, qtbot)
    assert workbook.is_file()

    # The PDF: the options dialog first (Letter paper, chosen with the keyboard), then the file.
    pdf = tmp_path / "out" / "IIN informe 2024.pdf"

    def options(dialog: QWidget) -> None:
        assert isinstance(dialog, PdfOptionsDialog)
        assert kb.focused() is dialog.paper
        kb.press(Key.Key_End)
        kb.press(Key.Key_Return)

    states = [kb.in_dialog(PdfOptionsDialog, options), kb.in_dialog(QFileDialog, save_as(pdf))]
    kb.mnemonic("f")
    kb.type("p")
    expect(*states)
    close_notice(kb, qtbot)
    assert pdf.is_file()
    assert window.settings.pdf_paper == "letter"

    # Everything typed is in the database, the workbook and the PDF.
    wait_saved(qtbot, window)
    workspace = open_workspace(db_path)
    try:
        stored = reports.load_report(workspace, window.session.report_id)
    finally:
        workspace.close()
    read = read_submission(workbook, catalogue)
    assert read.ok and read.report is not None
    words = pdf_words(pdf)
    for report in (stored, read.report):
        by_number = {row.activities: row for row in report.rows}
        for number, texts in ROWS.items():
            assert by_number[(number,)].texts() == texts
        assert (6,) in by_number and (after_six,) in by_number
        assert by_number[(10,)].financing == (LINE,)
        focal = report.focal_point
        assert (focal.name, focal.title, focal.institution, focal.email, focal.phone) == tuple(
            FOCAL.values()
        )
        assert (report.background, report.conclusions) == (BACKGROUND, CONCLUSIONS)
    for text in (*ROWS[10], *ROWS[11], *ROWS[57], FOCAL["name"], BACKGROUND, CONCLUSIONS):
        assert text in words, text
    assert "Gobierno de Canadá" in words
