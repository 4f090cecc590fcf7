"""The agency's own settings (details, Thai digits in documents, emblem) and its audit log."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ita_tracker.agencies.access import Access, agency_view
from ita_tracker.agencies.forms.admin import AgencySettingsForm
from ita_tracker.agencies.models import Agency
from ita_tracker.agencies.services import AGENCY_FIELDS, update_agency_settings
from ita_tracker.audit.models import AuditEvent


@agency_view(require="manage_agency")
def agency_settings(request: HttpRequest, access: Access) -> HttpResponse:
    agency = Agency.objects.get(pk=access.agency.pk)  # the form changes its instance
    form = AgencySettingsForm(request.POST or None, request.FILES or None, instance=agency)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        checked = data.get("emblem_file")
        update_agency_settings(
            Agency.objects.get(pk=access.agency.pk),
            acting_user=request.user,
            emblem=(checked.name, checked.data) if checked else None,
            remove_emblem=bool(data.get("remove_emblem")),
            **{name: data[name] for name in AGENCY_FIELDS},
        )
        messages.success(request, _("The agency's settings were saved."))
        return redirect("agencies:settings", access.agency.slug)
    return render(request, "agencies/settings.html", {"form": form})


@agency_view()
def emblem(request: HttpRequest, access: Access) -> FileResponse:
    """The emblem image, for members only (it was checked to be an image when uploaded)."""
    agency = access.agency
    if not agency.emblem:
        raise Http404
    try:
        handle = agency.emblem.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@agency_view(require="manage_agency")
def audit_log(request: HttpRequest, access: Access) -> HttpResponse:
    events = AuditEvent.objects.filter(agency=access.agency).select_related("actor")
    page = Paginator(events.order_by("-at", "-id"), 50).get_page(request.GET.get("page"))
    return render(request, "agencies/audit_log.html", {"page": page})
