"""Creating, cloning and moving plans through their states, with the audit trail."""

from __future__ import annotations

import datetime as dt

import pytest

from ita_tracker.audit.models import AuditEvent
from ita_tracker.frameworks.models import FiscalYear
from ita_tracker.lib.errors import Refused
from ita_tracker.plans.models import Measure, MeasurePlan, PlanState
from ita_tracker.plans.services.plans import (
    change_plan_state,
    clone_plan,
    create_plan,
    update_plan,
)


def test_it_creates_an_empty_draft_plan_and_records_it(agency_b, coordinator_b):
    plan = create_plan(
        agency=agency_b,
        fiscal_year=FiscalYear.objects.get(be_year=2567),
        acting_user=coordinator_b,
    )
    assert plan.state == PlanState.DRAFT
    assert plan.measures.count() == 0
    event = AuditEvent.objects.get(action="plan.created")
    assert event.actor == coordinator_b
    assert event.agency == agency_b
    assert event.after["state"] == "draft"


def test_it_refuses_a_second_plan_for_the_same_year(plan_a, coordinator):
    with pytest.raises(Refused):
        create_plan(agency=plan_a.agency, fiscal_year=plan_a.fiscal_year, acting_user=coordinator)


def test_it_changes_a_draft_and_records_before_and_after(draft_plan, coordinator):
    update_plan(draft_plan, acting_user=coordinator, analysis="จุดอ่อน: การเปิดเผยข้อมูล")
    draft_plan.refresh_from_db()
    assert draft_plan.analysis == "จุดอ่อน: การเปิดเผยข้อมูล"
    event = AuditEvent.objects.get(action="plan.updated")
    assert event.before["analysis"] == ""
    assert event.after["analysis"] == "จุดอ่อน: การเปิดเผยข้อมูล"


def test_it_refuses_to_change_an_approved_plan(plan_a, coordinator):
    with pytest.raises(Refused):
        update_plan(plan_a, acting_user=coordinator, title="อื่น")
    assert not AuditEvent.objects.filter(action="plan.updated").exists()


def test_it_clones_last_years_plan_with_every_measure_carried_over(plan_a, coordinator):
    new = clone_plan(
        plan_a, fiscal_year=FiscalYear.objects.get(be_year=2567), acting_user=coordinator
    )
    assert new.state == PlanState.DRAFT
    assert new.carried_from == plan_a
    assert new.rounds.count() == 0  # so every status starts again from "not started"
    assert new.analysis == ""
    olds = list(Measure.objects.filter(plan=plan_a).order_by("tool__order", "order"))
    news = list(Measure.objects.filter(plan=new).order_by("tool__order", "order"))
    assert len(news) == len(olds) == 10
    for old, copy in zip(olds, news, strict=True):
        assert copy.carried_over
        assert copy.carried_over_from == old
        assert (copy.tool, copy.order, copy.title, copy.methods) == (
            old.tool,
            old.order,
            old.title,
            old.methods,
        )
        assert copy.period_start == dt.date(old.period_start.year + 1, old.period_start.month, 1)
        assert [u.pk for u in copy.ordered_units()] == [u.pk for u in old.ordered_units()]
        assert {i.number for i in copy.indicators.all()} == {i.number for i in old.indicators.all()}
        assert {i.fiscal_year.be_year for i in copy.indicators.all()} <= {2567}
    event = AuditEvent.objects.get(action="plan.cloned")
    assert event.after == {
        "from_plan": plan_a.pk,
        "from_year": 2566,
        "fiscal_year": 2567,
        "measures": 10,
    }


def test_it_refuses_to_clone_into_the_same_or_an_earlier_year(plan_a, coordinator):
    with pytest.raises(Refused):
        clone_plan(
            plan_a, fiscal_year=FiscalYear.objects.get(be_year=2565), acting_user=coordinator
        )
    assert MeasurePlan.objects.count() == 1


def test_it_moves_a_plan_through_submit_approve_and_back_to_draft(
    draft_plan, coordinator, approver
):
    change_plan_state(draft_plan, action="submit", acting_user=coordinator)
    assert draft_plan.state == PlanState.SUBMITTED
    change_plan_state(draft_plan, action="approve", acting_user=approver)
    assert MeasurePlan.objects.get(pk=draft_plan.pk).state == PlanState.APPROVED
    change_plan_state(draft_plan, action="return", acting_user=coordinator)
    assert draft_plan.state == PlanState.DRAFT
    actions = list(
        AuditEvent.objects.filter(action__in=["plan.submitted", "plan.approved", "plan.returned"])
        .order_by("id")
        .values_list("action", "before", "after")
    )
    assert actions == [
        ("plan.submitted", {"state": "draft"}, {"state": "submitted"}),
        ("plan.approved", {"state": "submitted"}, {"state": "approved"}),
        ("plan.returned", {"state": "approved"}, {"state": "draft"}),
    ]


def test_it_refuses_a_transition_from_the_wrong_state(draft_plan, approver):
    with pytest.raises(Refused):
        change_plan_state(draft_plan, action="approve", acting_user=approver)
    with pytest.raises(Refused):
        change_plan_state(draft_plan, action="explode", acting_user=approver)
    assert MeasurePlan.objects.get(pk=draft_plan.pk).state == PlanState.DRAFT
