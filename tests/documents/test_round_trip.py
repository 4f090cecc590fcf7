"""The DOCX opens in LibreOffice and survives DOCX -> ODT -> DOCX with its tables: an agency
that edits the memo in LibreOffice Writer and saves it back as Word keeps what it had."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document

from ita_tracker.docengine.exporters.pdf import find_soffice
from tests.documents.helpers import squash, tables

pytestmark = pytest.mark.soffice


def _convert(source: Path, target_format: str, profile: Path) -> Path:
    subprocess.run(
        [
            find_soffice(),
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            target_format,
            "--outdir",
            str(source.parent),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return source.with_suffix("." + target_format.split(":")[0])


def test_the_report_survives_odt_and_back_with_its_tables(
    twelve_month_docx: bytes, tmp_path: Path
) -> None:
    original = tmp_path / "report.docx"
    original.write_bytes(twelve_month_docx)
    work = tmp_path / "work"
    work.mkdir()
    odt = _convert(original, "odt", tmp_path / "profile")
    assert odt.stat().st_size > 0
    odt = odt.rename(work / "report.odt")
    back = _convert(odt, "docx:MS Word 2007 XML", tmp_path / "profile")
    result = back.read_bytes()

    Document(str(back))  # python-docx (what Word-compatible tools use) opens it
    before, after = tables(twelve_month_docx), tables(result)
    assert len(after) == len(before)
    for table_before, table_after in zip(before, after, strict=True):
        assert len(table_after) == len(table_before)
        cells_before = [squash(cell) for row in table_before for cell in row if cell.strip()]
        cells_after = [squash(cell) for row in table_after for cell in row if cell.strip()]
        assert cells_after == cells_before
    # The evidence links are still links.
    with zipfile.ZipFile(back) as archive:
        rels = archive.read("word/_rels/document.xml.rels").decode()
    assert "https://www.thaphae.go.th/news/no-gift-policy-2566" in rels
