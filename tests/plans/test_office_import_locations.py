"""A refusal of an Office import names the row it is about, also for what the plan file keeps
under the round (status, note, links) or among the agency's units (a unit the file brings in):
found by the fuzz suite (tests/test_fuzz_imports.py), where both were refused with no place."""

from __future__ import annotations

import csv
import io

from ita_tracker.officefiles import read_office_file
from ita_tracker.officefiles.errors import OfficeFileError
from ita_tracker.officefiles.sheets import write_csv
from ita_tracker.plans.planfile.exporter import export_plan
from ita_tracker.plans.services.office_import import preview_office_import


def _problems(plan, column: str, row: int, value: str):
    text = write_csv(export_plan(plan), round_index=0).decode("utf-8-sig")
    rows = [list(r) for r in csv.reader(io.StringIO(text))]
    rows[row][rows[0].index(column)] = value
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    try:
        read = read_office_file("plan.csv", out.getvalue().encode("utf-8-sig"))
        return preview_office_import(agency=plan.agency, fiscal_year=2566, read=read).problems
    except OfficeFileError as exc:
        return exc.problems


def test_a_bad_evidence_link_is_refused_on_its_measures_row(plan_a):
    problems = _problems(plan_a, "ลิงก์หลักฐาน", 3, "ftp://example.org/a")
    [problem] = [p for p in problems if "http" in p.en]
    assert problem.where.row == 4
    assert "แถว 4" in problem.format("th")


def test_a_new_unit_with_a_control_character_is_refused_on_its_row(plan_a):
    problems = _problems(plan_a, "ผู้รับผิดชอบ", 1, "งานใหม่\x00")
    assert problems
    assert all(p.where.row == 2 for p in problems), [p.format("en") for p in problems]
