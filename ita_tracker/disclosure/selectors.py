"""Reads for the back office about the public site: what a plan page says about its public
page and its dead evidence links."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ita_tracker.disclosure import paths
from ita_tracker.disclosure.models import LinkCheck, Publication
from ita_tracker.plans.models import MeasurePlan


@dataclass
class PlanPublic:
    page: str | None
    published_at: Any
    checked_at: Any
    checked: int
    dead: list[LinkCheck] = field(default_factory=list)


def plan_public(plan: MeasurePlan) -> PlanPublic:
    year = plan.fiscal_year.be_year
    publication = (
        Publication.objects.filter(agency_id=plan.agency_id, fiscal_year=year)
        .values("published_at")
        .first()
    )
    checks = list(LinkCheck.objects.filter(plan=plan).order_by("url"))
    return PlanPublic(
        page=paths.year_page(plan.agency.slug, year) if publication else None,
        published_at=publication["published_at"] if publication else None,
        checked_at=max((c.checked_at for c in checks), default=None),
        checked=len(checks),
        dead=[c for c in checks if not c.ok],
    )
