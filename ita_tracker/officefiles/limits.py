"""Bounds on what an imported file may cost to open: size, ZIP members, expansion, XML entities.

A .docx/.xlsx is a ZIP of XML parts. Before python-docx or openpyxl open one, it goes through
``lib.safe_zip``: a zip bomb (a small file that inflates to gigabytes) is refused from its
directory, and an XML part declaring entities (the "billion laughs") before it is expanded.
"""

from __future__ import annotations

import zipfile

from ita_tracker.lib import safe_zip
from ita_tracker.lib.errors import NotAnArchive, UnsafeArchive
from ita_tracker.officefiles.errors import refuse

MAX_FILE_BYTES = 10 * 1024 * 1024  # an agency's memo or sheet is well under 1 MB
# An XML part python-docx or openpyxl would parse: a 200-measure memo's is under 1 MB.
MAX_XML_PART = 16 * 1024 * 1024
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
    """The file as a ZIP, checked by ``lib.safe_zip`` (member count, sizes, expansion ratio,
    encryption) with every XML part parsed once without DTDs or entities."""
    try:
        archive = safe_zip.open_checked(data)
        for info in archive.infolist():
            if info.filename.lower().endswith(".xml") and info.file_size > MAX_XML_PART:
                raise UnsafeArchive(
                    f"ส่วนนี้ใหญ่เกิน {MAX_XML_PART // (1024 * 1024)} MB",
                    f"the part is larger than {MAX_XML_PART // (1024 * 1024)} MB",
                    location=info.filename,
                )
        safe_zip.check_all_xml(archive)
    except NotAnArchive:
        raise refuse(
            "ไฟล์เสียหรือไม่ใช่ไฟล์ Word/Excel (.docx/.xlsx)",
            "the file is damaged or is not a Word/Excel file (.docx/.xlsx)",
            source=source,
        ) from None
    except UnsafeArchive as exc:
        where = f" ({exc.location})" if exc.location else ""
        raise refuse(
            f"ไฟล์นี้เปิดอย่างปลอดภัยไม่ได้: {exc.message_th}{where}",
            f"the file cannot be opened safely: {exc.message_en}{where}",
            source=source,
        ) from None
    return archive
