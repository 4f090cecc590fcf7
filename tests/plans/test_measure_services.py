"""Adding, changing, moving and deleting measures, with the audit trail."""

from __future__ import annotations

import datetime as dt

import pytest

from ita_tracker.agencies.models import OrgUnit
from ita_tracker.audit.models import AuditEvent
from ita_tracker.frameworks.models import Indicator, Tool
from ita_tracker.lib.errors import Refused
from ita_tracker.plans.models import Measure, PlanState, ProgressEntry
from ita_tracker.plans.services.measures import (
    MeasureData,
    create_measure,
    delete_measure,
    move_measure,
    update_measure,
)
from ita_tracker.plans.services.rounds import change_round_state, open_round
from tests.conftest import measure_of


def _unit(plan, name):
    return OrgUnit.objects.get(agency=plan.agency, name=name)


def _data(plan, **overrides) -> MeasureData:
    values = {
        "tool": Tool.objects.get(code="OIT"),
        "title": "เผยแพร่รายงานผลการจัดซื้อจัดจ้างรายเดือน",
        "methods": ["รวบรวมข้อมูลจากกองคลัง", "เผยแพร่บนเว็บไซต์หลัก"],
        "units": [_unit(plan, "งานพัสดุ"), _unit(plan, "งานประชาสัมพันธ์")],
        "period_start": dt.date(2022, 10, 1),
        "period_end": dt.date(2023, 9, 1),
        "follow_up": "รายงานทุกเดือน",
        "indicators": [Indicator.objects.get(fiscal_year=plan.fiscal_year, number=9)],
    }
    values.update(overrides)
    return MeasureData(**values)


def test_it_appends_a_measure_to_its_tool_and_records_it(draft_plan, coordinator):
    measure = create_measure(draft_plan, _data(draft_plan), acting_user=coordinator)
    assert measure.order == 2  # Tha Phae has one OIT measure already
    assert [u.name for u in measure.ordered_units()] == ["งานพัสดุ", "งานประชาสัมพันธ์"]
    event = AuditEvent.objects.get(action="measure.created")
    assert event.after["methods"] == ["รวบรวมข้อมูลจากกองคลัง", "เผยแพร่บนเว็บไซต์หลัก"]
    assert event.after["units"] == ["กองคลัง งานพัสดุ", "สำนักปลัด งานประชาสัมพันธ์"]
    assert event.after["indicators"] == [9]
    assert event.after["period_start"] == "2022-10-01"


def _open_then_draft(plan, user):
    """An approved plan's open round, the plan then put back to draft to add a measure."""
    plan.state = PlanState.APPROVED
    round_ = open_round(plan, kind="twelve_month", acting_user=user)
    plan.state = PlanState.DRAFT
    plan.save(update_fields=["state"])
    return round_


def test_it_gives_a_new_measure_an_entry_in_the_open_round(draft_plan, coordinator):
    round_ = _open_then_draft(draft_plan, coordinator)
    measure = create_measure(draft_plan, _data(draft_plan), acting_user=coordinator)
    entry = ProgressEntry.objects.get(round=round_, measure=measure)
    assert entry.status == "not_started"
    assert not entry.has_update


def test_it_keeps_the_order_of_units_already_chosen(draft_plan, coordinator):
    measure = measure_of(draft_plan, "IIT", 3)  # งานประชาสัมพันธ์, then งานพัสดุ
    data = _data(
        draft_plan,
        tool=measure.tool,
        units=[
            _unit(draft_plan, "งานธุรการ"),
            _unit(draft_plan, "งานพัสดุ"),
            _unit(draft_plan, "งานประชาสัมพันธ์"),
        ],
    )
    update_measure(measure, data, acting_user=coordinator)
    assert [u.name for u in measure.ordered_units()] == ["งานประชาสัมพันธ์", "งานพัสดุ", "งานธุรการ"]


def test_it_records_a_change_with_before_and_after(draft_plan, coordinator):
    measure = measure_of(draft_plan, "IIT", 2)
    update_measure(
        measure,
        _data(draft_plan, tool=measure.tool, title=measure.title, follow_up="รายงานทุกไตรมาส"),
        acting_user=coordinator,
    )
    event = AuditEvent.objects.get(action="measure.updated")
    assert event.before["follow_up"] == "รายงานผลการดำเนินการในการประชุมประจำเดือน"
    assert event.after["follow_up"] == "รายงานทุกไตรมาส"
    assert event.actor == coordinator


def test_it_moves_a_measure_to_another_tool_and_closes_the_gap(draft_plan, coordinator):
    measure = measure_of(draft_plan, "IIT", 2)
    update_measure(measure, _data(draft_plan, title=measure.title), acting_user=coordinator)
    assert (measure.tool.code, measure.order) == ("OIT", 2)
    iit = list(Measure.objects.filter(plan=draft_plan, tool__code="IIT").order_by("order"))
    assert [m.order for m in iit] == [1, 2, 3, 4]


def test_it_moves_a_measure_up_and_down(draft_plan, coordinator):
    second = measure_of(draft_plan, "EIT", 2)
    first = measure_of(draft_plan, "EIT", 1)
    move_measure(second, direction="up", acting_user=coordinator)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (second.order, first.order) == (1, 2)
    move_measure(second, direction="down", acting_user=coordinator)
    second.refresh_from_db()
    assert second.order == 2
    assert AuditEvent.objects.filter(action="measure.moved").count() == 2


def test_it_deletes_a_measure_and_renumbers_the_rest(draft_plan, coordinator):
    doomed = measure_of(draft_plan, "IIT", 1)
    # The imported 6-month round is approved, so reopen the question: delete is refused…
    with pytest.raises(Refused):
        delete_measure(doomed, acting_user=coordinator)
    # …until the measure is in no submitted report.
    ProgressEntry.objects.filter(measure=doomed).delete()
    delete_measure(doomed, acting_user=coordinator)
    assert [m.order for m in Measure.objects.filter(plan=draft_plan, tool__code="IIT")] == [
        1,
        2,
        3,
        4,
    ]
    event = AuditEvent.objects.get(action="measure.deleted")
    assert event.before["title"].startswith("ประกาศนโยบายไม่รับของขวัญ")


def test_it_refuses_changes_to_a_plan_that_is_not_a_draft(plan_a, coordinator):
    measure = measure_of(plan_a, "IIT", 1)
    with pytest.raises(Refused):
        create_measure(plan_a, _data(plan_a), acting_user=coordinator)
    with pytest.raises(Refused):
        update_measure(measure, _data(plan_a), acting_user=coordinator)
    with pytest.raises(Refused):
        move_measure(measure, direction="down", acting_user=coordinator)
    assert not AuditEvent.objects.filter(action__startswith="measure.").exists()


def test_it_refuses_units_of_another_agency(draft_plan, agency_b, coordinator):
    foreign = OrgUnit.objects.filter(agency=agency_b).first()
    with pytest.raises(Refused):
        create_measure(draft_plan, _data(draft_plan, units=[foreign]), acting_user=coordinator)


def test_it_lets_a_reopened_round_lose_a_measure(draft_plan, coordinator):
    round_ = _open_then_draft(draft_plan, coordinator)
    measure = create_measure(draft_plan, _data(draft_plan), acting_user=coordinator)
    change_round_state(round_, action="submit", acting_user=coordinator)
    with pytest.raises(Refused):
        delete_measure(measure, acting_user=coordinator)
    change_round_state(round_, action="reopen", acting_user=coordinator)
    delete_measure(measure, acting_user=coordinator)
    assert not Measure.objects.filter(pk=measure.pk).exists()
