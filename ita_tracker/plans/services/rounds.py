"""Opening a reporting round, and the transitions that lock, reopen and approve it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ita_tracker.agencies.access import authorize
from ita_tracker.audit.services import record
from ita_tracker.lib import thai_dates
from ita_tracker.lib.errors import Refused
from ita_tracker.lib.states import InvalidTransition
from ita_tracker.plans.models import (
    MeasurePlan,
    PlanState,
    ProgressEntry,
    ProgressStatus,
    ReportingRound,
    RoundKind,
    RoundState,
)


def default_period(plan: MeasurePlan, kind: str) -> tuple[dt.date, dt.date]:
    """6-month: 1 Oct – 31 Mar; 12-month (and other rounds): the whole fiscal year."""
    if kind == RoundKind.SIX_MONTH:
        return thai_dates.six_month_bounds(plan.fiscal_year.be_year)
    return thai_dates.fiscal_year_bounds(plan.fiscal_year.be_year)


@transaction.atomic
def open_round(
    plan: MeasurePlan,
    *,
    kind: str,
    acting_user: Any,
    period_start: dt.date | None = None,
    period_end: dt.date | None = None,
    label: str = "",
) -> ReportingRound:
    """Open a round in which the units report on every measure of the plan.

    Only an approved plan gets rounds: progress is reported on the measures the head of the
    agency approved. One round at a time is open per plan. Each measure gets an entry that
    starts from its
    status, note, evidence text and links in the latest earlier round (a 12-month report goes
    on from the 6-month one), but counts as "no update yet" until someone saves it in this
    round. Side effects: a ``round.opened`` audit row.
    """
    authorize(acting_user, plan.agency, "run_rounds")
    if plan.state != PlanState.APPROVED:
        raise Refused(
            _("Rounds are opened on an approved plan. Submit the plan for approval first.")
        )
    default_start, default_end = default_period(plan, kind)
    start = period_start or default_start
    end = period_end or default_end
    if end < start:
        raise Refused(_("The period ends before it starts."))
    if plan.rounds.filter(state=RoundState.OPEN).exists():
        raise Refused(_("A round of this plan is already open. Submit it before opening another."))
    if plan.rounds.filter(kind=kind, period_start=start, period_end=end).exists():
        raise Refused(_("This plan already has that round."))
    round_ = ReportingRound.objects.create(
        plan=plan, kind=kind, label=label, period_start=start, period_end=end
    )
    previous = (
        plan.rounds.exclude(pk=round_.pk)
        .filter(period_end__lte=end)
        .order_by("-period_end", "-pk")
        .first()
    )
    carried = {e.measure_id: e for e in previous.entries.all()} if previous else {}
    entries = []
    for measure_id in plan.measures.values_list("pk", flat=True):
        old = carried.get(measure_id)
        entries.append(
            ProgressEntry(
                round=round_,
                measure_id=measure_id,
                status=old.status if old else ProgressStatus.NOT_STARTED,
                note=old.note if old else "",
                evidence_text=old.evidence_text if old else "",
                urls=list(old.urls) if old else [],
            )
        )
    ProgressEntry.objects.bulk_create(entries)
    record(
        acting_user=acting_user,
        action="round.opened",
        obj=round_,
        agency=plan.agency,
        after={
            "kind": kind,
            "label": label,
            "period_start": start,
            "period_end": end,
            "measures": len(entries),
            "carried_from_round": previous.pk if previous else None,
        },
    )
    return round_


_ROUND_ACTIONS = {
    "submit": "round.submitted",
    "reopen": "round.reopened",
    "approve": "round.approved",
}


@transaction.atomic
def change_round_state(round_: ReportingRound, *, action: str, acting_user: Any) -> ReportingRound:
    """``submit`` the round's report (which locks the round), ``reopen`` it for corrections,
    or ``approve`` it, through the model's transitions.
    Side effects: a ``round.submitted`` / ``round.reopened`` / ``round.approved`` audit row."""
    if action not in _ROUND_ACTIONS:
        raise Refused(_("Unknown action."))
    authorize(acting_user, round_.plan.agency, "approve" if action == "approve" else "run_rounds")
    try:
        old = getattr(round_, action)()
    except InvalidTransition:
        raise Refused(
            _("The round cannot do that in its current state (%(state)s).")
            % {"state": round_.get_state_display()}
        ) from None
    round_.save(update_fields=["state", "submitted_at"])
    record(
        acting_user=acting_user,
        action=_ROUND_ACTIONS[action],
        obj=round_,
        agency=round_.plan.agency,
        before={"state": old},
        after={"state": round_.state},
    )
    return round_
