"""Readers for rendered DOCX and PDF files, shared by the document tests."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path

from lxml import etree

from ita_tracker.planfile.reader import read_plan_text
from ita_tracker.planfile.schema import PlanFile

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "thaphae-2566.yaml"

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
THAI_MARKS = re.compile("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")


# -- DOCX readers ---------------------------------------------------------------------------
def docx_part(docx: bytes, name: str = "word/document.xml") -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return etree.fromstring(archive.read(name))


def docx_part_names(docx: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return archive.namelist()


def text_of(element: etree._Element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


def paragraph_texts(docx: bytes) -> list[str]:
    """The text of every paragraph of the body, table cells included, in order."""
    return [text_of(p) for p in docx_part(docx).iter(f"{W}p")]


def tables(docx: bytes) -> list[list[list[str]]]:
    """Every table as rows of cell texts (a cell's paragraphs joined with newlines)."""
    result = []
    for table in docx_part(docx).iter(f"{W}tbl"):
        rows = []
        for row in table.findall(f"{W}tr"):
            cells = row.findall(f"{W}tc")
            rows.append(["\n".join(text_of(p) for p in c.findall(f"{W}p")) for c in cells])
        result.append(rows)
    return result


def edit_docx(docx: bytes, old: str, new: str, part: str = "word/document.xml") -> bytes:
    """The same DOCX with the first ``old`` in ``part``'s XML replaced by ``new``."""
    source = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == part:
                xml = data.decode("utf-8")
                assert old in xml, f"{old!r} not in {part}"
                data = xml.replace(old, new, 1).encode("utf-8")
            target.writestr(info, data)
    return out.getvalue()


# -- PDF readers ----------------------------------------------------------------------------
def pdftotext(pdf: bytes, *options: str) -> str:
    result = subprocess.run(
        ["pdftotext", *options, "-", "-"], input=pdf, capture_output=True, check=True
    )
    return result.stdout.decode("utf-8")


def squash(text: str) -> str:
    """Without whitespace: cell text wraps anywhere, and pdftotext adds stray spaces."""
    return re.sub(r"\s+", "", text)


def skeleton(text: str) -> str:
    """Without whitespace and Thai marks: pdftotext's layout modes put some marks out of order
    (``ชี้แจง`` comes out as ``ชีแ้ จง``); the raw mode keeps the order and is checked exactly."""
    return THAI_MARKS.sub("", squash(text))


def page_count(pdf: bytes) -> int:
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True)
    match = re.search(rb"^Pages:\s+(\d+)", info.stdout, re.MULTILINE)
    assert match
    return int(match.group(1))


def plan_from(text: str) -> PlanFile:
    return read_plan_text(text, "test.yaml")
