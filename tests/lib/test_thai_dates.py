"""Buddhist-era dates: formatting, parsing typed dates, fiscal years (thai-documents.md)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from ita_tracker.lib.thai_dates import (
    MAX_BE_YEAR,
    MIN_BE_YEAR,
    MONTHS,
    MONTHS_ABBR,
    ThaiDateError,
    be_year,
    ce_year,
    fiscal_year_bounds,
    fiscal_year_of,
    format_date,
    format_date_range,
    format_month,
    format_month_range,
    iso_be,
    iso_be_month,
    last_day_of_month,
    parse_date,
    parse_month,
    six_month_bounds,
)

APRIL_3 = dt.date(2023, 4, 3)  # ๓ เมษายน ๒๕๖๖
_ARABIC = re.compile("[0-9]")
_THAI_DIGIT = re.compile("[๐-๙]")
_THAI = re.compile("[\u0e00-\u0e7f]")
_LATIN_WORD = re.compile("[A-Za-z]{2,}")

# --- formatting -------------------------------------------------------------------------------


def test_it_formats_the_long_date_of_a_memo() -> None:
    assert format_date(APRIL_3) == "๓ เมษายน ๒๕๖๖"
    assert format_date(APRIL_3, "long") == "๓ เมษายน ๒๕๖๖"


def test_it_formats_the_short_date_with_a_two_digit_year() -> None:
    assert format_date(APRIL_3, "short") == "๓ เม.ย. ๖๖"
    assert format_date(dt.date(2022, 10, 15), "short") == "๑๕ ต.ค. ๖๕"


def test_it_pads_the_short_year_to_two_digits() -> None:
    assert format_date(dt.date(1957, 1, 1), "short") == "๑ ม.ค. ๐๐"  # BE 2500
    assert format_date(dt.date(1966, 1, 1), "short", thai_digits=False) == "1 ม.ค. 09"  # BE 2509


def test_it_formats_the_numeric_date() -> None:
    assert format_date(APRIL_3, "numeric") == "๓/๔/๒๕๖๖"


def test_it_formats_dates_with_arabic_digits_when_asked() -> None:
    assert format_date(APRIL_3, thai_digits=False) == "3 เมษายน 2566"
    assert format_date(APRIL_3, "short", thai_digits=False) == "3 เม.ย. 66"
    assert format_date(APRIL_3, "numeric", thai_digits=False) == "3/4/2566"


def test_it_refuses_an_unknown_date_style() -> None:
    with pytest.raises(ValueError, match="unknown date style"):
        format_date(APRIL_3, "medium")


def test_it_uses_the_royal_institute_month_names_and_abbreviations() -> None:
    got = [format_date(dt.date(2023, m, 1), thai_digits=False).split()[1] for m in range(1, 13)]
    assert got == list(MONTHS)
    short = [format_date(dt.date(2023, m, 1), "short").split()[1] for m in range(1, 13)]
    abbreviations = "ม.ค. ก.พ. มี.ค. เม.ย. พ.ค. มิ.ย. ก.ค. ส.ค. ก.ย. ต.ค. พ.ย. ธ.ค."
    assert short == abbreviations.split(" ")
    assert list(MONTHS_ABBR) == short


def test_it_formats_a_month() -> None:
    assert format_month(dt.date(2022, 10, 1)) == "ต.ค.๖๕"
    assert format_month(dt.date(2022, 10, 17), long=True) == "ตุลาคม ๒๕๖๕"
    assert format_month(dt.date(2022, 10, 1), thai_digits=False) == "ต.ค.65"


def test_it_formats_a_month_range() -> None:
    assert format_month_range(dt.date(2022, 10, 1), dt.date(2023, 3, 31)) == "ต.ค.๖๕ – มี.ค.๖๖"


def test_it_formats_a_month_range_with_arabic_digits_when_asked() -> None:
    got = format_month_range(dt.date(2022, 10, 1), dt.date(2023, 3, 31), thai_digits=False)
    assert got == "ต.ค.65 – มี.ค.66"


def test_it_formats_a_range_inside_one_month_as_that_month() -> None:
    assert format_month_range(dt.date(2023, 4, 1), dt.date(2023, 4, 30)) == "เม.ย.๖๖"


def test_it_keeps_both_ends_of_a_range_in_the_same_month_of_different_years() -> None:
    assert format_month_range(dt.date(2022, 4, 1), dt.date(2023, 4, 30)) == "เม.ย.๖๕ – เม.ย.๖๖"


def test_it_formats_a_date_range_for_memo_subjects() -> None:
    got = format_date_range(dt.date(2022, 10, 1), dt.date(2023, 3, 31))
    assert got == "๑ ตุลาคม ๒๕๖๕ - ๓๑ มีนาคม ๒๕๖๖"


def test_it_writes_iso_layout_with_a_be_year() -> None:
    assert iso_be(APRIL_3) == "2566-04-03"
    assert iso_be_month(dt.date(2022, 10, 17)) == "2565-10"


def test_it_converts_between_be_and_ce_years() -> None:
    assert be_year(APRIL_3) == 2566
    assert ce_year(2566) == 2023


# --- parsing ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "3/4/2566",
        "๓/๔/๒๕๖๖",
        "2566-04-03",
        "2566-4-3",
        "3 เมษายน 2566",
        "๓ เมษายน ๒๕๖๖",
        "3 เมษายน พ.ศ. 2566",
        "๓ เม.ย. ๖๖",
        "3 เม.ย. 66",
        "3 เม.ย 66",
        "3 เมย 66",
        "3เม.ย.66",
        "03/04/2566",
        "03-04-2566",
        "3.4.2566",
        "3/4/66",
        " 3 / 4 / 2566 ",
        "๓/4/2566",
    ],
)
def test_it_parses_a_be_date_typed_either_way(typed: str) -> None:
    assert parse_date(typed) == APRIL_3


@pytest.mark.parametrize(
    "typed",
    [
        "2565-10",
        "ต.ค.๖๕",
        "ต.ค.65",
        "ต.ค. 2565",
        "ตุลาคม 2565",
        "ตุลาคม พ.ศ. ๒๕๖๕",
        "10/2565",
        "๑๐/๒๕๖๕",
        "ตค 65",
    ],
)
def test_it_parses_a_be_month_typed_either_way(typed: str) -> None:
    assert parse_month(typed) == dt.date(2022, 10, 1)


def _assert_thai_then_english(error: ThaiDateError, value: str) -> None:
    message = str(error)
    thai, sep, english = message.partition(" / ")
    assert sep, message
    assert _THAI.match(thai), f"the message must start in Thai: {message!r}"
    assert not _LATIN_WORD.search(thai.replace(value, "")), f"English in the Thai half: {message!r}"
    # The English half may quote a Thai example of what to type (ต.ค.65), but it starts in English.
    assert _LATIN_WORD.match(english), f"no English half: {message!r}"
    assert value in thai
    assert value in english


@pytest.mark.parametrize(
    "typed",
    [
        "3/4/2023",  # Christian era: almost always a mistake here
        "๓/๔/๒๐๒๓",
        "2023-04-03",
        "3 เมษายน 2023",
        "3/4/0066",  # a 4-digit year is a 4-digit year, not a short BE year
        "0066-04-03",
        "3/4/2399",
        "3/4/2701",
        "31/2/2566",  # no such day
        "29/2/2565",  # 2022 was not a leap year
        "32/1/2566",
        "0/1/2566",
        "3/13/2566",
        "3/0/2566",
        "",
        "   ",
        "abc",
        "3 foo 2566",
        "3/4",
        "3/4/256",
        "2566/04/03",
        "3/4/2566/1",
    ],
)
def test_it_refuses_a_bad_date_in_thai_then_english(typed: str) -> None:
    with pytest.raises(ThaiDateError) as caught:
        parse_date(typed)
    _assert_thai_then_english(caught.value, typed)


@pytest.mark.parametrize(
    "typed",
    [
        "2022-10",
        "10/2022",
        "ต.ค. 2022",
        "13/2565",
        "0/2565",
        "2565-13",
        "",
        "foo 2565",
        "0065-10",
        "2565",
    ],
)
def test_it_refuses_a_bad_month_in_thai_then_english(typed: str) -> None:
    with pytest.raises(ThaiDateError) as caught:
        parse_month(typed)
    _assert_thai_then_english(caught.value, typed)


def test_it_raises_an_error_that_forms_and_pydantic_see_as_a_value_error() -> None:
    assert issubclass(ThaiDateError, ValueError)


def test_it_accepts_the_first_and_last_be_years_it_allows() -> None:
    assert (MIN_BE_YEAR, MAX_BE_YEAR) == (2400, 2700)
    assert parse_date("1/1/2400") == dt.date(1857, 1, 1)
    assert parse_date("31/12/2700") == dt.date(2157, 12, 31)


def test_it_reads_a_leap_day() -> None:
    assert parse_date("29/2/2567") == dt.date(2024, 2, 29)


# --- fiscal years and months ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "fiscal_year"),
    [
        (dt.date(2022, 9, 30), 2565),
        (dt.date(2022, 10, 1), 2566),
        (dt.date(2023, 4, 3), 2566),
        (dt.date(2023, 9, 30), 2566),
        (dt.date(2023, 12, 31), 2567),
        (dt.date(2024, 1, 1), 2567),
    ],
)
def test_it_finds_the_fiscal_year_of_a_day(day: dt.date, fiscal_year: int) -> None:
    assert fiscal_year_of(day) == fiscal_year


def test_it_gives_the_bounds_of_a_fiscal_year() -> None:
    assert fiscal_year_bounds(2566) == (dt.date(2022, 10, 1), dt.date(2023, 9, 30))


def test_it_gives_the_six_month_round_of_a_fiscal_year() -> None:
    assert six_month_bounds(2566) == (dt.date(2022, 10, 1), dt.date(2023, 3, 31))


@pytest.mark.parametrize(
    ("day", "last"),
    [
        (dt.date(2023, 2, 10), dt.date(2023, 2, 28)),
        (dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        (dt.date(2023, 4, 3), dt.date(2023, 4, 30)),
        (dt.date(2022, 12, 31), dt.date(2022, 12, 31)),
        (dt.date(9999, 12, 1), dt.date(9999, 12, 31)),
        (dt.date(1, 1, 1), dt.date(1, 1, 31)),
    ],
)
def test_it_finds_the_last_day_of_a_month(day: dt.date, last: dt.date) -> None:
    assert last_day_of_month(day) == last


# --- properties -------------------------------------------------------------------------------

# Dates whose BE year the parser accepts: BE 2400–2700.
be_dates = st.dates(
    min_value=dt.date(ce_year(MIN_BE_YEAR), 1, 1), max_value=dt.date(ce_year(MAX_BE_YEAR), 12, 31)
)
# The short style writes a 2-digit year, which reads back as BE 25xx.
be_2500s_dates = st.dates(
    min_value=dt.date(ce_year(2500), 1, 1), max_value=dt.date(ce_year(2599), 12, 31)
)


@given(be_dates, st.sampled_from(["long", "numeric"]), st.booleans())
def test_it_reads_back_every_long_and_numeric_date_it_writes(
    day: dt.date, style: str, thai_digits: bool
) -> None:
    assert parse_date(format_date(day, style, thai_digits=thai_digits)) == day


@given(be_2500s_dates, st.booleans())
def test_it_reads_back_every_short_date_of_the_2500s(day: dt.date, thai_digits: bool) -> None:
    assert parse_date(format_date(day, "short", thai_digits=thai_digits)) == day


@given(be_dates, st.booleans())
def test_it_reads_any_short_date_back_into_the_2500s(day: dt.date, thai_digits: bool) -> None:
    got = parse_date(format_date(day, "short", thai_digits=thai_digits))
    assert (got.day, got.month) == (day.day, day.month)
    assert be_year(got) == 2500 + be_year(day) % 100


@given(be_dates)
def test_it_writes_only_thai_digits_or_only_arabic_digits(day: dt.date) -> None:
    for style in ("long", "short", "numeric"):
        assert not _ARABIC.search(format_date(day, style))
        assert not _THAI_DIGIT.search(format_date(day, style, thai_digits=False))


@given(be_dates)
def test_it_reads_back_the_iso_be_layout(day: dt.date) -> None:
    assert parse_date(iso_be(day)) == day


@given(be_dates)
def test_it_reads_back_the_iso_be_month_as_the_first_day(day: dt.date) -> None:
    assert parse_month(iso_be_month(day)) == day.replace(day=1)


@given(be_dates, st.booleans())
def test_it_reads_back_every_long_month_it_writes(day: dt.date, thai_digits: bool) -> None:
    assert parse_month(format_month(day, long=True, thai_digits=thai_digits)) == day.replace(day=1)


@given(be_2500s_dates, st.booleans())
def test_it_reads_back_every_short_month_of_the_2500s(day: dt.date, thai_digits: bool) -> None:
    assert parse_month(format_month(day, thai_digits=thai_digits)) == day.replace(day=1)


@given(
    st.integers(min_value=1, max_value=28),
    st.integers(min_value=1, max_value=12),
    st.one_of(st.integers(1000, MIN_BE_YEAR - 1), st.integers(MAX_BE_YEAR + 1, 9999)),
    st.booleans(),
)
def test_it_refuses_every_four_digit_year_outside_the_be_range(
    day: int, month: int, year: int, thai: bool
) -> None:
    typed = f"{day}/{month}/{year}"
    if thai:
        typed = typed.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
    with pytest.raises(ThaiDateError) as caught:
        parse_date(typed)
    _assert_thai_then_english(caught.value, typed)


def _outcome(parse: Callable[[str], dt.date], typed: str) -> dt.date | ThaiDateError:
    try:
        return parse(typed)
    except ThaiDateError as error:
        return error


@given(st.text(max_size=30))
def test_it_answers_any_text_with_a_be_date_or_a_thai_date_error(typed: str) -> None:
    for parse in (parse_date, parse_month):
        got = _outcome(parse, typed)
        if isinstance(got, ThaiDateError):
            assert typed in str(got)
        else:
            assert MIN_BE_YEAR <= be_year(got) <= MAX_BE_YEAR


@given(be_dates)
def test_it_puts_every_day_inside_the_bounds_of_its_fiscal_year(day: dt.date) -> None:
    start, end = fiscal_year_bounds(fiscal_year_of(day))
    assert start <= day <= end
    assert fiscal_year_of(start) == fiscal_year_of(end) == fiscal_year_of(day)


@given(st.integers(min_value=MIN_BE_YEAR + 1, max_value=MAX_BE_YEAR))
def test_it_makes_fiscal_years_follow_one_another_without_gaps(fiscal_year: int) -> None:
    start, end = fiscal_year_bounds(fiscal_year)
    _, previous_end = fiscal_year_bounds(fiscal_year - 1)
    assert start == previous_end + dt.timedelta(days=1)
    assert (start.month, start.day, end.month, end.day) == (10, 1, 9, 30)
    assert be_year(end) == fiscal_year


@given(st.integers(min_value=MIN_BE_YEAR, max_value=MAX_BE_YEAR))
def test_it_puts_the_six_month_round_at_the_start_of_the_fiscal_year(fiscal_year: int) -> None:
    start, end = six_month_bounds(fiscal_year)
    fy_start, fy_end = fiscal_year_bounds(fiscal_year)
    assert start == fy_start
    assert end == last_day_of_month(end)
    assert end.month == 3
    assert fy_start < end < fy_end
    assert fiscal_year_of(end) == fiscal_year


@given(be_dates, be_dates)
def test_it_writes_month_ranges_without_arabic_digits(start: dt.date, end: dt.date) -> None:
    text = format_month_range(start, end)
    assert not _ARABIC.search(text)
    assert not _THAI_DIGIT.search(format_month_range(start, end, thai_digits=False))


@given(be_dates, be_dates)
def test_it_writes_month_ranges_as_one_or_two_readable_months(start: dt.date, end: dt.date) -> None:
    assume((start.year, start.month) <= (end.year, end.month))
    parts = format_month_range(start, end).split(" – ")
    same_month = (start.year, start.month) == (end.year, end.month)
    assert len(parts) == (1 if same_month else 2)
    if be_year(start) // 100 == be_year(end) // 100 == 25:
        assert parse_month(parts[0]) == start.replace(day=1)
        assert parse_month(parts[-1]) == end.replace(day=1)


@given(st.dates())
def test_it_finds_the_last_day_of_any_month(day: dt.date) -> None:
    last = last_day_of_month(day)
    assert (last.year, last.month) == (day.year, day.month)
    assert last >= day
    if last < dt.date.max:
        assert (last + dt.timedelta(days=1)).day == 1
