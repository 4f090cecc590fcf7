"""Document downloads (drafts from the current data), the agency's Word templates and its
signing certificate."""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ita_tracker.agencies.access import Access, agency_view
from ita_tracker.agencies.tenancy import get_scoped_or_404
from ita_tracker.docengine.errors import (
    ConversionError,
    DocumentError,
    SigningError,
    TemplateError,
)
from ita_tracker.docengine.lint import TemplateRejected
from ita_tracker.documents import services, signing_service
from ita_tracker.documents.forms import DeactivateCertificateForm, SigningCertificateForm
from ita_tracker.documents.models import AgencySigningCertificate, AgencyTemplate, DocumentKind
from ita_tracker.lib import one_language
from ita_tracker.middleware import thai_ui
from ita_tracker.plans.models import MeasurePlan, ReportingRound

logger = logging.getLogger(__name__)


def _attachment(data: bytes, filename: str, content_type: str) -> FileResponse:
    response = FileResponse(
        io.BytesIO(data), as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _document_response(
    request: HttpRequest, access: Access, build: Callable[[], services.RenderedDocument]
) -> HttpResponseBase:
    """Render and send a document, or explain in Thai and English why it could not be made."""
    context = {"agency": access.agency, "access": access}
    try:
        document = build()
    except TemplateError as exc:
        logger.warning("template error for %s: %s", access.agency.slug, exc)
        return render(
            request,
            "documents/document_error.html",
            {**context, "error": exc, "template_problem": True},
            status=422,
        )
    except ConversionError as exc:
        logger.error("PDF conversion failed for %s: %s", access.agency.slug, exc)
        return render(
            request, "documents/document_error.html", {**context, "error": exc}, status=503
        )
    except DocumentError as exc:  # the data cannot make a document (e.g. no measures yet)
        return render(
            request,
            "documents/document_error.html",
            {**context, "error": exc, "data_problem": True},
            status=422,
        )
    return _attachment(document.data, document.filename, document.content_type)


@require_GET
@agency_view(require="read")
def plan_document(request: HttpRequest, access: Access, year: int, fmt: str) -> HttpResponseBase:
    """The measures plan with its cover memo (O42), as DOCX or PDF. Any member may download."""
    plan = get_scoped_or_404(
        MeasurePlan.objects.select_related("agency", "fiscal_year"),
        access.agency,
        fiscal_year__be_year=year,
    )
    return _document_response(request, access, lambda: services.render_draft(plan=plan, fmt=fmt))


@require_GET
@agency_view(require="read")
def analysis_report(request: HttpRequest, access: Access, year: int, fmt: str) -> HttpResponseBase:
    """The analysis of the result of ``year`` (O42 part 1), as DOCX or PDF. Any member may
    download."""
    from ita_tracker.results.analysis import analyse
    from ita_tracker.results.report import report_plan_file

    analysis = analyse(access.agency, year)
    if analysis is None:
        raise Http404
    return _document_response(
        request,
        access,
        lambda: services.render_analysis_report_draft(
            agency=access.agency, planfile=report_plan_file(access.agency, analysis), fmt=fmt
        ),
    )


@require_GET
@agency_view(require="read")
def round_report(request: HttpRequest, access: Access, round_id: int, fmt: str) -> HttpResponseBase:
    """A round's progress report memo (O43), as DOCX or PDF. Any member may download."""
    round_ = get_scoped_or_404(
        ReportingRound.objects.select_related("plan__agency", "plan__fiscal_year"),
        access.agency,
        pk=round_id,
    )
    return _document_response(
        request,
        access,
        lambda: services.render_draft(plan=round_.plan, round_=round_, fmt=fmt),
    )


@require_http_methods(["GET", "POST"])
@agency_view(require="manage_templates")
def templates_page(request: HttpRequest, access: Access) -> HttpResponse:
    """The agency's Word templates: upload (checked first), download, go back to the built-in."""
    agency = access.agency
    problems: list[Any] = []
    if request.method == "POST":
        if request.POST.get("action") == "remove":
            template = get_scoped_or_404(AgencyTemplate, agency, pk=request.POST.get("template"))
            services.stop_using_template(template=template, acting_user=request.user)
            messages.success(request, _("The built-in template is used again."))
            return redirect("documents:templates", agency_slug=agency.slug)
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, _("Choose a .docx file to upload."))
        else:
            try:
                services.upload_template(
                    agency=agency,
                    kind=request.POST.get("kind", ""),
                    name=upload.name or "",
                    data=upload.read(),
                    acting_user=request.user,
                )
            except TemplateRejected as exc:
                problems = exc.issues
            except DocumentError as exc:
                messages.error(request, one_language.message(exc, thai=thai_ui()))
            else:
                messages.success(request, _("The template passed the check and is now in use."))
                return redirect("documents:templates", agency_slug=agency.slug)
    active = {
        t.kind: t
        for t in AgencyTemplate.objects.filter(agency=agency, is_active=True).select_related(
            "uploaded_by"
        )
    }
    kinds = [(value, label, active.get(value)) for value, label in DocumentKind.choices]
    return render(
        request,
        "documents/templates.html",
        {"agency": agency, "access": access, "kinds": kinds, "problems": problems},
        status=422 if problems else 200,
    )


