"""Adding, editing, re-ordering and deleting the measures of a draft plan."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from ita_tracker.agencies.access import authorize
from ita_tracker.agencies.models import OrgUnit
from ita_tracker.audit.services import record
from ita_tracker.frameworks.models import Indicator, Tool
from ita_tracker.lib.errors import Refused
from ita_tracker.plans.models import (
    Measure,
    MeasurePlan,
    ProgressEntry,
    ReportingRound,
    Responsibility,
    RoundState,
)


@dataclass
class MeasureData:
    """What the coordinator writes for one measure."""

    tool: Tool
    title: str
    period_start: dt.date
    period_end: dt.date
    methods: list[str] = field(default_factory=list)
    units: Sequence[OrgUnit] = ()
    responsible_note: str = ""
    follow_up: str = ""
    indicators: Sequence[Indicator] = ()


def measure_snapshot(measure: Measure) -> dict[str, Any]:
    """The measure as the history panel shows it: units by label, indicators by number."""
    return {
        "tool": measure.tool.code,
        "order": measure.order,
        "title": measure.title,
        "methods": list(measure.methods),
        "units": [r.unit.label for r in measure.responsibilities.select_related("unit__parent")],
        "responsible_note": measure.responsible_note,
        "period_start": measure.period_start,
        "period_end": measure.period_end,
        "follow_up": measure.follow_up,
        "indicators": sorted(i.number for i in measure.indicators.all()),
    }


def _check_editable(plan: MeasurePlan) -> None:
    if not plan.is_editable:
        raise Refused(_("The plan is not a draft. Return it to draft before changing it."))


def _check_data(plan: MeasurePlan, data: MeasureData) -> None:
    # The form checks these too; the service holds the rule for every other caller.
    if data.period_end < data.period_start:
        raise Refused(_("The period ends before it starts."))
    foreign_units = [u for u in data.units if u.agency_id != plan.agency_id]
    foreign_indicators = [i for i in data.indicators if i.fiscal_year_id != plan.fiscal_year_id]
    if foreign_units or foreign_indicators:
        raise Refused(_("A unit or an indicator does not belong to this plan."))


def _set_units(measure: Measure, units: Sequence[OrgUnit]) -> None:
    """Keep the order the units already had, append new ones in the order given."""
    existing = {r.unit_id: r for r in measure.responsibilities.all()}
    wanted = [u.pk for u in units]
    measure.responsibilities.exclude(unit_id__in=wanted).delete()
    kept = sorted((r.order, r.unit_id) for uid, r in existing.items() if uid in wanted)
    ordered = [uid for _order, uid in kept] + [uid for uid in wanted if uid not in existing]
    for position, unit_id in enumerate(ordered, start=1):
        if unit_id in existing:
            row = existing[unit_id]
            if row.order != position:
                row.order = position
                row.save(update_fields=["order"])
        else:
            Responsibility.objects.create(measure=measure, unit_id=unit_id, order=position)


def _next_order(plan: MeasurePlan, tool: Tool) -> int:
    last = plan.measures.filter(tool=tool).aggregate(n=Max("order"))["n"]
    return (last or 0) + 1


def _renumber(plan: MeasurePlan, tool_id: int) -> None:
    for position, measure in enumerate(
        plan.measures.filter(tool_id=tool_id).order_by("order", "pk"), start=1
    ):
        if measure.order != position:
            measure.order = position
            measure.save(update_fields=["order"])


@transaction.atomic
def create_measure(plan: MeasurePlan, data: MeasureData, *, acting_user: Any) -> Measure:
    """Append a measure to its tool's list. Rounds already open get a "not started" entry for
    it, so it shows on the board at once. Side effects: a ``measure.created`` audit row."""
    authorize(acting_user, plan.agency, "edit_plan")
    _check_editable(plan)
    _check_data(plan, data)
    measure = Measure.objects.create(
        plan=plan,
        tool=data.tool,
        order=_next_order(plan, data.tool),
        title=data.title,
        methods=list(data.methods),
        responsible_note=data.responsible_note,
        period_start=data.period_start,
        period_end=data.period_end,
        follow_up=data.follow_up,
    )
    _set_units(measure, data.units)
    measure.indicators.set(data.indicators)
    ProgressEntry.objects.bulk_create(
        ProgressEntry(round=round_, measure=measure)
        for round_ in ReportingRound.objects.filter(plan=plan, state=RoundState.OPEN)
    )
    record(
        acting_user=acting_user,
        action="measure.created",
        obj=measure,
        agency=plan.agency,
        after=measure_snapshot(measure),
    )
    return measure


@transaction.atomic
def update_measure(measure: Measure, data: MeasureData, *, acting_user: Any) -> Measure:
    """Change a measure. Moving it to another tool puts it last there and closes the gap it
    leaves. Side effects: a ``measure.updated`` audit row with the measure before and after."""
    authorize(acting_user, measure.plan.agency, "edit_plan")
    plan = measure.plan
    _check_editable(plan)
    _check_data(plan, data)
    before = measure_snapshot(measure)
    old_tool_id = measure.tool_id
    if data.tool.pk != old_tool_id:
        measure.order = _next_order(plan, data.tool)
    measure.tool = data.tool
    measure.title = data.title
    measure.methods = list(data.methods)
    measure.responsible_note = data.responsible_note
    measure.period_start = data.period_start
    measure.period_end = data.period_end
    measure.follow_up = data.follow_up
    measure.save()
    _set_units(measure, data.units)
    measure.indicators.set(data.indicators)
    if data.tool.pk != old_tool_id:
        _renumber(plan, old_tool_id)
    record(
        acting_user=acting_user,
        action="measure.updated",
        obj=measure,
        agency=plan.agency,
        before=before,
        after=measure_snapshot(measure),
    )
    return measure


@transaction.atomic
def delete_measure(measure: Measure, *, acting_user: Any) -> None:
    """Delete a measure with its progress in open rounds; the measures after it move up.

    Refused when a submitted or approved report includes it: that report must stay as sent.
    Side effects: a ``measure.deleted`` audit row holding the deleted measure.
    """
    authorize(acting_user, measure.plan.agency, "edit_plan")
    plan = measure.plan
    _check_editable(plan)
    if measure.entries.exclude(round__state=RoundState.OPEN).exists():
        raise Refused(
            _(
                "This measure is part of a submitted report and cannot be deleted. "
                "Reopen the round first, or keep the measure."
            )
        )
    before = measure_snapshot(measure)
    tool_id = measure.tool_id
    record(
        acting_user=acting_user,
        action="measure.deleted",
        obj=measure,
        agency=plan.agency,
        before=before,
    )
    measure.delete()
    _renumber(plan, tool_id)


@transaction.atomic
def move_measure(measure: Measure, *, direction: str, acting_user: Any) -> Measure:
    """Swap a measure with its neighbour in the same tool (``up`` or ``down``).

    Side effects: a ``measure.moved`` audit row with the order before and after.
    """
    authorize(acting_user, measure.plan.agency, "edit_plan")
    plan = measure.plan
    _check_editable(plan)
    _renumber(plan, measure.tool_id)
    measure.refresh_from_db(fields=["order"])
    siblings = plan.measures.filter(tool_id=measure.tool_id)
    if direction == "up":
        neighbour = siblings.filter(order__lt=measure.order).order_by("-order").first()
    elif direction == "down":
        neighbour = siblings.filter(order__gt=measure.order).order_by("order").first()
    else:
        raise Refused(_("Unknown action."))
    if neighbour is None:
        return measure
    old = measure.order
    measure.order, neighbour.order = neighbour.order, measure.order
    measure.save(update_fields=["order"])
    neighbour.save(update_fields=["order"])
    record(
        acting_user=acting_user,
        action="measure.moved",
        obj=measure,
        agency=plan.agency,
        before={"order": old},
        after={"order": measure.order},
    )
    return measure
