"""``manage.py export_plan --agency SLUG --year 2566 -o PLAN.yaml|PLAN.xlsx|PLAN.csv``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ita_tracker.officefiles.sheets import write_csv, write_xlsx
from ita_tracker.planfile.reader import dump_plan
from ita_tracker.planfile.schema import PlanFile
from ita_tracker.plans.models import MeasurePlan
from ita_tracker.plans.planfile.exporter import export_plan


class Command(BaseCommand):
    help = "Write one agency's plan for one fiscal year as a plan file (YAML)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--agency", required=True, help="the agency's slug, e.g. thaphae")
        parser.add_argument("--year", required=True, type=int, help="fiscal year (BE), e.g. 2566")
        parser.add_argument(
            "-o",
            "--output",
            default="-",
            help="file to write (- for stdout); .xlsx or .csv: the measures table for Excel",
        )
        parser.add_argument(
            "--round",
            dest="round_",
            metavar="N",
            help=".xlsx/.csv: the round whose statuses to include (1-based, or six_month/"
            "twelve_month; default the latest; 0 for none)",
        )

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
        output = options["output"]
        if output.lower().endswith((".xlsx", ".csv")):
            data = export_plan(plan)
            round_index = _round_index(data, options["round_"])
            write = write_xlsx if output.lower().endswith(".xlsx") else write_csv
            Path(output).write_bytes(write(data, round_index=round_index))
            self.stderr.write(
                f"exported {plan.agency.slug} {plan.fiscal_year.be_year}: "
                f"{len(data.measures)} measures to {output}"
            )
            return
        text = dump_plan(export_plan(plan))
        if options["output"] == "-":
            self.stdout.write(text, ending="")
            return
        Path(options["output"]).write_text(text, encoding="utf-8")
        self.stderr.write(
            f"exported {plan.agency.slug} {plan.fiscal_year.be_year}: "
            f"{plan.measures.count()} measures to {options['output']}"
        )


def _round_index(plan: PlanFile, value: str | None) -> int | None:
    if value is None:
        return len(plan.rounds) - 1 if plan.rounds else None
    if value == "0":
        return None
    if value.isdigit() and 1 <= int(value) <= len(plan.rounds):
        return int(value) - 1
    for index, round_ in enumerate(plan.rounds):
        if round_.kind.value == value:
            return index
    raise CommandError(
        f"ไม่มีรอบรายงาน «{value}» / no round {value!r} in the plan ({len(plan.rounds)} rounds)",
        returncode=2,
    )
