"""Units as written matched to the agency's; periods as written read into months."""

from __future__ import annotations

import datetime as dt

import pytest

from ita_tracker.officefiles.periods import parse_period
from ita_tracker.officefiles.units import match_unit
from ita_tracker.planfile.reader import read_plan_file
from tests.conftest import EXAMPLE

AGENCY = read_plan_file(EXAMPLE).agency


@pytest.mark.parametrize(
    ("written", "kind", "path"),
    [
        ("สำนักปลัด งานธุรการ", "exact", "สำนักปลัดเทศบาล/งานธุรการ"),
        ("สำนักปลัด (งานธุรการ)", "exact", "สำนักปลัดเทศบาล/งานธุรการ"),
        ("สำนักปลัดเทศบาล/งานพัสดุ", "new", "สำนักปลัดเทศบาล/งานพัสดุ"),
        ("สำนักปลัด งานแผน และ งบประมาณ", "exact", "สำนักปลัดเทศบาล/งานแผนและงบประมาณ"),
        ("งานการเจ้าหน้าที่", "exact", "สำนักปลัดเทศบาล/งานการเจ้าหน้าที่"),
        ("กองคลัง", "exact", "กองคลัง"),
        ("สำนักปลัด งานประชาสัมพันธ", "fuzzy", "สำนักปลัดเทศบาล/งานประชาสัมพันธ์"),
        ("กองคลัง งานพัศดุ", "fuzzy", "กองคลัง/งานพัสดุ"),
        ("ทุกส่วน ราชการ", "note", ""),
        ("กองคลัง งานจัดเก็บรายได้", "new", "กองคลัง/งานจัดเก็บรายได้"),
        ("กองสาธารณสุขและสิ่งแวดล้อม", "new", "กองสาธารณสุขและสิ่งแวดล้อม"),
    ],
)
def test_it_matches_units_as_agencies_write_them(written, kind, path):
    match = match_unit(written, AGENCY)
    assert (match.kind, match.path) == (kind, path)


# An agency with no units yet (a new one importing last year's memo): the seed's units are
# proposed as divisions with their sections, without the spaces a hand-wrapped cell left.
NO_UNITS = AGENCY.model_copy(update={"units": []})


@pytest.mark.parametrize(
    ("written", "path"),
    [
        ("สำนักปลัด งานธุรการ", "สำนักปลัด/งานธุรการ"),
        ("สำนักปลัด (งานธุรการ)", "สำนักปลัด/งานธุรการ"),
        ("สำนักปลัด งานแผน และ งบประมาณ", "สำนักปลัด/งานแผนและงบประมาณ"),
        ("สำนักปลัด งาน ประชาสัมพันธ์", "สำนักปลัด/งานประชาสัมพันธ์"),
        ("สำนักปลัด งานการ เจ้าหน้าที่", "สำนักปลัด/งานการเจ้าหน้าที่"),
        ("กองคลัง งานพัสดุ", "กองคลัง/งานพัสดุ"),
        ("กองคลัง", "กองคลัง"),
        ("กองสาธารณสุข และสิ่งแวดล้อม", "กองสาธารณสุขและสิ่งแวดล้อม"),
        ("งานป้องกันและบรรเทาสาธารณภัย", "งานป้องกันและบรรเทาสาธารณภัย"),
    ],
)
def test_a_new_agency_gets_divisions_with_their_sections(written, path):
    match = match_unit(written, NO_UNITS)
    assert (match.kind, match.path) == ("new", path)


def _m(be: int, month: int) -> dt.date:
    return dt.date(be - 543, month, 1)


@pytest.mark.parametrize(
    ("written", "start", "end", "sure"),
    [
        ("ต.ค.๖๕ – มี.ค.๖๖", _m(2565, 10), _m(2566, 3), True),
        ("ต.ค.65 - มี.ค.66", _m(2565, 10), _m(2566, 3), True),
        ("ต.ค. 2565 - ก.ย. 2566", _m(2565, 10), _m(2566, 9), True),
        ("ตุลาคม ๒๕๖๕ ถึง มีนาคม ๒๕๖๖", _m(2565, 10), _m(2566, 3), True),
        ("1 ต.ค. 65 ถึง 31 มี.ค. 66", _m(2565, 10), _m(2566, 3), True),
        ("ต.ค. - ธ.ค.", _m(2565, 10), _m(2565, 12), True),
        ("มี.ค.๖๖", _m(2566, 3), _m(2566, 3), True),
        ("ตลอดปีงบประมาณ", _m(2565, 10), _m(2566, 9), True),
        ("", _m(2565, 10), _m(2566, 9), False),
        ("ตามความเหมาะสม", _m(2565, 10), _m(2566, 9), False),
    ],
)
def test_it_reads_periods_as_agencies_write_them(written, start, end, sure):
    assert parse_period(written, 2566) == (start, end, sure)


def test_a_new_agency_imports_last_years_units_as_divisions_and_sections():
    """The seed's responsible cells, wrapped by hand, read into a new agency (no units): the
    divisions with their sections are added, and "ทุกส่วน ราชการ" becomes the note mended."""
    from ita_tracker.officefiles import read_office_file
    from ita_tracker.officefiles.build import build_plan
    from tests.officefiles.docx_fixtures import PLAN_HEADER, docx_bytes

    header = ["มาตรการ/แนวทาง ยกระดับ IIT", *PLAN_HEADER[1:]]
    row = [
        "๑. กำหนดเกณฑ์การประเมินบุคลากร",
        "- ประชุม",
        "สำนักปลัด งาน ประชาสัมพันธ์, กองคลัง งานพัสดุ, ทุกส่วน ราชการ",
        "ต.ค.๖๕ – มี.ค.๖๖",
        "รายงานผล",
    ]
    read = read_office_file("memo.docx", docx_bytes([[header, row]]))
    built = build_plan(read, agency=NO_UNITS, fiscal_year=2566)
    (measure,) = built.plan.measures
    assert measure.responsible == ["สำนักปลัด/งานประชาสัมพันธ์", "กองคลัง/งานพัสดุ"]
    assert measure.responsible_note == "ทุกส่วนราชการ"
    units = {u.name: [s.name for s in u.sections] for u in built.plan.agency.units}
    assert units == {"สำนักปลัด": ["งานประชาสัมพันธ์"], "กองคลัง": ["งานพัสดุ"]}
