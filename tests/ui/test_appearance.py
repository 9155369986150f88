"""The window and every dialog under a high-contrast palette and a large system font.

The application's palette is set to white on black with a yellow selection (as Windows' "High
Contrast Black" does) and its font to 16 points, then the window and each dialog are built and
read: every widget must use the palette's colours (no style sheet, no colour of its own that is
not legible there, no coloured rich text), every text must be at least the system's size, and no
label or button may be squeezed below the size its text needs. Each window is also saved as a
PNG to look at, in the test's folder and in ``$FOCAL_SCREENSHOTS`` when that is set.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QFont, QPalette, QTextDocument, QTextFormat
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QTabBar,
    QTextEdit,
    QWidget,
)

from app.ui.appearance import Tone, contrast_ratio, set_tone, tone_colour
from app.ui.report_view import TAB_REPORT
from tests.ui.accessibility import where
from tests.ui.dialogs import CASES

FONT_POINTS = 16.0
Role = QPalette.ColorRole
HIGH_CONTRAST = {
    Role.Window: QColor(0, 0, 0),
    Role.WindowText: QColor(255, 255, 255),
    Role.Base: QColor(0, 0, 0),
    Role.AlternateBase: QColor(0, 0, 0),
    Role.Text: QColor(255, 255, 255),
    Role.Button: QColor(0, 0, 0),
    Role.ButtonText: QColor(255, 255, 255),
    Role.BrightText: QColor(255, 255, 255),
    Role.Highlight: QColor(255, 255, 0),
    Role.HighlightedText: QColor(0, 0, 0),
    Role.ToolTipBase: QColor(0, 0, 0),
    Role.ToolTipText: QColor(255, 255, 255),
    Role.PlaceholderText: QColor(200, 200, 200),
    Role.Link: QColor(0, 255, 255),
    Role.LinkVisited: QColor(255, 0, 255),
    Role.Light: QColor(255, 255, 255),
    Role.Midlight: QColor(200, 200, 200),
    Role.Mid: QColor(128, 128, 128),
    Role.Dark: QColor(255, 255, 255),
    Role.Shadow: QColor(255, 255, 255),
}
CHECKED_ROLES = (
    Role.Window,
    Role.WindowText,
    Role.Base,
    Role.Text,
    Role.Button,
    Role.ButtonText,
    Role.Highlight,
    Role.HighlightedText,
)
TEXT_WIDGETS = (
    QLabel,
    QAbstractButton,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractItemView,
    QTabBar,
    QGroupBox,
)


@pytest.fixture
def high_contrast_large_font(qapp) -> Iterator[None]:
    palette = QPalette()
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        for role, colour in HIGH_CONTRAST.items():
            palette.setColor(group, role, colour)
    for role, colour in HIGH_CONTRAST.items():  # disabled text in green, as Windows shows it
        disabled = QColor(63, 242, 63) if role in (Role.WindowText, Role.Text) else colour
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    old_palette, old_font = QApplication.palette(), QApplication.font()
    font = QFont(old_font)
    font.setPointSizeF(FONT_POINTS)
    QApplication.setPalette(palette)
    QApplication.setFont(font)
    yield
    QApplication.setPalette(old_palette)
    QApplication.setFont(old_font)


def screenshot(widget: QWidget, name: str, folder: Path) -> None:
    QApplication.processEvents()
    file_name = name.replace(" ", "-") + ".png"
    folders = [
        folder,
        *([Path(os.environ["FOCAL_SCREENSHOTS"])] if "FOCAL_SCREENSHOTS" in os.environ else []),
    ]
    for target in folders:
        target.mkdir(parents=True, exist_ok=True)
        assert widget.grab().save(str(target / file_name))


def coloured_text(document: QTextDocument) -> bool:
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            if iterator.fragment().charFormat().hasProperty(QTextFormat.Property.ForegroundBrush):
                return True
            iterator += 1
        block = block.next()
    return False


def appearance_problems(root: QWidget) -> list[str]:
    """What in ``root`` does not follow the system's palette and font, or is squeezed."""
    problems = []
    application = QApplication.palette()
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible() or widget.window() is not root:
            continue
        name = f"{where(widget)} {widget.accessibleName()!r}"
        if widget.styleSheet():
            problems.append(f"{name} has a style sheet: {widget.styleSheet()}")
        palette = widget.palette()
        for role in CHECKED_ROLES:
            colour = palette.color(QPalette.ColorGroup.Active, role)
            if colour != application.color(QPalette.ColorGroup.Active, role):
                problems.append(f"{name} has its own {role.name}: {colour.name()}")
        if isinstance(widget, TEXT_WIDGETS) and widget.font().pointSizeF() < FONT_POINTS - 0.01:
            problems.append(f"{name} has a {widget.font().pointSizeF()} pt font")
        if isinstance(widget, QLabel) and "color" in widget.text().casefold():
            problems.append(f"{name} shows coloured rich text")
        if isinstance(widget, QLabel) and re.search(r"<small|font-size", widget.text(), re.I):
            problems.append(f"{name} shows rich text smaller than the system's")
        if isinstance(widget, QTextEdit) and coloured_text(widget.document()):
            problems.append(f"{name} shows coloured text")
        squeezable = isinstance(widget, QLabel) and (
            widget.wordWrap()
            or widget.sizePolicy().horizontalPolicy() == QSizePolicy.Policy.Ignored
        )
        if isinstance(widget.parentWidget(), QLineEdit):
            continue  # a line edit's icons, sized by Qt
        if isinstance(widget, QLabel | QAbstractButton) and not squeezable and widget.text():
            needed = widget.minimumSizeHint()
            if widget.width() < needed.width() or widget.height() < needed.height():
                problems.append(f"{name} is squeezed: {widget.size()} < {needed}")
    return problems


