"""Writes of the public site: what is published of an evidence file, an agency's web address
name, the results of the link checker. Atomic, audited, publishing queued on commit."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ita_tracker.agencies.access import authorize
from ita_tracker.agencies.models import Agency, slug_validator, validate_unreserved_slug
from ita_tracker.audit.services import record
from ita_tracker.disclosure.models import FormerSlug, LinkCheck
from ita_tracker.lib.errors import Refused
from ita_tracker.plans.models import Evidence, MeasurePlan


def _publish_on_commit(agency_id: int, be_year: int) -> None:
    from ita_tracker.disclosure.tasks import enqueue_publication

    transaction.on_commit(partial(enqueue_publication, agency_id, be_year))


@transaction.atomic
def set_evidence_public(evidence: Evidence, *, public: bool, acting_user: Any) -> Evidence:
    """Mark an evidence file public (published with the approved report) or internal (members
    only, the default).

    A file can be made public only while its round is open: the approvers approve the report
    with the files it publishes. It can be made internal at any time (a file found to hold
    personal data leaves the public site at once). Side effects: an ``evidence.made_public``
    or ``evidence.made_internal`` audit row on the entry; once the round is locked, its
    agency-year is published again after the commit.
    """
    authorize(
        acting_user,
        evidence.entry.round.plan.agency,
        "update_progress",
        responsible_unit_ids=evidence.entry.measure.responsibilities.values_list(
            "unit_id", flat=True
        ),
    )
    evidence = (
        Evidence.objects.select_for_update()
        .select_related("entry__round__plan__fiscal_year", "entry__round__plan__agency")
        .get(pk=evidence.pk)
    )
    round_ = evidence.entry.round
    if public and round_.is_locked:
        raise Refused(
            _(
                "This round's report has been submitted: its files can no longer be made "
                "public, only internal."
            )
        )
    if evidence.public == public:
        return evidence
    evidence.public = public
    evidence.save(update_fields=["public"])
    plan = round_.plan
    record(
        acting_user=acting_user,
        action="evidence.made_public" if public else "evidence.made_internal",
        obj=evidence.entry,
        agency=plan.agency,
        before={"evidence_id": evidence.pk, "public": not public},
        after={"evidence_id": evidence.pk, "file": evidence.original_name, "public": public},
    )
    if round_.is_locked:
        _publish_on_commit(plan.agency_id, plan.fiscal_year.be_year)
    return evidence


@transaction.atomic
def change_agency_slug(agency: Agency, *, new_slug: str, acting_user: Any) -> Agency:
    """Give the agency a new web address name. The old one is kept (``FormerSlug``), so every
    public address published under it redirects to the same page under the new name.

    Side effects: an ``agency.slug_changed`` audit row; the agency's public files are written
    again under the new name (and removed under the old) after the commit.
    """
    authorize(acting_user, agency, "manage_agency")
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    new_slug = new_slug.strip().lower()
    old = agency.slug
    if new_slug == old:
        return agency
    try:
        slug_validator(new_slug)
        validate_unreserved_slug(new_slug)
    except ValidationError as exc:
        raise Refused(exc.messages[0]) from None
    taken = Agency.objects.filter(slug=new_slug).exists()
    held = FormerSlug.objects.filter(slug=new_slug).exclude(agency=agency).exists()
    if taken or held:
        raise Refused(_("%(slug)s is or was the address of another agency.") % {"slug": new_slug})
    FormerSlug.objects.filter(agency=agency, slug=new_slug).delete()  # taking back an old name
    FormerSlug.objects.create(agency=agency, slug=old)
    agency.slug = new_slug
    agency.save(update_fields=["slug"])
    record(
        acting_user=acting_user,
        action="agency.slug_changed",
        obj=agency,
        agency=agency,
        before={"slug": old},
        after={"slug": new_slug},
    )
    from ita_tracker.disclosure.tasks import enqueue_agency

    transaction.on_commit(partial(enqueue_agency, agency.pk))
    return agency


@dataclass(frozen=True)
class LinkResult:
    url: str
    ok: bool
    status: int | None
    error: str
    where: list[str]


@transaction.atomic
def record_link_checks(
    plan: MeasurePlan, results: list[LinkResult], *, acting_user: Any
) -> list[LinkCheck]:
    """Replace the plan's link-check results. Side effect: a ``links.checked`` audit row with
    the counts."""
    authorize(acting_user, plan.agency, "run_rounds")
    LinkCheck.objects.filter(plan=plan).delete()
    rows = LinkCheck.objects.bulk_create(
        LinkCheck(
            plan=plan,
            url=r.url,
            ok=r.ok,
            status=r.status,
            error=r.error[:300],
            where=r.where,
        )
        for r in results
    )
    record(
        acting_user=acting_user,
        action="links.checked",
        obj=plan,
        agency=plan.agency,
        after={"links": len(results), "dead": sum(not r.ok for r in results)},
    )
    return rows
