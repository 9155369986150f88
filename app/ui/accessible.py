"""What screen readers announce for a control.

Qt derives a control's accessible name only from a buddy label or a button's text; everything
else must be told. Every control gets a short name (what it is) and a description (what it is
for, what to type), both translated.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget


def describe(widget: QWidget, name: str, description: str = "") -> None:
    """Set the name a screen reader announces for ``widget`` and, when given, its description."""
    widget.setAccessibleName(name)
    if description:
        widget.setAccessibleDescription(description)


def plain(text: str) -> str:
    """A label's text without its mnemonic markers ("&Name:" -> "Name")."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip(":： ").strip()


def labelled(label: QLabel, widget: QWidget, description: str = "") -> None:
    """Make ``label`` the buddy of ``widget`` (its mnemonic focuses it) and name ``widget`` after
    it, so the name survives even where the buddy is not exposed (inside item views)."""
    label.setBuddy(widget)
    describe(widget, plain(label.text()), description)
