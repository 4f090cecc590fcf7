"""``verify_audit`` (``ita-tracker audit verify``): check the audit trail's hash chains."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ita_tracker.audit import chain
from ita_tracker.audit.models import AuditEvent


class Command(BaseCommand):
    help = (
        "Check every audit row's hash and link (audit/chain.py); print each chain's length "
        "and last hash (keep them elsewhere to notice rows cut off the end). Exit 1 on any "
        "problem."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--agency", help="only this agency's chain (slug)")

    def handle(self, *args: Any, **options: Any) -> None:
        rows = AuditEvent.objects.order_by("chain", "seq", "id")
        if options.get("agency"):
            from ita_tracker.agencies.models import Agency

            agency = Agency.objects.filter(slug=options["agency"]).first()
            if agency is None:
                raise CommandError(f"no agency {options['agency']!r}")
            rows = rows.filter(chain=chain.chain_key(agency.pk))
        reports, problems = chain.verify(rows.iterator(chunk_size=2000))
        for report in reports:
            self.stdout.write(f"{report.chain}: {report.rows} rows, last hash {report.head}")
        for problem in problems:
            self.stderr.write(f"TAMPERED {problem.format()}")
        total = sum(r.rows for r in reports)
        if problems:
            raise CommandError(
                f"audit trail: {len(problems)} problem(s) in {total} rows", returncode=1
            )
        self.stdout.write(f"audit trail intact: {total} rows in {len(reports)} chain(s)")
