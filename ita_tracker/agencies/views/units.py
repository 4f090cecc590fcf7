"""The agency administrator's org units: divisions and the sections under them."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ita_tracker.agencies.access import Access, agency_view
from ita_tracker.agencies.forms.admin import UnitForm
from ita_tracker.agencies.models import OrgUnit, OrgUnitQuerySet
from ita_tracker.agencies.services import delete_unit, save_unit
from ita_tracker.agencies.tenancy import get_scoped_or_404, scoped
from ita_tracker.lib.errors import Refused


@agency_view(require="manage_agency")
def unit_list(request: HttpRequest, access: Access) -> HttpResponse:
    units = cast(OrgUnitQuerySet, scoped(OrgUnit, access.agency)).in_tree_order()
    return render(request, "agencies/unit_list.html", {"units": units})


@agency_view(require="manage_agency")
def unit_form(request: HttpRequest, access: Access, unit_id: int | None = None) -> HttpResponse:
    unit = get_scoped_or_404(OrgUnit, access.agency, pk=unit_id) if unit_id else None
    initial = (
        {
            "name": unit.name,
            "short_name": unit.short_name,
            "parent": unit.parent,
            "phone": unit.phone,
            "order": unit.order,
        }
        if unit
        else {}
    )
    form = UnitForm(request.POST or None, agency=access.agency, unit=unit, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            save_unit(access.agency, unit, acting_user=request.user, **form.cleaned_data)
        except Refused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The unit was saved."))
            return redirect("agencies:unit_list", access.agency.slug)
    return render(request, "agencies/unit_form.html", {"form": form, "unit": unit})


@agency_view(require="manage_agency")
def unit_delete(request: HttpRequest, access: Access, unit_id: int) -> HttpResponse:
    unit = get_scoped_or_404(OrgUnit, access.agency, pk=unit_id)
    if request.method == "POST":
        try:
            delete_unit(unit, acting_user=request.user)
        except Refused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The unit was deleted."))
        return redirect("agencies:unit_list", access.agency.slug)
    return render(request, "agencies/confirm_delete.html", {"object": unit})
