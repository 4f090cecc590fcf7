"""Last year's ITA result: entered by the coordinator, rated by that year's rules."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ita_tracker.agencies.access import Access, agency_view
from ita_tracker.agencies.tenancy import scoped
from ita_tracker.docengine.analysis_context import default_issues
from ita_tracker.documents.selectors import analysis_versions
from ita_tracker.frameworks.models import FiscalYear
from ita_tracker.frameworks.rating import PASS_MARK, weighted_total
from ita_tracker.lib.errors import LocatedProblem, Refused
from ita_tracker.plans.models import Measure
from ita_tracker.results.analysis import analyse
from ita_tracker.results.forms import ResultFileForm, ResultForm
from ita_tracker.results.importing import ImportRefused, import_agency_results
from ita_tracker.results.models import AnalysisGrouping, ItaResult
from ita_tracker.results.proposals import add_suggested_measure
from ita_tracker.results.report import effective_comments, row_keys, save_analysis
from ita_tracker.results.services import save_result
from ita_tracker.results.suggestions import library


@agency_view()
def result_list(request: HttpRequest, access: Access) -> HttpResponse:
    results = (
        scoped(ItaResult, access.agency)
        .select_related("fiscal_year")
        .prefetch_related("fiscal_year__rating_rules")
        .order_by("-fiscal_year__be_year")
    )
    have = {r.fiscal_year.be_year for r in results}
    years = [fy for fy in FiscalYear.objects.order_by("-be_year") if fy.be_year not in have]
    return render(
        request,
        "results/result_list.html",
        {"results": results, "years": years, "file_form": ResultFileForm()},
    )


@agency_view(require="edit_plan")
def result_import(request: HttpRequest, access: Access) -> HttpResponse:
    """Upload one agency's results (one row or one column per year), all or nothing."""
    form = ResultFileForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    total = 0
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = import_agency_results(
                agency=access.agency,
                data=upload.read(),
                filename=upload.name,
                acting_user=request.user,
            )
        except ImportRefused as exc:
            problems, total = [_problem_text(p) for p in exc.problems], exc.total
        else:
            years = ", ".join(str(d.fiscal_year) for _a, d in report.results)
            messages.success(request, _("Results imported for %(years)s.") % {"years": years})
            for warning in report.warnings:
                messages.warning(request, _problem_text(warning))
            return redirect("results:result_list", access.agency.slug)
    return render(
        request,
        "results/result_import.html",
        {"file_form": form, "problems": problems, "more": max(total - len(problems), 0)},
    )


def _problem_text(problem: LocatedProblem) -> str:
    """The problem in the screen's language only (ADR 0012)."""
    return problem.format("en" if (get_language() or "th").startswith("en") else "th")


@agency_view()
def result_edit(request: HttpRequest, access: Access, year: int) -> HttpResponse:
    fiscal_year = FiscalYear.objects.filter(be_year=year).prefetch_related("rating_rules").first()
    if fiscal_year is None:
        raise Http404
    result = scoped(ItaResult, access.agency).filter(fiscal_year=fiscal_year).first()
    if request.method == "POST":
        access.require("edit_plan")
    form = ResultForm(request.POST or None, fiscal_year=fiscal_year, result=result)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        result = save_result(
            agency=access.agency,
            fiscal_year=fiscal_year,
            total=data["total"],
            iit=data["iit"],
            eit=data["eit"],
            oit=data["oit"],
            notes=data["notes"],
            indicator_scores=form.indicator_scores(),
            level_written=data["level_written"],
            oit_items=form.oit_answers(),
            is_example=data["is_example"],
            acting_user=request.user,
        )
        messages.success(
            request,
            _("The result was saved. Rating by the %(year)s rules: %(rating)s.")
            % {"year": year, "rating": result.rating or "–"},
        )
        return redirect("results:result_edit", access.agency.slug, year)
    computed = None
    if result is not None and None not in (result.iit, result.eit, result.oit):
        computed = weighted_total(
            result.iit or Decimal(0),
            result.eit or Decimal(0),
            result.oit or Decimal(0),
            (fiscal_year.weight_iit, fiscal_year.weight_eit, fiscal_year.weight_oit),
        )
    scores = list(result.indicator_scores.select_related("indicator__tool")) if result else []
    lacking = (
        list(result.oit_items.filter(has=False).select_related("item").order_by("item__order"))
        if result
        else []
    )
    return render(
        request,
        "results/result_edit.html",
        {
            "fiscal_year": fiscal_year,
            "result": result,
            "form": form,
            "computed": computed,
            "differs": computed is not None
            and result is not None
            and abs(computed - result.total) > Decimal("0.05"),
            "scores": scores,
            "lacking": lacking,
            "level": result.level_reading() if result is not None else None,
            "rules": list(fiscal_year.rating_rules.all()),
            "can_edit": access.can_edit_plan,
        },
    )


