"""``manage.py load_frameworks [--year 2566 …] [--dry-run]``: load the ITA catalogues from YAML."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ita_tracker.frameworks.catalogue import CatalogueError
from ita_tracker.frameworks.services import load_catalogues


class Command(BaseCommand):
    help = (
        "Load the ITA reference catalogues (tools, fiscal years, indicators, rating rules, "
        "OIT items) from ita_tracker/frameworks/data/*.yaml. Safe to re-run."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--year",
            type=int,
            action="append",
            dest="years",
            metavar="BE_YEAR",
            help="load only this fiscal year (Buddhist era, e.g. 2566); repeatable",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="report what would change, and write nothing",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = load_catalogues(years=options["years"], dry_run=options["dry_run"])
        except CatalogueError as exc:
            raise CommandError(exc.format()) from None
        for note in summary.kept:
            self.stderr.write(note)
        if options["verbosity"] >= 1:
            self.stdout.write(summary.line())
