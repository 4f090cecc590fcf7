"""Files the reader refuses whole, with a clear message, without inflating them."""

from __future__ import annotations

import pytest

from ita_tracker.officefiles import OfficeFileError, read_office_file
from tests.officefiles.refusals import CASES


@pytest.mark.parametrize("case", list(CASES))
def test_it_refuses_what_cannot_be_imported(case):
    make, words = CASES[case]
    with pytest.raises(OfficeFileError) as caught:
        read_office_file("memo.docx", make())
    message = caught.value.format()
    assert words in message
    assert "memo.docx" in message  # the file is named


def test_it_refuses_a_file_of_an_unknown_kind():
    with pytest.raises(OfficeFileError, match="unknown file type"):
        read_office_file("notes.txt", "มาตรการ".encode())


def test_it_bounds_the_cells_it_reads(monkeypatch):
    from ita_tracker.officefiles import docx_tables
    from tests.officefiles.docx_fixtures import PLAN_HEADER, docx_bytes

    monkeypatch.setattr(docx_tables, "MAX_CELLS", 12)
    rows = [["มาตรการ IIT", *PLAN_HEADER[1:]]] + [["๑. ก", "- ทำ", "", "", ""]] * 3
    with pytest.raises(OfficeFileError, match="more than 12 cells"):
        read_office_file("memo.docx", docx_bytes([rows]))
