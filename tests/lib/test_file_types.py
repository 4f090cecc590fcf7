"""The type of an upload comes from its bytes, not from its name."""

from __future__ import annotations

import pytest

from ita_tracker.lib import file_types
from tests import samples


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (samples.PDF, file_types.PDF),
        (samples.PNG, file_types.PNG),
        (samples.JPEG, file_types.JPEG),
        (samples.GIF, file_types.GIF),
        (samples.WEBP, file_types.WEBP),
        (samples.ooxml("word"), file_types.DOCX),
        (samples.ooxml("xl"), file_types.XLSX),
        (samples.ooxml("ppt"), file_types.PPTX),
        (samples.ole2("WordDocument"), file_types.DOC),
        (samples.ole2("Workbook"), file_types.XLS),
        (samples.ole2("PowerPoint Document"), file_types.PPT),
    ],
)
def test_it_recognises_the_allowed_kinds(data: bytes, kind: file_types.FileType) -> None:
    assert file_types.sniff(data) == kind


@pytest.mark.parametrize(
    "data",
    [
        samples.HTML,
        b"MZ\x90\x00executable",
        samples.plain_zip(),
        samples.OLE2,  # an OLE2 file that is not an Office document
        b"PK\x03\x04 not really a zip",
        b"",
        "ข้อความธรรมดา".encode(),
    ],
)
def test_it_refuses_everything_else(data: bytes) -> None:
    assert file_types.sniff(data) is None


def test_it_reads_extensions_and_makes_safe_names() -> None:
    assert file_types.extension_of("รายงาน.PDF") == ".pdf"
    assert file_types.extension_of("no-extension") == ""
    assert file_types.extension_of(".hidden") == ""
    assert file_types.safe_name("C:\\Users\\me\\ภาพกิจกรรม.jpg", file_types.JPEG) == "ภาพกิจกรรม.jpg"
    assert file_types.safe_name("../../etc/passwd", file_types.PDF) == "passwd.pdf"
    assert file_types.safe_name("photo", file_types.PNG) == "photo.png"
