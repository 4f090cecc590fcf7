"""``manage.py import_plan PLAN.yaml``: import a plan file (all or nothing)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from ita_tracker.documents.approvals import record_imported
from ita_tracker.planfile.reader import PlanFileError, read_plan_file
from ita_tracker.plans.planfile.importer import import_plan


class _DryRun(Exception):
    pass


class Command(BaseCommand):
    help = "Import a plan file (YAML or JSON). Nothing is written if anything is wrong."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="the plan file")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="replace the agency's existing plan for that fiscal year",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="with --replace: go ahead even when evidence files of measures or rounds the "
            "file no longer has would be deleted (listed otherwise)",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="check everything, including against the database, write nothing",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["path"]
        try:
            plan = read_plan_file(path)
            with transaction.atomic():
                row = import_plan(
                    plan,
                    acting_user=None,
                    replace=options["replace"],
                    force=options["force"],
                    source=path,
                )
                # What the file says was approved is frozen like any approved document.
                record_imported(row, acting_user=None)
                summary = (
                    f"imported {path}: {row.agency.slug} {row.fiscal_year.be_year}, "
                    f"{len(plan.measures)} measures, {len(plan.rounds)} rounds"
                )
                if options["dry_run"]:
                    raise _DryRun
        except PlanFileError as exc:
            raise CommandError(exc.format(), returncode=2) from None
        except _DryRun:
            summary += " (dry run: nothing written)"
        self.stdout.write(summary)
