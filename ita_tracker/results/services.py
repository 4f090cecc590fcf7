"""Writing an agency's ITA result for an assessed year."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from ita_tracker.agencies.models import Agency
from ita_tracker.audit.services import record
from ita_tracker.frameworks.models import FiscalYear
from ita_tracker.results.models import IndicatorScore, ItaResult


def _state(result: ItaResult | None) -> dict[str, Any] | None:
    if result is None:
        return None
    return {
        "total": result.total,
        "iit": result.iit,
        "eit": result.eit,
        "oit": result.oit,
        "notes": result.notes,
        "indicators": {
            str(s.indicator.number): s.score
            for s in result.indicator_scores.select_related("indicator")
        },
        "rating": result.rating,
    }


@transaction.atomic
def save_result(
    *,
    agency: Agency,
    fiscal_year: FiscalYear,
    total: Decimal,
    acting_user: Any,
    iit: Decimal | None = None,
    eit: Decimal | None = None,
    oit: Decimal | None = None,
    notes: str = "",
    indicator_scores: dict[int, Decimal | None] | None = None,
) -> ItaResult:
    """Create or replace the result of ``fiscal_year``; indicators left None are removed.

    The rating is not stored: it is computed from the year's rules whenever it is shown.
    Side effects: a ``result.created`` or ``result.updated`` audit row, before and after.
    """
    existing = ItaResult.objects.filter(agency=agency, fiscal_year=fiscal_year).first()
    before = _state(existing)
    result = existing or ItaResult(agency=agency, fiscal_year=fiscal_year)
    result.total, result.iit, result.eit, result.oit, result.notes = total, iit, eit, oit, notes
    result.save()
    indicators = {i.number: i for i in fiscal_year.indicators.all()}
    for number, score in (indicator_scores or {}).items():
        if number not in indicators:
            raise ValueError(f"fiscal year {fiscal_year.be_year} has no indicator {number}")
        if score is None:
            result.indicator_scores.filter(indicator=indicators[number]).delete()
        else:
            IndicatorScore.objects.update_or_create(
                result=result, indicator=indicators[number], defaults={"score": score}
            )
    record(
        acting_user=acting_user,
        action="result.updated" if existing else "result.created",
        obj=result,
        agency=agency,
        before=before,
        after=_state(result),
    )
    return result
