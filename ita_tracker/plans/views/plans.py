"""The agency's plans: list, start a new year (empty or copied), the plan page, its header."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ita_tracker.agencies.access import Access, agency_view
from ita_tracker.lib.errors import Refused
from ita_tracker.plans import selectors
from ita_tracker.plans.forms import NewPlanForm, PlanForm
from ita_tracker.plans.models import MeasurePlan
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


@agency_view(require="can_edit_plan")
def plan_new(request: HttpRequest, access: Access) -> HttpResponse:
    form = NewPlanForm(request.POST or None, agency=access.agency)
    if request.method == "POST" and form.is_valid():
        year, source = form.cleaned_data["fiscal_year"], form.cleaned_data["copy_from"]
        try:
            if source is not None:
                plan = plan_services.clone_plan(source, fiscal_year=year, acting_user=request.user)
                messages.success(
                    request,
                    _("The plan for %(year)s was started with %(n)s measures carried over.")
                    % {"year": year.be_year, "n": plan.measures.count()},
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
        },
    )


@agency_view(require="can_edit_plan")
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


@agency_view()
@require_POST
def plan_state(request: HttpRequest, access: Access, year: int) -> HttpResponse:
    """Submit for approval and return to draft (coordinator); approve (approver)."""
    plan = plan_of(access, year)
    action = request.POST.get("action", "")
    allowed = access.can_approve if action == "approve" else access.can_edit_plan
    if not allowed:
        raise PermissionDenied
    try:
        plan_services.change_plan_state(plan, action=action, acting_user=request.user)
    except Refused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("The plan is now: %(state)s.") % {"state": plan.get_state_display()}
        )
    return redirect("plans:plan_detail", access.agency.slug, year)
