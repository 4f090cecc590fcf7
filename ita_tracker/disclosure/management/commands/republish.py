"""``manage.py republish`` (``ita-tracker republish``): rebuild the public site.

Every agency-year is built again from what is released and written out as static files, then
the site's index and open data; files of agencies or years with nothing released any more are
removed. Re-runnable; ``--workers N`` splits the agencies over N processes.
"""

from __future__ import annotations

import multiprocessing
import shutil
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from ita_tracker.agencies.models import Agency
from ita_tracker.disclosure import publishing
from ita_tracker.disclosure.models import Publication


def _chunk(ids: list[int]) -> tuple[int, int]:
    connections.close_all()  # never share the parent's connection with a forked process
    published, agencies, _seconds = publishing.republish_all(ids)
    connections.close_all()
    return published, agencies


class Command(BaseCommand):
    help = "Rebuild the public site (every agency-year, indexes, open data) from released content."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--agency", help="only this agency (slug)")
        parser.add_argument("--workers", type=int, default=1, help="processes (default 1)")
        parser.add_argument("--dry-run", action="store_true", help="count only, write nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        agencies = Agency.objects.order_by("pk")
        if options["agency"]:
            agencies = agencies.filter(slug=options["agency"])
            if not agencies.exists():
                raise CommandError(f"no agency {options['agency']!r}")
        ids = list(agencies.values_list("pk", flat=True))
        if options["dry_run"]:
            years = sum(len(publishing.years_of(a)) for a in agencies)
            self.stdout.write(f"would republish {years} agency-years of {len(ids)} agencies")
            return
        started = time.monotonic()
        workers = max(1, options["workers"])
        connection = connections["default"]
        if connection.vendor == "sqlite" and connection.is_in_memory_db():  # type: ignore[attr-defined]
            workers = 1  # a forked process would write to its own copy of the database
        if workers == 1 or len(ids) < 2 * workers:
            published, _agencies, _s = publishing.republish_all(ids)
        else:
            chunks = [ids[i::workers] for i in range(workers)]
            connections.close_all()
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                results = pool.map(_chunk, chunks)
            published = sum(p for p, _a in results)
        if not options["agency"]:
            self._prune()
        publishing.write_site()
        self.stdout.write(
            f"republished {published} agency-years of {len(ids)} agencies "
            f"in {time.monotonic() - started:.1f} s"
        )

    def _prune(self) -> None:
        """Remove folders of agencies that publish nothing (any more) or changed slug."""
        root = publishing.public_root()
        if not root.is_dir():
            return
        keep = set(Publication.objects.values_list("agency__slug", flat=True).distinct()) | {"ita"}
        for child in root.iterdir():
            if child.is_dir() and not child.name.startswith(".") and child.name not in keep:
                shutil.rmtree(child, ignore_errors=True)
