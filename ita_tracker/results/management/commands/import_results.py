"""``manage.py import_results FILE [--agency SLUG] [--year 2567] [--strict] [--dry-run]``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ita_tracker.agencies.models import Agency
from ita_tracker.results.importing import (
    ImportRefused,
    import_agency_results,
    import_national_results,
)


class Command(BaseCommand):
    help = (
        "Import ITA results from a CSV or XLSX file: with --agency, that agency's results "
        "(one row or column per year); without it, the national result list (one row per "
        "agency) for every agency of this installation. All or nothing. Columns: "
        "docs/results-import.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--agency", metavar="SLUG", help="one agency's results history")
        parser.add_argument(
            "--year",
            type=int,
            metavar="BE_YEAR",
            help="the assessed year of a national list without a year column (e.g. 2567)",
        )
        parser.add_argument(
            "--strict",
            action="store_true",
            help="refuse rows of agencies that are not in this installation (default: skip)",
        )
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}") from None
        try:
            if options["agency"]:
                agency = Agency.objects.filter(slug=options["agency"]).first()
                if agency is None:
                    raise CommandError(f"no agency {options['agency']!r}")
                report = import_agency_results(
                    agency=agency,
                    data=data,
                    filename=path.name,
                    acting_user=None,
                    dry_run=options["dry_run"],
                )
            else:
                report = import_national_results(
                    data=data,
                    filename=path.name,
                    acting_user=None,
                    year=options["year"],
                    strict=options["strict"],
                    dry_run=options["dry_run"],
                )
        except ImportRefused as exc:
            lines = [f"ไฟล์ผลการประเมินไม่ถูกต้อง / invalid results file: {path}"]
            lines += [f"  {path.name}: {p.line()}" for p in exc.problems]
            if exc.total > len(exc.problems):
                lines.append(f"  … {exc.total - len(exc.problems)} more")
            raise CommandError("\n".join(lines), returncode=2) from None
        for problem in report.warnings + report.skipped:
            self.stderr.write(f"{path.name}: {problem.line()}")
        self.stdout.write(report.line())
