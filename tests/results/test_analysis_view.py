"""The analysis screen: weakest indicators first, trend charts, lacked items, suggestions; one
click puts a suggestion into next year's draft plan, linked to its indicator."""

from __future__ import annotations

from decimal import Decimal

from ita_tracker.agencies.models import Agency
from ita_tracker.audit.models import AuditEvent
from ita_tracker.frameworks.models import FiscalYear
from ita_tracker.plans.models import Measure, MeasurePlan, PlanState
from ita_tracker.results.services import save_result

SCORES_2565 = {
    1: "88.10",
    2: "61.25",
    3: "79.00",
    4: "90.00",
    5: "55.40",
    6: "80.00",
    7: "72.50",
    8: "76.00",
    9: "60.00",
    10: "48.00",
}
SCORES_2564 = {
    1: "85.00",
    2: "70.00",
    3: "80.00",
    4: "88.00",
    5: "57.00",
    6: "79.00",
    7: "74.00",
    8: "70.00",
    9: "66.00",
    10: "52.00",
}


def _results(agency: Agency) -> None:
    for year, scores, total in ((2564, SCORES_2564, "68.12"), (2565, SCORES_2565, "70.33")):
        save_result(
            agency=agency,
            fiscal_year=FiscalYear.objects.get(be_year=year),
            total=Decimal(total),
            iit=Decimal("75.10"),
            eit=Decimal("72.00"),
            oit=Decimal("65.50"),
            level_written="C",
            indicator_scores={n: Decimal(v) for n, v in scores.items()},
            oit_items={"O42": (False, "ไม่มีการวิเคราะห์ผล")} if year == 2565 else None,
            acting_user=None,
        )


def test_it_shows_the_weak_indicators_biggest_gap_first_with_charts(client, coordinator, plan_a):
    _results(plan_a.agency)
    client.force_login(coordinator)
    page = client.get("/a/thaphae/results/2565/analysis/").content.decode()

    # 10. (48.00: gap 37 + drop 4) comes before 5. (55.40: gap 29.6) and 2. (61.25: 23.75 + 8.75)
    first = page.index("๑๐. การป้องกันการทุจริต")
    assert first < page.index("๕. การแก้ไขปัญหาการทุจริต") < page.index("๔. การใช้ทรัพย์สินของราชการ")
    assert "−๔.๐๐" in page  # indicator 10 fell from 52 to 48
    assert page.count("<svg") >= 11  # tools + one per indicator
    assert "O42" in page
    assert "ไม่มีการวิเคราะห์ผล" in page
    assert "ประกาศเจตจำนงสุจริต" in page  # a suggestion for indicator 5
    assert "การเผยแพร่ประชาสัมพันธ์แผนการใช้จ่ายงบประมาณประจำปี" in page


def test_adding_a_suggestion_puts_it_in_next_years_draft_linked_to_the_indicator(
    client, coordinator, plan_a
):
    _results(plan_a.agency)
    assert plan_a.state == PlanState.APPROVED  # 2566 is taken: the next draft is 2567
    client.force_login(coordinator)
    response = client.post(
        "/a/thaphae/results/2565/analysis/propose/",
        {"suggestion": "i5-integrity-pledge", "indicator": "5", "plan_year": "2567"},
    )
    plan = MeasurePlan.objects.get(agency=plan_a.agency, fiscal_year__be_year=2567)
    measure = Measure.objects.get(plan=plan)
    assert response.status_code == 302
    assert response.url == f"/a/thaphae/plans/2567/measures/{measure.pk}/edit/"
    assert plan.state == PlanState.DRAFT
    assert measure.tool.code == "IIT"
    assert [i.number for i in measure.indicators.all()] == [5]
    assert measure.indicators.get().fiscal_year.be_year == 2567
    assert measure.methods
    assert measure.follow_up
    assert [r.unit.name for r in measure.responsibilities.all()] == ["งานธุรการ"]
    assert AuditEvent.objects.filter(action="measure.created", object_id=str(measure.pk)).exists()

    page = client.get("/a/thaphae/results/2565/analysis/").content.decode()
    assert "อยู่ในแผนแล้ว" in page
    again = client.post(
        "/a/thaphae/results/2565/analysis/propose/",
        {"suggestion": "i5-integrity-pledge", "indicator": "5", "plan_year": "2567"},
    )
    assert again.status_code == 302
    assert Measure.objects.filter(plan=plan).count() == 1


def test_a_lacked_oit_item_suggestion_goes_to_the_oit_tool(client, coordinator, plan_a):
    _results(plan_a.agency)
    client.force_login(coordinator)
    # 2565 has no per-item library (only 2568 and 2569): the screen offers none for O42.
    page = client.get("/a/thaphae/results/2565/analysis/").content.decode()
    assert "ยังไม่มีข้อเสนอในคลังสำหรับรายการนี้" in page


def test_readers_see_but_cannot_add_and_other_agencies_get_404(client, viewer, officer_b, plan_a):
    _results(plan_a.agency)
    client.force_login(viewer)
    page = client.get("/a/thaphae/results/2565/analysis/").content.decode()
    assert "เพิ่มเข้าแผน" not in page
    post = {"suggestion": "i5-integrity-pledge", "indicator": "5", "plan_year": "2567"}
    assert client.post("/a/thaphae/results/2565/analysis/propose/", post).status_code == 403
    client.force_login(officer_b)
    assert client.get("/a/thaphae/results/2565/analysis/").status_code == 404
    assert client.post("/a/thaphae/results/2565/analysis/propose/", post).status_code == 404
    assert not MeasurePlan.objects.filter(fiscal_year__be_year=2567).exists()


def test_it_refuses_a_suggestion_that_does_not_belong_to_the_indicator(client, coordinator, plan_a):
    _results(plan_a.agency)
    client.force_login(coordinator)
    post = {"suggestion": "i5-integrity-pledge", "indicator": "4", "plan_year": "2567"}
    assert client.post("/a/thaphae/results/2565/analysis/propose/", post).status_code == 404


def test_it_answers_404_without_a_result(client, coordinator, plan_a):
    client.force_login(coordinator)
    assert client.get("/a/thaphae/results/2568/analysis/").status_code == 404
