"""Reading a result file (CSV or XLSX) into numbered rows of cells. No ORM here.

Only the first worksheet of an XLSX is read, with the values Excel last computed (not the
formulas). Limits keep a hostile file from eating the server: size, rows, and for an XLSX the
checks of ``lib/safe_zip.py`` (a zip bomb is refused before it is opened).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from ita_tracker.lib import safe_zip
from ita_tracker.lib.errors import UnsafeArchive

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000


class SheetError(ValueError):
    def __init__(self, th: str, en: str) -> None:
        self.th = th
        self.en = en
        super().__init__(f"{th} / {en}")


@dataclass(frozen=True)
class Sheet:
    name: str
    # (row number as the spreadsheet shows it, cells left to right); empty rows left out
    rows: list[tuple[int, list[Any]]]


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _trimmed(cells: list[Any]) -> list[Any]:
    while cells and _blank(cells[-1]):
        cells.pop()
    return cells


def _read_csv(data: bytes) -> list[tuple[int, list[Any]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Thai Windows (TIS-620 / cp874) is what an older Excel writes when saving as CSV.
        text = data.decode("cp874", errors="strict")
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = []
    for number, cells in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
        if number > MAX_ROWS:
            raise SheetError(
                f"ไฟล์มีเกิน {MAX_ROWS:,} แถว", f"the file has more than {MAX_ROWS:,} rows"
            )
        cells = _trimmed(list(cells))
        if cells:
            rows.append((number, cells))
    return rows


def _read_xlsx(data: bytes) -> list[tuple[int, list[Any]]]:
    import openpyxl

    try:
        # Bombs, encrypted members and XML with a DTD are refused before openpyxl parses.
        with safe_zip.open_checked(data) as archive:
            safe_zip.check_all_xml(archive)
    except UnsafeArchive as exc:
        raise SheetError(exc.message_th, exc.message_en) from None
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a bad or protected file
        raise SheetError(
            "เปิดไฟล์ XLSX ไม่ได้ (ไฟล์เสียหายหรือมีรหัสผ่าน)",
            f"cannot open the XLSX file (damaged or password-protected): {type(exc).__name__}",
        ) from None
    try:
        sheet = book.worksheets[0]
        rows = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number > MAX_ROWS:
                raise SheetError(
                    f"ไฟล์มีเกิน {MAX_ROWS:,} แถว", f"the file has more than {MAX_ROWS:,} rows"
                )
            cells = _trimmed(list(values))
            if cells:
                rows.append((number, cells))
        return rows
    finally:
        book.close()


def read_sheet(data: bytes, filename: str) -> Sheet:
    """The rows of a CSV or XLSX file (told apart by content, not by name)."""
    if len(data) > MAX_BYTES:
        raise SheetError(
            f"ไฟล์ใหญ่เกิน {MAX_BYTES // (1024 * 1024)} MB",
            f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB",
        )
    if data.startswith(b"PK\x03\x04"):
        rows = _read_xlsx(data)
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise SheetError(
            "ไฟล์ Excel รุ่นเก่า (.xls) หรือไฟล์ที่มีรหัสผ่าน: กรุณาบันทึกเป็น .xlsx หรือ .csv",
            "an old Excel (.xls) or password-protected file: save it as .xlsx or .csv",
        )
    else:
        try:
            rows = _read_csv(data)
        except UnicodeDecodeError:
            raise SheetError(
                "อ่านไฟล์ไม่ได้: ไม่ใช่ CSV (UTF-8) หรือ XLSX",
                "cannot read the file: neither CSV (UTF-8) nor XLSX",
            ) from None
    if not rows:
        raise SheetError("ไฟล์ว่างเปล่า", "the file is empty")
    return Sheet(filename, rows)
