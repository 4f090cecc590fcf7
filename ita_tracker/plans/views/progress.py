"""What unit officers use: "my measures", the progress card (status inline with htmx, note,
links, files) and the evidence files, served only to members of the agency."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ita_tracker.agencies.access import Access, agency_view
from ita_tracker.agencies.tenancy import get_scoped_or_404, scoped
from ita_tracker.disclosure.services import set_evidence_public
from ita_tracker.lib.errors import Refused
from ita_tracker.plans import selectors
from ita_tracker.plans.forms import EvidenceUploadForm, ProgressForm, StatusForm
from ita_tracker.plans.history import measure_history
from ita_tracker.plans.models import Evidence, ProgressEntry, ReportingRound, RoundState
from ita_tracker.plans.services.progress import (
    add_evidence_file,
    remove_evidence_file,
    update_progress,
)
from ita_tracker.plans.views.common import redirect_back


def _entry(access: Access, entry_id: int) -> ProgressEntry:
    entry = get_scoped_or_404(ProgressEntry, access.agency, pk=entry_id)
    return selectors.entry_with_files(entry)


def _can_update(access: Access, entry: ProgressEntry) -> bool:
    return not entry.round.is_locked and access.can_update_progress(
        selectors.unit_ids_of(entry.measure)
    )


def _can_withdraw(access: Access, entry: ProgressEntry) -> bool:
    """Once the round is locked, whoever could update the measure may still take its files off
    the public site (never put one on it)."""
    return entry.round.is_locked and access.can_update_progress(
        selectors.unit_ids_of(entry.measure)
    )


def _entry_url(access: Access, entry: ProgressEntry) -> str:
    return reverse("plans:progress_entry", args=[access.agency.slug, entry.pk])


def _card(
    request: HttpRequest,
    access: Access,
    entry: ProgressEntry,
    *,
    status_form: forms.Form | None = None,
    progress_form: forms.Form | None = None,
    upload_form: forms.Form | None = None,
    saved: str = "",
    error: str = "",
) -> dict[str, Any]:
    initial = {
        "status": entry.status,
        "note": entry.note,
        "evidence_text": entry.evidence_text,
        "urls": entry.urls,
    }
    # The card itself (measure, permissions) is added by the caller, which knows what it has
    # already loaded: "my measures" builds all its cards from one set of queries.
    return {
        "status_form": status_form or StatusForm(initial=initial, prefix=f"s{entry.pk}"),
        "progress_form": progress_form or ProgressForm(initial=initial, prefix=f"p{entry.pk}"),
        "upload_form": upload_form or EvidenceUploadForm(prefix=f"f{entry.pk}"),
        "next": request.POST.get("next") or request.GET.get("next") or _entry_url(access, entry),
        "saved": saved,
        "error": error,
    }


def _respond(
    request: HttpRequest,
    access: Access,
    entry: ProgressEntry,
    context: dict[str, Any],
    part: str = "card",
) -> HttpResponse:
    """htmx: the changed part of the card (``card``, ``status`` or ``files``); otherwise back
    to the page the form came from (or the card page again, with the errors)."""
    entry = selectors.entry_with_files(entry)
    context["card"] = selectors.Card(entry.measure, entry, _can_update(access, entry))
    context["can_withdraw"] = _can_withdraw(access, entry)
    if request.htmx:  # type: ignore[attr-defined]
        # The card's heading sits under the page's h1 on its own page, under an h2 elsewhere.
        page = str(request.htmx.current_url_abs_path or "")  # type: ignore[attr-defined]
        context.setdefault("hlevel", 2 if page.startswith(_entry_url(access, entry)) else 3)
        if part == "card":
            return render(request, "plans/_progress_card.html", context)
        return render(request, "plans/_progress_fragment.html", {**context, "part": part})
    if context.get("saved") and not context.get("error"):
        messages.success(request, context["saved"])
        return redirect_back(request, _entry_url(access, entry))
    if context.get("error"):
        messages.error(request, context["error"])
    return _entry_page(request, access, entry, context)


def _entry_page(
    request: HttpRequest, access: Access, entry: ProgressEntry, context: dict[str, Any]
) -> HttpResponse:
    context.setdefault("card", selectors.Card(entry.measure, entry, _can_update(access, entry)))
    context.setdefault("can_withdraw", _can_withdraw(access, entry))
    return render(
        request,
        "plans/progress_entry.html",
        {
            **context,
            "entry": entry,
            "round": entry.round,
            "plan": entry.round.plan,
            "history": measure_history(entry.measure, access.agency),
        },
    )


@agency_view()
def my_measures(request: HttpRequest, access: Access) -> HttpResponse:
    """The measures of the user's units in every open round, each as an editable card."""
    rounds = list(
        scoped(ReportingRound, access.agency)
        .filter(state=RoundState.OPEN)
        .select_related("plan__fiscal_year", "plan__agency")
        .order_by("-period_end")
    )
    unit_ids = access.unit_ids()
    # A coordinator without units of her own gets the measures nobody has reported on yet.
    gaps = not unit_ids and access.can_run_rounds
    sections = []
    for round_ in rounds:
        if gaps:
            cards = selectors.cards_without_update(round_, access)
        else:
            cards = selectors.my_cards(round_, unit_ids, access)
        sections.append(
            {
                "round": round_,
                "waiting": sum(1 for card in cards if not card.entry.has_update),
                "cards": [
                    {
                        **_card(request, access, card.entry),
                        "card": card,
                        "next": reverse("plans:my_measures", args=[access.agency.slug])
                        + f"#entry-{card.entry.pk}",
                    }
                    for card in cards
                ],
            }
        )
    return render(
        request,
        "plans/my_measures.html",
        {"sections": sections, "has_units": bool(unit_ids), "gaps": gaps},
    )


