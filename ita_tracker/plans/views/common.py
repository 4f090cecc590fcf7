"""Small pieces shared by the plan views: finding the plan of a URL, safe redirects."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme

from ita_tracker.agencies.access import Access
from ita_tracker.agencies.tenancy import get_scoped_or_404
from ita_tracker.plans.models import MeasurePlan


def plan_of(access: Access, year: int) -> MeasurePlan:
    """The agency's plan for BE fiscal year ``year`` (404 if it has none)."""
    return get_scoped_or_404(
        MeasurePlan.objects.select_related("agency", "fiscal_year"),
        access.agency,
        fiscal_year__be_year=year,
    )


def redirect_back(request: HttpRequest, default: str) -> HttpResponseRedirect:
    """To the ``next`` field of the form when it is a local address, else to ``default``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(target)
    return HttpResponseRedirect(default)