@agency_view()
def result_analysis(request: HttpRequest, access: Access, year: int) -> HttpResponse:
    """Last year's result against the pass line and the year before, weakest first, with
    trend charts, the OIT items lacked and the measures the library proposes."""
    analysis = analyse(access.agency, year)
    if analysis is None:
        raise Http404
    plan_titles = set(
        scoped(Measure, access.agency)
        .filter(plan__fiscal_year__be_year__in=analysis.target_years)
        .values_list("title", flat=True)
    )
    grouping, comments, include = effective_comments(analysis)
    scores: dict[str, Any] = {str(r.number): r for r in analysis.indicators}
    scores.update({t.code: t for t in analysis.tools})
    report_rows = [
        {
            "key": key,
            "label": label,
            "score": getattr(scores.get(key), "score", None),
            "issues": comments[key]["issues"],
            "development": comments[key]["development"],
            "default_issues": default_issues(
                getattr(scores.get(key), "score", None),
                getattr(scores.get(key), "previous", None),
                analysis.previous.fiscal_year.be_year if analysis.previous else None,
            ),
        }
        for key, label in row_keys(analysis, grouping)
    ]
    return render(
        request,
        "results/analysis.html",
        {
            "analysis": analysis,
            "grouping": grouping,
            "groupings": AnalysisGrouping.choices,
            "include_in_plan": include,
            "report_rows": report_rows,
            "result": analysis.result,
            "pass_mark": PASS_MARK,
            "plan_titles": plan_titles,
            "can_edit": access.can_edit_plan,
            "lib": library(),
            "versions": analysis_versions(access.agency, year),
        },
    )


@agency_view(require="edit_plan")
@require_POST
def result_propose(request: HttpRequest, access: Access, year: int) -> HttpResponse:
    """One click: a suggested measure goes into next year's plan, then to its edit page."""
    analysis = analyse(access.agency, year)
    if analysis is None:
        raise Http404
    suggestion = library().by_key(request.POST.get("suggestion", ""))
    if suggestion is None:
        raise Http404
    indicator = request.POST.get("indicator", "")
    item = request.POST.get("item", "")
    try:
        plan_year = int(request.POST.get("plan_year", ""))
    except ValueError:
        plan_year = analysis.target_years[0] if analysis.target_years else year + 1
    if plan_year not in analysis.target_years:
        messages.error(request, _("Measures can only be added to a draft plan of a later year."))
        return redirect("results:result_analysis", access.agency.slug, year)
    number: int | None
    if indicator:
        row = next((r for r in analysis.indicators if str(r.number) == indicator), None)
        if row is None or suggestion not in row.suggestions:
            raise Http404
        tool, number = row.tool, row.number
    else:
        lacked = next((a for a in analysis.lacked if a.answer.item.code == item), None)
        if lacked is None or suggestion not in lacked.suggestions:
            raise Http404
        tool = "OIT"
        number = lacked.answer.item.indicator.number if lacked.answer.item.indicator else None
    try:
        measure = add_suggested_measure(
            agency=access.agency,
            suggestion=suggestion,
            tool_code=tool,
            indicator_number=number,
            plan_year=plan_year,
            acting_user=request.user,
        )
    except Refused as exc:
        messages.error(request, str(exc.message))
        return redirect("results:result_analysis", access.agency.slug, year)
    messages.success(
        request,
        _("The measure was added to the draft plan of %(year)s. Edit it to fit the agency.")
        % {"year": plan_year},
    )
    return redirect("plans:measure_edit", access.agency.slug, plan_year, measure.pk)


@agency_view(require="edit_plan")
@require_POST
def result_comments(request: HttpRequest, access: Access, year: int) -> HttpResponse:
    """Save the analysis comments (issues, development) printed in the analysis report."""
    analysis = analyse(access.agency, year)
    if analysis is None:
        raise Http404
    stored = getattr(analysis.result, "analysis", None)
    shown = request.POST.get("rows_grouping", "")
    if shown not in AnalysisGrouping.values:
        shown = stored.grouping if stored else AnalysisGrouping.INDICATOR
    grouping = request.POST.get("grouping", shown)
    if grouping not in AnalysisGrouping.values:
        grouping = shown
    # Indicator numbers and tool codes never collide: both groupings' comments are kept.
    comments = dict(stored.comments) if stored else {}
    for key, _label in row_keys(analysis, shown):
        comments[key] = {
            "issues": request.POST.get(f"issues_{key}", ""),
            "development": request.POST.get(f"development_{key}", ""),
        }
    save_analysis(
        result=analysis.result,
        grouping=grouping,
        comments=comments,
        include_in_plan=bool(request.POST.get("include_in_plan")),
        acting_user=request.user,
    )
    messages.success(request, _("The analysis was saved."))
    return redirect(reverse("results:result_analysis", args=[access.agency.slug, year]) + "#report")
