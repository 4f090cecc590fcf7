"""Geometry of a trend chart (scores over fiscal years), for a server-rendered SVG or a PNG
(no Django imports).

Readable printed in black and white: each series has its own marker shape and dash pattern, not
just a colour; every point carries its value; the pass line is a thick dashed line with its label.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from ita_tracker.lib.chart_axes import Axes, axes

# (marker, dash pattern) per series, in order: distinguishable without colour.
STYLES = (("circle", ""), ("square", "7 4"), ("triangle", "2 3"), ("diamond", "10 3 2 3"))


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    value: Decimal
    year: int

    @property
    def label_y(self) -> float:
        return self.y - 8

    @property
    def box_x(self) -> float:
        """Left edge of a square marker 9 units wide."""
        return round(self.x - 4.5, 1)

    @property
    def box_y(self) -> float:
        return round(self.y - 4.5, 1)


@dataclass(frozen=True)
class Series:
    name: str
    marker: str
    dash: str
    index: int
    points: tuple[Point, ...]
    labelled: bool = True  # values written at the points (only the first series when several)

    @property
    def path(self) -> str:
        """SVG path through the points; a missing year breaks the line."""
        return " ".join(f"{'M' if i == 0 else 'L'}{p.x},{p.y}" for i, p in enumerate(self.points))

    def marker_points(self, point: Point, size: float = 4.5) -> str:
        """Polygon points of a triangle or diamond marker around ``point``."""
        x, y, s = point.x, point.y, size
        if self.marker == "triangle":
            return f"{x},{y - s - 1} {x - s - 1},{y + s} {x + s + 1},{y + s}"
        return f"{x},{y - s - 1} {x + s + 1},{y} {x},{y + s + 1} {x - s - 1},{y}"


@dataclass(frozen=True)
class YearTick:
    year: int
    x: float


@dataclass(frozen=True)
class LineChart(Axes):
    series: tuple[Series, ...]
    years: tuple[YearTick, ...]

    @property
    def floor(self) -> int:
        return int(self.low)

    @property
    def year_label_y(self) -> int:
        return self.bottom + 16

    @property
    def empty(self) -> bool:
        return not any(s.points for s in self.series)


def line_chart(
    years: Sequence[int],
    series: Sequence[tuple[str, Sequence[Decimal | None]]],
    *,
    width: int = 640,
    height: int = 260,
    threshold: Decimal | None = Decimal(85),
) -> LineChart:
    """``series``: (name, one value or None per year in ``years``) each, at most four.

    The y axis runs from a round floor below the lowest value (at most 50, so a fall from 95
    to 88 is visible) to 100.
    """
    values = [v for _name, vs in series for v in vs if v is not None]
    lowest = min([*values, *([threshold] if threshold is not None else [])], default=Decimal(50))
    floor = min(50, int(lowest // 10) * 10)
    step = 10 if 100 - floor <= 50 else 20
    frame = axes(
        width=width,
        height=height,
        margins=(36, 14, 12, 24),
        low=floor,
        high=100,
        ticks=range(floor, 101, step),
        threshold=threshold,
    )
    count = len(years)
    span = frame.right - frame.left - 24
    xs = [
        round(frame.left + 12 + (span * i / (count - 1) if count > 1 else span / 2), 1)
        for i in range(count)
    ]
    built = []
    for index, (name, vs) in enumerate(series):
        marker, dash = STYLES[index % len(STYLES)]
        points = tuple(
            Point(x=x, y=frame.y_of(v), value=v, year=year)
            for x, v, year in zip(xs, vs, years, strict=True)
            if v is not None
        )
        built.append(
            Series(
                name=name,
                marker=marker,
                dash=dash,
                index=index,
                points=points,
                labelled=index == 0 or len(series) == 1,
            )
        )
    return LineChart(
        **frame.axes_fields(),
        series=tuple(built),
        years=tuple(YearTick(year, x) for year, x in zip(years, xs, strict=True)),
    )
