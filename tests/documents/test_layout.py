"""The PDF's layout: body paragraphs justified to both margins, the 12-month results column,
archival output."""

from __future__ import annotations

import re
import subprocess

import pytest
from lxml import etree

from ita_tracker.docengine.exporters.pdf import SofficeConverter
from ita_tracker.docengine.render import document_context
from tests.documents.helpers import pdftotext, squash
from tests.documents.samples import EVIDENCE_URLS, TWELVE_MONTH_NOTES, twelve_month_plan

pytestmark = pytest.mark.soffice

RIGHT_MARGIN = 595.28 - 2 / 2.54 * 72  # A4 less the 2 cm right margin, in points


def _lines(pdf: bytes) -> list[tuple[str, float]]:
    """(text, xMax) of every line, from pdftotext's bounding boxes."""
    xml = subprocess.run(
        ["pdftotext", "-bbox-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout
    root = etree.fromstring(re.sub(rb"<!DOCTYPE[^>]*>", b"", xml))
    lines = []
    for line in root.iter("{*}line"):
        text = "".join(w.text or "" for w in line.iter("{*}word"))
        lines.append((text, float(line.get("xMax"))))
    return lines


def test_it_justifies_body_paragraphs_to_both_margins(seed_pdf: bytes) -> None:
    context = document_context(twelve_month_plan(), 0)
    paragraph = squash(context["memo"]["background"])
    all_lines = _lines(seed_pdf)
    start = next(i for i, (t, _) in enumerate(all_lines) if t and paragraph.startswith(squash(t)))
    lines, read = [], ""
    for text, x_max in all_lines[start:]:  # the paragraph's lines, up to its end
        lines.append((text, x_max))
        read += squash(text)
        if len(read) >= len(paragraph):
            break
    assert read == paragraph
    assert len(lines) >= 3
    for text, x_max in lines[:-1]:  # every line but the last reaches the right margin
        assert abs(x_max - RIGHT_MARGIN) < 1.5, (text, x_max)


def test_it_keeps_thai_distributed_justification_for_word(seed_docx: bytes) -> None:
    from tests.documents.helpers import docx_part

    xml = etree.tostring(docx_part(seed_docx)).decode()
    assert 'w:val="thaiDistribute"' in xml


def test_it_prints_the_officers_results_and_links_in_the_twelve_month_report(
    twelve_month_pdf: bytes,
) -> None:
    raw = squash(pdftotext(twelve_month_pdf, "-raw"))
    assert squash("ผลการดำเนินงาน / หลักฐาน") in raw
    for note in TWELVE_MONTH_NOTES.values():
        assert squash(note) in raw
    # A link too long for two lines of its column is shown shortened (the link keeps it all).
    assert squash("thaphae.go.th/…/no-gift-policy-2566") in raw
    # The preparer with position, and one block per approval step (three).
    assert squash("(นางสาวกมลทิพย์ วัจนะพันธ์)") in raw
    for heading in ("ความเห็นผู้อำนวยการกอง", "ความเห็นปลัดเทศบาล", "ความเห็นนายกเทศมนตรี"):
        assert squash(heading) in raw


def test_it_makes_evidence_links_hyperlinks_in_the_docx(twelve_month_docx: bytes) -> None:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(twelve_month_docx)) as archive:
        rels = archive.read("word/_rels/document.xml.rels").decode()
        body = archive.read("word/document.xml").decode()
        styles = archive.read("word/styles.xml").decode()
    assert 'Target="https://www.thaphae.go.th/news/no-gift-policy-2566"' in rels
    assert body.count("<w:hyperlink ") == 4
    # In Word's Hyperlink style: LibreOffice makes PDF links only of runs in that style.
    assert 'w:styleId="Hyperlink"' in styles
    for link in re.findall(r"<w:hyperlink .*?</w:hyperlink>", body):
        assert '<w:rStyle w:val="Hyperlink"/>' in link
        # At most two lines, wrapped only after "/" or ".".
        pieces = re.findall(r"<w:t[^>]*>([^<]*)</w:t>", link)
        assert 1 <= len(pieces) <= 2
        assert all(piece.endswith(("/", ".")) for piece in pieces[:-1]), pieces


def _link_annotations(pdf: bytes) -> list[tuple[int, str, list[float]]]:
    import io

    import pypdf

    found = []
    for number, page in enumerate(pypdf.PdfReader(io.BytesIO(pdf)).pages, start=1):
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") == "/Link":
                uri = str(annotation["/A"]["/URI"])
                found.append((number, uri, [float(v) for v in annotation["/Rect"]]))
    return found


def test_it_makes_evidence_links_clickable_in_the_pdf(twelve_month_pdf: bytes) -> None:
    links = _link_annotations(twelve_month_pdf)
    assert {uri for _, uri, _ in links} == {u for us in EVIDENCE_URLS.values() for u in us}
    # Each in the results column, the last 3.1 cm of the 16 cm text width (3 cm left margin).
    column_left = (3 + 16 - 3.1) / 2.54 * 72
    for _, uri, (x0, _y0, x1, _y1) in links:
        assert column_left - 2 < x0 < x1 <= RIGHT_MARGIN + 1, uri


def test_it_makes_archival_pdf_a_on_request(seed_docx: bytes) -> None:
    converter = SofficeConverter()
    try:
        pdf = converter.convert(seed_docx, archival=True)
    finally:
        converter.close()
    assert b"pdfaid:part" in pdf
    assert b"StructTreeRoot" in pdf
    assert re.search(rb"pdfaid:part[^0-9]{0,3}2", pdf)


def test_an_archival_report_keeps_its_links_and_stays_pdf_a(twelve_month_docx: bytes) -> None:
    from tests.documents.signing_helpers import pdfa_problems

    converter = SofficeConverter()
    try:
        pdf = converter.convert(twelve_month_docx, archival=True)
    finally:
        converter.close()
    assert len(_link_annotations(pdf)) >= 4
    assert pdfa_problems(pdf) == []  # link annotations carry the Print flag PDF/A wants
