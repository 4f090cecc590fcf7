"""Geometry of a simple vertical bar chart, for a server-rendered SVG (no Django imports).

Scores run from 0 to 100; the template draws what this computes, so the chart needs no
JavaScript and prints as it shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | None
    title: str
    group: str
    x: float
    y: float
    width: float
    height: float

    @property
    def label_x(self) -> float:
        return self.x + self.width / 2

    @property
    def value_y(self) -> float:
        return self.y - 4


@dataclass(frozen=True)
class GridLine:
    value: int
    y: float


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    top: int
    plot_height: int
    bars: tuple[Bar, ...]
    grid: tuple[GridLine, ...]
    threshold_y: float | None
    threshold: Decimal | None

    @property
    def right(self) -> int:
        return self.width - 8

    @property
    def bottom(self) -> int:
        return self.top + self.plot_height

    @property
    def label_y(self) -> int:
        return self.bottom + 18


def bar_chart(
    items: Sequence[tuple[str, Decimal | None, str, str]],
    *,
    width: int = 640,
    height: int = 260,
    maximum: Decimal = Decimal(100),
    threshold: Decimal | None = None,
) -> Chart:
    """``items``: (short label, value or None, full title, group) per bar, left to right."""
    left, top, bottom_margin = 36, 16, 28
    plot_height = height - top - bottom_margin
    plot_width = width - left - 8
    slot = plot_width / max(len(items), 1)
    bar_width = slot * 0.6

    def y_of(value: Decimal) -> float:
        clipped = min(max(value, Decimal(0)), maximum)
        return round(top + plot_height * float(1 - clipped / maximum), 1)

    bars = []
    for index, (label, value, title, group) in enumerate(items):
        y = y_of(value) if value is not None else float(top + plot_height)
        bars.append(
            Bar(
                label=label,
                value=value,
                title=title,
                group=group,
                x=round(left + slot * index + (slot - bar_width) / 2, 1),
                y=y,
                width=round(bar_width, 1),
                height=round(top + plot_height - y, 1),
            )
        )
    grid = tuple(GridLine(v, y_of(Decimal(v))) for v in (0, 25, 50, 75, 100))
    return Chart(
        width=width,
        height=height,
        left=left,
        top=top,
        plot_height=plot_height,
        bars=tuple(bars),
        grid=grid,
        threshold_y=y_of(threshold) if threshold is not None else None,
        threshold=threshold,
    )
