"""Periods as agencies write them: ``ต.ค.๖๕ – มี.ค.๖๖``, ``ต.ค. 2565 - มี.ค. 2566``,
``1 ต.ค. 65 ถึง 31 มี.ค. 66``, ``ตลอดปีงบประมาณ``, a single month, a month without its year."""

from __future__ import annotations

import datetime as dt
import re

from ita_tracker.lib import thai_dates
from ita_tracker.lib.thai_digits import to_arabic_digits
from ita_tracker.officefiles import text as tx

_SPLIT = re.compile(r"\s*(?:–|—|~|ถึง|จนถึง)\s*|\s+-\s+|(?<=\d)\s*-\s*(?=\D)")


def _month(part: str, fiscal_year: int) -> dt.date | None:
    part = part.strip()
    for parse in (thai_dates.parse_month, thai_dates.parse_date):
        try:
            return parse(part).replace(day=1)
        except ValueError:
            pass
    # A month name without a year: the fiscal year says which (Oct-Dec are in the year before).
    cleaned = part.replace(" ", "").replace(".", "")
    for index, (full, abbr) in enumerate(
        zip(thai_dates.MONTHS, thai_dates.MONTHS_ABBR, strict=True), start=1
    ):
        if cleaned in (full, abbr.replace(".", "")):
            be = fiscal_year - 1 if index >= 10 else fiscal_year
            return dt.date(thai_dates.ce_year(be), index, 1)
    return None


def parse_period(text: str, fiscal_year: int) -> tuple[dt.date, dt.date, bool]:
    """(first month, last month, read for sure). Unreadable text gives the whole fiscal year,
    not sure."""
    start_fy, end_fy = thai_dates.fiscal_year_bounds(fiscal_year)
    whole = (start_fy.replace(day=1), end_fy.replace(day=1))
    cleaned = to_arabic_digits(tx.clean(text))
    if not cleaned:
        return (*whole, False)
    if "ตลอดปี" in cleaned.replace(" ", ""):
        return (*whole, True)
    parts = [p for p in _SPLIT.split(cleaned) if p and p.strip()]
    if len(parts) == 1:
        month = _month(parts[0], fiscal_year)
        if month is not None:
            return month, month, True
    if len(parts) == 2:
        start, end = _month(parts[0], fiscal_year), _month(parts[1], fiscal_year)
        if start is not None and end is not None and start <= end:
            return start, end, True
    return (*whole, False)
