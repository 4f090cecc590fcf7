"""``ita-tracker import FILE.docx --agency --year [--dry-run]``: the Word memo from the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from ita_tracker.audit.models import AuditEvent
from ita_tracker.cli import main
from ita_tracker.docengine.render import render_document
from ita_tracker.planfile.reader import read_plan_text
from ita_tracker.plans.models import Measure, MeasurePlan, ProgressEntry
from ita_tracker.plans.planfile.exporter import export_plan
from tests.officefiles.docx_fixtures import docx_bytes


@pytest.fixture
def seed_docx(tmp_path: Path, example_plan_file) -> Path:
    path = tmp_path / "thaphae-2566.docx"
    path.write_bytes(render_document(example_plan_file, round_index=0, fmt="docx"))
    return path


def test_it_prints_the_plan_file_on_a_dry_run_and_writes_nothing(
    agency_a, seed_docx, example_plan_file, capsys
):
    events = AuditEvent.objects.count()
    code = main(["import", str(seed_docx), "--agency", "thaphae", "--year", "2566", "--dry-run"])
    out = capsys.readouterr().out
    assert code == 0
    plan = read_plan_text(out, "dry-run.yaml")
    assert [m.title for m in plan.measures] == [m.title for m in example_plan_file.measures]
    assert plan.rounds[0].progress == example_plan_file.rounds[0].progress
    assert AuditEvent.objects.count() == events


def test_it_imports_a_new_year_from_last_years_memo(agency_a, seed_docx, capsys):
    assert main(["import", str(seed_docx), "--agency", "thaphae", "--year", "2567"]) == 0
    plan = MeasurePlan.objects.get(agency=agency_a, fiscal_year__be_year=2567)
    assert plan.measures.count() == 10
    assert all(m.carried_over for m in plan.measures.all())
    assert not plan.rounds.exists()
    assert "imported" in capsys.readouterr().err


def test_it_replaces_the_year_only_when_asked(agency_a, seed_docx, capsys):
    args = ["import", str(seed_docx), "--agency", "thaphae", "--year", "2566"]
    assert main(args) == 2
    assert "--replace" in capsys.readouterr().err
    assert main([*args, "--replace"]) == 0
    plan = MeasurePlan.objects.get(agency=agency_a, fiscal_year__be_year=2566)
    statuses = sorted(
        ProgressEntry.objects.filter(round__plan=plan).values_list("status", flat=True)
    )
    assert statuses.count("completed") == 8
    assert statuses.count("in_progress") == 2
    exported = export_plan(plan)
    # The memo holds the same measures and statuses: the approved plan stays approved.
    assert (exported.state, exported.rounds[0].state) == ("approved", "approved")
    assert AuditEvent.objects.filter(action="plan.imported_office").count() == 1


def test_it_refuses_a_file_without_measures_and_writes_nothing(agency_a, tmp_path, capsys):
    path = tmp_path / "memo.docx"
    path.write_bytes(docx_bytes([[["ผลการประเมิน", "คะแนน"], ["คะแนนรวม", "70.33"]]]))
    measures, events = Measure.objects.count(), AuditEvent.objects.count()
    code = main(["import", str(path), "--agency", "thaphae", "--year", "2567"])
    err = capsys.readouterr().err
    assert code == 2
    assert "ไม่พบตารางมาตรการ" in err
    assert "no measures table found" in err
    assert (Measure.objects.count(), AuditEvent.objects.count()) == (measures, events)


def test_it_needs_the_agency_and_the_year(seed_docx, capsys):
    assert main(["import", str(seed_docx)]) == 2
    assert "--agency" in capsys.readouterr().err


def test_it_refuses_an_unknown_agency(db, seed_docx, capsys):
    assert main(["import", str(seed_docx), "--agency", "nowhere", "--year", "2566"]) == 2
    assert "nowhere" in capsys.readouterr().err
