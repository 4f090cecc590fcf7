"""Results and their analysis in the plan file (format ``plan@2``): out of and into the database."""

from __future__ import annotations

from typing import Any

from ita_tracker.agencies.access import authorize
from ita_tracker.agencies.models import Agency
from ita_tracker.audit.services import record
from ita_tracker.planfile import schema
from ita_tracker.results.models import ItaResult, ResultAnalysis, ResultSource
from ita_tracker.results.services import ResultData, write_results


def results_of(agency: Agency, *, before: int) -> list[ItaResult]:
    """The agency's results of the years before ``before``, oldest first (one query set)."""
    return list(
        ItaResult.objects.filter(agency=agency, fiscal_year__be_year__lt=before)
        .select_related("fiscal_year", "analysis")
        .prefetch_related(
            "fiscal_year__rating_rules", "indicator_scores__indicator", "oit_items__item"
        )
        .order_by("fiscal_year__be_year")
    )


def result_entry(result: ItaResult) -> schema.PreviousResult:
    return schema.PreviousResult(
        fiscal_year=result.fiscal_year.be_year,
        total=result.total,
        iit=result.iit,
        eit=result.eit,
        oit=result.oit,
        level=result.level_written or result.rating,
        indicators={s.indicator.number: s.score for s in result.indicator_scores.all()},
        oit_items={
            a.item.code: schema.OitAnswer(has=a.has, reason=a.reason)
            for a in sorted(result.oit_items.all(), key=lambda a: a.item.order)
        },
        example=result.is_example,
        notes=result.notes,
    )


def stored_analysis(result: ItaResult) -> schema.ResultAnalysis | None:
    analysis = getattr(result, "analysis", None)
    if analysis is None:
        return None
    return schema.ResultAnalysis(
        fiscal_year=result.fiscal_year.be_year,
        grouping=analysis.grouping,
        comments={key: schema.AnalysisComment(**value) for key, value in analysis.comments.items()},
        include_in_plan=analysis.include_in_plan,
    )


def data_of(entry: schema.PreviousResult) -> ResultData:
    return ResultData(
        fiscal_year=entry.fiscal_year,
        total=entry.total,
        iit=entry.iit,
        eit=entry.eit,
        oit=entry.oit,
        level=entry.level,
        indicators=dict(entry.indicators),
        oit_items={code: (a.has, a.reason) for code, a in entry.oit_items.items()},
        notes=entry.notes,
        is_example=entry.example,
    )


def write_plan_file_results(
    agency: Agency, plan: schema.PlanFile, *, acting_user: Any, source: str
) -> None:
    """Store the file's results (previous_result and the history) and its analysis. Call inside
    the import's transaction, after the file was checked against the catalogues.

    Side effects: ``result.imported`` audit rows (one per result, one for the file) and
    ``result.analysed`` when the file has an analysis.
    """
    authorize(acting_user, agency, "edit_plan")
    entries = [*([plan.previous_result] if plan.previous_result else []), *plan.results]
    if not entries:
        return
    write_results(
        [(agency, data_of(e)) for e in entries],
        acting_user=acting_user,
        source=ResultSource.PLAN_FILE,
        source_name=source,
    )
    if plan.result_analysis is not None:
        given = plan.result_analysis
        result = ItaResult.objects.get(agency=agency, fiscal_year__be_year=given.fiscal_year)
        analysis, _created = ResultAnalysis.objects.update_or_create(
            result=result,
            defaults={
                "grouping": given.grouping,
                "comments": {k: v.model_dump() for k, v in given.comments.items()},
                "include_in_plan": given.include_in_plan,
            },
        )
        record(
            acting_user=acting_user,
            action="result.analysed",
            obj=analysis,
            agency=agency,
            after={"grouping": analysis.grouping, "comments": analysis.comments},
        )
