"""Reading untrusted spreadsheets (CSV, XLSX) into numbered rows, with bounded work (no Django).

The plan import from Office files (``officefiles/sheets.py``) and the results import
(``results/sheets.py``) both read through here, so a file is refused for the same reasons with
the same located words whichever screen it was uploaded to:

- :func:`check_size` and :func:`check_not_ole2` before anything is parsed (an old ``.xls`` or
  ``.doc``, or a password-protected Office file, is an OLE2 compound file);
- :func:`open_package`: an Office file as a ZIP, through ``lib/safe_zip.py`` (members, sizes,
  expansion, encryption, XML without DTDs); the Word import goes through it too;
- :func:`load_workbook`: openpyxl, the values Excel last computed;
- :func:`decode_csv` (UTF-8 with or without a BOM, else Thai Windows' cp874) and
  :func:`csv_rows` (delimiter sniffed, rows numbered as a spreadsheet shows them, bounded).

What a row means (headers, Thai digits, dates) is the caller's business. Every refusal is a
:class:`SheetRefused`, located where a place is known.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from typing import Any

from ita_tracker.lib import safe_zip
from ita_tracker.lib.errors import (
    InputRefused,
    LocatedProblem,
    Location,
    NotAnArchive,
    UnsafeArchive,
)

MiB = 1024 * 1024
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_SNIFF_CHARS = 4096


class SheetRefused(InputRefused):
    """A spreadsheet that cannot be read; ``where`` says where, when a place is known."""

    def __init__(self, message_th: str, message_en: str, where: Location | None = None) -> None:
        self.where = where or Location()
        super().__init__(message_th, message_en, location=self.where.en())

    @property
    def problem(self) -> LocatedProblem:
        return LocatedProblem(self.message_th, self.message_en, self.where)


def check_size(data: bytes, max_bytes: int) -> None:
    if len(data) > max_bytes:
        raise SheetRefused(
            f"ไฟล์ใหญ่เกินไป ({len(data) // MiB} MB) รับได้ไม่เกิน {max_bytes // MiB} MB",
            f"the file is too large ({len(data) // MiB} MB); the limit is {max_bytes // MiB} MB",
        )


def check_not_ole2(data: bytes, *, save_as: tuple[str, str]) -> None:
    """Refuse a password-protected Office file or a Word/Excel 97-2003 file (both OLE2);
    ``save_as`` names, in Thai and English, the formats to save an old file as."""
    if not data.startswith(OLE2):
        return
    if _ENCRYPTED in data:
        raise SheetRefused(
            "ไฟล์นี้ตั้งรหัสผ่านไว้ ให้เปิดใน Word หรือ Excel แล้วเอารหัสผ่านออก "
            "(ไฟล์ › ข้อมูล › ป้องกันเอกสาร) แล้วบันทึกใหม่",
            "the file is password-protected: open it in Word or Excel, remove the password "
            "(File › Info › Protect) and save it again",
        )
    raise SheetRefused(
        f"ไฟล์นี้เป็นรูปแบบเก่า (.doc/.xls) ให้บันทึกเป็น {save_as[0]} ก่อน",
        f"the file is in the old .doc/.xls format: save it as {save_as[1]} first",
    )


def open_package(data: bytes, *, max_xml_part: int | None = None) -> zipfile.ZipFile:
    """An Office file (.xlsx, .docx) as a ZIP checked by ``lib.safe_zip`` (member count, sizes,
    expansion ratio, encryption), every XML part parsed once without DTDs or entities and, with
    ``max_xml_part``, no larger than that uncompressed."""
    try:
        archive = safe_zip.open_checked(data)
        for info in archive.infolist():
            too_large = max_xml_part is not None and info.file_size > max_xml_part
            if too_large and info.filename.lower().endswith(".xml"):
                raise UnsafeArchive(
                    f"ส่วนนี้ใหญ่เกิน {(max_xml_part or 0) // MiB} MB",
                    f"the part is larger than {(max_xml_part or 0) // MiB} MB",
                    location=info.filename,
                )
        safe_zip.check_all_xml(archive)
    except NotAnArchive:
        raise SheetRefused(
            "ไฟล์เสียหรือไม่ใช่ไฟล์ Word/Excel (.docx/.xlsx)",
            "the file is damaged or is not a Word/Excel file (.docx/.xlsx)",
        ) from None
    except UnsafeArchive as exc:
        where = f" ({exc.location})" if exc.location else ""
        raise SheetRefused(
            f"ไฟล์นี้เปิดอย่างปลอดภัยไม่ได้: {exc.message_th}{where}",
            f"the file cannot be opened safely: {exc.message_en}{where}",
        ) from None
    return archive


def load_workbook(data: bytes, *, read_only: bool) -> Any:
    """The workbook with the values Excel last computed (not the formulas). ``read_only``
    streams the rows (no merged cells or hyperlinks then); close the workbook after."""
    from openpyxl import load_workbook as openpyxl_load

    try:
        return openpyxl_load(io.BytesIO(data), read_only=read_only, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a broken, odd or protected file
        raise SheetRefused(
            "เปิดไฟล์ Excel ไม่ได้ ไฟล์อาจเสียหรือมีรหัสผ่าน",
            "cannot open the Excel file; it may be damaged or password-protected "
            f"({type(exc).__name__})",
        ) from None


def decode_csv(data: bytes) -> str:
    """UTF-8 (a BOM or not), else cp874: what Excel on Thai Windows writes as "CSV"."""
    for encoding in ("utf-8-sig", "cp874"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SheetRefused(
        "อ่านไฟล์ไม่ได้: ไม่ใช่ CSV (UTF-8) หรือ XLSX ให้บันทึกเป็น CSV UTF-8 หรือ .xlsx",
        "cannot read the file: neither CSV (UTF-8) nor XLSX; save it as CSV UTF-8 or .xlsx",
    )


def csv_rows(
    text: str, *, max_rows: int, max_columns: int | None = None
) -> Iterator[tuple[int, list[str]]]:
    """(row number as a spreadsheet shows it, cells) for each row of CSV text, empty rows
    included. The delimiter (comma, semicolon or tab) is sniffed. More than ``max_rows`` rows
    refuse the file; cells past ``max_columns`` are dropped."""
    try:
        dialect: Any = csv.Sniffer().sniff(text[:_SNIFF_CHARS], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    number = 0
    try:
        for number, cells in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
            if number > max_rows:
                raise SheetRefused(
                    f"ไฟล์มีแถวเกิน {max_rows:,} แถว", f"the file has more than {max_rows:,} rows"
                )
            yield number, cells[:max_columns]
    except csv.Error as exc:
        raise SheetRefused(
            "ไฟล์ CSV ไม่ถูกต้อง", f"the CSV file is not valid ({exc})", Location(row=number + 1)
        ) from None
