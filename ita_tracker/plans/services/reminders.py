"""Reminding unit officers of the measures they have not reported on in an open round."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from ita_tracker.agencies.access import authorize
from ita_tracker.agencies.models import Membership, Role
from ita_tracker.agencies.people import person_of
from ita_tracker.agencies.screen_digits import for_agency
from ita_tracker.audit.services import record
from ita_tracker.plans.models import ReportingRound


@dataclass
class Reminder:
    email: str
    name: str
    measures: list[str] = field(default_factory=list)


@dataclass
class ReminderSummary:
    reminders: list[Reminder] = field(default_factory=list)
    without_email: list[str] = field(default_factory=list)
    stale: int = 0  # measures without an update in the round
    uncovered: int = 0  # of those, measures no unit officer answers for

    @property
    def measures(self) -> int:
        return sum(len(r.measures) for r in self.reminders)


def reminders_for(round_: ReportingRound) -> ReminderSummary:
    """Who would be reminded, of what: each unit officer with measures of her units that have
    no update yet in the round. Officers without an e-mail address are listed apart."""
    summary = ReminderSummary()
    if round_.is_locked:
        return summary
    stale = list(
        round_.entries.filter(updated_at__isnull=True)
        .select_related("measure__tool")
        .prefetch_related("measure__responsibilities")
        .order_by("measure__tool__order", "measure__order")
    )
    officers = (
        Membership.objects.filter(agency=round_.plan.agency, role=Role.UNIT_OFFICER)
        .select_related("user", "signatory")
        .order_by("user__username")
    )
    summary.stale = len(stale)
    covered: set[int] = set()
    for membership in officers:
        mine = membership.unit_ids()
        theirs = [e for e in stale if mine & {r.unit_id for r in e.measure.responsibilities.all()}]
        covered.update(e.pk for e in theirs)
        titles = [f"{e.measure.tool.code} {e.measure.order}. {e.measure.title}" for e in theirs]
        if not titles:
            continue
        user = membership.user
        name = person_of(membership).name
        if user.email and user.is_active:
            summary.reminders.append(Reminder(user.email, name, titles))
        else:
            summary.without_email.append(name)
    summary.uncovered = summary.stale - len(covered)
    return summary


def _send(round_: ReportingRound, reminders: list[Reminder]) -> None:
    agency = round_.plan.agency
    link = settings.SITE_URL.rstrip("/") + reverse("plans:my_measures", args=[agency.slug])
    with translation.override(settings.LANGUAGE_CODE):
        for reminder in reminders:
            context = {"reminder": reminder, "round": round_, "agency": agency, "link": link}
            subject = render_to_string("plans/email/reminder_subject.txt", context).strip()
            message = render_to_string("plans/email/reminder.txt", context)
            send_mail(
                subject=for_agency(subject, agency),
                message=for_agency(message, agency),
                from_email=None,
                recipient_list=[reminder.email],
            )


@transaction.atomic
def send_round_reminders(
    round_: ReportingRound, *, acting_user: Any, dry_run: bool = False
) -> ReminderSummary:
    """E-mail every unit officer the measures of her units still without an update.

    Side effects: the e-mails, sent after the commit (console backend in the demo), and a
    ``round.reminded`` audit row with how many were sent. ``dry_run`` sends and records nothing.
    """
    authorize(acting_user, round_.plan.agency, "run_rounds")
    summary = reminders_for(round_)
    if dry_run or not summary.reminders:
        return summary
    record(
        acting_user=acting_user,
        action="round.reminded",
        obj=round_,
        agency=round_.plan.agency,
        after={
            "emails": len(summary.reminders),
            "measures": summary.measures,
            "without_email": summary.without_email,
        },
    )
    transaction.on_commit(partial(_send, round_, summary.reminders))
    return summary
