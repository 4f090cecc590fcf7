"""The one spreadsheet reader both imports use: what it reads, and what it refuses, located."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from ita_tracker.lib import spreadsheets
from ita_tracker.lib.errors import InputRefused, Location
from ita_tracker.lib.spreadsheets import SheetRefused

MiB = 1024 * 1024


def make_zip(members: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return out.getvalue()


def test_it_reads_utf8_with_or_without_a_bom_and_thai_windows_csv():
    text = "ปี,คะแนน\n๒๕๖๕,70.5\n"
    assert spreadsheets.decode_csv(text.encode("utf-8-sig")) == text
    assert spreadsheets.decode_csv(text.encode()) == text
    assert spreadsheets.decode_csv(text.encode("cp874")) == text


def test_it_refuses_bytes_that_are_no_text_at_all():
    with pytest.raises(SheetRefused) as refused:
        spreadsheets.decode_csv(bytes(range(256)))
    assert "save it as CSV UTF-8 or .xlsx" in refused.value.message_en
    assert "CSV UTF-8" in refused.value.message_th


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_it_numbers_csv_rows_as_a_spreadsheet_shows_them(delimiter):
    text = f"ปี{delimiter}คะแนน\n\n2565{delimiter}70.5\n"
    rows = list(spreadsheets.csv_rows(text, max_rows=10))
    assert rows == [(1, ["ปี", "คะแนน"]), (2, []), (3, ["2565", "70.5"])]


def test_it_drops_cells_past_the_last_column_read():
    assert list(spreadsheets.csv_rows("a,b,c,d\n", max_rows=5, max_columns=2)) == [(1, ["a", "b"])]


def test_it_refuses_more_rows_than_the_bound():
    with pytest.raises(SheetRefused) as refused:
        list(spreadsheets.csv_rows("a\n" * 1001, max_rows=1000))
    assert refused.value.message_th == "ไฟล์มีแถวเกิน 1,000 แถว"
    assert refused.value.message_en == "the file has more than 1,000 rows"


def test_it_refuses_a_csv_it_cannot_parse_with_the_row():
    text = 'ปี,หมายเหตุ\n2565,ok\n2566,"' + "x" * 200_000 + '"\n'
    with pytest.raises(SheetRefused) as refused:
        list(spreadsheets.csv_rows(text, max_rows=10))
    problem = refused.value.problem
    assert problem.where == Location(row=3)
    assert problem.format("th").startswith("แถว 3: ไฟล์ CSV ไม่ถูกต้อง")
    assert problem.format("en").startswith("row 3: the CSV file is not valid")
    assert isinstance(refused.value, InputRefused)  # untrusted input, refused before any work


def test_it_refuses_a_file_over_the_size_saying_both_sizes():
    with pytest.raises(SheetRefused) as refused:
        spreadsheets.check_size(b"x" * (3 * MiB), 2 * MiB)
    assert refused.value.message_en == "the file is too large (3 MB); the limit is 2 MB"
    spreadsheets.check_size(b"x" * MiB, 2 * MiB)


def test_it_tells_an_old_excel_file_from_a_password_protected_one():
    ole2 = spreadsheets.OLE2 + b"\x00" * 504
    with pytest.raises(SheetRefused) as old:
        spreadsheets.check_not_ole2(ole2, save_as=(".xlsx หรือ .csv", ".xlsx or .csv"))
    assert "ให้บันทึกเป็น .xlsx หรือ .csv ก่อน" in old.value.message_th
    assert "save it as .xlsx or .csv first" in old.value.message_en
    with pytest.raises(SheetRefused) as locked:
        spreadsheets.check_not_ole2(ole2 + "EncryptedPackage".encode("utf-16-le"), save_as=("", ""))
    assert "password-protected" in locked.value.message_en
    spreadsheets.check_not_ole2(b"PK\x03\x04", save_as=("", ""))


def test_it_refuses_a_zip_bomb_naming_the_part():
    bomb = make_zip({"xl/worksheets/sheet1.xml": "<a>" + " " * (40 * MiB) + "</a>"})
    with pytest.raises(SheetRefused) as refused:
        spreadsheets.open_package(bomb)
    assert refused.value.message_en.startswith("the file cannot be opened safely")
    assert "(xl/worksheets/sheet1.xml)" in refused.value.message_en


def test_it_refuses_xml_with_a_dtd_and_parts_over_the_bound_given():
    dtd = make_zip({"xl/workbook.xml": '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "x">]><d/>'})
    with pytest.raises(SheetRefused, match="DTD"):
        spreadsheets.open_package(dtd)
    big = make_zip({"xl/sharedStrings.xml": "<s>" + "ก" * 2000 + "</s>"})
    spreadsheets.open_package(big)
    with pytest.raises(SheetRefused, match="the part is larger than"):
        spreadsheets.open_package(big, max_xml_part=1000)


def test_it_refuses_a_damaged_package_and_a_zip_that_is_no_workbook():
    with pytest.raises(SheetRefused, match="damaged"):
        spreadsheets.open_package(b"PK\x03\x04" + b"junk" * 20)
    with pytest.raises(SheetRefused, match="cannot open the Excel file"):
        spreadsheets.load_workbook(make_zip({"xl/foo.xml": "<a/>"}), read_only=True)


def test_it_opens_a_workbook_with_the_values_excel_computed():
    book = openpyxl.Workbook()
    book.active.append(["ปี", "คะแนน"])
    book.active.append([2565, 70.5])
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    spreadsheets.open_package(data)
    loaded = spreadsheets.load_workbook(data, read_only=True)
    try:
        assert list(loaded.worksheets[0].iter_rows(values_only=True)) == [
            ("ปี", "คะแนน"),
            (2565, 70.5),
        ]
    finally:
        loaded.close()
