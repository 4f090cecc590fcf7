"""``manage.py import_office FILE.docx|.xlsx|.csv --agency SLUG --year 2566 [--dry-run]``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ita_tracker.agencies.models import Agency
from ita_tracker.officefiles import OfficeFileError, read_office_file
from ita_tracker.planfile.reader import dump_plan
from ita_tracker.plans.services.office_import import (
    OfficeImportRefused,
    confirm_office_import,
    preview_office_import,
)


class Command(BaseCommand):
    help = (
        "Import measures (and a round's statuses) from a Word memo, an Excel sheet or a CSV "
        "file into an agency's plan. Nothing is written if anything is wrong."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="the .docx, .xlsx or .csv file")
        parser.add_argument("--agency", required=True, help="the agency's slug, e.g. thaphae")
        parser.add_argument("--year", required=True, type=int, help="fiscal year (BE), e.g. 2566")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="replace the agency's existing plan of that year",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="with --replace: also delete evidence files of measures or rounds the file "
            "no longer has",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="print the plan file that would be imported, write nothing",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        agency = Agency.objects.filter(slug=options["agency"]).first()
        if agency is None:
            raise CommandError(
                f"ไม่พบหน่วยงาน «{options['agency']}» / no agency {options['agency']!r}",
                returncode=2,
            )
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(
                f"เปิดไฟล์ไม่ได้ / cannot open the file: {path}: {exc.strerror}", returncode=2
            ) from None
        try:
            read = read_office_file(path.name, data)
        except OfficeFileError as exc:
            raise CommandError(exc.format(), returncode=2) from None
        preview = preview_office_import(agency=agency, fiscal_year=options["year"], read=read)
        head = f"นำเข้าไม่ได้ / cannot import: {path}"
        if preview.problems:
            raise CommandError(
                "\n".join([head, *("  " + p.format() for p in preview.problems)]), returncode=2
            )
        built = preview.built
        assert built is not None
        for note in built.notes:
            self.stderr.write(f"{path}: {note.format()}")
        for flags in built.flags:
            for flag in flags:
                where = flag.where.en() or "-"
                self.stderr.write(f"{path} ({where}): {flag.th} / {flag.en}")
        if options["dry_run"]:
            sys.stdout.flush()
            self.stdout.write(dump_plan(built.plan), ending="")
            return
        if preview.existing is not None and not options["replace"]:
            raise CommandError(
                f"{head}\n  {agency.slug} มีแผนปีงบประมาณ {options['year']} อยู่แล้ว "
                f"(ใช้ --replace เพื่อแทนที่) / {agency.slug} already has a plan for "
                f"{options['year']} (use --replace)",
                returncode=2,
            )
        try:
            plan = confirm_office_import(
                agency=agency,
                fiscal_year=options["year"],
                read=read,
                delete_evidence=options["force"],
                acting_user=None,
            )
        except OfficeImportRefused as exc:
            raise CommandError(
                "\n".join([head, *("  " + p.format() for p in exc.problems)]), returncode=2
            ) from None
        self.stderr.write(
            f"imported {path}: {agency.slug} {plan.fiscal_year.be_year}, "
            f"{len(built.plan.measures)} measures, {len(built.new_units)} new units"
        )
