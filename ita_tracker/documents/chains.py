"""Approval chains: who a document of each kind goes to, in order (ADR 0006)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ita_tracker.agencies.access import authorize
from ita_tracker.agencies.models import Agency, Membership
from ita_tracker.audit.services import record
from ita_tracker.documents.models import ApprovalChain, ChainStep, DocumentKind
from ita_tracker.lib.errors import Refused


@dataclass(frozen=True)
class StepSpec:
    """One step as a form gives it."""

    heading: str
    position: str
    holder: Membership
    acting_holder: Membership | None = None
    acting_kind: str = ""
    acting_from: dt.date | None = None
    acting_to: dt.date | None = None


def chain_for(agency: Agency, kind: str) -> ApprovalChain | None:
    return ApprovalChain.objects.filter(agency=agency, kind=kind).first()


def steps_of(agency: Agency, kind: str) -> list[ChainStep]:
    return list(
        ChainStep.objects.filter(chain__agency=agency, chain__kind=kind)
        .select_related("holder__user", "holder__signatory", "acting_holder__user")
        .select_related("acting_holder__signatory")
        .order_by("order")
    )


def _check(agency: Agency, index: int, spec: StepSpec) -> None:
    where = _("Step %(n)s") % {"n": index}
    if not spec.heading.strip() or not spec.position.strip():
        raise Refused(_("%(where)s: give the heading and the position.") % {"where": where})
    members = [spec.holder] + ([spec.acting_holder] if spec.acting_holder else [])
    if any(m.agency_id != agency.pk for m in members):
        raise Refused(_("%(where)s: choose members of this agency.") % {"where": where})
    if bool(spec.acting_holder) != bool(spec.acting_kind):
        raise Refused(
            _("%(where)s: an acting official needs both a person and how they act.")
            % {"where": where}
        )
    if spec.acting_holder and spec.acting_holder.pk == spec.holder.pk:
        raise Refused(
            _("%(where)s: the acting official must be someone other than the holder.")
            % {"where": where}
        )
    if spec.acting_from and spec.acting_to and spec.acting_to < spec.acting_from:
        raise Refused(_("%(where)s: the acting period ends before it starts.") % {"where": where})


def _describe(steps: list[ChainStep]) -> list[dict[str, Any]]:
    return [
        {
            "order": s.order,
            "heading": s.heading,
            "position": s.position,
            "holder": s.holder_id,
            "acting_holder": s.acting_holder_id,
            "acting_kind": s.acting_kind,
            "acting_from": s.acting_from,
            "acting_to": s.acting_to,
        }
        for s in steps
    ]


@transaction.atomic
def set_chain(
    *, agency: Agency, kind: str, steps: list[StepSpec], acting_user: Any
) -> ApprovalChain:
    """Replace the chain of ``kind`` with ``steps`` in order. Documents already submitted keep
    the chain they were submitted with. Side effects: a ``chain.updated`` audit row."""
    authorize(acting_user, agency, "manage_chains")
    if kind not in DocumentKind.values:
        raise Refused(_("Unknown document kind."))
    for index, spec in enumerate(steps, start=1):
        _check(agency, index, spec)
    chain, _created = ApprovalChain.objects.select_for_update().get_or_create(
        agency=agency, kind=kind
    )
    before = _describe(list(chain.steps.order_by("order")))
    chain.steps.all().delete()
    ChainStep.objects.bulk_create(
        ChainStep(
            chain=chain,
            order=order,
            heading=spec.heading.strip(),
            position=spec.position.strip(),
            holder=spec.holder,
            acting_holder=spec.acting_holder,
            acting_kind=spec.acting_kind if spec.acting_holder else "",
            acting_from=spec.acting_from if spec.acting_holder else None,
            acting_to=spec.acting_to if spec.acting_holder else None,
        )
        for order, spec in enumerate(steps, start=1)
    )
    chain.save(update_fields=["updated_at"])
    record(
        acting_user=acting_user,
        action="chain.updated",
        obj=chain,
        agency=agency,
        before={"steps": before},
        after={"steps": _describe(list(chain.steps.order_by("order")))},
    )
    return chain
