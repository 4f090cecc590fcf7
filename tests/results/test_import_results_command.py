"""``import_results``: the national list for every agency of the installation, all or nothing."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from ita_tracker.agencies.models import Agency
from ita_tracker.results.models import IndicatorScore, ItaResult

NATIONAL = (
    "ลำดับ,ชื่อหน่วยงาน,จังหวัด,ประเภท,IIT,EIT,OIT,คะแนนรวม,ระดับผลการประเมิน,ตัวชี้วัดที่ 10\n"
    "1,เทศบาลตำบลท่าแพ,นครศรีธรรมราช,เทศบาลตำบล,88.00,84.00,96.00,89.99,ผ่าน,92\n"
    "2,องค์การบริหารส่วนตำบลตัวอย่าง,ลำปาง,อบต.,96.1,95.5,97.0,96.30,ผ่านดีเยี่ยม,\n"
    "3,หน่วยงานที่ไม่อยู่ในระบบนี้,ยะลา,อบต.,90,90,90,90,ผ่านดี,\n"
)


def _run(tmp_path, text, *args):
    path = tmp_path / "ita-2568.csv"
    path.write_text(text, encoding="utf-8-sig")
    out, err = StringIO(), StringIO()
    call_command("import_results", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def agencies(agency_a, agency_b):
    agency_b.name, agency_b.province = "องค์การบริหารส่วนตำบลตัวอย่าง", "ลำปาง"
    agency_b.save()
    return agency_a, agency_b


def test_it_imports_the_national_list_and_skips_agencies_not_here(tmp_path, agencies):
    out, err = _run(tmp_path, NATIONAL, "--year", "2568")

    assert "2 rows read for 2568; 2 created, 0 updated" in out
    assert "row 4, column B (ชื่อหน่วยงาน)" in err
    assert "skipped" in err
    a = ItaResult.objects.get(agency=agencies[0], fiscal_year__be_year=2568)
    assert a.level_written == "ผ่าน"
    assert a.rating == "ผ่าน"
    assert a.indicator_scores.get().score == Decimal("92")
    b = ItaResult.objects.get(agency=agencies[1], fiscal_year__be_year=2568)
    assert b.rating == "ผ่านดีเยี่ยม"


def test_it_refuses_everything_when_one_row_is_bad(tmp_path, agencies):
    bad = NATIONAL.replace("96.30,ผ่านดีเยี่ยม", "9x.30,ผ่านดีเยี่ยม")
    with pytest.raises(CommandError) as refused:
        _run(tmp_path, bad, "--year", "2568")
    assert refused.value.returncode == 2
    assert "row 3, column H (คะแนนรวม)" in str(refused.value)
    assert not ItaResult.objects.filter(fiscal_year__be_year=2568).exists()
    assert not IndicatorScore.objects.filter(result__fiscal_year__be_year=2568).exists()


def test_strict_refuses_unknown_agencies(tmp_path, agencies):
    with pytest.raises(CommandError) as refused:
        _run(tmp_path, NATIONAL, "--year", "2568", "--strict")
    assert "row 4" in str(refused.value)
    assert not ItaResult.objects.filter(fiscal_year__be_year=2568).exists()


def test_it_needs_a_year(tmp_path, agencies):
    with pytest.raises(CommandError) as refused:
        _run(tmp_path, NATIONAL)
    assert "no fiscal year" in str(refused.value)


def test_it_replaces_a_result_already_there(tmp_path, agencies):
    _run(tmp_path, NATIONAL, "--year", "2568")
    out, _err = _run(tmp_path, NATIONAL.replace("89.99,ผ่าน", "90.01,ผ่าน"), "--year", "2568")
    assert "0 created, 2 updated" in out
    assert ItaResult.objects.get(agency=agencies[0], fiscal_year__be_year=2568).total == Decimal(
        "90.01"
    )
    assert Agency.objects.count() == 2


def test_an_agency_file_through_the_command(tmp_path, agencies):
    out, _err = _run(tmp_path, "ปี,คะแนนรวม\n2564,68.12\n", "--agency", "thaphae")
    assert "1 created" in out
