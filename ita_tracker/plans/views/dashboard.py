"""The agency's dashboard for one fiscal year."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from ita_tracker.agencies.access import Access, agency_view
from ita_tracker.plans.dashboard import dashboard as build_dashboard
from ita_tracker.plans.dashboard import default_year


@agency_view()
def agency_home(request: HttpRequest, access: Access) -> HttpResponse:
    return redirect("plans:dashboard", access.agency.slug, default_year(access.agency))


@agency_view()
def dashboard(request: HttpRequest, access: Access, year: int) -> HttpResponse:
    return render(request, "plans/dashboard.html", {"dash": build_dashboard(access.agency, year)})
