"""Buddhist-era dates for screens and documents, and parsing of dates typed by Thai users.

Babel formats Gregorian years only and glibc's th_TH locale is process-global, so this module
does the little that is needed itself (thai-documents.md B6).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from ita_tracker.lib.thai_digits import digits, to_arabic_digits

BE_OFFSET = 543

MONTHS = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
MONTHS_ABBR = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)
# Years typed below this are taken as Christian-era by mistake and refused: BE 2400 is 1857 CE.
MIN_BE_YEAR = 2400
MAX_BE_YEAR = 2700


class ThaiDateError(ValueError):
    """A date or month that cannot be read. The message is Thai first, then English."""


def be_year(d: dt.date) -> int:
    return d.year + BE_OFFSET


def ce_year(be: int) -> int:
    return be - BE_OFFSET


def format_date(d: dt.date, style: str = "long", *, thai_digits: bool = True) -> str:
    """``long``: ๓ เมษายน ๒๕๖๖ · ``short``: ๓ เม.ย. ๖๖ · ``numeric``: ๓/๔/๒๕๖๖."""
    be = be_year(d)
    if style == "long":
        text = f"{d.day} {MONTHS[d.month - 1]} {be}"
    elif style == "short":
        text = f"{d.day} {MONTHS_ABBR[d.month - 1]} {be % 100:02d}"
    elif style == "numeric":
        text = f"{d.day}/{d.month}/{be}"
    else:
        raise ValueError(f"unknown date style {style!r}")
    return digits(text, thai_digits)


def format_month(d: dt.date, *, long: bool = False, thai_digits: bool = True) -> str:
    """``ต.ค.๖๕`` (the form of the seed memo's period column), or ``ตุลาคม ๒๕๖๕`` when long."""
    be = be_year(d)
    text = f"{MONTHS[d.month - 1]} {be}" if long else f"{MONTHS_ABBR[d.month - 1]}{be % 100:02d}"
    return digits(text, thai_digits)


def format_month_range(start: dt.date, end: dt.date, *, thai_digits: bool = True) -> str:
    """``ต.ค.๖๕ – มี.ค.๖๖``; a single month when both ends fall in the same month."""
    first = format_month(start, thai_digits=thai_digits)
    if (start.year, start.month) == (end.year, end.month):
        return first
    return f"{first} – {format_month(end, thai_digits=thai_digits)}"


def format_date_range(start: dt.date, end: dt.date, *, thai_digits: bool = True) -> str:
    """``๑ ตุลาคม ๒๕๖๕ - ๓๑ มีนาคม ๒๕๖๖`` (the form used in memo subjects)."""
    return (
        f"{format_date(start, thai_digits=thai_digits)} - "
        f"{format_date(end, thai_digits=thai_digits)}"
    )


def _error(th: str, en: str, value: str) -> ThaiDateError:
    return ThaiDateError(f"{th}: «{value}» / {en}: {value!r}")


def _check_be_year(year: str, original: str) -> int:
    """The BE year written as ``year`` (2 or 4 digits); only a 2-digit year means 25xx."""
    be = int(year)
    if len(year) == 2:  # two-digit BE year, as in "เม.ย. 66" (but "0066" is no year of ours)
        be += 2500
    if not MIN_BE_YEAR <= be <= MAX_BE_YEAR:
        raise _error(
            "ปีต้องเป็นปีพุทธศักราช (เช่น ๒๕๖๖)",
            "the year must be a Buddhist-era year (e.g. 2566)",
            original,
        )
    return be


def _month_from_name(name: str, original: str) -> int:
    # Dots and spaces are optional: "เม.ย.", "เม.ย", "เมย" and "เม. ย." all mean April.
    cleaned = name.replace(" ", "").replace(".", "")
    for index, (full, abbr) in enumerate(zip(MONTHS, MONTHS_ABBR, strict=True), start=1):
        if cleaned in (full, abbr.replace(".", "")):
            return index
    raise _error("ไม่รู้จักชื่อเดือน", "unknown month name", original)


def _make_date(be: int, month: int, day: int, original: str) -> dt.date:
    try:
        return dt.date(ce_year(be), month, day)
    except ValueError:
        raise _error("ไม่มีวันที่นี้ในปฏิทิน", "no such date in the calendar", original) from None


_NUMERIC = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_NAMED = re.compile(r"^(\d{1,2})\s*([^\d\s][^\d]*?)\s*(?:พ\.ศ\.\s*)?(\d{2}|\d{4})$")


def parse_date(value: str) -> dt.date:
    """Read a date typed in Buddhist era, with Arabic or Thai digits.

    Accepts ``3/4/2566``, ``๓/๔/๒๕๖๖``, ``03-04-2566``, ``2566-04-03`` (ISO layout, BE year),
    ``3 เมษายน 2566``, ``๓ เม.ย. ๖๖``. Day comes before month, as Thai users write it.
    """
    original = str(value)
    text = to_arabic_digits(original).strip()
    if not text:
        raise _error("ไม่ได้กรอกวันที่", "no date given", original)
    if m := _ISO.match(text):
        year, month, day = m.groups()
        return _make_date(_check_be_year(year, original), int(month), int(day), original)
    if m := _NUMERIC.match(text):
        day, month, year = m.groups()
        return _make_date(_check_be_year(year, original), int(month), int(day), original)
    if m := _NAMED.match(text):
        day = int(m.group(1))
        month = _month_from_name(m.group(2), original)
        return _make_date(_check_be_year(m.group(3), original), month, day, original)
    raise _error(
        "อ่านวันที่ไม่ได้ ใช้รูปแบบ วัน/เดือน/ปี พ.ศ. เช่น ๓/๔/๒๕๖๖",
        "cannot read the date; use day/month/BE year, e.g. 3/4/2566",
        original,
    )


_MONTH_ISO = re.compile(r"^(\d{4})-(\d{1,2})$")
_MONTH_NUMERIC = re.compile(r"^(\d{1,2})\s*/\s*(\d{2}|\d{4})$")
_MONTH_NAMED = re.compile(r"^([^\d\s][^\d]*?)\s*(?:พ\.ศ\.\s*)?(\d{2}|\d{4})$")


def parse_month(value: str) -> dt.date:
    """Read a month, returned as its first day.

    Accepts ``2565-10``, ``10/2565``, ``ต.ค.๖๕``, ``ตุลาคม 2565`` (BE year, Arabic or Thai digits).
    """
    original = str(value)
    text = to_arabic_digits(original).strip()
    if m := _MONTH_ISO.match(text):
        year, month = m.group(1), int(m.group(2))
    elif m := _MONTH_NUMERIC.match(text):
        month, year = int(m.group(1)), m.group(2)
    elif m := _MONTH_NAMED.match(text):
        month, year = _month_from_name(m.group(1), original), m.group(2)
    else:
        raise _error(
            "อ่านเดือนไม่ได้ ใช้รูปแบบ ปี พ.ศ.-เดือน เช่น 2565-10 หรือ ต.ค.65",
            "cannot read the month; use BE-year-month, e.g. 2565-10, or ต.ค.65",
            original,
        )
    if not 1 <= month <= 12:
        raise _error("เดือนต้องอยู่ระหว่าง 1 ถึง 12", "the month must be 1 to 12", original)
    return _make_date(_check_be_year(year, original), month, 1, original)


def iso_be(d: dt.date) -> str:
    """``2566-04-03``: the ISO layout with a BE year, as plan files write dates."""
    return f"{be_year(d):04d}-{d.month:02d}-{d.day:02d}"


def iso_be_month(d: dt.date) -> str:
    """``2565-10``: a month as plan files write it."""
    return f"{be_year(d):04d}-{d.month:02d}"


def fiscal_year_of(d: dt.date) -> int:
    """The BE fiscal year containing ``d`` (FY N runs 1 Oct N-1 to 30 Sep N)."""
    return be_year(d) + (1 if d.month >= 10 else 0)


def fiscal_year_bounds(be: int) -> tuple[dt.date, dt.date]:
    """First and last day of BE fiscal year ``be``."""
    year = ce_year(be)
    return dt.date(year - 1, 10, 1), dt.date(year, 9, 30)


def six_month_bounds(be: int) -> tuple[dt.date, dt.date]:
    """The 6-month reporting round of fiscal year ``be``: 1 Oct to 31 Mar."""
    year = ce_year(be)
    return dt.date(year - 1, 10, 1), dt.date(year, 3, 31)


def last_day_of_month(d: dt.date) -> dt.date:
    """The last day of ``d``'s month (December 9999 included: no step into year 10000)."""
    return d.replace(day=calendar.monthrange(d.year, d.month)[1])
