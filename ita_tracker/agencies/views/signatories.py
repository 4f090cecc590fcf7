"""The agency administrator's signatories: the people who sign memos, with their positions."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ita_tracker.agencies.access import Access, agency_view
from ita_tracker.agencies.forms.admin import SignatoryForm
from ita_tracker.agencies.models import Signatory
from ita_tracker.agencies.services import delete_signatory, save_signatory
from ita_tracker.agencies.tenancy import get_scoped_or_404, scoped
from ita_tracker.lib.errors import Refused


@agency_view(require="manage_agency")
def signatory_list(request: HttpRequest, access: Access) -> HttpResponse:
    signatories = (
        scoped(Signatory, access.agency).select_related("unit__parent").order_by("-active", "name")
    )
    return render(request, "agencies/signatory_list.html", {"signatories": signatories})


@agency_view(require="manage_agency")
def signatory_form(
    request: HttpRequest, access: Access, signatory_id: int | None = None
) -> HttpResponse:
    signatory = (
        get_scoped_or_404(Signatory, access.agency, pk=signatory_id) if signatory_id else None
    )
    initial = (
        {
            "name": signatory.name,
            "position": signatory.position,
            "unit": signatory.unit,
            "active": signatory.active,
        }
        if signatory
        else {"active": True}
    )
    form = SignatoryForm(request.POST or None, agency=access.agency, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            save_signatory(access.agency, signatory, acting_user=request.user, **form.cleaned_data)
        except Refused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The signatory was saved."))
            return redirect("agencies:signatory_list", access.agency.slug)
    return render(request, "agencies/signatory_form.html", {"form": form, "signatory": signatory})


@agency_view(require="manage_agency")
def signatory_delete(request: HttpRequest, access: Access, signatory_id: int) -> HttpResponse:
    signatory = get_scoped_or_404(Signatory, access.agency, pk=signatory_id)
    if request.method == "POST":
        try:
            delete_signatory(signatory, acting_user=request.user)
        except Refused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The signatory was deleted."))
        return redirect("agencies:signatory_list", access.agency.slug)
    return render(request, "agencies/confirm_delete.html", {"object": signatory})
