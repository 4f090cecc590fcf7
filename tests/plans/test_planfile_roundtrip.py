"""import → export → import of the Tha Phae example is lossless."""

from __future__ import annotations

from django.core.management import call_command

from ita_tracker.planfile.reader import dump_plan, read_plan_file, read_plan_text
from ita_tracker.plans.models import Measure, ProgressEntry, ProgressStatus
from ita_tracker.plans.planfile.exporter import export_plan
from ita_tracker.plans.planfile.importer import import_plan
from tests.conftest import EXAMPLE


def test_it_exports_what_it_imported(plan_a, example_plan_file):
    exported = export_plan(plan_a)
    assert exported.model_dump() == example_plan_file.model_dump()


def test_it_round_trips_through_text_and_a_second_import(plan_a, example_plan_file):
    text = dump_plan(export_plan(plan_a))
    again = read_plan_text(text, "exported.yaml")
    second = import_plan(again, acting_user=None, replace=True)
    assert export_plan(second).model_dump() == example_plan_file.model_dump()
    assert dump_plan(export_plan(second)) == text


def test_it_stores_what_the_seed_shows(plan_a):
    measures = list(Measure.objects.filter(plan=plan_a).select_related("tool"))
    assert [m.tool.code for m in measures].count("IIT") == 5
    assert [m.tool.code for m in measures].count("EIT") == 4
    assert [m.tool.code for m in measures].count("OIT") == 1
    statuses = list(
        ProgressEntry.objects.filter(round__plan=plan_a).values_list("status", flat=True)
    )
    assert statuses.count(ProgressStatus.COMPLETED) == 8
    assert statuses.count(ProgressStatus.IN_PROGRESS) == 2
    iit3 = next(m for m in measures if m.tool.code == "IIT" and m.order == 3)
    assert iit3.responsible_label() == "สำนักปลัด งานประชาสัมพันธ์, กองคลัง งานพัสดุ"
    assert iit3.period_label == "ต.ค.๖๕ – มี.ค.๖๖"
    result = plan_a.agency.results.get(fiscal_year__be_year=2565)
    assert str(result.total) == "70.33"
    assert result.rating == "C"
    memo = plan_a.rounds.get().memo
    assert memo.number == "๑๖๕"
    assert [s.signatory.name for s in memo.steps.all()][-1] == "นายจรัญ เจียจิราพัถนันท์"
    assert memo.steps.get(order=3).comment == "ทราบ"


def test_it_round_trips_through_the_commands(db, tmp_path, capsys):
    call_command("import_plan", str(EXAMPLE))
    out = tmp_path / "out.yaml"
    call_command("export_plan", "--agency", "thaphae", "--year", "2566", "-o", str(out))
    assert read_plan_file(out).model_dump() == read_plan_file(EXAMPLE).model_dump()
