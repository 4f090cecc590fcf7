"""From the analysis to next year's plan: one suggested measure becomes a draft measure."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from ita_tracker.agencies.models import Agency, OrgUnit
from ita_tracker.agencies.tenancy import scoped
from ita_tracker.frameworks.models import FiscalYear, Indicator, Tool
from ita_tracker.lib.errors import Refused
from ita_tracker.plans.models import Measure, MeasurePlan
from ita_tracker.plans.services.measures import MeasureData, create_measure
from ita_tracker.plans.services.plans import create_plan
from ita_tracker.results.suggestions import Suggestion


def _units(agency: Agency, hint: str) -> list[OrgUnit]:
    """The agency's units the suggestion's unit names (``งานธุรการ`` → that section, whatever
    its division); none when the agency has no unit of that name."""
    name = " ".join(hint.split())
    units = list(scoped(OrgUnit, agency).select_related("parent"))
    exact = [u for u in units if name in (u.name, u.short_name)]
    return exact[:1]


@transaction.atomic
def add_suggested_measure(
    *,
    agency: Agency,
    suggestion: Suggestion,
    tool_code: str,
    indicator_number: int | None,
    plan_year: int,
    acting_user: Any,
) -> Measure:
    """Copy ``suggestion`` into the agency's plan of ``plan_year`` as a measure for the whole
    fiscal year, linked to the indicator of that number, with the suggested responsible unit
    when the agency has a unit of that name (else written as the "other responsible" note).

    The plan is made (empty draft) when the year has none. Refused when the plan is not a draft
    or already has a measure of that title. Side effects: ``plan.created`` (when made) and
    ``measure.created`` audit rows.
    """
    fiscal_year = FiscalYear.objects.filter(be_year=plan_year).first()
    if fiscal_year is None:
        raise Refused(
            _("There is no ITA catalogue for fiscal year %(year)s.") % {"year": plan_year}
        )
    plan = scoped(MeasurePlan, agency).filter(fiscal_year=fiscal_year).first()
    if plan is None:
        plan = create_plan(agency=agency, fiscal_year=fiscal_year, acting_user=acting_user)
    if plan.measures.filter(title=suggestion.title).exists():
        raise Refused(_("The plan of %(year)s already has this measure.") % {"year": plan_year})
    indicators = list(
        Indicator.objects.filter(fiscal_year=fiscal_year, number=indicator_number)
        if indicator_number is not None
        else []
    )
    units = _units(agency, suggestion.unit)
    data = MeasureData(
        tool=Tool.objects.get(code=tool_code),
        title=suggestion.title,
        methods=list(suggestion.methods),
        period_start=fiscal_year.starts.replace(day=1),
        period_end=dt.date(fiscal_year.ends.year, fiscal_year.ends.month, 1),
        units=units,
        responsible_note="" if units else suggestion.unit,
        follow_up=suggestion.follow_up,
        indicators=indicators,
    )
    return create_measure(plan, data, acting_user=acting_user)
