"""Message strips across the top of the window: what happened, and what the user can do now.

A dialog interrupts and is gone once dismissed; a banner stays as long as its cause does (a
save that keeps failing, a database opened read-only, a risky folder), so the user is never
left wondering whether their text is safe. Colours come from the palette's tooltip roles, which
every platform style (high contrast included) defines legibly.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.core.i18n import _
from app.ui.icons import icon

BannerAction = tuple[str, Callable[[], object]]


class Banner(QFrame):
    """One message with an icon and buttons; hidden until :meth:`show_message`."""

    def __init__(self, name: str, icon_name: str = "warning", parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.ToolTipBase)
        self.setForegroundRole(QPalette.ColorRole.ToolTipText)
        self.setAccessibleName(_("Message"))
        self.icon = QLabel(self)
        self.icon_name = icon_name
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setForegroundRole(QPalette.ColorRole.ToolTipText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.buttons: list[QPushButton] = []
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(8, 6, 8, 6)
        self._layout.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        self._layout.addWidget(self.label, 1)
        self.hide()

    def show_message(self, text: str, actions: list[BannerAction] | None = None) -> None:
        """Show ``text`` with one button per action (label with mnemonic, callback)."""
        size = self.label.fontMetrics().height() + 4
        self.icon.setPixmap(icon(self.icon_name).pixmap(size, size))
        self.label.setText(text)
        self.setAccessibleDescription(text)
        labels = [label for label, _callback in actions or []]
        if labels != [button.text() for button in self.buttons]:
            for button in self.buttons:
                self._layout.removeWidget(button)
                button.deleteLater()
            self.buttons = []
            for label, callback in actions or []:
                button = QPushButton(label, self)
                button.setAccessibleName(label.replace("&", ""))
                button.setAccessibleDescription(text)
                button.clicked.connect(lambda _checked=False, run=callback: run())
                self._layout.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
                self.buttons.append(button)
        else:
            for button, (_label, callback) in zip(self.buttons, actions or [], strict=True):
                button.clicked.disconnect()
                button.clicked.connect(lambda _checked=False, run=callback: run())
                button.setAccessibleDescription(text)
        self.show()

    def text(self) -> str:
        return "" if self.isHidden() else self.label.text()

    def dismiss(self) -> None:
        self.hide()
        self.label.clear()


class BannerArea(QWidget):
    """The banners above the report, in a fixed order, each shown or hidden on its own."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.unsaved = Banner("unsaved-banner", "warning", self)
        self.read_only = Banner("read-only-banner", "warning", self)
        self.location = Banner("location-banner", "warning", self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 0)
        layout.setSpacing(4)
        for banner in (self.unsaved, self.read_only, self.location):
            layout.addWidget(banner)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

    def banners(self) -> list[Banner]:
        return [self.unsaved, self.read_only, self.location]