@require_GET
@agency_view(require="manage_templates")
def template_download(request: HttpRequest, access: Access, kind: str) -> HttpResponseBase:
    """The template in use for ``kind`` (the agency's own, or the built-in one) to edit in Word."""
    if kind not in DocumentKind.values:
        raise Http404
    data = services.active_template(access.agency, kind) or services.builtin_template_bytes(kind)
    return _attachment(data, f"{kind}-template.docx", services.CONTENT_TYPES["docx"])


@require_http_methods(["GET", "POST"])
@agency_view(require="manage_signing")
def signing_certificate(request: HttpRequest, access: Access) -> HttpResponse:
    """The agency's signing certificate: its details, upload or replace, stop using it."""
    agency = access.agency
    upload_form = SigningCertificateForm()
    deactivate_form = DeactivateCertificateForm()
    if request.method == "POST" and request.POST.get("action") == "deactivate":
        deactivate_form = DeactivateCertificateForm(request.POST)
        if deactivate_form.is_valid():
            certificate = get_scoped_or_404(
                AgencySigningCertificate,
                agency,
                pk=deactivate_form.cleaned_data["certificate"],
                is_active=True,
            )
            signing_service.deactivate_signing_certificate(
                certificate=certificate, acting_user=request.user
            )
            messages.success(request, _("The certificate is no longer used to sign documents."))
            return redirect("documents:signing_certificate", agency_slug=agency.slug)
    elif request.method == "POST":
        upload_form = SigningCertificateForm(request.POST, request.FILES)
        if upload_form.is_valid():
            upload = upload_form.cleaned_data["file"]
            try:
                signing_service.upload_signing_certificate(
                    agency=agency,
                    name=upload.name or "",
                    data=upload.read(),
                    password=upload_form.cleaned_data["password"],
                    acting_user=request.user,
                )
            except SigningError as exc:
                upload_form.add_error(exc.field or None, one_language.message(exc, thai=thai_ui()))
            else:
                messages.success(request, _("The certificate was checked and now signs documents."))
                return redirect("documents:signing_certificate", agency_slug=agency.slug)
    status = signing_service.signing_status(agency)
    retired = AgencySigningCertificate.objects.filter(agency=agency, is_active=False).order_by(
        "-retired_at"
    )[:10]
    failed = upload_form.errors or deactivate_form.errors
    return render(
        request,
        "documents/signing_certificate.html",
        {
            "agency": agency,
            "access": access,
            "status": status,
            "retired": retired,
            "upload_form": upload_form,
            "deactivate_form": deactivate_form,
            "max_kb": settings.SIGNING_CERTIFICATE_MAX_KB,
        },
        status=422 if failed else 200,
    )
