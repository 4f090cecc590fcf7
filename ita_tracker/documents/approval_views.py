"""The approval flow's pages: submit (a confirmation page with what goes up), a document's page
(versions, steps, comments, the decision form for the holder), the inbox, issued files, and the
agency's chains. Views are thin: the rules are in ``approvals``/``chains``."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ita_tracker.agencies.access import Access, agency_view
from ita_tracker.agencies.models import Numbering
from ita_tracker.agencies.tenancy import get_scoped_or_404
from ita_tracker.docengine.errors import DocumentError
from ita_tracker.docengine.exporters.pdf import docx_to_pdf, shared_converter
from ita_tracker.docengine.render import document_context
from ita_tracker.documents import approvals, chains, issuing, selectors, signing_service, snapshots
from ita_tracker.documents.forms import (
    ChainFormSet,
    DecisionForm,
    EmptyChainFormSet,
    ReasonForm,
    RegisterForm,
    SubmitForm,
)
from ita_tracker.documents.models import DocumentKind, IssuedDocument, RegisterCounter, Submission
from ita_tracker.lib.errors import Refused
from ita_tracker.plans.models import MeasurePlan, ReportingRound
from ita_tracker.plans.planfile.exporter import export_plan
from ita_tracker.plans.services.memos import memo_of, update_memo

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def _file(data: bytes, filename: str, fmt: str, *, inline: bool = False) -> FileResponse:
    response = FileResponse(
        io.BytesIO(data),
        as_attachment=not inline,
        filename=filename,
        content_type=CONTENT_TYPES[fmt],
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- submitting ------------------------------------------------------------------------------


def _derived_memo(plan: MeasurePlan, round_: ReportingRound | None) -> dict[str, str]:
    """The memo wording the document would print now (what an empty field stands for)."""
    planfile = export_plan(plan)
    index = None if round_ is None else snapshots.round_index(plan, round_)
    try:
        memo = document_context(planfile, index)["memo"]
    except DocumentError:
        return {}
    return {
        "subject": memo["subject"],
        "salutation": memo["salutation"],
        "facts": memo["facts"],
        "considerations": memo["considerations"],
    }


@dataclass
class _Going:
    """What a confirmation page sends up: the kind, where it comes from and goes back to, the
    memo texts as they stand and as the data words them, and how to submit it."""

    kind: str
    crumbs: list[tuple[str, str]]
    heading: str
    back: str
    draft_pdf: str
    readiness: approvals.Readiness
    initial: dict[str, str]
    derived: dict[str, str]
    submit: Callable[[dict[str, Any]], Submission]


def _submit_page(request: HttpRequest, access: Access, going: _Going) -> HttpResponse:
    """The one confirmation page of every kind: what goes up (counts, warnings, the chain),
    the memo's texts, a note, the typed number when the agency numbers itself; then submit."""
    agency = access.agency
    typed = agency.numbering == Numbering.TYPED
    posted = request.POST if request.method == "POST" else None  # an empty POST still submits
    form = SubmitForm(posted, initial=going.initial, typed_numbers=typed, derived=going.derived)
    if form.is_bound and form.is_valid():
        try:
            submission = going.submit(form.cleaned_data)
        except Refused as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("Submitted. It now waits for: %(heading)s.")
                % {"heading": submission.steps.get(order=1).heading},
            )
            return redirect("documents:submission", agency.slug, submission.pk)
    return render(
        request,
        "documents/submit.html",
        {
            "going": going,
            "form": form,
            "readiness": going.readiness,
            "steps": chains.steps_of(agency, going.kind),
            "derived": going.derived,
            "back": going.back,
            "kind_label": DocumentKind(going.kind).label,
            # Said before it goes up, not only after it is issued with "–" for the signer.
            "unsigned": signing_service.pkcs11_config() is None
            and signing_service.active_certificate(agency) is None,
        },
        status=422 if form.errors else 200,
    )


