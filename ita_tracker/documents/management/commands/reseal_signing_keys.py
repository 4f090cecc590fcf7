"""``manage.py reseal_signing_keys``: re-encrypt the agencies' signing keys under the first
key-encryption key, after a key was added to SIGNING_KEY_ENCRYPTION_KEYS or SECRET_KEY changed
(ADR 0008). Re-runnable; ``--dry-run`` counts without writing."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ita_tracker.documents.signing_service import reseal_signing_keys
from ita_tracker.lib.key_wrap import KeyWrapError


class Command(BaseCommand):
    help = "Re-encrypt stored signing keys under the first key-encryption key."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="count, change nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = reseal_signing_keys(dry_run=options["dry_run"])
        except KeyWrapError as exc:
            raise CommandError(
                f"{exc}: keep the old key in SIGNING_KEY_ENCRYPTION_KEYS (or the old secret key "
                "in SECRET_KEY_FALLBACKS) until this command has run"
            ) from None
        verb = "would re-encrypt" if options["dry_run"] else "re-encrypted"
        self.stdout.write(
            f"signing keys: {verb} {summary.resealed} of {summary.total} "
            "(the others already use the first key)"
        )
