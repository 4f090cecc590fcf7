"""The measure editor: add, edit, move, delete; and a measure's page with its history."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ita_tracker.agencies.access import Access, agency_view
from ita_tracker.agencies.tenancy import get_scoped_or_404
from ita_tracker.frameworks.models import Tool
from ita_tracker.lib.errors import Refused
from ita_tracker.plans import selectors
from ita_tracker.plans.forms import MeasureForm
from ita_tracker.plans.history import measure_history
from ita_tracker.plans.models import Measure, MeasurePlan
from ita_tracker.plans.services.measures import (
    MeasureData,
    create_measure,
    delete_measure,
    move_measure,
    update_measure,
)
from ita_tracker.plans.views.common import plan_of


def _measure(access: Access, plan: MeasurePlan, measure_id: int) -> Measure:
    return get_scoped_or_404(selectors.measures_of(plan), access.agency, pk=measure_id)


def _data(form: MeasureForm) -> MeasureData:
    c = form.cleaned_data
    return MeasureData(
        tool=c["tool"],
        title=c["title"].strip(),
        methods=c["methods"],
        units=list(c["units"]),
        responsible_note=c["responsible_note"].strip(),
        period_start=c["period_start"],
        period_end=c["period_end"],
        follow_up=c["follow_up"].strip(),
        indicators=list(c["indicators"]),
    )


def _plan_url(access: Access, plan: MeasurePlan, measure: Measure | None = None) -> str:
    url = reverse("plans:plan_detail", args=[access.agency.slug, plan.fiscal_year.be_year])
    return f"{url}#measure-{measure.pk}" if measure else url


def _refuse_if_locked(
    request: HttpRequest, access: Access, plan: MeasurePlan
) -> HttpResponse | None:
    if plan.is_editable:
        return None
    messages.error(request, _("The plan is not a draft. Return it to draft before changing it."))
    return redirect(_plan_url(access, plan))


@agency_view(require="edit_plan")
def measure_new(request: HttpRequest, access: Access, year: int) -> HttpResponse:
    plan = plan_of(access, year)
    if (refused := _refuse_if_locked(request, access, plan)) is not None:
        return refused
    start, end = (plan.fiscal_year.starts, plan.fiscal_year.ends)
    tool = Tool.objects.filter(code=request.GET.get("tool", "")).first()
    form = MeasureForm(
        request.POST or None,
        plan=plan,
        initial={"tool": tool, "period_start": start, "period_end": end.replace(day=1)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            measure = create_measure(plan, _data(form), acting_user=request.user)
        except Refused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The measure was added."))
            if "save_add" in request.POST:
                return redirect(
                    reverse("plans:measure_new", args=[access.agency.slug, year])
                    + f"?tool={measure.tool.code}"
                )
            return redirect(_plan_url(access, plan, measure))
    return render(request, "plans/measure_form.html", {"plan": plan, "form": form})


@agency_view()
def measure_detail(
    request: HttpRequest, access: Access, year: int, measure_id: int
) -> HttpResponse:
    plan = plan_of(access, year)
    measure = _measure(access, plan, measure_id)
    entries = (
        measure.entries.select_related("round", "updated_by")
        .annotate(file_count=Count("files"))
        .order_by("round__period_end", "round__pk")
    )
    return render(
        request,
        "plans/measure_detail.html",
        {
            "plan": plan,
            "measure": measure,
            "entries": entries,
            "history": measure_history(measure, access.agency),
            "can_edit": access.can_edit_plan and plan.is_editable,
        },
    )


@agency_view(require="edit_plan")
def measure_edit(request: HttpRequest, access: Access, year: int, measure_id: int) -> HttpResponse:
    plan = plan_of(access, year)
    measure = _measure(access, plan, measure_id)
    if (refused := _refuse_if_locked(request, access, plan)) is not None:
        return refused
    initial = {
        "tool": measure.tool,
        "title": measure.title,
        "methods": measure.methods,
        "units": [r.unit for r in measure.responsibilities.all()],
        "responsible_note": measure.responsible_note,
        "period_start": measure.period_start,
        "period_end": measure.period_end,
        "follow_up": measure.follow_up,
        "indicators": list(measure.indicators.all()),
    }
    form = MeasureForm(request.POST or None, plan=plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            update_measure(measure, _data(form), acting_user=request.user)
        except Refused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The measure was saved."))
            return redirect(_plan_url(access, plan, measure))
    return render(
        request, "plans/measure_form.html", {"plan": plan, "form": form, "measure": measure}
    )


@agency_view(require="edit_plan")
def measure_delete(
    request: HttpRequest, access: Access, year: int, measure_id: int
) -> HttpResponse:
    plan = plan_of(access, year)
    measure = _measure(access, plan, measure_id)
    if (refused := _refuse_if_locked(request, access, plan)) is not None:
        return refused
    if request.method == "POST":
        try:
            delete_measure(measure, acting_user=request.user)
        except Refused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The measure was deleted."))
        return redirect(_plan_url(access, plan))
    return render(request, "plans/measure_delete.html", {"plan": plan, "measure": measure})


@agency_view(require="edit_plan")
@require_POST
def measure_move(request: HttpRequest, access: Access, year: int, measure_id: int) -> HttpResponse:
    plan = plan_of(access, year)
    measure = _measure(access, plan, measure_id)
    try:
        move_measure(measure, direction=request.POST.get("direction", ""), acting_user=request.user)
    except Refused as exc:
        messages.error(request, exc.message)
    return redirect(_plan_url(access, plan, measure))
