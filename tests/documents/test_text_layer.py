"""The PDF's text layer reads back word for word in the extractors assessors and search engines
use: poppler (raw, layout and plain pdftotext), pdfium, pdfminer.six and pypdf
(exporters/text_layer.py). The page itself looks as LibreOffice drew it."""

from __future__ import annotations

import collections
import io
import re
from collections.abc import Callable
from unittest import mock

import pypdf
import pypdfium2
import pytest
from pdfminer.high_level import extract_text
from PIL import ImageChops

from ita_tracker.docengine.exporters import pdf as pdf_exporter
from ita_tracker.docengine.exporters.text_layer import fix_text_layer
from ita_tracker.docengine.render import render_document
from tests.documents.helpers import EXAMPLE, pdftotext, plan_from, squash
from tests.documents.test_pdf_export import SEED_TEXTS

pytestmark = pytest.mark.soffice

# The stress line of thai-documents.md (stacked marks, sara am after tone marks, ญ ฐ tails).
STRESS = "ป่าไม้ ป้ำ ฝั่ง ฟื้นฟู ฝ้าย ปั้น ที่นี่ น้ำ กตัญญู ฐาน ปฏิบัติ ฎีกา ฤทธิ์ ผู้ใหญ่ ปิ่นโต ชี้แจง ปัจจุบัน กิ๊ฟ ต่ำ ค้ำ"
# Words the issue found broken: ำ without its า, tone marks reordered or split off.
WORDS = ["สำนักปลัดเทศบาล", "รายงานผลการ", "ชี้แจง", "ปัจจุบัน", "ผู้บริหาร", "ที่", "เรื่อง"]
TONE_BEFORE_VOWEL = re.compile("[\u0e48-\u0e4b][\u0e31\u0e34-\u0e3a\u0e47]")
MARK_AT_LINE_START = re.compile(r"(?m)^\s*[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")


def _pypdf(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def _pdfminer(pdf: bytes) -> str:
    return str(extract_text(io.BytesIO(pdf)))


def _pdfium(pdf: bytes) -> str:
    document = pypdfium2.PdfDocument(pdf)
    # pdfium marks a hyphen at a line end as soft (U+FFFE).
    text = "\n".join(page.get_textpage().get_text_range() for page in document)
    return text.replace("\ufffe", "-")


EXTRACTORS: dict[str, Callable[[bytes], str]] = {
    "poppler-raw": lambda pdf: pdftotext(pdf, "-raw"),
    "poppler-layout": lambda pdf: pdftotext(pdf, "-layout"),
    "poppler-plain": lambda pdf: pdftotext(pdf),
    "pdfium": _pdfium,
    "pdfminer": _pdfminer,
    "pypdf": _pypdf,
}


@pytest.fixture(scope="module")
def stress_pdfs() -> tuple[bytes, bytes]:
    """A memo whose background is the stress line: as LibreOffice wrote it, and fixed."""
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        "ตามที่งานธุรการ ได้รายงาน", f"{STRESS} ตามที่งานธุรการ ได้รายงาน", 1
    )
    docx = render_document(plan_from(text), round_index=0, fmt="docx")
    converter = pdf_exporter.SofficeConverter()
    try:
        with mock.patch.object(pdf_exporter, "fix_text_layer", lambda pdf, _directory: pdf):
            raw = converter.convert(docx)
    finally:
        converter.close()
    return raw, fix_text_layer(raw)


# Lines of the memo with the spaces between its words ("ที่ นศ" is not "ที่นศ").
SPACED = ["ที่ นศ ๕๓๓๐๑/๑๖๕", "วันที่ ๓ เมษายน ๒๕๖๖", "เรียน นายกเทศมนตรีตำบลท่าแพ"]


def _word_for_word(text: str) -> re.Pattern[str]:
    """``text`` with a space where it has one and, where it has none, at most a line break
    (the line may wrap there)."""
    parts = [r"\s+" if ch == " " else re.escape(ch) + r"(?:\r?\n\s*)?" for ch in text]
    return re.compile("".join(parts))


@pytest.mark.parametrize("extractor", EXTRACTORS)
def test_every_extractor_reads_the_seed_memo_word_for_word(seed_pdf: bytes, extractor: str) -> None:
    found = EXTRACTORS[extractor](seed_pdf)
    texts = [*SEED_TEXTS, *SPACED, *WORDS]
    assert [t for t in texts if not _word_for_word(t).search(found)] == []


