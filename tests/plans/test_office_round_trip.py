"""Excel and CSV round trips through the database: export, import, the identical plan."""

from __future__ import annotations

from pathlib import Path

import pytest

from ita_tracker.cli import main
from ita_tracker.officefiles import read_office_file
from ita_tracker.officefiles.sheets import write_csv, write_xlsx
from ita_tracker.planfile.schema import PlanFile
from ita_tracker.plans.models import MeasurePlan
from ita_tracker.plans.planfile.exporter import export_plan
from ita_tracker.plans.planfile.importer import import_plan
from ita_tracker.plans.services.office_import import confirm_office_import


@pytest.fixture
def draft_plan(db, example_plan_file) -> MeasurePlan:
    """The example as a draft being reported on: an open round with notes, links, a second
    round, a measure continued from last year."""
    data = example_plan_file.model_dump(mode="json", by_alias=True)
    data["state"] = "draft"
    data["measures"][1]["carried_over"] = True
    six = data["rounds"][0]
    six["state"] = "open"
    six["progress"]["IIT-2"] = {
        "status": "in_progress",
        "note": "ประชุมแล้ว ๑ ครั้ง\nเวียนหนังสือแล้ว",
        "urls": ["https://www.thaphae.go.th/budget", "https://www.thaphae.go.th/news/2"],
    }
    data["rounds"].append(
        {
            "kind": "twelve_month",
            "period": {"from": "2565-10-01", "to": "2566-09-30"},
            "state": "open",
            "progress": {"OIT-1": {"status": "completed", "evidence": "ตรวจสอบได้"}},
        }
    )
    return import_plan(PlanFile.model_validate(data), acting_user=None)


@pytest.mark.parametrize(("write", "name"), [(write_xlsx, "plan.xlsx"), (write_csv, "plan.csv")])
def test_it_gives_back_the_identical_plan(draft_plan, write, name):
    before = export_plan(draft_plan)
    read = read_office_file(name, write(before, round_index=0))
    confirm_office_import(agency=draft_plan.agency, fiscal_year=2566, read=read, acting_user=None)
    after = export_plan(MeasurePlan.objects.get(agency=draft_plan.agency))
    assert after.model_dump() == before.model_dump()


def test_it_keeps_an_approved_plan_approved_when_only_statuses_come_back(plan_a):
    before = export_plan(plan_a)
    read = read_office_file("plan.xlsx", write_xlsx(before, round_index=0))
    plan = confirm_office_import(
        agency=plan_a.agency, fiscal_year=2566, read=read, acting_user=None
    )
    assert export_plan(plan).model_dump() == before.model_dump()
    assert plan.state == "approved"
    assert plan.submissions.filter(state="recorded").count() == 2  # frozen again


def test_it_exports_and_imports_excel_from_the_command_line(draft_plan, tmp_path: Path, capsys):
    out = tmp_path / "thaphae-2566.xlsx"
    args = ["--agency", "thaphae", "--year", "2566"]
    assert main(["export", *args, "-o", str(out), "--round", "six_month"]) == 0
    assert out.read_bytes().startswith(b"PK")
    before = export_plan(draft_plan)
    assert main(["import", str(out), *args, "--replace"]) == 0
    assert export_plan(MeasurePlan.objects.get(agency=draft_plan.agency)) == before
    assert main(["export", *args, "-o", str(tmp_path / "x.csv"), "--round", "9"]) == 2
    assert "no round" in capsys.readouterr().err
