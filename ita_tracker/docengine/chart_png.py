"""The trend chart as a PNG picture for DOCX/PDF documents (Word cannot be relied on to show SVG).

The geometry is the screen chart's (:mod:`ita_tracker.lib.line_chart`), drawn with Pillow at
three times the size: black on white, series told apart by marker shape and dash pattern, the
pass line dashed and labelled, so it prints in black and white. No Django.
"""

from __future__ import annotations

import io
import itertools
import math
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from ita_tracker.lib.line_chart import LineChart, Series, line_chart

SCALE = 3
_FONTS = (
    Path("/usr/share/fonts/truetype/tlwg/Laksaman.ttf"),
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
)


@cache
def _font(size: int) -> Any:
    for path in _FONTS:
        if path.exists():
            return ImageFont.truetype(str(path), size)
    return ImageFont.load_default()


def _dashed(
    draw: ImageDraw.ImageDraw, points: list[tuple[float, float]], dash: str, width: int
) -> None:
    pattern = [float(x) * SCALE for x in dash.split()] if dash else []
    for (x1, y1), (x2, y2) in itertools.pairwise(points):
        if not pattern:
            draw.line([(x1, y1), (x2, y2)], fill="black", width=width)
            continue
        length = math.hypot(x2 - x1, y2 - y1)
        if length == 0:
            continue
        ux, uy = (x2 - x1) / length, (y2 - y1) / length
        position, index, on = 0.0, 0, True
        while position < length:
            step = min(pattern[index % len(pattern)], length - position)
            if on:
                draw.line(
                    [
                        (x1 + ux * position, y1 + uy * position),
                        (x1 + ux * (position + step), y1 + uy * (position + step)),
                    ],
                    fill="black",
                    width=width,
                )
            position += step
            index += 1
            on = not on


def _marker(draw: ImageDraw.ImageDraw, series: Series, x: float, y: float) -> None:
    s = 4.5 * SCALE
    fill = "black" if series.index == 0 else "white"
    if series.marker == "circle":
        draw.ellipse([x - s, y - s, x + s, y + s], fill=fill, outline="black", width=SCALE)
    elif series.marker == "square":
        draw.rectangle([x - s, y - s, x + s, y + s], fill=fill, outline="black", width=SCALE)
    elif series.marker == "triangle":
        draw.polygon(
            [(x, y - s - 2), (x - s - 2, y + s), (x + s + 2, y + s)],
            fill=fill,
            outline="black",
            width=SCALE,
        )
    else:
        draw.polygon(
            [(x, y - s - 2), (x + s + 2, y), (x, y + s + 2), (x - s - 2, y)],
            fill=fill,
            outline="black",
            width=SCALE,
        )


def draw_chart(chart: LineChart, *, legend: bool = True) -> bytes:
    legend_height = 28 if legend else 0
    width, height = chart.width * SCALE, (chart.height + legend_height) * SCALE
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    small, label = _font(11 * SCALE), _font(12 * SCALE)
    left, right = chart.left * SCALE, chart.right * SCALE
    for tick in chart.grid:
        y = tick.y * SCALE
        draw.line([(left, y), (right, y)], fill=(200, 200, 200), width=SCALE // 2 or 1)
        draw.text((left - 6 * SCALE, y), str(tick.value), fill="black", font=small, anchor="rm")
    for year in chart.years:
        draw.text(
            (year.x * SCALE, chart.year_label_y * SCALE),
            str(year.year),
            fill="black",
            font=label,
            anchor="ms",
        )
    if chart.threshold_y is not None and chart.threshold is not None:
        y = chart.threshold_y * SCALE
        _dashed(draw, [(left, y), (right, y)], "14 5", 2 * SCALE)
        draw.text(
            (right, y - 3 * SCALE), f"{chart.threshold:.0f}", fill="black", font=label, anchor="rs"
        )
    for series in chart.series:
        points = [(p.x * SCALE, p.y * SCALE) for p in series.points]
        if len(points) > 1:
            _dashed(draw, points, series.dash, (3 if series.index == 0 else 2) * SCALE)
        for point in series.points:
            _marker(draw, series, point.x * SCALE, point.y * SCALE)
            if series.labelled:
                draw.text(
                    (point.x * SCALE, point.label_y * SCALE),
                    f"{point.value:.2f}",
                    fill="black",
                    font=small,
                    anchor="ms",
                )
    if legend:
        x, y = left, (chart.height + 14) * SCALE
        for series in chart.series:
            _dashed(draw, [(x, y), (x + 30 * SCALE, y)], series.dash, 2 * SCALE)
            _marker(draw, series, x + 15 * SCALE, y)
            draw.text((x + 36 * SCALE, y), series.name, fill="black", font=label, anchor="lm")
            x += (46 + 7 * len(series.name)) * SCALE
        _dashed(draw, [(x, y), (x + 30 * SCALE, y)], "14 5", 2 * SCALE)
        draw.text((x + 36 * SCALE, y), "เกณฑ์ผ่าน 85", fill="black", font=label, anchor="lm")
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def trend_png(chart: dict[str, Any]) -> bytes:
    """The PNG of a context's ``chart`` (years and series of score strings)."""
    series = [
        (s["name"], [Decimal(v) if v else None for v in s["values"]]) for s in chart["series"]
    ]
    return draw_chart(line_chart(list(chart["years"]), series, width=640, height=240))