def _plan_going(
    request: HttpRequest, access: Access, plan: MeasurePlan, round_: ReportingRound | None
) -> _Going:
    agency = access.agency
    year = plan.fiscal_year.be_year
    memo = memo_of(plan, round_)
    initial = {name: getattr(memo, name, "") for name in SubmitForm.MEMO_FIELDS} if memo else {}

    def submit(data: dict[str, Any]) -> Submission:
        update_memo(
            plan,
            round_,
            acting_user=request.user,
            **{name: data[name] for name in SubmitForm.MEMO_FIELDS},
        )
        if round_ is None:
            return approvals.submit_plan(
                plan,
                acting_user=request.user,
                note=data["note"],
                typed_number=data.get("typed_number", ""),
            )
        return approvals.submit_round_report(
            round_,
            acting_user=request.user,
            note=data["note"],
            typed_number=data.get("typed_number", ""),
        )

    crumbs = [(reverse("plans:plan_detail", args=[agency.slug, year]), str(plan.fiscal_year))]
    if round_ is None:
        kind = DocumentKind.MEASURES_PLAN
        back = crumbs[0][0]
        heading = str(DocumentKind(kind).label)
        draft = reverse("documents:plan_document", args=[agency.slug, year, "pdf"])
    else:
        kind = DocumentKind.PROGRESS_REPORT
        back = reverse("plans:round_detail", args=[agency.slug, year, round_.pk])
        crumbs.append((back, round_.title))
        heading = round_.title
        draft = reverse("documents:round_report", args=[agency.slug, round_.pk, "pdf"])
    return _Going(
        kind=kind,
        crumbs=crumbs,
        heading=heading,
        back=back,
        draft_pdf=draft,
        readiness=approvals.readiness(plan, round_),
        initial=initial,
        derived=_derived_memo(plan, round_),
        submit=submit,
    )


@agency_view(require="run_rounds")
@require_http_methods(["GET", "POST"])
def submit_round(request: HttpRequest, access: Access, round_id: int) -> HttpResponse:
    """The round's report: what goes up, the memo's texts, then submit (locks the round)."""
    round_ = get_scoped_or_404(
        ReportingRound.objects.select_related("plan__agency", "plan__fiscal_year"),
        access.agency,
        pk=round_id,
    )
    return _submit_page(request, access, _plan_going(request, access, round_.plan, round_))


@agency_view(require="edit_plan")
@require_http_methods(["GET", "POST"])
def submit_plan(request: HttpRequest, access: Access, year: int) -> HttpResponse:
    """The draft plan (O42): what goes up, the cover memo's texts, then submit."""
    plan = get_scoped_or_404(
        MeasurePlan.objects.select_related("agency", "fiscal_year"),
        access.agency,
        fiscal_year__be_year=year,
    )
    return _submit_page(request, access, _plan_going(request, access, plan, None))


@agency_view(require="edit_plan")
@require_http_methods(["GET", "POST"])
def submit_analysis(request: HttpRequest, access: Access, year: int) -> HttpResponse:
    """The analysis of the result of ``year`` (the analysis report, O42 part 1): what goes up,
    the memo's texts (kept from the version before), then submit. It belongs to the plan of
    ``year + 1`` (ADR 0014)."""
    from ita_tracker.docengine.analysis_context import analysis_report_context
    from ita_tracker.results.analysis import analyse
    from ita_tracker.results.report import report_plan_file

    agency = access.agency
    analysis = analyse(agency, year)
    if analysis is None:
        raise Http404
    page = reverse("results:result_analysis", args=[agency.slug, year])
    try:
        memo = analysis_report_context(report_plan_file(agency, analysis))["memo"]
        derived = {k: memo[k] for k in ("subject", "salutation", "facts", "considerations")}
    except DocumentError:
        derived = {}
    before = selectors.analysis_versions(agency, year)[:1]
    given = (before[0].snapshot["plan"]["result_analysis"].get("memo") or {}) if before else {}
    initial = {
        "subject": given.get("subject", ""),
        "salutation": given.get("to", ""),
        "facts": given.get("facts", ""),
        "considerations": given.get("considerations", ""),
    }

    def submit(data: dict[str, Any]) -> Submission:
        return approvals.submit_analysis(
            agency,
            year,
            acting_user=request.user,
            note=data["note"],
            typed_number=data.get("typed_number", ""),
            memo={name: data[name] for name in SubmitForm.MEMO_FIELDS},
        )

    going = _Going(
        kind=DocumentKind.ANALYSIS_REPORT,
        crumbs=[
            (reverse("results:result_list", args=[agency.slug]), _("ITA results")),
            (page, _("Analysis of the result of %(year)s") % {"year": year}),
        ],
        heading=str(DocumentKind.ANALYSIS_REPORT.label),
        back=page,
        draft_pdf=reverse("documents:analysis_report", args=[agency.slug, year, "pdf"]),
        readiness=approvals.analysis_readiness(agency, year),
        initial=initial,
        derived=derived,
        submit=submit,
    )
    return _submit_page(request, access, going)


