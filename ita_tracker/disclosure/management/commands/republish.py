"""``manage.py republish`` (``ita-tracker republish``): rebuild the public site.

Every agency-year is built again from what is released and written out as static files, then
the site's index and open data; files of agencies or years with nothing released any more are
removed. Re-runnable; ``--jobs N`` runs N worker processes, each taking batches of agencies
(read in bulk, a few queries per batch) as it finishes the one before.
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

_catalogue: publishing.Catalogue | None = None


def _start_worker() -> None:
    global _catalogue
    connections.close_all()  # never share the parent's connection with a forked process
    _catalogue = publishing.Catalogue.empty()  # read once per process


def _batch(ids: list[int]) -> tuple[int, int]:
    assert _catalogue is not None
    return publishing.republish_batch(ids, _catalogue), len(ids)


class Command(BaseCommand):
    help = "Rebuild the public site (every agency-year, indexes, open data) from released content."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--agency", help="only this agency (slug)")
        parser.add_argument(
            "--jobs",
            "--workers",
            dest="jobs",
            type=int,
            default=1,
            help="worker processes (default 1; about the number of CPUs for a full rebuild)",
        )
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
        jobs = max(1, options["jobs"])
        connection = connections["default"]
        if connection.vendor == "sqlite" and connection.is_in_memory_db():  # type: ignore[attr-defined]
            jobs = 1  # a forked process would write to its own copy of the database
        verbose = options["verbosity"] > 1

        def progress(done: int, total: int, published: int, seconds: float) -> None:
            if verbose:
                self.stdout.write(
                    f"  {done}/{total} agencies, {published} agency-years, {seconds:.0f} s"
                )

        batches = publishing.batches(ids, jobs)
        if jobs == 1 or len(batches) < 2:
            published, _agencies, _s = publishing.republish_all(ids, progress=progress)
        else:
            connections.close_all()
            published = done = 0
            with multiprocessing.get_context("fork").Pool(jobs, initializer=_start_worker) as pool:
                for years, count in pool.imap_unordered(_batch, batches):
                    published += years
                    done += count
                    progress(done, len(ids), published, time.monotonic() - started)
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
