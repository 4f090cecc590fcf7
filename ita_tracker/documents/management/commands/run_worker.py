"""``manage.py run_worker``: the background worker (``ita-tracker worker``).

Starts LibreOffice once, queues again any approved document left unissued by a worker that
died, then runs django-tasks-db's worker loop (it claims task rows in a transaction, so several
workers may run side by side).
"""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from ita_tracker.docengine.exporters.pdf import start_shared_converter
from ita_tracker.documents.tasks import requeue_pending_issues


class Command(BaseCommand):
    help = "Run the background worker: issues approved documents (and other queued tasks)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", action="store_true", help="run what is queued, then exit")
        parser.add_argument(
            "--interval", type=float, default=1.0, help="seconds between polls when idle"
        )
        parser.add_argument(
            "--no-warm-up", action="store_true", help="do not start LibreOffice beforehand"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["no_warm_up"]:
            start_shared_converter()
        count = requeue_pending_issues()
        if count:
            self.stderr.write(f"requeued {count} approved document(s) not yet issued")
        worker_args = ["--interval", str(options["interval"]), "--no-startup-delay"]
        if options["batch"]:
            worker_args.append("--batch")
        call_command("db_worker", *worker_args, "--no-reload", verbosity=options["verbosity"])
