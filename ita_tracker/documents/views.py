"""Document downloads (drafts from the current data) and the agency's Word templates."""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ita_tracker.agencies.tenancy import get_scoped_or_404, resolve_agency
from ita_tracker.documents import services
from ita_tracker.documents.errors import ConversionError, DocumentError, TemplateError
from ita_tracker.documents.lint import TemplateRejected
from ita_tracker.documents.models import AgencyTemplate, DocumentKind
from ita_tracker.plans.models import MeasurePlan, ReportingRound

logger = logging.getLogger(__name__)


def _document_response(
    request: HttpRequest, agency: Any, build: Callable[[], services.RenderedDocument]
) -> HttpResponseBase:
    """Render and send a document, or explain in Thai and English why it could not be made."""
    try:
        document = build()
    except TemplateError as exc:
        logger.warning("template error for %s: %s", agency.slug, exc)
        return render(
            request,
            "documents/document_error.html",
            {"agency": agency, "error": exc, "template_problem": True},
            status=422,
        )
    except ConversionError as exc:
        logger.error("PDF conversion failed for %s: %s", agency.slug, exc)
        return render(
            request, "documents/document_error.html", {"agency": agency, "error": exc}, status=503
        )
    response = FileResponse(
        io.BytesIO(document.data),
        as_attachment=True,
        filename=document.filename,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def plan_document(request: HttpRequest, agency_slug: str, year: int, fmt: str) -> HttpResponseBase:
    """The measures plan with its cover memo (O42), as DOCX or PDF. Any member may download."""
    agency, _membership = resolve_agency(request.user, agency_slug)
    plan = get_scoped_or_404(
        MeasurePlan.objects.select_related("agency", "fiscal_year"),
        agency,
        fiscal_year__be_year=year,
    )
    return _document_response(request, agency, lambda: services.render_draft(plan=plan, fmt=fmt))


@login_required
@require_GET
def round_report(
    request: HttpRequest, agency_slug: str, round_id: int, fmt: str
) -> HttpResponseBase:
    """A round's progress report memo (O43), as DOCX or PDF. Any member may download."""
    agency, _membership = resolve_agency(request.user, agency_slug)
    round_ = get_scoped_or_404(
        ReportingRound.objects.select_related("plan__agency", "plan__fiscal_year"),
        agency,
        pk=round_id,
    )
    return _document_response(
        request, agency, lambda: services.render_draft(plan=round_.plan, round_=round_, fmt=fmt)
    )


def _template_manager(request: HttpRequest, agency_slug: str) -> Any:
    agency, membership = resolve_agency(request.user, agency_slug)
    allowed = request.user.is_superuser or (
        membership is not None and membership.can_manage_templates
    )
    if not allowed:
        raise PermissionDenied
    return agency


@login_required
@require_http_methods(["GET", "POST"])
def templates_page(request: HttpRequest, agency_slug: str) -> HttpResponse:
    """The agency's Word templates: upload (checked first), download, go back to the built-in."""
    agency = _template_manager(request, agency_slug)
    problems: list[Any] = []
    rejected_kind = ""
    if request.method == "POST":
        action = request.POST.get("action", "upload")
        if action == "remove":
            template = get_scoped_or_404(AgencyTemplate, agency, pk=request.POST.get("template"))
            services.stop_using_template(template=template, acting_user=request.user)
            messages.success(request, _("The built-in template is used again."))
            return redirect("documents:templates", agency_slug=agency.slug)
        upload = request.FILES.get("file")
        kind = request.POST.get("kind", "")
        rejected_kind = kind
        if upload is None:
            messages.error(request, _("Choose a .docx file to upload."))
        else:
            try:
                services.upload_template(
                    agency=agency,
                    kind=kind,
                    name=upload.name or "",
                    data=upload.read(),
                    acting_user=request.user,
                )
            except TemplateRejected as exc:
                problems = exc.issues
            except DocumentError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("The template passed the check and is now in use."))
                return redirect("documents:templates", agency_slug=agency.slug)
    active = {t.kind: t for t in AgencyTemplate.objects.filter(agency=agency, is_active=True)}
    kinds = [(value, label, active.get(value)) for value, label in DocumentKind.choices]
    return render(
        request,
        "documents/templates.html",
        {
            "agency": agency,
            "kinds": kinds,
            "problems": problems,
            "rejected_kind": rejected_kind,
        },
        status=422 if problems else 200,
    )


@login_required
@require_GET
def template_download(request: HttpRequest, agency_slug: str, kind: str) -> HttpResponseBase:
    """The template in use for ``kind`` (the agency's own, or the built-in one) to edit in Word."""
    agency = _template_manager(request, agency_slug)
    if kind not in DocumentKind.values:
        raise Http404
    data = services.active_template(agency, kind) or services.builtin_template_bytes(kind)
    response = FileResponse(
        io.BytesIO(data),
        as_attachment=True,
        filename=f"{kind}-template.docx",
        content_type=services.CONTENT_TYPES["docx"],
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
