"""Table rows are not split across pages: a measure's row moves to the next page whole, so no
line or two of it is left alone at the top or the foot of a page ("เดือนพนักงาน" on page 2)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

import pytest

from ita_tracker.docengine.exporters.pdf import SofficeConverter
from ita_tracker.docengine.render import document_context
from ita_tracker.planfile.reader import read_plan_file
from ita_tracker.planfile.schema import PlanFile
from tests.documents.helpers import EXAMPLE, page_count, paragraph_texts, pdftotext, squash
from tests.documents.samples import big_plan, twelve_month_plan

pytestmark = pytest.mark.soffice


def _cell_texts(context: dict) -> list[str]:
    texts = []
    for tool in context["tools"]:
        for m in tool["measures"]:
            texts += [f"{m['number']}. {m['title']}", *m["methods"], m["follow_up"]]
            texts += m.get("note", "").splitlines()
    return [t for t in texts if t]


def _split_cells(pdf: bytes, docx: bytes, context: dict) -> list[str]:
    """Cell texts found whole on the pages fewer times than the document holds them (the
    progress report prints each measure twice: the plan table and the status table)."""
    pages = [squash(pdftotext(pdf, "-raw", "-f", str(n), "-l", str(n))) for n in
             range(1, page_count(pdf) + 1)]  # fmt: skip
    paragraphs = [squash(p) for p in paragraph_texts(docx)]
    split = []
    for text in dict.fromkeys(_cell_texts(context)):
        expected = sum(p.count(squash(text)) for p in paragraphs)
        if sum(page.count(squash(text)) for page in pages) < expected:
            split.append(text)
    return split


@pytest.mark.parametrize(
    ("document", "plan", "round_index"),
    [
        ("seed", lambda: read_plan_file(EXAMPLE), 0),
        ("twelve_month", twelve_month_plan, 1),
        ("big", big_plan, 0),
    ],
)
def test_no_measure_row_is_split_across_pages(
    document: str, plan: Callable[[], PlanFile], round_index: int, request: pytest.FixtureRequest
) -> None:
    pdf = request.getfixturevalue(f"{document}_pdf")
    docx = request.getfixturevalue(f"{document}_docx")
    context = document_context(plan(), round_index)
    assert _split_cells(pdf, docx, context) == []


def test_the_check_finds_the_rows_split_when_rows_may_split(
    seed_docx: bytes, plan: PlanFile, converter: SofficeConverter
) -> None:
    """The same seed with every body row allowed to split again (as before issue 9): the
    method "ประชุมชี้แจง…ประจำเดือนพนักงาน" runs from page 1 onto page 2."""
    with zipfile.ZipFile(io.BytesIO(seed_docx)) as source:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                data = source.read(info.filename)
                if info.filename == "word/document.xml":
                    data = data.replace(b"<w:trPr><w:cantSplit/></w:trPr>", b"")
                target.writestr(info, data)
    splittable = out.getvalue()
    split = _split_cells(converter.convert(splittable), splittable, document_context(plan, 0))
    assert "ประชุมชี้แจงแผนการใช้จ่ายงบประมาณในที่ประชุมประจำเดือนพนักงาน" in split
