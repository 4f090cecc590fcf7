"""The plan list, starting a new year (empty or cloned), the plan page and its state buttons."""

from __future__ import annotations

from ita_tracker.plans.models import Measure, MeasurePlan, PlanState


def test_it_lists_the_agencys_plans(client, coordinator, plan_a):
    client.force_login(coordinator)
    page = client.get("/a/thaphae/plans/").content.decode()
    assert "พ.ศ. ๒๕๖๖" in page
    assert "/a/thaphae/plans/2566/" in page


def test_it_shows_the_measures_grouped_by_tool_with_ordered_steps(client, viewer, plan_a):
    client.force_login(viewer)
    page = client.get("/a/thaphae/plans/2566/").content.decode()
    iit, eit, oit = (page.index(f'id="tool-{code}"') for code in ("IIT", "EIT", "OIT"))
    assert iit < page.index("ประกาศนโยบายไม่รับของขวัญ") < eit < oit
    assert "<ol><li>ประชาสัมพันธ์แผนการใช้จ่ายงบประมาณ" in page
    assert "ต.ค.๖๕ – มี.ค.๖๖" in page
    assert "สำนักปลัด งานประชาสัมพันธ์, กองคลัง งานพัสดุ" in page
    # A viewer sees no editing buttons.
    assert "/measures/new/" not in page
    assert 'value="submit"' not in page


def test_it_offers_the_editor_only_while_the_plan_is_a_draft(client, coordinator, plan_a):
    client.force_login(coordinator)
    approved = client.get("/a/thaphae/plans/2566/").content.decode()
    assert "/measures/new/" not in approved
    assert "/a/thaphae/plans/2566/state/" in approved  # put back to draft, to correct it
    assert "/documents/plans/2566/submit/" not in approved
    plan_a.state = PlanState.DRAFT
    plan_a.save()
    draft = client.get("/a/thaphae/plans/2566/").content.decode()
    assert "/measures/new/?tool=IIT" in draft
    assert "/a/thaphae/documents/plans/2566/submit/" in draft


def test_it_starts_an_empty_plan(client, coordinator, plan_a):
    client.force_login(coordinator)
    response = client.post("/a/thaphae/plans/new/", {"fiscal_year": _fy(2568), "copy_from": ""})
    assert response.status_code == 302
    assert response["Location"] == "/a/thaphae/plans/2568/"
    assert MeasurePlan.objects.get(fiscal_year__be_year=2568).measures.count() == 0


def test_it_starts_a_plan_from_last_years_measures(client, coordinator, plan_a):
    client.force_login(coordinator)
    client.post("/a/thaphae/plans/new/", {"fiscal_year": _fy(2567), "copy_from": plan_a.pk})
    new = MeasurePlan.objects.get(fiscal_year__be_year=2567)
    assert Measure.objects.filter(plan=new, carried_over=True).count() == 10
    page = client.get("/a/thaphae/plans/2567/").content.decode()
    assert "มาตรการต่อเนื่อง" in page  # the "carried over" badge
    assert "ต.ค.๖๖ – มี.ค.๖๗" in page


def test_it_does_not_offer_years_that_already_have_a_plan(client, coordinator, plan_a):
    client.force_login(coordinator)
    response = client.post("/a/thaphae/plans/new/", {"fiscal_year": _fy(2566)})
    assert response.status_code == 200
    assert MeasurePlan.objects.count() == 1


def test_it_saves_the_background_and_analysis(client, coordinator, draft_plan):
    client.force_login(coordinator)
    client.post(
        "/a/thaphae/plans/2566/edit/",
        {"title": draft_plan.title, "background": "เรื่องเดิม", "analysis": "ตัวชี้วัดที่ 9 ต่ำ"},
    )
    draft_plan.refresh_from_db()
    assert draft_plan.analysis == "ตัวชี้วัดที่ 9 ต่ำ"


def test_it_lets_the_coordinator_submit_and_the_chain_approve(
    client, coordinator, chain_a, draft_plan
):
    _head, clerk, mayor = chain_a
    client.force_login(clerk)
    assert client.post("/a/thaphae/documents/plans/2566/submit/", {}).status_code == 403
    client.force_login(coordinator)
    response = client.post("/a/thaphae/documents/plans/2566/submit/", {"note": "ขอเสนอ"})
    submission = draft_plan.submissions.get()
    assert response["Location"] == f"/a/thaphae/documents/submissions/{submission.pk}/"
    assert MeasurePlan.objects.get(pk=draft_plan.pk).state == PlanState.SUBMITTED
    decide = f"/a/thaphae/documents/submissions/{submission.pk}/decide/"
    for user in (coordinator, clerk, mayor):
        client.force_login(user)
        assert client.post(decide, {"action": "approve", "comment": "ทราบ"}).status_code == 403
    for user in chain_a:
        client.force_login(user)
        asked = client.post(decide, {"action": "approve", "comment": "เห็นชอบ"})
        assert "ยืนยัน เห็นชอบ" in asked.content.decode()  # asks first
        client.post(decide, {"action": "approve", "comment": "เห็นชอบ", "confirm": "yes"})
    assert MeasurePlan.objects.get(pk=draft_plan.pk).state == PlanState.APPROVED


def test_it_puts_an_approved_plan_back_to_draft_only_after_confirmation(
    client, coordinator, plan_a
):
    client.force_login(coordinator)
    asked = client.post("/a/thaphae/plans/2566/state/", {})
    assert "ยืนยัน คืนเป็นฉบับร่าง" in asked.content.decode()
    assert MeasurePlan.objects.get(pk=plan_a.pk).state == PlanState.APPROVED
    client.post("/a/thaphae/plans/2566/state/", {"confirm": "yes"})
    assert MeasurePlan.objects.get(pk=plan_a.pk).state == PlanState.DRAFT


def test_it_refuses_state_changes_to_viewers_officers_and_other_agencies(
    client, viewer, officer, officer_b, draft_plan
):
    for user, status in ((viewer, 403), (officer, 403), (officer_b, 404)):
        client.force_login(user)
        assert (
            client.post("/a/thaphae/plans/2566/state/", {"action": "submit"}).status_code == status
        )
    assert MeasurePlan.objects.get(pk=draft_plan.pk).state == PlanState.DRAFT


def _fy(year: int) -> int:
    from ita_tracker.frameworks.models import FiscalYear

    return FiscalYear.objects.get(be_year=year).pk
