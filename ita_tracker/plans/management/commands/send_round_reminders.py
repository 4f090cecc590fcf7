"""``manage.py send_round_reminders``: e-mail unit officers about measures without an update."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ita_tracker.plans.models import ReportingRound, RoundState
from ita_tracker.plans.services.reminders import send_round_reminders


class Command(BaseCommand):
    help = (
        "E-mail every unit officer the measures of her units that have no update yet in the "
        "open rounds (all agencies, or one). Re-runnable, e.g. weekly from cron."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--agency", help="only this agency (its web address name)")
        parser.add_argument(
            "--dry-run", action="store_true", help="say who would be reminded; send nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        rounds = ReportingRound.objects.filter(state=RoundState.OPEN).select_related(
            "plan__agency", "plan__fiscal_year"
        )
        if options["agency"]:
            rounds = rounds.filter(plan__agency__slug=options["agency"])
        emails = measures = 0
        missing: list[str] = []
        for round_ in rounds.order_by("plan__agency__slug", "pk"):
            summary = send_round_reminders(round_, acting_user=None, dry_run=options["dry_run"])
            emails += len(summary.reminders)
            measures += summary.measures
            missing += summary.without_email
            if options["verbosity"] > 1:
                for reminder in summary.reminders:
                    slug = round_.plan.agency.slug
                    self.stdout.write(f"  {slug}: {reminder.email} ({len(reminder.measures)})")
        line = (
            f"reminders: {emails} e-mails about {measures} measures in {rounds.count()} open rounds"
        )
        if missing:
            line += f"; {len(missing)} officers have no e-mail address"
        if options["dry_run"]:
            line += " (dry run)"
        self.stdout.write(line)
