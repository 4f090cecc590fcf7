"""Excel and CSV: the agencies' table layout written, and read back (also after editing)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook, load_workbook

from ita_tracker.officefiles import OfficeFileError, read_office_file
from ita_tracker.officefiles.build import build_plan
from ita_tracker.officefiles.sheets import write_csv, write_xlsx
from ita_tracker.planfile.reader import read_plan_file
from tests.conftest import EXAMPLE


@pytest.fixture
def example():
    return read_plan_file(EXAMPLE)


def _xlsx(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_it_writes_the_agencies_table_layout(example):
    book = load_workbook(io.BytesIO(write_xlsx(example, round_index=0)))
    assert [s.title for s in book.worksheets] == ["lists", "IIT", "EIT", "OIT", "ข้อมูล"]
    assert book["lists"].sheet_state == "hidden"
    iit = book["IIT"]
    headers = [c.value for c in iit[1]]
    assert headers[:3] == ["ที่", "มาตรการ/แนวทาง ยกระดับ IIT", "วิธีดำเนินการ"]
    assert "สถานะ (รอบ 6 เดือน)" in headers
    assert iit.max_row == 6  # header + 5 IIT measures
    period = iit.cell(row=2, column=headers.index("ระยะเวลาดำเนินการ") + 1)
    assert (period.value, period.number_format) == ("ต.ค.65 – มี.ค.66", "@")
    assert iit.freeze_panes == "C2"
    assert iit.page_setup.orientation == "landscape"
    assert int(iit.page_setup.paperSize) == int(iit.PAPERSIZE_A4)
    assert iit.print_title_rows == "$1:$1"
    formulas = sorted(v.formula1 for v in iit.data_validations.dataValidation)
    assert formulas == ["=lists!$A$1:$A$3", "=lists!$B$1:$B$8"]
    assert [c.value for c in book["lists"]["A"]][:4] == [
        "ยังไม่ดำเนินการ",
        "อยู่ระหว่างดำเนินการ",
        "ดำเนินการเสร็จเรียบร้อยแล้ว",
        None,
    ]
    info = {row[0].value: [c.value for c in row[1:]] for row in book["ข้อมูล"].iter_rows()}
    assert info["หน่วยงาน"] == ["เทศบาลตำบลท่าแพ", "thaphae"]
    assert info["ช่วงเวลารายงาน"] == ["1 ต.ค. 65", "31 มี.ค. 66"]


def test_it_reads_back_the_workbook_it_wrote(example):
    read = read_office_file("thaphae.xlsx", write_xlsx(example, round_index=0))
    assert (read.agency_slug, read.fiscal_year, read.round_kind) == ("thaphae", 2566, "six_month")
    built = build_plan(read, agency=example.agency, fiscal_year=2566, base=example)
    assert built.plan.measures == example.measures
    assert built.plan.rounds[0].progress == example.rounds[0].progress
    assert built.plan.rounds[0].period == example.rounds[0].period
    assert not any(built.flags)


def test_it_reads_a_workbook_edited_by_an_officer(example):
    book = load_workbook(io.BytesIO(write_xlsx(example, round_index=0)))
    iit = book["IIT"]
    headers = [c.value for c in iit[1]]
    column = {h: i + 1 for i, h in enumerate(headers)}
    iit.cell(row=3, column=column["สถานะ (รอบ 6 เดือน)"], value="ดำเนินการเสร็จเรียบร้อยแล้ว")
    iit.cell(row=3, column=column["ข้อความใต้เครื่องหมาย ✓"], value="ตรวจสอบได้จากเว็บไซต์")
    new = {
        "ที่": 6,
        "มาตรการ/แนวทาง ยกระดับ IIT": "อบรมคุณธรรมพนักงานใหม่",
        "วิธีดำเนินการ": "- จัดอบรม\n- ประเมินผล",
        "ผู้รับผิดชอบ": "สำนักปลัด งานการเจ้าหน้าที่",
        "ระยะเวลาดำเนินการ": dt.datetime(2023, 1, 15),  # Excel made a date of "15/1/2566"
        "สถานะ (รอบ 6 เดือน)": "อยู่ระหว่างดำเนินการ",
        "ลิงก์หลักฐาน": "https://www.thaphae.go.th/a",
    }
    for header, value in new.items():
        iit.cell(row=7, column=column[header], value=value)
    read = read_office_file("edited.xlsx", _xlsx(book))
    built = build_plan(read, agency=example.agency, fiscal_year=2566, base=example)
    progress = built.plan.rounds[0].progress
    assert progress["IIT-2"].status == "completed"
    assert progress["IIT-2"].evidence == "ตรวจสอบได้จากเว็บไซต์"
    added = built.plan.measures[5]
    assert (added.title, added.methods) == ("อบรมคุณธรรมพนักงานใหม่", ["จัดอบรม", "ประเมินผล"])
    assert added.responsible == ["สำนักปลัดเทศบาล/งานการเจ้าหน้าที่"]
    assert (added.period.start, added.period.end) == (dt.date(2023, 1, 1), dt.date(2023, 1, 1))
    assert progress["IIT-6"].status == "in_progress"
    assert progress["IIT-6"].urls == ["https://www.thaphae.go.th/a"]


def test_it_reads_an_agencys_own_sheet_with_a_tool_column_and_merged_cells(example):
    book = Workbook()
    sheet = book.active
    sheet.title = "มาตรการ 2566"
    sheet.append(["แผนปฏิบัติการส่งเสริมคุณธรรม"])
    sheet.merge_cells("A1:F1")
    sheet.append(["เครื่องมือ", "ลำดับ", "มาตรการ", "กิจกรรม", "หน่วยงานรับผิดชอบ", "ระยะเวลา"])
    sheet.append(
        ["IIT", 1, "ประกาศนโยบาย No Gift", "ประชุมประกาศนโยบาย", "สำนักปลัด", "ต.ค.65-ธ.ค.65"]
    )
    sheet.append([None, None, None, "เผยแพร่บนเว็บไซต์", None, None])
    sheet.merge_cells("A3:A4")
    sheet.merge_cells("B3:B4")
    sheet.merge_cells("C3:C4")
    sheet.append(["EIT", 1, "คู่มือประชาชน", "ปรับปรุงคู่มือ", "กองช่าง", "ตลอดปีงบประมาณ"])
    read = read_office_file("own.xlsx", _xlsx(book))
    assert [(m.tool, m.title, m.methods) for m in read.measures] == [
        ("IIT", "ประกาศนโยบาย No Gift", ["ประชุมประกาศนโยบาย", "เผยแพร่บนเว็บไซต์"]),
        ("EIT", "คู่มือประชาชน", ["ปรับปรุงคู่มือ"]),
    ]
    assert not read.has_status


def test_it_writes_csv_with_a_bom_and_reads_it_back(example):
    data = write_csv(example, round_index=0)
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").splitlines()[0].startswith("เครื่องมือ,ที่,มาตรการ/แนวทาง")
    built = build_plan(
        read_office_file("thaphae.csv", data), agency=example.agency, fiscal_year=2566
    )
    assert built.plan.measures == example.measures
    assert built.plan.rounds[0].progress == example.rounds[0].progress


@pytest.mark.parametrize(("encoding", "delimiter"), [("cp874", ","), ("utf-8", ";")])
def test_it_reads_csv_saved_by_thai_windows_excel(encoding, delimiter):
    text = delimiter.join(["เครื่องมือ", "มาตรการ", "วิธีดำเนินการ", "สถานะ"]) + "\r\n"
    text += delimiter.join(["OIT", "๑. เปิดเผยข้อมูล", "- ปรับปรุงเว็บไซต์", "ดำเนินการแล้ว"]) + "\r\n"
    (measure,) = read_office_file("sheet.csv", text.encode(encoding)).measures
    assert (measure.tool, measure.title, measure.status) == ("OIT", "เปิดเผยข้อมูล", "completed")


def test_it_refuses_a_sheet_that_is_not_a_measures_table():
    book = Workbook()
    book.active.append(["ชื่อ", "ตำแหน่ง"])
    book.active.append(["นางสายฝน ยกชู", "หัวหน้าสำนักปลัดเทศบาล"])
    with pytest.raises(OfficeFileError, match="no measures table found"):
        read_office_file("people.xlsx", _xlsx(book))


def test_it_locates_problems_by_sheet_row_and_column_letter():
    book = Workbook()
    sheet = book.active
    sheet.title = "แผน"
    sheet.append(["มาตรการ", "วิธีดำเนินการ", "ผู้รับผิดชอบ"])
    sheet.append(["๑. ไม่มีเครื่องมือ", "- ทำ", "สำนักปลัด"])
    with pytest.raises(OfficeFileError) as caught:
        read_office_file("plan.xlsx", _xlsx(book))
    assert caught.value.problems[0].format("en").startswith("sheet 'แผน', row 2")


def test_it_reads_a_sheet_formatted_far_down_up_to_its_bound(example, monkeypatch):
    from ita_tracker.officefiles import sheets

    monkeypatch.setattr(sheets, "MAX_ROWS", 50)
    book = load_workbook(io.BytesIO(write_xlsx(example, round_index=0)))
    book["OIT"].cell(row=5000, column=1).number_format = "@"  # formatted, empty
    book["OIT"].cell(row=5000, column=1, value=" ")
    read = read_office_file("formatted.xlsx", _xlsx(book))
    assert len(read.measures) == 10
    assert "OIT" in read.notes[0].en
