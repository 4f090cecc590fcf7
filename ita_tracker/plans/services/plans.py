"""Creating, editing, cloning and approving measure plans."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ita_tracker.agencies.access import authorize
from ita_tracker.agencies.models import Agency
from ita_tracker.audit.services import record, snapshot
from ita_tracker.frameworks.models import FiscalYear, Indicator
from ita_tracker.lib.errors import Refused
from ita_tracker.lib.states import InvalidTransition
from ita_tracker.plans.models import Measure, MeasurePlan, Responsibility

PLAN_FIELDS = ["title", "background", "analysis", "state"]


def _refuse_existing(agency: Agency, fiscal_year: FiscalYear) -> None:
    if MeasurePlan.objects.filter(agency=agency, fiscal_year=fiscal_year).exists():
        raise Refused(
            _("This agency already has a plan for fiscal year %(year)s.")
            % {"year": fiscal_year.be_year}
        )


@transaction.atomic
def create_plan(
    *,
    agency: Agency,
    fiscal_year: FiscalYear,
    acting_user: Any,
    title: str = "",
    background: str = "",
    analysis: str = "",
) -> MeasurePlan:
    """An empty draft plan for ``fiscal_year``. Side effects: a ``plan.created`` audit row."""
    authorize(acting_user, agency, "edit_plan")
    _refuse_existing(agency, fiscal_year)
    plan = MeasurePlan(
        agency=agency, fiscal_year=fiscal_year, background=background, analysis=analysis
    )
    if title:
        plan.title = title
    plan.save()
    record(
        acting_user=acting_user,
        action="plan.created",
        obj=plan,
        agency=agency,
        after=snapshot(plan, PLAN_FIELDS),
    )
    return plan


@transaction.atomic
def update_plan(plan: MeasurePlan, *, acting_user: Any, **fields: Any) -> MeasurePlan:
    """Change the plan's title, background or analysis (draft plans only).

    Side effects: a ``plan.updated`` audit row with the fields before and after.
    """
    authorize(acting_user, plan.agency, "edit_plan")
    if not plan.is_editable:
        raise Refused(_("The plan is not a draft. Return it to draft before changing it."))
    allowed = {"title", "background", "analysis"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"update_plan cannot change {sorted(unknown)}")
    before = snapshot(plan, PLAN_FIELDS)
    for name, value in fields.items():
        setattr(plan, name, value)
    plan.save()
    record(
        acting_user=acting_user,
        action="plan.updated",
        obj=plan,
        agency=plan.agency,
        before=before,
        after=snapshot(plan, PLAN_FIELDS),
    )
    return plan


def _shift_years(day: Any, years: int) -> Any:
    # Periods are stored as first days of months, so moving the year is always a valid date.
    return day.replace(year=day.year + years)


@transaction.atomic
def clone_plan(source: MeasurePlan, *, fiscal_year: FiscalYear, acting_user: Any) -> MeasurePlan:
    """A new draft plan for ``fiscal_year`` holding a copy of every measure of ``source``.

    Each copy is marked carried over (and points at its original); periods move by the number
    of years between the plans; responsible units keep their order; linked indicators are
    matched by number in the new year's catalogue. Rounds, progress and evidence are not copied,
    so every status starts again from "not started". The background (เรื่องเดิม: how the
    measures came about) is kept for the coordinator to update; the analysis is left empty, as
    it is about the new year's result.
    Side effects: a ``plan.cloned`` audit row on the new plan.
    """
    authorize(acting_user, source.agency, "edit_plan")
    agency = source.agency
    _refuse_existing(agency, fiscal_year)
    years = fiscal_year.be_year - source.fiscal_year.be_year
    if years <= 0:
        raise Refused(_("A plan can only be copied into a later fiscal year."))
    plan = MeasurePlan.objects.create(
        agency=agency,
        fiscal_year=fiscal_year,
        title=source.title,
        background=source.background,
        carried_from=source,
    )
    indicators = {i.number: i for i in Indicator.objects.filter(fiscal_year=fiscal_year)}
    measures = (
        source.measures.select_related("tool")
        .prefetch_related("responsibilities", "indicators")
        .order_by("tool__order", "order", "pk")
    )
    count = 0
    for old in measures:
        new = Measure.objects.create(
            plan=plan,
            tool=old.tool,
            order=old.order,
            title=old.title,
            methods=list(old.methods),
            responsible_note=old.responsible_note,
            period_start=_shift_years(old.period_start, years),
            period_end=_shift_years(old.period_end, years),
            follow_up=old.follow_up,
            carried_over=True,
            carried_over_from=old,
        )
        Responsibility.objects.bulk_create(
            Responsibility(measure=new, unit_id=r.unit_id, order=r.order)
            for r in old.responsibilities.all()
        )
        new.indicators.set(
            [indicators[i.number] for i in old.indicators.all() if i.number in indicators]
        )
        count += 1
    record(
        acting_user=acting_user,
        action="plan.cloned",
        obj=plan,
        agency=agency,
        after={
            "from_plan": source.pk,
            "from_year": source.fiscal_year.be_year,
            "fiscal_year": fiscal_year.be_year,
            "measures": count,
        },
    )
    return plan


_PLAN_ACTIONS = {
    "submit": ("submit", "plan.submitted"),
    "approve": ("approve", "plan.approved"),
    "return": ("return_to_draft", "plan.returned"),
}


@transaction.atomic
def change_plan_state(plan: MeasurePlan, *, action: str, acting_user: Any) -> MeasurePlan:
    """``submit`` for approval, ``approve``, or ``return`` to draft, through the model's
    transitions. Side effects: a ``plan.submitted`` / ``plan.approved`` / ``plan.returned``
    audit row with the state before and after."""
    if action not in _PLAN_ACTIONS:
        raise Refused(_("Unknown action."))
    authorize(acting_user, plan.agency, "approve" if action == "approve" else "edit_plan")
    method, audit_action = _PLAN_ACTIONS[action]
    try:
        old = getattr(plan, method)()
    except InvalidTransition:
        raise Refused(
            _("The plan cannot do that in its current state (%(state)s).")
            % {"state": plan.get_state_display()}
        ) from None
    plan.save(update_fields=["state", "updated_at"])
    record(
        acting_user=acting_user,
        action=audit_action,
        obj=plan,
        agency=plan.agency,
        before={"state": old},
        after={"state": plan.state},
    )
    return plan
