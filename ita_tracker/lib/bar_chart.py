"""Geometry of a simple vertical bar chart, for a server-rendered SVG (no Django imports).

Scores run from 0 to 100 on the frame of ``chart_axes``; the template draws what this computes,
so the chart needs no JavaScript and prints as it shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from ita_tracker.lib.chart_axes import Axes, axes


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
class Chart(Axes):
    bars: tuple[Bar, ...]

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
    frame = axes(
        width=width,
        height=height,
        margins=(36, 16, 8, 28),
        low=0,
        high=maximum,
        ticks=(0, 25, 50, 75, 100),
        threshold=threshold,
    )
    slot = (frame.right - frame.left) / max(len(items), 1)
    bar_width = slot * 0.6
    bars = []
    for index, (label, value, title, group) in enumerate(items):
        y = frame.y_of(value) if value is not None else float(frame.bottom)
        bars.append(
            Bar(
                label=label,
                value=value,
                title=title,
                group=group,
                x=round(frame.left + slot * index + (slot - bar_width) / 2, 1),
                y=y,
                width=round(bar_width, 1),
                height=round(frame.bottom - y, 1),
            )
        )
    return Chart(**frame.axes_fields(), bars=tuple(bars))