def subject_link(submission: Submission) -> tuple[str, str]:
    """Where a document comes from, as (url, label): the round, the plan, or the analysis."""
    slug = submission.agency.slug
    year = submission.plan.fiscal_year.be_year
    if submission.kind == DocumentKind.ANALYSIS_REPORT:
        return (
            reverse("results:result_analysis", args=[slug, year - 1]),
            _("Analysis of the result of %(year)s") % {"year": year - 1},
        )
    if submission.round is not None:
        return (
            reverse("plans:round_detail", args=[slug, year, submission.round.pk]),
            submission.round.title,
        )
    return reverse("plans:plan_detail", args=[slug, year]), str(submission.plan.fiscal_year)


# --- a document -----------------------------------------------------------------------------


def _submission(access: Access, submission_id: int, *, with_snapshot: bool = False) -> Submission:
    qs = Submission.objects.select_related("agency", "plan__fiscal_year", "round", "submitted_by")
    if not with_snapshot:
        qs = qs.defer("snapshot")  # tens of KB of JSON, read only to render the document
    return get_scoped_or_404(qs, access.agency, pk=submission_id)


@agency_view()
@require_GET
def submission_detail(request: HttpRequest, access: Access, submission_id: int) -> HttpResponse:
    """Everything about one document: its versions, each step with decision, comment and
    time; the decision form for the current holder; the issued files."""
    submission = _submission(access, submission_id)
    issued = IssuedDocument.objects.filter(submission=submission).first()
    return render(
        request,
        "documents/submission.html",
        {
            "submission": submission,
            "steps": selectors.steps_of(submission),
            "versions": selectors.versions_of(submission),
            "current": approvals.current_step(submission),
            "may_decide": approvals.may_decide(submission, request.user),
            "may_withdraw": access.may_withdraw(submission),
            "form": DecisionForm(),
            "wordings": approvals.COMMON_WORDINGS,
            "issued": issued,
            "verify_url": reverse("verify_code", args=[issued.code]) if issued else "",
            "subject_link": subject_link(submission),
        },
    )


@agency_view()
@require_GET
def submission_preview(
    request: HttpRequest, access: Access, submission_id: int, fmt: str
) -> HttpResponseBase:
    """The document as it stands in approval (decisions so far, no number yet), rendered from
    its snapshot: what the approvers read."""
    submission = _submission(access, submission_id, with_snapshot=True)
    planfile, index = issuing.final_plan_file(submission)
    try:
        docx = issuing.render_docx(submission, planfile, index)
        data = docx if fmt == "docx" else docx_to_pdf(docx, shared_converter())
    except DocumentError as exc:
        return render(
            request,
            "documents/document_error.html",
            {"error": exc, "agency": access.agency, "access": access},
            status=503,
        )
    name = f"ร่าง-{submission.kind}-v{submission.version}.{fmt}"
    return _file(data, name, fmt, inline=fmt == "pdf")


