"""Reading a window as assistive technology and the keyboard meet it.

``unnamed_controls`` lists the controls a screen reader could not name or explain,
``mnemonic_clashes`` the Alt+letter keys that several visible things answer to (Qt then only
moves between them, and a menu's letter stops opening the menu), and ``tab_cycle`` the controls
the Tab key visits until it comes back where it started (a control that keeps the focus is a trap).
"""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenuBar,
    QMessageBox,
    QPlainTextEdit,
    QRadioButton,
    QScrollBar,
    QTabBar,
    QTextEdit,
    QToolBar,
    QToolButton,
    QWidget,
)

CONTROLS = (
    QLineEdit,
    QTextEdit,
    QPlainTextEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QTabBar,
)
# What a control is made of; Qt exposes these as the control itself.
COMPOSITES = (QComboBox, QAbstractSpinBox, QTabBar, QLineEdit)
INPUTS_WITHOUT_DESCRIPTION = (QAbstractButton,)  # buttons say what they do in their name


def accessible_text(widget: QWidget, kind: QAccessible.Text) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(kind) if interface is not None and interface.isValid() else ""


def where(widget: QWidget) -> str:
    path = []
    seen: QWidget | None = widget
    while seen is not None:
        path.append(seen.objectName() or type(seen).__name__)
        seen = seen.parentWidget()
    return " < ".join(path)


def is_control(widget: QWidget) -> bool:
    if not isinstance(widget, CONTROLS) or isinstance(widget, QHeaderView | QScrollBar):
        return False
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, COMPOSITES):
            return False
        parent = parent.parentWidget()
    # A table's corner button and a line edit's icons take no focus and are part of it.
    return not (
        isinstance(widget, QAbstractButton)
        and widget.focusPolicy() == Qt.FocusPolicy.NoFocus
        and isinstance(widget.parentWidget(), QAbstractItemView)
    )


def has_buddy(widget: QWidget) -> bool:
    window = widget.window()
    return any(label.buddy() is widget for label in window.findChildren(QLabel))


def is_standard_button(widget: QWidget) -> bool:
    """A button whose text Qt exposes as its name: in a dialog's button row, or an action's."""
    if not isinstance(widget, QAbstractButton):
        return False
    parent = widget.parentWidget()
    if isinstance(parent, QDialogButtonBox | QMessageBox):
        return bool(widget.text())
    if isinstance(widget, QToolButton) and widget.defaultAction() is not None:
        return bool(widget.defaultAction().text()) and isinstance(parent, QToolBar | QMenuBar)
    return False


def unnamed_tabs(bar: QTabBar) -> list[str]:
    """A tab bar is announced by its tabs: each needs a name and a description (its tooltip)."""
    problems = []
    interface = QAccessible.queryAccessibleInterface(bar)
    for position in range(interface.childCount()):
        tab = interface.child(position)
        if tab.role() != QAccessible.Role.PageTab:
            continue
        name = tab.text(QAccessible.Text.Name)
        if not name or not tab.text(QAccessible.Text.Description):
            problems.append(f"{where(bar)}: tab {position} {name!r} has no name or description")
    return problems


def unnamed_controls(root: QWidget) -> list[str]:
    """Controls in ``root`` without an accessible name, and inputs without a description."""
    problems = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not is_control(widget):
            continue
        if isinstance(widget, QTabBar):
            problems += unnamed_tabs(widget)
            continue
        name = accessible_text(widget, QAccessible.Text.Name)
        named = bool(widget.accessibleName()) or (
            bool(name) and (has_buddy(widget) or is_standard_button(widget))
        )
        if not named or not name:
            problems.append(f"{where(widget)}: no accessible name")
        needs_description = not isinstance(widget, INPUTS_WITHOUT_DESCRIPTION) or isinstance(
            widget, QCheckBox | QRadioButton
        )
        if needs_description and not accessible_text(widget, QAccessible.Text.Description):
            problems.append(f"{where(widget)} ({name}): no accessible description")
    return problems


def mnemonics(window: QWidget) -> dict[str, list[str]]:
    """Alt+letter -> what answers to it among the things visible in ``window`` now."""
    found: dict[str, list[str]] = defaultdict(list)

    def add(text: str, what: str) -> None:
        key = QKeySequence.mnemonic(text)
        if not key.isEmpty():
            found[key.toString()].append(f"{what} {text!r}")

    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or not widget.isEnabled() or widget.window() is not window:
            continue
        if isinstance(widget, QLabel) and widget.buddy() is not None:
            add(widget.text(), "label")
        elif isinstance(widget, QAbstractButton):
            add(widget.text(), type(widget).__name__)
        elif isinstance(widget, QGroupBox):
            add(widget.title(), "group")
        elif isinstance(widget, QTabBar):
            for tab in range(widget.count()):
                if widget.isTabVisible(tab) and widget.isTabEnabled(tab):
                    add(widget.tabText(tab), "tab")
        elif isinstance(widget, QMenuBar):
            for action in widget.actions():
                if action.isVisible():
                    add(action.text(), "menu")
    return found


def mnemonic_clashes(window: QWidget) -> dict[str, list[str]]:
    return {key: owners for key, owners in mnemonics(window).items() if len(owners) > 1}


def control_of(widget: QWidget) -> QWidget:
    """The control a focused part belongs to (an editable combo box for its line edit)."""
    control = widget
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, COMPOSITES):
            control = parent
        parent = parent.parentWidget()
    return control


def focusable(window: QWidget) -> list[QWidget]:
    """The visible, enabled controls of ``window`` that the Tab key should reach."""
    return [
        widget
        for widget in window.findChildren(QWidget)
        if widget.window() is window
        and widget.isVisible()
        and widget.isEnabled()
        and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        and is_control(widget)
    ]


def tab_cycle(start: QWidget, backwards: bool = False, limit: int = 80) -> list[QWidget]:
    """Press Tab (or Shift+Tab) from ``start`` until the focus is back on it; the controls
    visited. Raises when the focus stays put (a trap) or never comes back."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    QApplication.processEvents()
    first = QApplication.focusWidget()
    assert first is not None, f"{where(start)} does not take the focus"
    visited = [control_of(first)]
    key = Qt.Key.Key_Backtab if backwards else Qt.Key.Key_Tab
    modifier = Qt.KeyboardModifier.ShiftModifier if backwards else Qt.KeyboardModifier.NoModifier
    alone = len(focusable(start.window())) <= 1
    for _press in range(limit):
        before = QApplication.focusWidget()
        QTest.keyClick(before, key, modifier)
        QApplication.processEvents()
        after = QApplication.focusWidget()
        if after is None or (after is before and not alone):
            raise AssertionError(f"the focus stays in {where(before)}")
        if after is first:
            return visited
        visited.append(control_of(after))
    raise AssertionError(f"Tab never comes back to {where(start)}: {[where(w) for w in visited]}")
