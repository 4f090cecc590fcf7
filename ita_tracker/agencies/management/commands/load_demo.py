"""``manage.py load_demo``: the Tha Phae FY2566 demo data and accounts (re-runnable)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from ita_tracker.demo import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Load the catalogues, the Tha Phae FY2566 plan and one demo account per role."

    def handle(self, *args: Any, **options: Any) -> None:
        summary = load_demo()
        state = "imported" if summary.plan_imported else "already present"
        rounds = "approval chains set" if summary.chains_set else "approval chains already set"
        certificate = (
            "self-signed signing certificate made"
            if summary.certificate_created
            else "signing certificate already there"
        )
        self.stdout.write(
            f"demo: Tha Phae FY2566 plan {state}; {rounds}; {certificate}; "
            f"{len(summary.accounts)} accounts"
        )
        self.stdout.write(f"  password for every account: {DEMO_PASSWORD}")
        for account in summary.accounts:
            self.stdout.write(f"  {account.username:<16} {account.description}")
