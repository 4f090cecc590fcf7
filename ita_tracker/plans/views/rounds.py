"""Reporting rounds: open one, its page, the progress board (from the submitted snapshot once
the round is locked), reminders. Submitting and approving are the approval flow's
(``documents.views.approvals``)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from ita_tracker.agencies.access import Access, agency_view
from ita_tracker.agencies.tenancy import get_scoped_or_404
from ita_tracker.documents.selectors import board_for
from ita_tracker.lib.errors import Refused
from ita_tracker.plans.forms import RoundForm
from ita_tracker.plans.models import MeasurePlan, PlanState, ReportingRound, RoundKind
from ita_tracker.plans.services.reminders import send_round_reminders
from ita_tracker.plans.services.rounds import default_period, open_round
from ita_tracker.plans.views.common import plan_of


def _round(access: Access, plan: MeasurePlan, round_id: int) -> ReportingRound:
    return get_scoped_or_404(
        ReportingRound.objects.select_related("plan__fiscal_year", "plan__agency"),
        access.agency,
        pk=round_id,
        plan=plan,
    )


@agency_view(require="run_rounds")
def round_new(request: HttpRequest, access: Access, year: int) -> HttpResponse:
    plan = plan_of(access, year)
    if plan.state != PlanState.APPROVED:
        # Said on the page itself (no form): progress is reported on approved measures only.
        return render(request, "plans/round_new.html", {"plan": plan, "not_approved": True})
    taken = set(plan.rounds.values_list("kind", flat=True))
    kind = RoundKind.TWELVE_MONTH if RoundKind.SIX_MONTH in taken else RoundKind.SIX_MONTH
    form = RoundForm(request.POST or None, initial={"kind": kind})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            round_ = open_round(
                plan,
                kind=data["kind"],
                label=data["label"].strip(),
                period_start=data["period_start"],
                period_end=data["period_end"],
                acting_user=request.user,
            )
        except Refused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("%(round)s is open. Unit officers can now report their progress.")
                % {"round": round_.title},
            )
            return redirect("plans:round_board", access.agency.slug, year, round_.pk)
    defaults = {k: default_period(plan, k) for k in (RoundKind.SIX_MONTH, RoundKind.TWELVE_MONTH)}
    return render(
        request, "plans/round_new.html", {"plan": plan, "form": form, "defaults": defaults}
    )


@agency_view()
def round_detail(request: HttpRequest, access: Access, year: int, round_id: int) -> HttpResponse:
    plan = plan_of(access, year)
    round_ = _round(access, plan, round_id)
    board, submission = board_for(round_)
    return render(
        request,
        "plans/round_detail.html",
        {"plan": plan, "round": round_, "board": board, "submission": submission},
    )


@agency_view()
def round_board(request: HttpRequest, access: Access, year: int, round_id: int) -> HttpResponse:
    plan = plan_of(access, year)
    round_ = _round(access, plan, round_id)
    board, submission = board_for(round_, access)
    return render(
        request,
        "plans/round_board.html",
        {"plan": plan, "round": round_, "board": board, "submission": submission},
    )


@agency_view(require="run_rounds")
@require_POST
def round_remind(request: HttpRequest, access: Access, year: int, round_id: int) -> HttpResponse:
    """E-mail the unit officers whose measures have no update yet in this round."""
    plan = plan_of(access, year)
    round_ = _round(access, plan, round_id)
    summary = send_round_reminders(round_, acting_user=request.user)
    # One account of what happened, never "nobody to remind" beside names that were not.
    if summary.reminders:
        messages.success(
            request,
            ngettext(
                "Reminder sent: %(emails)s e-mail about %(measures)s measures.",
                "Reminders sent: %(emails)s e-mails about %(measures)s measures.",
                len(summary.reminders),
            )
            % {"emails": len(summary.reminders), "measures": summary.measures},
        )
    elif not summary.stale:
        messages.info(request, _("Every measure has an update in this round: nobody to remind."))
    if summary.uncovered:
        messages.warning(
            request,
            ngettext(
                "%(n)s measure without an update has no unit officer to remind; only the "
                "coordinator can report it.",
                "%(n)s measures without an update have no unit officer to remind; only the "
                "coordinator can report them.",
                summary.uncovered,
            )
            % {"n": summary.uncovered},
        )
    if summary.without_email:
        messages.warning(
            request,
            _("These officers have no e-mail address, so they were not reminded: %(names)s.")
            % {"names": ", ".join(summary.without_email)},
        )
    return redirect("plans:round_detail", access.agency.slug, year, round_.pk)
