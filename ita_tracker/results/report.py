"""The analysis report (รายงานการวิเคราะห์ผลการประเมิน ITA): its plan file, its comments."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from ita_tracker.agencies.access import authorize
from ita_tracker.agencies.models import Agency
from ita_tracker.audit.services import record
from ita_tracker.planfile import schema
from ita_tracker.plans.models import MeasurePlan
from ita_tracker.plans.planfile.exporter import export_agency, export_plan
from ita_tracker.results.analysis import Analysis
from ita_tracker.results.models import AnalysisGrouping, ItaResult, ResultAnalysis
from ita_tracker.results.planfile import result_entry, results_of

TOOLS = ("IIT", "EIT", "OIT")


def row_keys(analysis: Analysis, grouping: str) -> list[tuple[str, str]]:
    """(key, label) of the rows of the table: indicator numbers, or the tools."""
    if grouping == AnalysisGrouping.TOOL:
        return [(code, code) for code in TOOLS]
    rows = sorted(analysis.indicators, key=lambda r: r.number)
    return [(str(r.number), f"{r.number}. {r.name}") for r in rows if r.score is not None]


def proposed_development(analysis: Analysis, key: str) -> str:
    """The development column when the coordinator wrote none: the library's first suggestions
    for the weak indicators of the row (one line each)."""
    rows = [r for r in analysis.indicators if str(r.number) == key or r.tool == key]
    titles: list[str] = []
    for row in rows:
        for suggestion in row.suggestions[:2]:
            if suggestion.title not in titles:
                titles.append(suggestion.title)
    return "\n".join(titles[:3])


def effective_comments(analysis: Analysis) -> tuple[str, dict[str, dict[str, str]], bool]:
    """Grouping, comments (stored, the empty development cells proposed from the library) and
    whether the table is part 1 of the measures document."""
    stored: ResultAnalysis | None = getattr(analysis.result, "analysis", None)
    grouping = stored.grouping if stored else AnalysisGrouping.INDICATOR
    given = dict(stored.comments) if stored else {}
    comments = {}
    for key, _label in row_keys(analysis, grouping):
        value = {"issues": "", "development": "", **given.get(key, {})}
        if not value["development"]:
            value["development"] = proposed_development(analysis, key)
        comments[key] = value
    return grouping, comments, stored.include_in_plan if stored else True


def report_plan_file(agency: Agency, analysis: Analysis) -> schema.PlanFile:
    """The plan file the report is rendered from: next year's plan when there is one (its memo
    settings and units), else just the agency; the result, the history and the analysis."""
    year = analysis.result.fiscal_year.be_year
    plan = (
        MeasurePlan.objects.filter(agency=agency, fiscal_year__be_year=year + 1)
        .select_related("agency", "fiscal_year")
        .first()
    )
    base = (
        export_plan(plan)
        if plan is not None
        else schema.PlanFile(agency=export_agency(agency), fiscal_year=year + 1)
    )
    history = results_of(agency, before=year + 1)
    grouping, comments, include = effective_comments(analysis)
    return base.model_copy(
        update={
            "previous_result": result_entry(analysis.result),
            "results": [result_entry(r) for r in history if r.pk != analysis.result.pk],
            "result_analysis": schema.ResultAnalysis(
                fiscal_year=year,
                grouping=grouping,
                comments={k: schema.AnalysisComment(**v) for k, v in comments.items()},
                include_in_plan=include,
            ),
        }
    )


@transaction.atomic
def save_analysis(
    *,
    result: ItaResult,
    grouping: str,
    comments: dict[str, dict[str, str]],
    include_in_plan: bool,
    acting_user: Any,
) -> ResultAnalysis:
    """Store the coordinator's comments on a result (empty ones are left out).

    Side effects: a ``result.analysed`` audit row with the comments before and after.
    """
    authorize(acting_user, result.agency, "edit_plan")
    existing = ResultAnalysis.objects.filter(result=result).first()
    before = {"grouping": existing.grouping, "comments": existing.comments} if existing else None
    kept = {
        key: {k: " ".join(v.split()) if k == "issues" else v.strip() for k, v in value.items()}
        for key, value in comments.items()
        if any(v.strip() for v in value.values())
    }
    analysis, _created = ResultAnalysis.objects.update_or_create(
        result=result,
        defaults={"grouping": grouping, "comments": kept, "include_in_plan": include_in_plan},
    )
    record(
        acting_user=acting_user,
        action="result.analysed",
        obj=analysis,
        agency=result.agency,
        before=before,
        after={"grouping": grouping, "comments": kept, "include_in_plan": include_in_plan},
    )
    return analysis
