"""``{% load results_charts %}``: what the trend chart template cannot compute itself."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from ita_tracker.lib.line_chart import Point, Series

register = template.Library()


@register.filter
def marker_points(series: Series, point: Point) -> str:
    """The polygon of a triangle or diamond marker of ``series`` at ``point``."""
    return series.marker_points(point)


@register.filter
def source(library: Any, source_id: str) -> Any:
    """The source of the suggestions library with this id."""
    return library.source(source_id)


@register.filter
def signed_score(value: Any) -> str:
    """+1.25 / −3.40 / – : a change of score, its sign always written."""
    if value is None or value == "":
        return "–"
    number = Decimal(value)
    sign = "+" if number > 0 else "−" if number < 0 else "±"
    return f"{sign}{abs(number):.2f}"
