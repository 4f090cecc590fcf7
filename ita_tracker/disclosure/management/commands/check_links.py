"""``manage.py check_links`` (``ita-tracker check-links``): check a plan's evidence links.

Every link in the plan's progress entries is requested concurrently, each with a timeout; the
dead ones are printed and kept for the plan page (unless ``--dry-run``). Exits with 1 when a
link is dead, so a cron job can mail the output.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ita_tracker.disclosure.linkcheck import check_links, plan_links
from ita_tracker.disclosure.services import record_link_checks
from ita_tracker.plans.models import MeasurePlan


class Command(BaseCommand):
    help = "Check the evidence links of one agency's plan and report the dead ones."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--agency", required=True, help="agency slug, e.g. thaphae")
        parser.add_argument("--year", required=True, type=int, help="fiscal year (BE)")
        parser.add_argument("--timeout", type=float, default=10.0, help="seconds per link")
        parser.add_argument("--workers", type=int, default=8, help="links checked at once")
        parser.add_argument("--dry-run", action="store_true", help="report only, store nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        plan = (
            MeasurePlan.objects.filter(
                agency__slug=options["agency"], fiscal_year__be_year=options["year"]
            )
            .select_related("agency")
            .first()
        )
        if plan is None:
            raise CommandError(f"no plan of {options['agency']!r} for {options['year']}")
        links = plan_links(plan)
        results = check_links(links, workers=options["workers"], timeout=options["timeout"])
        dead = [r for r in results if not r.ok]
        for r in dead:
            self.stdout.write(f"DEAD {r.url}  {r.error}  ({', '.join(r.where)})")
        if not options["dry_run"]:
            record_link_checks(plan, results, acting_user=None)
        self.stdout.write(f"checked {len(results)} links: {len(dead)} dead")
        if dead:
            raise CommandError(f"{len(dead)} dead links", returncode=1)
