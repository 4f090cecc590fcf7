"""Importing one agency's results history from CSV/XLSX: all or nothing, located errors."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest

from ita_tracker.audit.models import AuditEvent
from ita_tracker.results.importing import ImportRefused, import_agency_results
from ita_tracker.results.models import ItaResult

HISTORY = (
    "ปีงบประมาณ,คะแนนรวม,IIT,EIT,OIT,ระดับ,ตัวชี้วัดที่ 1,ตัวชี้วัดที่ 9,O1,O1 เหตุผล\n"
    "2564,๖๘.๑๒ คะแนน,70.10,66.00,68.05,C,71.00,60.50,,\n"
    "2565,70.33,75.10,72.00,65.50,ระดับ C,74.20,61.25,,\n"
    "2566,IIT 26.53 + EIT 24.16 + OIT 37.75 = 88.44,,,,A และ ผ่าน,90,95,ไม่มี,ไม่พบบนเว็บไซต์หลัก\n"
)


def _import(agency, text: str, user=None, name="history.csv", **kwargs):
    return import_agency_results(
        agency=agency, data=text.encode(), filename=name, acting_user=user, **kwargs
    )


def test_it_imports_a_multi_year_history_from_csv(agency_a, coordinator):
    report = _import(agency_a, HISTORY, coordinator)

    assert report.written.created == 2
    assert report.written.updated == 1
    rows = {r.fiscal_year.be_year: r for r in ItaResult.objects.filter(agency=agency_a)}
    assert rows[2564].total == Decimal("68.12")
    assert rows[2565].level_written == "ระดับ C"
    assert rows[2565].rating == "C"
    assert rows[2565].indicator_scores.get(indicator__number=9).score == Decimal("61.25")
    r2566 = rows[2566]
    assert (r2566.total, r2566.iit, r2566.eit, r2566.oit) == (
        Decimal("88.44"),
        Decimal("88.43"),
        Decimal("80.53"),
        Decimal("94.38"),
    )
    assert r2566.level_written == "A และ ผ่าน"
    assert r2566.rating == "A"
    item = r2566.oit_items.get()
    assert (item.item.code, item.has, item.reason) == ("O1", False, "ไม่พบบนเว็บไซต์หลัก")
    imported = AuditEvent.objects.filter(action="result.imported", agency=agency_a)
    assert imported.filter(actor=coordinator).count() == 3


def test_it_reads_a_table_with_one_column_per_year(agency_a):
    table = (
        "รายการ,ปี 2564,ปี 2565\n"
        "คะแนนรวม,68.12,70.33\n"
        "ระดับ,C,C\n"
        "ตัวชี้วัดที่ 5 การแก้ไขปัญหาการทุจริต,55,58.5\n"
    )
    _import(agency_a, table)
    rows = {r.fiscal_year.be_year: r for r in ItaResult.objects.filter(agency=agency_a)}
    assert rows[2564].indicator_scores.get().score == Decimal("55")
    assert rows[2565].indicator_scores.get().score == Decimal("58.50")


def test_it_reads_xlsx(agency_a):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["ผลการประเมิน ITA ย้อนหลัง"])
    sheet.append(["ปีงบประมาณ", "คะแนนรวม", "ระดับ"])
    sheet.append([2564, 68.12, "C"])
    buffer = io.BytesIO()
    book.save(buffer)

    import_agency_results(
        agency=agency_a, data=buffer.getvalue(), filename="h.xlsx", acting_user=None
    )

    assert ItaResult.objects.get(agency=agency_a, fiscal_year__be_year=2564).total == Decimal(
        "68.12"
    )


def test_it_refuses_the_whole_file_with_the_row_and_column_of_each_error(agency_a):
    bad = HISTORY.replace("2565,70.33", "2565,170.33").replace("90,95,ไม่มี", "90,95,บางส่วน")
    before = ItaResult.objects.count()

    with pytest.raises(ImportRefused) as refused:
        _import(agency_a, bad)

    lines = [p.line() for p in refused.value.problems]
    assert any(line.startswith("row 3, column B (คะแนนรวม)") for line in lines), lines
    assert any(line.startswith("row 4, column I (O1)") for line in lines), lines
    assert ItaResult.objects.count() == before
    assert ItaResult.objects.get(fiscal_year__be_year=2565).total == Decimal("70.33")


def test_it_refuses_a_christian_era_year_and_a_year_without_a_catalogue(agency_a):
    with pytest.raises(ImportRefused) as refused:
        _import(agency_a, "ปีงบประมาณ,คะแนนรวม\n2022,80\n2450,80\n")
    texts = [p.en for p in refused.value.problems]
    assert any("Christian-era" in t for t in texts)
    assert any("no ITA catalogue for fiscal year 2450" in t for t in texts)


def test_it_warns_but_keeps_a_level_that_differs_from_the_rules(agency_a):
    report = _import(agency_a, "ปีงบประมาณ,คะแนนรวม,ระดับ\n2564,70,สูงมาก\n")
    assert ItaResult.objects.get(fiscal_year__be_year=2564).level_written == "สูงมาก"
    assert any("differs from the 2564 rules' 'C'" in w.en for w in report.warnings)


def test_it_reads_tool_columns_that_add_up_to_the_total_as_weighted_points(agency_a):
    report = _import(agency_a, "ปี,คะแนนรวม,IIT,EIT,OIT\n2564,88.44,26.53,24.16,37.75\n")
    result = ItaResult.objects.get(fiscal_year__be_year=2564)
    assert result.iit == Decimal("88.43")
    assert result.oit == Decimal("94.38")
    assert any("weighted points" in w.en for w in report.warnings)


def test_a_dry_run_writes_nothing(agency_a):
    report = _import(agency_a, HISTORY, dry_run=True)
    assert len(report.results) == 3
    assert not ItaResult.objects.filter(fiscal_year__be_year=2564).exists()


def test_it_refuses_an_xlsx_bomb_before_opening_it(agency_a):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", "<a>" + " " * 300_000_000 + "</a>")
    with pytest.raises(ImportRefused):
        import_agency_results(
            agency=agency_a, data=buffer.getvalue(), filename="bomb.xlsx", acting_user=None
        )


def test_it_refuses_a_csv_python_cannot_parse_with_the_row_and_writes_nothing(agency_a):
    before = ItaResult.objects.count()
    text = HISTORY + '2567,"' + "x" * 200_000 + '"\n'
    with pytest.raises(ImportRefused) as refused:
        _import(agency_a, text)
    assert refused.value.problems[0].line().startswith("row 5: ไฟล์ CSV ไม่ถูกต้อง")
    assert ItaResult.objects.count() == before


def test_it_tells_a_password_protected_file_from_an_old_excel_file(agency_a):
    locked = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le")
    )
    with pytest.raises(ImportRefused) as refused:
        import_agency_results(agency=agency_a, data=locked, filename="r.xlsx", acting_user=None)
    assert "password-protected" in refused.value.problems[0].en
