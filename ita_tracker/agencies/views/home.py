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
    # What waits for the user's decision, per agency: an approver who belongs to one agency
    # lands here after logging in, and should not have to open the dashboard to find it.
    from ita_tracker.documents.selectors import waiting_for

    waiting: dict[int, int] = {}
    for agency_id in waiting_for(request.user).values_list("agency_id", flat=True):
        waiting[agency_id] = waiting.get(agency_id, 0) + 1
    rows = [(a, by_agency[a.pk], waiting.get(a.pk, 0)) for a in agencies]
    return render(request, "agencies/home.html", {"rows": rows})
