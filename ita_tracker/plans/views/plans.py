"""The agency's plans: list, start a new year (empty or copied), the plan page, its header."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from ita_tracker.agencies.access import Access, agency_view
from ita_tracker.disclosure.selectors import plan_public
from ita_tracker.documents.models import DocumentKind
from ita_tracker.documents.selectors import live_submission
from ita_tracker.lib.errors import Refused
from ita_tracker.plans import selectors
from ita_tracker.plans.forms import NewPlanForm, PlanForm
from ita_tracker.plans.models import MeasurePlan, PlanState
from ita_tracker.plans.services import plans as plan_services
from ita_tracker.plans.views.common import plan_of


@agency_view()
def plan_list(request: HttpRequest, access: Access) -> HttpResponse:
    plans = (
        MeasurePlan.objects.filter(agency=access.agency)
        .select_related("fiscal_year")
        .order_by("-fiscal_year__be_year")
    )
    return render(request, "plans/plan_list.html", {"plans": plans})


@agency_view(require="edit_plan")
def plan_new(request: HttpRequest, access: Access) -> HttpResponse:
    form = NewPlanForm(request.POST or None, agency=access.agency)
    if request.method == "POST" and form.is_valid():
        year, source = form.cleaned_data["fiscal_year"], form.cleaned_data["copy_from"]
        try:
            if source is not None:
                plan = plan_services.clone_plan(source, fiscal_year=year, acting_user=request.user)
                count = plan.measures.count()
                messages.success(
                    request,
                    ngettext(
                        "The plan for %(year)s was started with %(n)s measure carried over.",
                        "The plan for %(year)s was started with %(n)s measures carried over.",
                        count,
                    )
                    % {"year": year.be_year, "n": count},
                )
            else:
                plan = plan_services.create_plan(
                    agency=access.agency, fiscal_year=year, acting_user=request.user
                )
                messages.success(request, _("The plan was created. Add its measures."))
        except Refused as exc:
            messages.error(request, exc.message)
        else:
            return redirect("plans:plan_detail", access.agency.slug, year.be_year)
    return render(request, "plans/plan_new.html", {"form": form})


@agency_view()
def plan_detail(request: HttpRequest, access: Access, year: int) -> HttpResponse:
    plan = plan_of(access, year)
    rounds = list(plan.rounds.order_by("period_end", "pk"))
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "groups": selectors.tool_groups(plan),
            "rounds": rounds,
            "open_round": next((r for r in rounds if not r.is_locked), None),
            "can_edit": access.can_edit_plan and plan.is_editable,
            "plan_submission": live_submission(plan, None, DocumentKind.MEASURES_PLAN),
            "public": plan_public(plan),
        },
    )


@agency_view(require="edit_plan")
def plan_edit(request: HttpRequest, access: Access, year: int) -> HttpResponse:
    plan = plan_of(access, year)
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        try:
            plan_services.update_plan(
                plan_of(access, year),  # fresh: the form has already changed ``plan``
                acting_user=request.user,
                **{name: form.cleaned_data[name] for name in PlanForm.Meta.fields},
            )
        except Refused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The plan was saved."))
        return redirect("plans:plan_detail", access.agency.slug, year)
    return render(request, "plans/plan_edit.html", {"plan": plan, "form": form})


@agency_view(require="edit_plan")
@require_http_methods(["GET", "POST"])
def plan_state(request: HttpRequest, access: Access, year: int) -> HttpResponse:
    """Put an approved plan back to draft to correct it (asks for confirmation first). The
    corrected plan goes up the chain again and its issued document gets a new version; a plan
    still in approval is taken back on its document page instead."""
    plan = plan_of(access, year)
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        try:
            if plan.state != PlanState.APPROVED:
                raise Refused(_("Only an approved plan can be put back to draft here."))
            plan_services.change_plan_state(plan, action="return", acting_user=request.user)
        except Refused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The plan is a draft again. Change it, then submit it."))
        return redirect("plans:plan_detail", access.agency.slug, year)
    return render(
        request,
        "confirm.html",
        {
            "title": _("Put the approved plan back to draft?"),
            "message": _(
                "The plan becomes editable again. It must then go up the approval chain once "
                "more; its issued document stays as it is until the corrected version is issued."
            ),
            "confirm_label": _("Yes, put it back to draft"),
            "cancel_url": reverse("plans:plan_detail", args=[access.agency.slug, year]),
        },
    )
