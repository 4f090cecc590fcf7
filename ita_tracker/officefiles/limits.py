"""Bounds on what an imported file may cost to open: size, ZIP members, expansion, XML entities.

A .docx/.xlsx is a ZIP of XML parts. Before python-docx or openpyxl open one, its directory is
checked: a zip bomb (a small file that inflates to gigabytes) or an XML part declaring entities
(the "billion laughs") is refused without being inflated.
"""

from __future__ import annotations

import io
import zipfile

from ita_tracker.officefiles.errors import refuse

MAX_FILE_BYTES = 10 * 1024 * 1024  # an agency's memo or sheet is well under 1 MB
MAX_MEMBERS = 2000
MAX_UNCOMPRESSED = 100 * 1024 * 1024
MAX_RATIO = 200  # per member of more than 1 MB; ordinary XML compresses 5-20 times
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")


def check_size(data: bytes, source: str) -> None:
    if len(data) > MAX_FILE_BYTES:
        raise refuse(
            f"ไฟล์ใหญ่เกินไป ({len(data) // (1024 * 1024)} MB) รับได้ไม่เกิน "
            f"{MAX_FILE_BYTES // (1024 * 1024)} MB",
            f"the file is too large ({len(data) // (1024 * 1024)} MB); the limit is "
            f"{MAX_FILE_BYTES // (1024 * 1024)} MB",
            source=source,
        )


def check_not_ole2(data: bytes, source: str) -> None:
    """Encrypted Office files and Word/Excel 97-2003 files are OLE2 compound files."""
    if not data.startswith(_OLE2):
        return
    if _ENCRYPTED in data:
        raise refuse(
            "ไฟล์นี้ตั้งรหัสผ่านไว้ ให้เปิดใน Word หรือ Excel แล้วเอารหัสผ่านออก "
            "(ไฟล์ › ข้อมูล › ป้องกันเอกสาร) แล้วบันทึกใหม่",
            "the file is password-protected: open it in Word or Excel, remove the password "
            "(File › Info › Protect) and save it again",
            source=source,
        )
    raise refuse(
        "ไฟล์นี้เป็นรูปแบบเก่า (.doc/.xls) ให้บันทึกเป็น .docx หรือ .xlsx ก่อน",
        "the file is in the old .doc/.xls format: save it as .docx or .xlsx first",
        source=source,
    )


def open_ooxml(data: bytes, source: str) -> zipfile.ZipFile:
    """The file as a ZIP, checked: member count, total and per-member expansion, no entities."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise refuse(
            "ไฟล์เสียหรือไม่ใช่ไฟล์ Word/Excel (.docx/.xlsx)",
            "the file is damaged or is not a Word/Excel file (.docx/.xlsx)",
            source=source,
        ) from None
    bomb = refuse(
        "ไฟล์นี้ขยายตัวผิดปกติเมื่อแตกออก (zip bomb) จึงไม่เปิด",
        "the file expands abnormally when unpacked (a zip bomb); it was not opened",
        source=source,
    )
    if len(members) > MAX_MEMBERS:
        raise bomb
    total = 0
    for member in members:
        if member.flag_bits & 0x1:
            raise refuse(
                "ไฟล์นี้ตั้งรหัสผ่านไว้ ให้เอารหัสผ่านออกแล้วบันทึกใหม่",
                "the file is password-protected: remove the password and save it again",
                source=source,
            )
        total += member.file_size
        if total > MAX_UNCOMPRESSED:
            raise bomb
        if member.file_size > 1024 * 1024 and member.file_size > MAX_RATIO * max(
            member.compress_size, 1
        ):
            raise bomb
    for member in members:
        if member.filename.endswith((".xml", ".rels")):
            with archive.open(member) as handle:
                head = handle.read(2048)
            if b"<!ENTITY" in head or b"<!DOCTYPE" in head:
                raise refuse(
                    "ไฟล์มีส่วน XML ที่ประกาศ entity ซึ่งไฟล์ Word/Excel ปกติไม่มี จึงไม่เปิด",
                    "an XML part of the file declares entities, which normal Word/Excel files "
                    "never do; it was not opened",
                    source=source,
                )
    return archive
