"""A horizontal bar chart of reported against serving activities, per specific objective.

Drawn directly on the canvas, in the document's face and colours, rather than with
reportlab.graphics: twenty bars need no chart library, and the result matches the tables
around it (same type, same navy, same light fill as the table headers). Only labels the
writer gives (numbers and translated captions) are drawn, never typed text.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.platypus import Flowable

from app.exchange.pdf.fonts import REGULAR
from app.exchange.pdf.style import ACCENT, GRID, HEADER_FILL, INK, MUTED, RULE
from app.exchange.pdf.textlayout import fit_text, text_width

_SIZE = 8.0
_ROW = 15.5
_BAR = 9.5
_LEGEND = 22.0
_AXIS = 28.0


@dataclass(frozen=True, slots=True)
class Bar:
    label: str  # "Objective 3"
    reported: int
    serving: int


@dataclass(frozen=True, slots=True)
class ChartCaptions:
    serving: str  # legend of the light bars
    reported: str  # legend of the dark bars
    axis: str  # under the scale


def nice_step(largest: int) -> int:
    """A scale step giving at most eight ticks: 1, 2, 5, 10, 20, 50 ..."""
    step, factors = 1, itertools.cycle((2.0, 2.5, 2.0))
    while largest / step > 8:
        step = int(step * next(factors))
    return step


class CoverageChart(Flowable):  # type: ignore[misc]
    """One row per bar: its label, the serving count as a light bar with the reported count
    drawn over it in navy, and "reported / serving" at the end."""

    def __init__(self, bars: Sequence[Bar], captions: ChartCaptions, width: float = 560.0):
        super().__init__()
        self._bars = tuple(bars)
        self._captions = captions
        self._width = width
        self.spaceBefore = 6.0
        self.spaceAfter = 10.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = min(self._width, avail_width)
        self.height = _LEGEND + len(self._bars) * _ROW + _AXIS
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        bars = self._bars
        label_width = max((text_width(b.label, REGULAR, _SIZE) for b in bars), default=0) + 8
        value_width = text_width("000 / 000", REGULAR, _SIZE) + 6
        left = label_width
        span = self.width - left - value_width
        largest = max((max(b.serving, b.reported) for b in bars), default=0) or 1
        step = nice_step(largest)
        top_value = -(-largest // step) * step
        scale = span / top_value
        plot_top = self.height - _LEGEND
        plot_bottom = _AXIS - 6
        canvas.saveState()
        canvas.setFont(REGULAR, _SIZE)
        canvas.setLineWidth(0.4)
        for tick in range(0, top_value + 1, step):  # vertical guides and the scale
            x = left + tick * scale
            canvas.setStrokeColor(RULE if tick else GRID)
            canvas.line(x, plot_bottom, x, plot_top)
            canvas.setFillColor(MUTED)
            canvas.drawCentredString(x, plot_bottom - 10, str(tick))
        axis = fit_text(self._captions.axis, REGULAR, _SIZE, span)
        canvas.drawCentredString(left + span / 2, 1.5, axis)
        for index, bar in enumerate(bars):
            y = plot_top - (index + 1) * _ROW + (_ROW - _BAR) / 2
            canvas.setFillColor(INK)
            canvas.drawRightString(left - 6, y + 2.3, bar.label)
            canvas.setFillColor(HEADER_FILL)
            canvas.setStrokeColor(GRID)
            canvas.setLineWidth(0.3)
            if bar.serving:
                canvas.rect(left, y, bar.serving * scale, _BAR, stroke=1, fill=1)
            if bar.reported:
                canvas.setFillColor(ACCENT)
                canvas.rect(left, y + 1.5, bar.reported * scale, _BAR - 3, stroke=0, fill=1)
            canvas.setFillColor(INK)
            end = left + max(bar.serving, bar.reported) * scale + 4
            canvas.drawString(end, y + 2.3, f"{bar.reported} / {bar.serving}")
        self._legend(left, self.height - 10)
        canvas.restoreState()

    def _legend(self, x: float, y: float) -> None:
        canvas = self.canv
        for fill, text, stroke in (
            (HEADER_FILL, self._captions.serving, True),
            (ACCENT, self._captions.reported, False),
        ):
            canvas.setFillColor(fill)
            canvas.setStrokeColor(GRID)
            canvas.rect(x, y - 1, 14, 7, stroke=1 if stroke else 0, fill=1)
            canvas.setFillColor(INK)
            canvas.drawString(x + 19, y, text)
            x += 19 + text_width(text, REGULAR, _SIZE) + 22