@pytest.mark.parametrize("extractor", EXTRACTORS)
def test_no_extractor_splits_or_joins_thai_words(seed_pdf: bytes, extractor: str) -> None:
    """Every run of Thai letters an extractor gives is one poppler's raw mode (which follows
    the order LibreOffice drew in) gives too: no word cut by a stray space or line."""
    words = set(re.findall("[\u0e01-\u0e4e]+", pdftotext(seed_pdf, "-raw")))
    found = re.findall("[\u0e01-\u0e4e]+", EXTRACTORS[extractor](seed_pdf))
    assert [w for w in found if w not in words] == []


@pytest.mark.parametrize("extractor", EXTRACTORS)
def test_every_extractor_gets_the_same_letters_as_poppler(seed_pdf: bytes, extractor: str) -> None:
    """Nothing lost, nothing doubled (ผ้้), nothing undecoded ((cid:4)), in any extractor."""
    reference = collections.Counter(squash(pdftotext(seed_pdf, "-raw")))
    letters = collections.Counter(squash(EXTRACTORS[extractor](seed_pdf)))
    if extractor == "poppler-plain":  # it joins words hyphenated at a line end
        reference.pop("-"), letters.pop("-")
    assert letters - reference == collections.Counter()
    assert reference - letters == collections.Counter()


@pytest.mark.parametrize("extractor", EXTRACTORS)
def test_no_extractor_reorders_or_splits_off_thai_marks(seed_pdf: bytes, extractor: str) -> None:
    text = EXTRACTORS[extractor](seed_pdf)
    assert TONE_BEFORE_VOWEL.findall(text) == []
    assert MARK_AT_LINE_START.findall(text) == []


@pytest.mark.parametrize("extractor", EXTRACTORS)
def test_every_extractor_reads_the_stress_line(
    stress_pdfs: tuple[bytes, bytes], extractor: str
) -> None:
    _raw, fixed = stress_pdfs
    found = EXTRACTORS[extractor](fixed)
    missing = [w for w in STRESS.split() if not _word_for_word(w).search(found)]
    if extractor == "pdfminer":
        # Known, not fixed: a mark raised over ป and moved left, on a justified line, ends
        # 0.1 em before the next letter, where pdfminer puts a space (ป่ าไม้). Moving the
        # marks' boxes right would cost poppler's raw mode the spaces after words ending in a
        # mark (ที่ นศ), which are far more common.
        assert missing == ["ป่าไม้", "ป้ำ"]
        return
    assert missing == []


def test_the_fix_is_what_makes_pypdf_read_it(stress_pdfs: tuple[bytes, bytes]) -> None:
    raw, _fixed = stress_pdfs
    assert [w for w in STRESS.split() if w not in _pypdf(raw)] != []


def test_the_page_looks_as_libreoffice_drew_it(stress_pdfs: tuple[bytes, bytes]) -> None:
    raw, fixed = stress_pdfs
    pages = []
    for pdf in (raw, fixed):
        document = pypdfium2.PdfDocument(pdf)
        pages.append(document[0].render(scale=150 / 72).to_pil().convert("L"))
    difference = ImageChops.difference(*pages)
    histogram = difference.histogram()
    # The marks are drawn from another origin with their outline moved as far the other way:
    # anti-aliasing at a few glyph edges differs a little. A glyph moved by half a pixel makes
    # thousands of pixels differ by more than half the scale.
    assert sum(histogram[128:]) == 0
    assert sum(histogram[32:]) < 500


@pytest.mark.parametrize("extractor", ["poppler-raw", "pdfium", "pypdf"])
def test_page_numbers_read_as_the_thai_digits_printed(seed_pdf: bytes, extractor: str) -> None:
    text = EXTRACTORS[extractor](seed_pdf)
    assert "-๒-" in squash(text)
    assert not re.search(r"-\s*2\s*-", text)


def test_a_pdf_without_thai_is_returned_unchanged() -> None:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    assert fix_text_layer(out.getvalue()) == out.getvalue()


def test_the_archival_pdf_keeps_its_pdfa_identification(seed_pdfa: bytes) -> None:
    from tests.documents.signing_helpers import pdfa_problems

    assert pdfa_problems(seed_pdfa) == []
    assert "รายงานผลการ" in _pdfminer(seed_pdfa)


def test_a_worker_reads_the_fonts_glyphs_at_boot_not_at_its_first_document() -> None:
    from ita_tracker.docengine import fonts
    from ita_tracker.docengine.exporters import text_layer

    text_layer._glyph_names.cache_clear()
    text_layer.warm_up(fonts.ensure_fonts().directory)
    # Regular, bold, italic, bold italic and the two Thai-digit fonts.
    assert text_layer._glyph_names.cache_info().currsize == 6