def test_tones_fall_back_to_the_palette_where_illegible(qapp):
    light, dark = QPalette(), QPalette()
    light.setColor(Role.Window, QColor(246, 246, 246))
    light.setColor(Role.WindowText, QColor(0, 0, 0))
    dark.setColor(Role.Window, QColor(0, 0, 0))
    dark.setColor(Role.WindowText, QColor(255, 255, 255))
    for tone in (Tone.GOOD, Tone.WARNING, Tone.PROBLEM):
        on_light = tone_colour(tone, light)
        assert on_light != light.color(Role.WindowText)
        assert contrast_ratio(on_light, light.color(Role.Window)) >= 4.5
        assert tone_colour(tone, dark) == dark.color(Role.WindowText)
    assert round(contrast_ratio(QColor(0, 0, 0), QColor(255, 255, 255)), 2) == 21.0


def test_a_tone_follows_a_palette_changed_later(qapp, qtbot, high_contrast_large_font):
    label = QLabel("12,000 / 32,767 characters: close to the limit")
    qtbot.addWidget(label)
    set_tone(label, Tone.WARNING)
    assert label.palette().color(Role.WindowText) == HIGH_CONTRAST[Role.WindowText]
    assert label.font().bold() and label.font().pointSizeF() == FONT_POINTS
    light = QPalette(QApplication.palette())
    light.setColor(Role.Window, QColor(255, 255, 255))
    light.setColor(Role.WindowText, QColor(0, 0, 0))
    QApplication.setPalette(light)
    QApplication.processEvents()
    assert label.palette().color(Role.WindowText) == tone_colour(Tone.WARNING, light)
    assert label.palette().color(Role.WindowText) != QColor(0, 0, 0)


def test_main_window_follows_high_contrast_and_font(
    high_contrast_large_font, make_window, db_path, qtbot, tmp_path
):
    window = make_window(db_path)
    assert window.create_report("iachr", 2025)
    view = window.view
    editor = view.row_editor.fields["executed"]
    editor.editor.insertPlainText("Capacitación consular en Quito. " * 1000)  # as pasted
    assert "close to the limit" in editor.counter.text()
    view.row_editor.add_line_button.click()
    screenshot(window, "main-window-activities", tmp_path)
    for name, text_field in view.row_editor.fields.items():  # no editor squeezed to nothing
        width = text_field.editor.width()
        assert width >= text_field.editor.fontMetrics().averageCharWidth() * 12, (name, width)
    problems = appearance_problems(window)
    assert not problems, "\n".join(problems)
    title = view.row_editor.title.font().pointSizeF()
    assert title >= FONT_POINTS * 1.29  # headings stay larger than the text around them
    view.tabs.setCurrentIndex(TAB_REPORT)
    screenshot(window, "main-window-report", tmp_path)
    problems = appearance_problems(window)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", sorted(CASES))
def test_dialog_follows_high_contrast_and_font(
    name, high_contrast_large_font, window, qtbot, tmp_path
):
    _kind, opener = CASES[name]

    def look(dialog: QWidget) -> list[str]:
        screenshot(dialog, name, tmp_path)
        return appearance_problems(dialog)

    problems = opener(window, qtbot, tmp_path, look)
    assert not problems, "\n".join(problems)
