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


def test_it_still_reads_a_version_1_file(db):
    text = EXAMPLE.read_text(encoding="utf-8").replace("plan@2", "plan@1")
    plan = read_plan_text(text, "old.yaml")
    assert plan.format == "ita-tracker/plan@1"
    assert plan.previous_result is not None
    assert plan.results == []


def test_it_round_trips_the_results_history_oit_items_and_the_analysis(plan_a):
    from decimal import Decimal

    from ita_tracker.frameworks.models import FiscalYear
    from ita_tracker.results.models import ItaResult, ResultAnalysis
    from ita_tracker.results.services import save_result

    agency = plan_a.agency
    save_result(
        agency=agency,
        fiscal_year=FiscalYear.objects.get(be_year=2564),
        total=Decimal("68.12"),
        level_written="(ผ่าน) ระดับ C",
        indicator_scores={10: Decimal("37.26")},
        oit_items={"O40": (False, "ไม่พบรายงาน")},
        is_example=True,
        acting_user=None,
    )
    ResultAnalysis.objects.create(
        result=ItaResult.objects.get(agency=agency, fiscal_year__be_year=2565),
        grouping="tool",
        comments={"OIT": {"issues": "ตัวชี้วัดที่ 10 ต่ำ", "development": "จัดทำแผน"}},
        include_in_plan=False,
    )
    first = export_plan(plan_a)
    assert [r.fiscal_year for r in first.results] == [2564]
    assert first.results[0].oit_items["O40"].reason == "ไม่พบรายงาน"
    assert first.results[0].example
    assert first.result_analysis is not None
    assert first.result_analysis.grouping == "tool"

    text = dump_plan(first)
    assert "format: ita-tracker/plan@2" in text
    second = import_plan(read_plan_text(text, "x.yaml"), acting_user=None, replace=True)
    assert export_plan(second).model_dump() == first.model_dump()