@agency_view()
@require_http_methods(["POST"])
def decide(request: HttpRequest, access: Access, submission_id: int) -> HttpResponse:
    """The holder approves (with a comment) or returns (with a reason); asks to confirm."""
    submission = _submission(access, submission_id)
    if not approvals.may_decide(submission, request.user):
        raise PermissionDenied
    form = DecisionForm(request.POST)
    page = reverse("documents:submission", args=[access.agency.slug, submission.pk])
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(page)
    action, comment = form.cleaned_data["action"], form.cleaned_data["comment"]
    if request.POST.get("confirm") != "yes":
        step = approvals.current_step(submission)
        return render(
            request,
            "confirm.html",
            {
                "title": _("Approve this document?")
                if action == "approve"
                else _("Return this document to the coordinator?"),
                "message": _(
                    "Your comment is printed in your block on the memo, with your name, "
                    "position and today's date. This cannot be undone."
                )
                if action == "approve"
                else _(
                    "The coordinator gets it back with your reason to correct the analysis "
                    "and submit it again. This version stays in the history."
                )
                if submission.kind == DocumentKind.ANALYSIS_REPORT
                else _(
                    "The coordinator gets it back with your reason; the round opens again "
                    "for corrections. This version stays in the history."
                ),
                "details": [(step.heading if step else "", comment)],
                "hidden": [("action", action), ("comment", comment)],
                "confirm_label": _("Yes, approve") if action == "approve" else _("Yes, return it"),
                "cancel_url": page,
            },
        )
    try:
        if action == "approve":
            result = approvals.approve_step(submission, acting_user=request.user, comment=comment)
            if result.state == "approved":
                messages.success(
                    request,
                    _("Approved. The document is being numbered, signed and issued."),
                )
            else:
                messages.success(request, _("Approved. It goes on to the next step."))
        else:
            approvals.return_submission(submission, acting_user=request.user, reason=comment)
            messages.success(request, _("Returned to the coordinator."))
    except Refused as exc:
        messages.error(request, exc.message)
    return redirect(page)


@agency_view()
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, access: Access, submission_id: int) -> HttpResponse:
    """The coordinator takes a document back from the chain (put back to draft)."""
    submission = _submission(access, submission_id)
    if not access.may_withdraw(submission):
        raise PermissionDenied
    page = reverse("documents:submission", args=[access.agency.slug, submission.pk])
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and request.POST.get("confirm") == "yes" and form.is_valid():
        try:
            approvals.withdraw_submission(
                submission, acting_user=request.user, reason=form.cleaned_data["reason"]
            )
        except Refused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Taken back. You can change it and submit it again."))
        return redirect(page)
    return render(
        request,
        "documents/withdraw.html",
        {"submission": submission, "form": form, "cancel_url": page},
    )


@agency_view()
@require_GET
def inbox(request: HttpRequest, access: Access) -> HttpResponse:
    """รอการพิจารณา: documents waiting for this user's decision; for coordinators, also what is
    in approval and what came back."""
    waiting = list(selectors.waiting_for(request.user, access.agency))
    in_approval: list[Submission] = []
    returned: list[Submission] = []
    if access.sees_submissions:
        mine = Submission.objects.filter(agency=access.agency).select_related(
            "plan__fiscal_year", "round"
        )
        in_approval = list(mine.filter(state="in_approval").order_by("submitted_at"))
        returned = [
            s
            for s in mine.filter(state="returned").order_by("-closed_at")[:10]
            if not selectors.live_submission(s.plan, s.round, s.kind)
        ]
    issued = list(
        IssuedDocument.objects.filter(agency=access.agency)
        .select_related("plan__fiscal_year", "round")
        .order_by("-issued_at")[:10]
    )
    return render(
        request,
        "documents/inbox.html",
        {"waiting": waiting, "in_approval": in_approval, "returned": returned, "issued": issued},
    )


@agency_view()
@require_GET
def issued_file(request: HttpRequest, access: Access, issued_id: int, fmt: str) -> FileResponse:
    issued = get_scoped_or_404(IssuedDocument, access.agency, pk=issued_id)
    field = issued.pdf if fmt == "pdf" else issued.docx
    with field.open("rb") as fh:
        data = fh.read()
    return _file(data, f"{issued.code}-v{issued.version}.{fmt}", fmt)


# --- chains ----------------------------------------------------------------------------------


