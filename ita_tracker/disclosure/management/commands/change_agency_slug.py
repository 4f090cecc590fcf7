"""``manage.py change_agency_slug --agency OLD --to NEW``: rename an agency's web address.

The old name keeps redirecting: every public address published under it answers with a
permanent redirect to the same page under the new one.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ita_tracker.agencies.models import Agency
from ita_tracker.disclosure.services import change_agency_slug
from ita_tracker.lib.errors import Refused


class Command(BaseCommand):
    help = "Give an agency a new web address name; its old public addresses redirect."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--agency", required=True, help="the current slug")
        parser.add_argument("--to", required=True, help="the new slug")
        parser.add_argument("--dry-run", action="store_true", help="check only, change nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        agency = Agency.objects.filter(slug=options["agency"]).first()
        if agency is None:
            raise CommandError(f"no agency {options['agency']!r}")
        try:
            if options["dry_run"]:
                from django.db import transaction

                with transaction.atomic():
                    change_agency_slug(agency, new_slug=options["to"], acting_user=None)
                    transaction.set_rollback(True)
            else:
                change_agency_slug(agency, new_slug=options["to"], acting_user=None)
        except Refused as exc:
            raise CommandError(str(exc.message)) from None
        verb = "would move" if options["dry_run"] else "moved"
        self.stdout.write(f"{verb} {options['agency']} to {options['to']}")
