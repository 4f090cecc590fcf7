"""Dates on screens are Buddhist-era; date inputs take Arabic or Thai digits and say พ.ศ."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django import forms
from django.utils import translation

from ita_tracker.plans.form_fields import BEDateField, BEMonthField, LinesField
from ita_tracker.plans.templatetags import thai


def test_it_formats_dates_in_the_buddhist_era():
    day = dt.date(2023, 4, 3)
    assert thai.thai_date(day) == "3 เมษายน 2566"
    assert thai.thai_date_short(day) == "3 เม.ย. 66"
    assert thai.thai_date(day, "numeric") == "3/4/2566"
    assert thai.month_range(dt.date(2022, 10, 1), dt.date(2023, 3, 1)) == "ต.ค.65 – มี.ค.66"
    assert thai.thai_month(day) == "เมษายน 2566"
    assert thai.be_year(day) == "2566"
    assert thai.date_range(dt.date(2022, 10, 1), dt.date(2023, 3, 31)) == (
        "1 ตุลาคม 2565 – 31 มีนาคม 2566"
    )
    assert thai.thai_date(None) == ""


def test_it_shows_times_in_bangkok():
    utc = dt.datetime(2023, 4, 2, 20, 5, tzinfo=zoneinfo.ZoneInfo("UTC"))
    assert thai.thai_datetime(utc) == "3 เม.ย. 2566 03:05 น."


class _Form(forms.Form):
    day = BEDateField()
    month = BEMonthField()
    steps = LinesField()


@pytest.mark.parametrize(
    ("day", "month"),
    [("3/4/2566", "10/2565"), ("๓/๔/๒๕๖๖", "ต.ค.๖๕"), ("3 เม.ย. 66", "ตุลาคม 2565")],
)
def test_it_reads_dates_typed_with_arabic_or_thai_digits(day, month):
    form = _Form({"day": day, "month": month, "steps": ""})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == dt.date(2023, 4, 3)
    assert form.cleaned_data["month"] == dt.date(2022, 10, 1)


def test_it_refuses_christian_era_years_in_the_screens_language_only():
    # One language per screen (ADR 0012): Thai on a Thai screen, English on an English one.
    form = _Form({"day": "3/4/2023", "month": "10/2565"})
    assert not form.is_valid()
    assert "ปีต้องเป็นปีพุทธศักราช" in form.errors["day"][0]
    assert "Buddhist-era" not in form.errors["day"][0]
    with translation.override("en"):
        form = _Form({"day": "3/4/2023", "month": "10/2565"})
        assert not form.is_valid()
        assert "Buddhist-era" in form.errors["day"][0]
        assert "ปีต้องเป็นปีพุทธศักราช" not in form.errors["day"][0]


def test_it_shows_an_input_as_day_month_be_year_with_the_era_beside_it():
    html = str(_Form(initial={"day": dt.date(2023, 4, 3), "month": dt.date(2022, 10, 1)}))
    assert 'value="3/4/2566"' in html
    assert 'value="10/2565"' in html
    assert html.count("พ.ศ.") >= 2
    assert '<label for="id_day"' in html


def test_it_reads_steps_one_per_line_without_their_bullets():
    form = _Form({"day": "1/1/2566", "month": "1/2566", "steps": "- ประชุม\n\n2. ชี้แจง\n• เผยแพร่\n"})
    assert form.is_valid()
    assert form.cleaned_data["steps"] == ["ประชุม", "ชี้แจง", "เผยแพร่"]