@agency_view(require="manage_chains")
@require_GET
def chain_list(request: HttpRequest, access: Access) -> HttpResponse:
    kinds = [
        (value, label, chains.steps_of(access.agency, value))
        for value, label in DocumentKind.choices
    ]
    return render(request, "documents/chain_list.html", {"kinds": kinds})


def _chain_initial(agency: Any, kind: str) -> list[dict[str, Any]]:
    return [
        {
            "heading": s.heading,
            "position": s.position,
            "holder": s.holder_id,
            "acting_holder": s.acting_holder_id,
            "acting_kind": s.acting_kind,
            "acting_from": s.acting_from,
            "acting_to": s.acting_to,
        }
        for s in chains.steps_of(agency, kind)
    ]


@agency_view(require="manage_chains")
@require_http_methods(["GET", "POST"])
def chain_edit(request: HttpRequest, access: Access, kind: str) -> HttpResponse:
    if kind not in DocumentKind.values:
        raise Http404
    agency = access.agency
    initial = _chain_initial(agency, kind)
    copied_from = ""
    if not initial:
        # A new agency sets its chains one kind after another, and the same people approve
        # every kind: an empty chain starts as a copy of another kind's, to check and save.
        for other, label in DocumentKind.choices:
            if other != kind and (initial := _chain_initial(agency, other)):
                copied_from = str(label)
                break
    # No chain anywhere yet: rows for the usual three steps (division head, clerk, mayor).
    formset_class = ChainFormSet if initial else EmptyChainFormSet
    formset = formset_class(
        request.POST or None, initial=initial, form_kwargs={"agency": agency}, prefix="step"
    )
    if request.method == "POST" and formset.is_valid():
        specs = [
            chains.StepSpec(
                heading=f.cleaned_data["heading"],
                position=f.cleaned_data["position"],
                holder=f.cleaned_data["holder"],
                acting_holder=f.cleaned_data.get("acting_holder"),
                acting_kind=f.cleaned_data.get("acting_kind") or "",
                acting_from=f.cleaned_data.get("acting_from"),
                acting_to=f.cleaned_data.get("acting_to"),
            )
            for f in formset.forms
            if f.has_changed() or f.initial
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        try:
            chains.set_chain(agency=agency, kind=kind, steps=specs, acting_user=request.user)
        except Refused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The approval chain was saved."))
            return redirect("documents:chain_list", agency.slug)
    return render(
        request,
        "documents/chain_edit.html",
        {
            "formset": formset,
            "kind": kind,
            "kind_label": DocumentKind(kind).label,
            "copied_from": copied_from,
        },
        status=422 if formset.errors and any(formset.errors) else 200,
    )


@agency_view(require="manage_agency")
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest, access: Access) -> HttpResponse:
    """The outgoing register (ทะเบียนหนังสือส่ง) of this calendar year: every number given, and
    where the system's numbering continues from."""
    agency = access.agency
    year = issuing.be_calendar_year(timezone.localdate())
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            issuing.continue_register(
                agency=agency,
                year=year,
                last_number=form.cleaned_data["last_number"],
                acting_user=request.user,
            )
        except Refused as exc:
            form.add_error("last_number", exc.message)
        else:
            messages.success(request, _("The register continues from the number given."))
            return redirect("documents:register", agency.slug)
    counter = RegisterCounter.objects.filter(agency=agency, year=year).first()
    return render(
        request,
        "documents/register.html",
        {
            "form": form,
            "year": year,
            "last_number": counter.last_number if counter else 0,
            "typed": agency.numbering == Numbering.TYPED,
            "issued": IssuedDocument.objects.filter(agency=agency, register_year=year)
            .select_related("plan__fiscal_year", "round")
            .order_by("-issued_at"),
        },
        status=422 if form.errors else 200,
    )


def inbox_count(request: HttpRequest) -> dict[str, Any]:
    """Context processor: how many documents wait for the user in the current agency."""
    access = getattr(request, "access", None)
    if access is None or not request.user.is_authenticated:
        return {}
    return {"waiting_count": selectors.waiting_for(request.user, access.agency).count()}
