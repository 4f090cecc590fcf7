"""Buddhist-era dates on every screen: ``{% load thai %}`` then the filters below.

The filters write Arabic digits; the agency's digit setting is applied to the whole page
afterwards (``agencies/screen_digits``, ADR 0012). Every filter accepts None and renders "".
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import template
from django.utils import timezone

from ita_tracker.lib import one_language as one_language_lib
from ita_tracker.lib import thai_dates
from ita_tracker.lib.thai_digits import to_thai_digits
from ita_tracker.middleware import thai_ui

register = template.Library()


def _local_date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date()
    if isinstance(value, dt.date):
        return value
    return None


# English screens: English month names, years still Buddhist era (every date on every screen).
EN_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _en_month(day: dt.date, *, long: bool = True) -> str:
    name = EN_MONTHS[day.month - 1]
    return name if long else name[:3]


@register.filter
def thai_date(value: Any, style: str = "long") -> str:
    """``3 เมษายน 2566`` (``long``), ``3 เม.ย. 66`` (``short``) or ``3/4/2566`` (``numeric``);
    on English screens ``3 April 2566``, ``3 Apr 2566``."""
    day = _local_date(value)
    if day is None:
        return ""
    if not thai_ui() and style != "numeric":
        return f"{day.day} {_en_month(day, long=style == 'long')} {thai_dates.be_year(day)}"
    return thai_dates.format_date(day, style, thai_digits=False)


@register.filter
def thai_date_short(value: Any) -> str:
    return thai_date(value, "short")


@register.filter
def thai_datetime(value: Any) -> str:
    """``3 เม.ย. 2566 14:05`` in the server's time zone."""
    if not isinstance(value, dt.datetime):
        return thai_date(value, "short")
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    if not thai_ui():
        return (
            f"{local.day} {_en_month(local, long=False)} {thai_dates.be_year(local)} {local:%H:%M}"
        )
    month = thai_dates.MONTHS_ABBR[local.month - 1]
    return f"{local.day} {month} {thai_dates.be_year(local.date())} {local:%H:%M} น."


@register.filter
def month_range(start: Any, end: Any = None) -> str:
    """``ต.ค.65 – มี.ค.66``: a period of months, as the plan tables write it."""
    first = _local_date(start)
    if first is None:
        return ""
    last = _local_date(end) or first
    if not thai_ui():
        return (
            f"{_en_month(first, long=False)} {thai_dates.be_year(first)} – "
            f"{_en_month(last, long=False)} {thai_dates.be_year(last)}"
        )
    return thai_dates.format_month_range(first, last, thai_digits=False)


@register.filter
def thai_month(value: Any) -> str:
    """``ตุลาคม 2565``."""
    day = _local_date(value)
    if day is None:
        return ""
    if not thai_ui():
        return f"{_en_month(day)} {thai_dates.be_year(day)}"
    return thai_dates.format_month(day, long=True, thai_digits=False)


@register.filter
def be_year(value: Any) -> str:
    """The Buddhist-era year of a date (a plain number is taken as already BE)."""
    if isinstance(value, int):
        return str(value)
    day = _local_date(value)
    return str(thai_dates.be_year(day)) if day else ""


@register.filter
def date_range(start: Any, end: Any) -> str:
    """``1 ตุลาคม 2565 – 31 มีนาคม 2566``."""
    first, last = _local_date(start), _local_date(end)
    if first is None or last is None:
        return ""
    return f"{thai_date(first)} – {thai_date(last)}"


@register.filter
def thai_numerals(value: Any) -> str:
    """Arabic digits written as Thai digits (links and e-mail addresses keep theirs)."""
    return to_thai_digits(value) if value not in (None, "") else ""


@register.filter
def score(value: Any) -> str:
    """A score to two decimals, or a dash when unknown."""
    if value in (None, ""):
        return "–"
    return f"{Decimal(value):.2f}"


@register.filter
def percent(part: Any, whole: Any) -> int:
    """``part`` of ``whole`` as a whole percentage (0 when ``whole`` is 0)."""
    try:
        return round(100 * int(part) / int(whole)) if int(whole) else 0
    except (TypeError, ValueError):
        return 0


@register.filter
def one_language(value: Any) -> str:
    """A bilingual message (``ไทย / English``) in the screen's language only (ADR 0012)."""
    if value in (None, ""):
        return ""
    return one_language_lib.message(value, thai=thai_ui())


@register.filter
def where(value: Any) -> str:
    """A template location in the screen's language, without engine jargon."""
    if value in (None, ""):
        return ""
    return one_language_lib.location(value, thai=thai_ui())
