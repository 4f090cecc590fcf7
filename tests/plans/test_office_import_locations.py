"""A refusal of an Office import names the row it is about, also for what the plan file keeps
under the round (status, note, links): found by the fuzz suite (tests/test_fuzz_imports.py),
where a bad evidence link was refused with no place."""

from __future__ import annotations

import csv
import io

from ita_tracker.officefiles import read_office_file
from ita_tracker.officefiles.errors import OfficeFileError
from ita_tracker.officefiles.sheets import write_csv
from ita_tracker.plans.planfile.exporter import export_plan
from ita_tracker.plans.services.office_import import preview_office_import


def test_a_bad_evidence_link_is_refused_on_its_measures_row(plan_a):
    text = write_csv(export_plan(plan_a), round_index=0).decode("utf-8-sig")
    rows = [list(row) for row in csv.reader(io.StringIO(text))]
    links = rows[0].index("ลิงก์หลักฐาน")
    rows[3][links] = "ftp://example.org/a"
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    try:
        read = read_office_file("plan.csv", out.getvalue().encode("utf-8-sig"))
        problems = preview_office_import(agency=plan_a.agency, fiscal_year=2566, read=read).problems
    except OfficeFileError as exc:
        problems = exc.problems
    [problem] = [p for p in problems if "http" in p.en]
    assert problem.where.row == 4
    assert "แถว 4" in problem.format("th")
