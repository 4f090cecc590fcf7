"""No line of the rendered PDFs ends inside a word (the check is in line_breaks.py).

The seed report, the measures document, a 12-month report with the officers' result texts and
evidence links, and a 100-measure report: 0 broken words each.
"""

from __future__ import annotations

import pytest

from tests.documents.line_breaks import check_line_breaks

pytestmark = pytest.mark.soffice

DOCUMENTS = ["seed", "plan", "twelve_month", "big"]


@pytest.mark.parametrize("name", DOCUMENTS)
def test_it_breaks_no_word(name: str, request: pytest.FixtureRequest) -> None:
    docx = request.getfixturevalue(f"{name}_docx")
    pdf = request.getfixturevalue(f"{name}_pdf")
    report = check_line_breaks(pdf, docx)
    assert report.lines > 100
    assert [str(b) for b in report.broken] == []
    assert report.unmatched == []


def test_it_counts_a_word_broken_in_the_middle() -> None:
    from tests.documents.line_breaks import _bad_ends

    text = "ประชาสัมพันธ์ ยกระดับ การปฏิบัติหน้าที่"
    bad = _bad_ends(text)
    assert text.index("ธ์") in bad  # ประชาสัมพัน|ธ์
    assert text.index("ระดับ") in bad  # ยก|ระดับ: a compound the dictionary knows
    assert text.index("หน้าที่") not in bad  # การปฏิบัติ|หน้าที่ is as good as การ|ปฏิบัติหน้าที่
    assert text.index(" ยก") not in bad  # at a space
