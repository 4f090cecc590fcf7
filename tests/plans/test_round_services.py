"""Opening rounds with their default periods, and locking them when the report goes up."""

from __future__ import annotations

import datetime as dt

import pytest

from ita_tracker.audit.models import AuditEvent
from ita_tracker.frameworks.models import FiscalYear
from ita_tracker.lib.errors import Refused
from ita_tracker.plans.models import PlanState, ProgressEntry, RoundState
from ita_tracker.plans.services.plans import create_plan
from ita_tracker.plans.services.rounds import change_round_state, open_round
from tests.conftest import measure_of


@pytest.fixture
def plan_b(agency_b):
    plan = create_plan(
        agency=agency_b, fiscal_year=FiscalYear.objects.get(be_year=2567), acting_user=None
    )
    plan.state = PlanState.APPROVED  # rounds open on approved plans
    plan.save(update_fields=["state"])
    return plan


def test_it_opens_a_six_month_round_from_1_october_to_31_march(plan_b, coordinator_b):
    round_ = open_round(plan_b, kind="six_month", acting_user=coordinator_b)
    assert (round_.period_start, round_.period_end) == (dt.date(2023, 10, 1), dt.date(2024, 3, 31))
    assert round_.state == RoundState.OPEN
    event = AuditEvent.objects.get(action="round.opened")
    assert event.after["period_start"] == "2023-10-01"
    assert event.actor == coordinator_b


def test_it_opens_a_twelve_month_round_over_the_fiscal_year(plan_b, coordinator_b):
    round_ = open_round(plan_b, kind="twelve_month", acting_user=coordinator_b)
    assert (round_.period_start, round_.period_end) == (dt.date(2023, 10, 1), dt.date(2024, 9, 30))


def test_it_carries_each_status_over_from_the_previous_round_as_not_yet_updated(
    plan_a, coordinator
):
    round_ = open_round(plan_a, kind="twelve_month", acting_user=coordinator)
    entry = ProgressEntry.objects.get(round=round_, measure=measure_of(plan_a, "IIT", 1))
    assert entry.status == "completed"
    assert entry.evidence_text == "ตรวจสอบได้จากเว็บไซต์ของหน่วยงาน"
    assert not entry.has_update
    assert ProgressEntry.objects.filter(round=round_).count() == 10
    assert AuditEvent.objects.get(action="round.opened").after["carried_from_round"] is not None


def test_it_keeps_one_round_open_at_a_time(plan_a, coordinator):
    open_round(plan_a, kind="twelve_month", acting_user=coordinator)
    with pytest.raises(Refused):
        open_round(plan_a, kind="other", label="รอบพิเศษ", acting_user=coordinator)


def test_it_refuses_the_same_round_twice(plan_a, coordinator):
    six = plan_a.rounds.get(kind="six_month")
    with pytest.raises(Refused):
        open_round(
            plan_a,
            kind="six_month",
            period_start=six.period_start,
            period_end=six.period_end,
            acting_user=coordinator,
        )


def test_it_locks_the_round_on_submit_and_unlocks_it_on_reopen(open_round, coordinator, approver):
    change_round_state(open_round, action="submit", acting_user=coordinator)
    assert open_round.is_locked
    assert open_round.submitted_at is not None
    change_round_state(open_round, action="reopen", acting_user=coordinator)
    assert not open_round.is_locked
    change_round_state(open_round, action="submit", acting_user=coordinator)
    change_round_state(open_round, action="approve", acting_user=approver)
    assert open_round.state == RoundState.APPROVED
    assert list(
        AuditEvent.objects.filter(action__startswith="round.")
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["round.opened", "round.submitted", "round.reopened", "round.submitted", "round.approved"]


def test_it_refuses_to_approve_an_open_round(open_round, approver):
    with pytest.raises(Refused):
        change_round_state(open_round, action="approve", acting_user=approver)
