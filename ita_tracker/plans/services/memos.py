"""The text of a memo before it is submitted: subject, salutation, facts, considerations."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ita_tracker.agencies.access import authorize
from ita_tracker.audit.services import record, snapshot
from ita_tracker.lib.errors import Refused
from ita_tracker.plans.models import MeasurePlan, Memo, ReportingRound

MEMO_TEXT_FIELDS = ("subject", "salutation", "department", "facts", "considerations")


def memo_of(plan: MeasurePlan, round_: ReportingRound | None) -> Memo | None:
    return Memo.objects.filter(plan=plan, round=round_).select_related("drafter").first()


@transaction.atomic
def update_memo(
    plan: MeasurePlan, round_: ReportingRound | None, *, acting_user: Any, **fields: str
) -> Memo:
    """Change the memo's texts while its report (or the plan) can still be submitted. An empty
    field means "derive the wording from the data". Side effects: a ``memo.updated`` row."""
    authorize(acting_user, plan.agency, "edit_plan" if round_ is None else "run_rounds")
    unknown = set(fields) - set(MEMO_TEXT_FIELDS)
    if unknown:
        raise TypeError(f"update_memo cannot change {sorted(unknown)}")
    locked = round_.is_locked if round_ is not None else not plan.is_editable
    if locked:
        raise Refused(_("The memo has been submitted and can no longer be changed."))
    memo, _created = Memo.objects.select_for_update().get_or_create(plan=plan, round=round_)
    before = snapshot(memo, list(MEMO_TEXT_FIELDS))
    for name, value in fields.items():
        setattr(memo, name, value.strip())
    if before == snapshot(memo, list(MEMO_TEXT_FIELDS)):
        return memo
    memo.save()
    record(
        acting_user=acting_user,
        action="memo.updated",
        obj=memo,
        agency=plan.agency,
        before=before,
        after=snapshot(memo, list(MEMO_TEXT_FIELDS)),
    )
    return memo
