"""Looks that follow the system's settings: text sizes, emphasis, coloured states, window sizes.

Fonts are set relative to the application font (the system's size, which partially sighted users
enlarge) and follow it when it changes while Focal runs. A state that has a colour (a counter near
its limit, a problem) always says so in words or with an icon too; its colour is used only where it
is legible on the window's background and the system does not ask for high contrast, otherwise
the palette's own text colour is used. Window sizes are counted in characters and lines of text,
so a larger font gives a larger window, never one wider than the screen.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QAbstractItemView, QApplication, QTableView, QTreeView, QWidget

# WCAG 2 "AA" contrast for normal text.
MINIMUM_CONTRAST = 4.5
SCREEN_SHARE = 0.9  # of the available screen a window may take at most


class Tone(Enum):
    """What a short status text means; PLAIN is the palette's own text."""

    PLAIN = "plain"
    GOOD = "good"
    WARNING = "warning"
    PROBLEM = "problem"


# Used only where legible (see :func:`tone_colour`); on a light background they pass WCAG AA.
_TONE_RGB = {Tone.GOOD: (46, 107, 48), Tone.WARNING: (154, 91, 0), Tone.PROBLEM: (179, 38, 30)}


def _luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def contrast_ratio(first: QColor, second: QColor) -> float:
    """The WCAG contrast ratio of two colours, from 1 (same) to 21 (black on white)."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def prefers_high_contrast() -> bool:
    """True when the system asks for high contrast (known to Qt 6.10 and later)."""
    hints = QGuiApplication.styleHints()
    accessibility = getattr(hints, "accessibility", None)
    preference = getattr(Qt, "ContrastPreference", None)
    if accessibility is None or preference is None:
        return False
    return bool(accessibility().contrastPreference() == preference.HighContrast)


def tone_colour(tone: Tone, palette: QPalette) -> QColor:
    """The colour for a tone on ``palette``: the palette's text colour unless the tone's own
    colour is legible on the window's background and high contrast is not asked for."""
    text = palette.color(QPalette.ColorRole.WindowText)
    if tone is Tone.PLAIN or prefers_high_contrast():
        return text
    colour = QColor(*_TONE_RGB[tone])
    background = palette.color(QPalette.ColorRole.Window)
    return colour if contrast_ratio(colour, background) >= MINIMUM_CONTRAST else text


_CHANGES = (
    QEvent.Type.ApplicationFontChange,
    QEvent.Type.ApplicationPaletteChange,
    QEvent.Type.FontChange,
    QEvent.Type.PaletteChange,
    QEvent.Type.ThemeChange,
)


class _Follower(QObject):
    """Runs ``apply`` now and again whenever the widget's font or palette changes (the
    application's reach a widget as changes of its own)."""

    def __init__(self, widget: QWidget, apply: Callable[[], None]) -> None:
        super().__init__(widget)
        self._apply = apply
        self._applying = False
        widget.installEventFilter(self)
        self.apply()

    def apply(self) -> None:
        if self._applying:  # the change ``apply`` makes comes back here
            return
        self._applying = True
        try:
            self._apply()
        finally:
            self._applying = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _CHANGES:
            self.apply()
        return False


# Kept on the Python side: PySide 6.12 on Python 3.11 loses a reference to None each time a
# Qt call answers "nothing" (an unset property, a child not found), which adds up when typing.
_FOLLOWERS = "_focal_followers"
_TONE = "_focal_tone"


def _follow(widget: QWidget, purpose: str, apply: Callable[[], None]) -> None:
    """One follower per widget and purpose: a new one replaces the last."""
    followers: dict[str, _Follower] = getattr(widget, _FOLLOWERS, {})
    old = followers.pop(purpose, None)
    if old is not None:
        widget.removeEventFilter(old)
        old.deleteLater()
    followers[purpose] = _Follower(widget, apply)
    setattr(widget, _FOLLOWERS, followers)


def emphasise(widget: QWidget, scale: float = 1.0, bold: bool = True) -> None:
    """Make ``widget``'s text bold and/or ``scale`` times the application font's size."""

    def apply() -> None:
        font = QFont()  # only what is set here is fixed; the rest is inherited
        if bold:
            font.setBold(True)
        if scale != 1.0:
            base = QApplication.font(widget)
            if base.pointSizeF() > 0:
                font.setPointSizeF(base.pointSizeF() * scale)
            else:
                font.setPixelSize(round(base.pixelSize() * scale))
        widget.setFont(font)

    _follow(widget, "emphasis", apply)


def set_tone(widget: QWidget, tone: Tone) -> None:
    """Colour ``widget``'s text for ``tone`` (see :func:`tone_colour`); bold unless PLAIN."""
    if tone is tone_of(widget):
        return

    def apply() -> None:
        if tone is Tone.PLAIN:
            widget.setPalette(QPalette())  # inherit everything again
            widget.setFont(QFont())
            return
        palette = QPalette()
        palette.setColor(
            QPalette.ColorRole.WindowText, tone_colour(tone, QApplication.palette(widget))
        )
        widget.setPalette(palette)
        font = QFont()
        font.setBold(True)
        widget.setFont(font)

    setattr(widget, _TONE, tone)
    _follow(widget, "tone", apply)


def tone_of(widget: QWidget) -> Tone:
    tone = getattr(widget, _TONE, Tone.PLAIN)
    return tone if isinstance(tone, Tone) else Tone.PLAIN


def set_column_widths(view: QAbstractItemView, columns: dict[int, float]) -> None:
    """Widths of a table's columns in average characters of its font (a heading or a year
    in a larger font keeps fitting)."""
    width = view.fontMetrics().averageCharWidth()
    header = view.horizontalHeader() if isinstance(view, QTableView) else None
    for column, characters in columns.items():
        pixels = round(width * characters)
        if header is not None:
            header.resizeSection(column, pixels)
        elif isinstance(view, QTreeView):
            view.setColumnWidth(column, pixels)


def text_size(widget: QWidget, columns: float, lines: float) -> QSize:
    """The size of ``columns`` average characters by ``lines`` lines of ``widget``'s font,
    no larger than most of the screen the widget is on."""
    metrics = widget.fontMetrics()
    size = QSize(round(metrics.averageCharWidth() * columns), round(metrics.lineSpacing() * lines))
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return size
    available = screen.availableGeometry().size()
    return size.boundedTo(
        QSize(int(available.width() * SCREEN_SHARE), int(available.height() * SCREEN_SHARE))
    )


def size_for_text(widget: QWidget, columns: float, lines: float) -> None:
    """Give a window its first size in text units (the user's later size is kept by callers)."""
    widget.resize(text_size(widget, columns, lines).expandedTo(widget.minimumSizeHint()))
