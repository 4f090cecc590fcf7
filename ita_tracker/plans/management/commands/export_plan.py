"""``manage.py export_plan --agency SLUG --year 2566 -o PLAN.yaml``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ita_tracker.planfile.reader import dump_plan
from ita_tracker.plans.models import MeasurePlan
from ita_tracker.plans.planfile.exporter import export_plan


class Command(BaseCommand):
    help = "Write one agency's plan for one fiscal year as a plan file (YAML)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--agency", required=True, help="the agency's slug, e.g. thaphae")
        parser.add_argument("--year", required=True, type=int, help="fiscal year (BE), e.g. 2566")
        parser.add_argument("-o", "--output", default="-", help="file to write (- for stdout)")

    def handle(self, *args: Any, **options: Any) -> None:
        plan = (
            MeasurePlan.objects.filter(
                agency__slug=options["agency"], fiscal_year__be_year=options["year"]
            )
            .select_related("agency", "fiscal_year")
            .first()
        )
        if plan is None:
            raise CommandError(
                f"ไม่พบแผนของ {options['agency']} ปีงบประมาณ {options['year']} / "
                f"no plan for agency {options['agency']!r} in fiscal year {options['year']}",
                returncode=2,
            )
        text = dump_plan(export_plan(plan))
        if options["output"] == "-":
            self.stdout.write(text, ending="")
            return
        Path(options["output"]).write_text(text, encoding="utf-8")
        self.stderr.write(
            f"exported {plan.agency.slug} {plan.fiscal_year.be_year}: "
            f"{plan.measures.count()} measures to {options['output']}"
        )