@agency_view()
def progress_entry(request: HttpRequest, access: Access, entry_id: int) -> HttpResponse:
    """GET: the card page with the measure's history. POST: save the note and the links."""
    entry = _entry(access, entry_id)
    if request.method != "POST":
        return _entry_page(request, access, entry, _card(request, access, entry))
    if not _can_update(access, entry):
        raise PermissionDenied
    form = ProgressForm(request.POST, prefix=f"p{entry.pk}")
    if not form.is_valid():
        return _respond(request, access, entry, _card(request, access, entry, progress_form=form))
    # The status radios come along (htmx hx-include): one chosen just before pressing this
    # button is saved with the note, not lost with the status form's delayed save.
    status_form = StatusForm(request.POST, prefix=f"s{entry.pk}")
    status = status_form.cleaned_data["status"] if status_form.is_valid() else None
    try:
        update_progress(entry, acting_user=request.user, status=status, **form.cleaned_data)
    except Refused as exc:
        context = _card(request, access, entry, error=str(exc.message))
    else:
        context = _card(request, access, entry, saved=_("Saved."))
    return _respond(request, access, entry, context)


@agency_view()
@require_POST
def progress_status(request: HttpRequest, access: Access, entry_id: int) -> HttpResponse:
    """The status alone: what the radio buttons send on change (htmx) or with their button."""
    entry = _entry(access, entry_id)
    if not _can_update(access, entry):
        raise PermissionDenied
    form = StatusForm(request.POST, prefix=f"s{entry.pk}")
    if not form.is_valid():
        context = _card(request, access, entry, status_form=form)
    else:
        try:
            update_progress(entry, acting_user=request.user, status=form.cleaned_data["status"])
        except Refused as exc:
            context = _card(request, access, entry, error=str(exc.message))
        else:
            context = _card(request, access, entry, saved=_("Status saved."))
    return _respond(request, access, entry, context, part="status")


@agency_view()
@require_POST
def evidence_upload(request: HttpRequest, access: Access, entry_id: int) -> HttpResponse:
    entry = _entry(access, entry_id)
    if not _can_update(access, entry):
        raise PermissionDenied
    form = EvidenceUploadForm(request.POST, request.FILES, prefix=f"f{entry.pk}")
    if form.is_valid():
        try:
            add_evidence_file(entry, upload=form.cleaned_data["file"], acting_user=request.user)
        except forms.ValidationError as exc:
            form.add_error("file", exc)
        except Refused as exc:
            context = _card(request, access, entry, error=str(exc.message))
            return _respond(request, access, entry, context, part="files")
        else:
            context = _card(request, access, entry, saved=_("File added."))
            context["files_saved"] = context["saved"]  # shown beside the upload box too
            return _respond(request, access, entry, context, part="files")
    error = " ".join(str(e) for e in form.errors.get("file", []))
    context = _card(request, access, entry, upload_form=form, error=error)
    return _respond(request, access, entry, context, part="files")


@agency_view()
def evidence_download(request: HttpRequest, access: Access, evidence_id: int) -> FileResponse:
    """The file as an attachment, never rendered by the browser, for members of the agency."""
    evidence = get_scoped_or_404(Evidence, access.agency, pk=evidence_id)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@agency_view()
@require_POST
def evidence_delete(request: HttpRequest, access: Access, evidence_id: int) -> HttpResponse:
    evidence = get_scoped_or_404(
        Evidence.objects.select_related("entry__round"), access.agency, pk=evidence_id
    )
    entry = _entry(access, evidence.entry_id)
    if not _can_update(access, entry):
        raise PermissionDenied
    try:
        remove_evidence_file(evidence, acting_user=request.user)
    except Refused as exc:
        context = _card(request, access, entry, error=str(exc.message))
    else:
        context = _card(request, access, entry, saved=_("File removed."))
    return _respond(request, access, entry, context, part="files")


@agency_view()
@require_POST
def evidence_visibility(request: HttpRequest, access: Access, evidence_id: int) -> HttpResponse:
    """Mark a file public (published with the approved report) or internal (members only)."""
    evidence = get_scoped_or_404(
        Evidence.objects.select_related("entry__round"), access.agency, pk=evidence_id
    )
    entry = _entry(access, evidence.entry_id)
    public = request.POST.get("public") == "1"
    if not (_can_update(access, entry) or (not public and _can_withdraw(access, entry))):
        raise PermissionDenied
    try:
        set_evidence_public(evidence, public=public, acting_user=request.user)
    except Refused as exc:
        context = _card(request, access, entry, error=str(exc.message))
    else:
        saved = _("The file is now public.") if public else _("The file is now internal.")
        context = _card(request, access, entry, saved=saved)
    return _respond(request, access, entry, context, part="files")
