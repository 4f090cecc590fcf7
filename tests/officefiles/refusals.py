"""Files an import must refuse quickly, whole: the cases of issue 13, built in memory."""

from __future__ import annotations

import io
import zipfile

from tests.officefiles.docx_fixtures import docx_bytes

MiB = 1024 * 1024


def not_a_measures_table() -> bytes:
    return docx_bytes([[["ผลการประเมิน", "คะแนน"], ["คะแนนรวม", "70.33"]]])


def password_protected() -> bytes:
    """What Word saves when a password is set: an OLE2 file with an EncryptedPackage stream."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    return header + "EncryptionInfo".encode("utf-16-le") + "EncryptedPackage".encode("utf-16-le")


def fifty_megabytes() -> bytes:
    return b"PK\x03\x04" + b"\x00" * (50 * MiB)


def zip_bomb() -> bytes:
    """A .docx whose document.xml inflates from ~100 kB to 100 MB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<w:document>" + b" " * (100 * MiB))
    return buffer.getvalue()


def billion_laughs() -> bytes:
    buffer = io.BytesIO()
    entities = '<!ENTITY a "ha">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9)
    )
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(
            "word/document.xml", f'<?xml version="1.0"?><!DOCTYPE d [{entities}]><d>&j;</d>'
        )
    return buffer.getvalue()


def damaged() -> bytes:
    return b"PK\x03\x04" + b"not really a zip" * 10


CASES = {
    "not-a-measures-table": (not_a_measures_table, "ไม่พบตารางมาตรการ"),
    "password-protected": (password_protected, "รหัสผ่าน"),
    "fifty-megabytes": (fifty_megabytes, "ใหญ่เกินไป"),
    "zip-bomb": (zip_bomb, "เปิดอย่างปลอดภัยไม่ได้"),
    "billion-laughs": (billion_laughs, "DTD"),
    "damaged": (damaged, "เสีย"),
}
