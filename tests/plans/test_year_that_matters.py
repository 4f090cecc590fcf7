"""The year that matters: after the next year's plan is started, the agency home still opens
the year with an open round and keeps that round in "what needs attention"; the new-plan form
proposes the year after the latest plan; rounds open only on approved plans; a cloned plan
keeps its background (เรื่องเดิม)."""

from __future__ import annotations

import re

import pytest

from ita_tracker.frameworks.models import FiscalYear
from ita_tracker.lib.errors import Refused
from ita_tracker.plans.models import MeasurePlan, ReportingRound
from ita_tracker.plans.services.plans import clone_plan
from ita_tracker.plans.services.rounds import open_round


@pytest.fixture
def cloned_2567(open_round, coordinator) -> MeasurePlan:
    plan = open_round.plan
    plan.background = "ตามที่เทศบาลตำบลท่าแพได้จัดทำมาตรการส่งเสริมคุณธรรมและความโปร่งใส"
    plan.save(update_fields=["background"])
    return clone_plan(
        plan, fiscal_year=FiscalYear.objects.get(be_year=2567), acting_user=coordinator
    )


def test_it_opens_the_year_of_the_open_round_after_cloning(client, coordinator, cloned_2567):
    client.force_login(coordinator)
    response = client.get("/a/thaphae/")
    assert response["Location"] == "/a/thaphae/dashboard/2566/"


def test_it_opens_the_newest_plan_when_no_round_is_open(client, coordinator, plan_a):
    clone_plan(plan_a, fiscal_year=FiscalYear.objects.get(be_year=2567), acting_user=coordinator)
    client.force_login(coordinator)
    assert client.get("/a/thaphae/")["Location"] == "/a/thaphae/dashboard/2567/"


def test_it_keeps_an_earlier_years_open_round_in_what_needs_attention(
    client, coordinator, cloned_2567, open_round
):
    client.force_login(coordinator)
    page = client.get("/a/thaphae/dashboard/2567/").content.decode()
    board = f"/a/thaphae/plans/2566/rounds/{open_round.pk}/board/"
    assert board in page
    assert "ยังเปิดอยู่" in page


def test_it_proposes_the_year_after_the_latest_plan(client, coordinator, plan_a):
    client.force_login(coordinator)
    page = client.get("/a/thaphae/plans/new/").content.decode()
    selected = re.search(r'<option value="(\d+)" selected>([^<]*)</option>', page)
    assert selected is not None
    assert selected.group(1) == str(FiscalYear.objects.get(be_year=2567).pk)


def test_it_refuses_to_open_a_round_on_a_draft_plan(draft_plan, coordinator):
    before = ReportingRound.objects.filter(plan=draft_plan).count()
    with pytest.raises(Refused):
        open_round(draft_plan, kind="twelve_month", acting_user=coordinator)
    assert ReportingRound.objects.filter(plan=draft_plan).count() == before


def test_it_does_not_offer_rounds_before_the_plan_is_approved(client, coordinator, draft_plan):
    client.force_login(coordinator)
    page = client.get("/a/thaphae/plans/2566/").content.decode()
    assert "/a/thaphae/plans/2566/rounds/new/" not in page
    page = client.get("/a/thaphae/plans/2566/rounds/new/").content.decode()
    assert "เปิดรอบรายงานได้เมื่อแผนได้รับความเห็นชอบแล้ว" in page
    assert 'name="kind"' not in page
    response = client.post("/a/thaphae/plans/2566/rounds/new/", {"kind": "twelve_month"})
    assert response.status_code == 200
    assert not draft_plan.rounds.filter(kind="twelve_month").exists()


def test_it_keeps_the_background_when_cloning(cloned_2567):
    assert cloned_2567.background.startswith("ตามที่เทศบาลตำบลท่าแพ")
    assert cloned_2567.analysis == ""


def test_a_new_agency_is_proposed_the_latest_year_when_this_year_has_no_catalogue(
    client, django_user_model, agency_b, plan_a, monkeypatch
):
    """30 Nov 2569 BE (2026) is in fiscal year 2570, which has no ITA catalogue yet: the form
    proposes the newest year it can (not the oldest, 2561)."""
    import datetime as dt

    from ita_tracker.agencies.models import Membership, Role

    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: dt.date(2026, 11, 30))
    user = django_user_model.objects.create_user(username="somsri", password="x-Pass-2567")
    Membership.objects.create(user=user, agency=agency_b, role=Role.AGENCY_ADMIN)
    client.force_login(user)
    page = client.get("/a/agency-b/plans/new/").content.decode()
    selected = re.search(r'<option value="(\d+)" selected>([^<]*)</option>', page)
    newest = FiscalYear.objects.order_by("-be_year").first()
    assert selected is not None
    assert selected.group(1) == str(newest.pk)


def test_a_new_agency_opens_on_the_newest_catalogued_year(
    client, django_user_model, agency_b, plan_a, monkeypatch
):
    """On 30 Nov 2569 BE (FY 2570, no ITA catalogue yet) a new agency's home opens the newest
    year a plan can be made for, where its dashboard's "start a plan" leads."""
    import datetime as dt

    from ita_tracker.agencies.models import Membership, Role

    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: dt.date(2026, 11, 30))
    user = django_user_model.objects.create_user(username="somsri", password="x-Pass-2567")
    Membership.objects.create(user=user, agency=agency_b, role=Role.AGENCY_ADMIN)
    client.force_login(user)
    newest = FiscalYear.objects.order_by("-be_year").first().be_year
    assert client.get("/a/agency-b/")["Location"] == f"/a/agency-b/dashboard/{min(2570, newest)}/"
