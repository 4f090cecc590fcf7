"""What an uploaded file really is, read from its first bytes (no Django imports).

A file's name and the browser's Content-Type are claims made by the uploader; only the content
decides. Office files are checked one level deeper: a DOCX/XLSX/PPTX is a ZIP that holds
``[Content_Types].xml``, and a legacy DOC/XLS/PPT is an OLE2 compound file naming its main stream.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass


@dataclass(frozen=True)
class FileType:
    content_type: str
    extensions: tuple[str, ...]  # the first one is used when a name has no extension
    label: str

    @property
    def extension(self) -> str:
        return self.extensions[0]


PDF = FileType("application/pdf", (".pdf",), "PDF")
PNG = FileType("image/png", (".png",), "PNG")
JPEG = FileType("image/jpeg", (".jpg", ".jpeg", ".jpe"), "JPEG")
GIF = FileType("image/gif", (".gif",), "GIF")
WEBP = FileType("image/webp", (".webp",), "WebP")
DOCX = FileType(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",), "Word"
)
XLSX = FileType(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",), "Excel"
)
PPTX = FileType(
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    (".pptx",),
    "PowerPoint",
)
DOC = FileType("application/msword", (".doc",), "Word 97-2003")
XLS = FileType("application/vnd.ms-excel", (".xls",), "Excel 97-2003")
PPT = FileType("application/vnd.ms-powerpoint", (".ppt",), "PowerPoint 97-2003")

ALLOWED = (PDF, PNG, JPEG, GIF, WEBP, DOCX, XLSX, PPTX, DOC, XLS, PPT)
IMAGES = (PNG, JPEG, GIF, WEBP)

_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Stream names in an OLE2 directory are UTF-16LE.
_OLE2_STREAMS = (
    ("WordDocument".encode("utf-16-le"), DOC),
    ("Workbook".encode("utf-16-le"), XLS),
    ("Book".encode("utf-16-le"), XLS),
    ("PowerPoint Document".encode("utf-16-le"), PPT),
)
_OOXML_PARTS = (("word/", DOCX), ("xl/", XLSX), ("ppt/", PPTX))


def _ooxml(data: bytes) -> FileType | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    for prefix, kind in _OOXML_PARTS:
        if any(name.startswith(prefix) for name in names):
            return kind
    return None


def _ole2(data: bytes) -> FileType | None:
    for stream, kind in _OLE2_STREAMS:
        if stream in data:
            return kind
    return None


def sniff(data: bytes) -> FileType | None:
    """The allowed type ``data`` is, or None (HTML, scripts, executables, unknown ZIPs …)."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return WEBP
    if data.startswith(b"PK\x03\x04"):
        return _ooxml(data)
    if data.startswith(_OLE2_MAGIC):
        return _ole2(data)
    return None


def extension_of(name: str) -> str:
    """``.pdf`` for ``รายงาน.PDF``; empty when the name has none."""
    base = name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    if "." not in base.strip("."):
        return ""
    return "." + base.rsplit(".", 1)[-1].lower()


def safe_name(name: str, kind: FileType) -> str:
    """The uploader's file name without any path, with the type's extension when it has none."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip().strip(".") or "file"
    if not extension_of(base):
        base += kind.extension
    return base[:255]
