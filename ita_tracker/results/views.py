"""Last year's ITA result: entered by the coordinator, rated by that year's rules."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ita_tracker.agencies.access import Access, agency_view
from ita_tracker.agencies.tenancy import scoped
from ita_tracker.frameworks.models import FiscalYear
from ita_tracker.frameworks.rating import weighted_total
from ita_tracker.results.forms import ResultForm
from ita_tracker.results.models import ItaResult
from ita_tracker.results.services import save_result


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
    return render(request, "results/result_list.html", {"results": results, "years": years})


@agency_view()
def result_edit(request: HttpRequest, access: Access, year: int) -> HttpResponse:
    fiscal_year = FiscalYear.objects.filter(be_year=year).prefetch_related("rating_rules").first()
    if fiscal_year is None:
        raise Http404
    result = scoped(ItaResult, access.agency).filter(fiscal_year=fiscal_year).first()
    if request.method == "POST" and not access.can_edit_plan:
        raise PermissionDenied
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
            "rules": list(fiscal_year.rating_rules.all()),
            "can_edit": access.can_edit_plan,
        },
    )
