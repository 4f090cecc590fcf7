from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ita_tracker.agencies.tenancy import agencies_of
from ita_tracker.plans.models import MeasurePlan


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The agencies the user belongs to, each with its plans."""
    agencies = list(agencies_of(request.user).order_by("name"))
    plans = (
        MeasurePlan.objects.filter(agency__in=agencies)
        .select_related("agency", "fiscal_year")
        .annotate(measure_count=Count("measures"))
        .order_by("agency__name", "-fiscal_year__be_year")
    )
    by_agency: dict[int, list[MeasurePlan]] = {a.pk: [] for a in agencies}
    for plan in plans:
        by_agency[plan.agency_id].append(plan)
    rows = [(a, by_agency[a.pk]) for a in agencies]
    return render(request, "agencies/home.html", {"rows": rows})
