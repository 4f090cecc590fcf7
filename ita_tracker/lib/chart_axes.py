"""The box, value scale, grid and pass line that every server-rendered chart shares (no Django
imports).

A chart is a box (``width`` × ``height``) with a plot area inside margins. Values map onto the
plot's height from ``low`` (at the bottom) to ``high`` (at the top), clipped to that range; grid
lines and the pass line are placed on the same scale. ``bar_chart`` and ``line_chart`` extend
:class:`Axes` with their bars and series, so the templates and ``docengine/chart_png.py`` read
the frame of either chart by the same names.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class GridLine:
    value: int
    y: float


def scale_y(value: Decimal, *, low: Decimal, high: Decimal, top: float, bottom: float) -> float:
    """The row of ``value`` on a plot from ``bottom`` (``low``) up to ``top`` (``high``), to a
    tenth of a unit; values outside the range sit on its edge."""
    clipped = min(max(value, low), high)
    return round(bottom - (bottom - top) * float((clipped - low) / (high - low)), 1)


@dataclass(frozen=True)
class Axes:
    width: int
    height: int
    left: int
    top: int
    right: int
    bottom: int
    low: Decimal
    high: Decimal
    grid: tuple[GridLine, ...]
    threshold: Decimal | None
    threshold_y: float | None

    @property
    def plot_height(self) -> int:
        return self.bottom - self.top

    def y_of(self, value: Decimal) -> float:
        return scale_y(value, low=self.low, high=self.high, top=self.top, bottom=self.bottom)

    def axes_fields(self) -> dict[str, Any]:
        """The frame's fields, for building a chart that extends :class:`Axes`."""
        return {f.name: getattr(self, f.name) for f in fields(Axes)}


def axes(
    *,
    width: int,
    height: int,
    margins: tuple[int, int, int, int],
    low: Decimal | int,
    high: Decimal | int,
    ticks: Iterable[int],
    threshold: Decimal | None,
) -> Axes:
    """The frame of a chart: ``margins`` are (left, top, right, bottom) around the plot;
    ``ticks`` the values that get a grid line; ``threshold`` the pass line, if any."""
    left, top, right_margin, bottom_margin = margins
    low, high = Decimal(low), Decimal(high)
    bottom = height - bottom_margin

    def y_of(value: Decimal) -> float:
        return scale_y(value, low=low, high=high, top=top, bottom=bottom)

    return Axes(
        width=width,
        height=height,
        left=left,
        top=top,
        right=width - right_margin,
        bottom=bottom,
        low=low,
        high=high,
        grid=tuple(GridLine(v, y_of(Decimal(v))) for v in ticks),
        threshold=threshold,
        threshold_y=y_of(threshold) if threshold is not None else None,
    )
