"""Finding 13 (issue 10): a plan import of an agency running while its units upload evidence and
save progress. On PostgreSQL this ended in "deadlock detected": the import locked the agency's
row (and the rows it replaces) and then waited for the agency's audit chain lock, while an
upload held the chain lock and waited for those rows. Every service now takes the chain lock
before it touches a row (``audit.services.hold_chain``), so the writers of one agency queue up.

PostgreSQL only: SQLite serialises every writer (IMMEDIATE transactions), so nothing can cross.
``ITA_STRESS_ROUNDS`` runs more imports than CI's few (each import is one attempt to cross).
"""

from __future__ import annotations

import os
import threading

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import DatabaseError, IntegrityError, OperationalError, connections

from ita_tracker.audit.models import AuditEvent
from ita_tracker.lib.errors import Refused
from ita_tracker.planfile.reader import dump_plan, read_plan_text
from ita_tracker.plans.models import ProgressEntry, RoundState
from ita_tracker.plans.planfile.exporter import export_plan
from ita_tracker.plans.planfile.importer import import_plan
from ita_tracker.plans.services.progress import add_evidence_file, update_progress
from tests import samples

IMPORTS = int(os.environ.get("ITA_STRESS_ROUNDS", "12"))


pytestmark = pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"],
    reason="needs PostgreSQL: parallel writers (SQLite serialises every writer)",
)


@pytest.fixture
def catalogues(transactional_db):
    call_command("load_frameworks", verbosity=0)  # transactional tests start from an empty DB


def _an_open_entry(agency_id: int, n: int) -> ProgressEntry | None:
    entries = list(
        ProgressEntry.objects.filter(
            round__plan__agency_id=agency_id, round__state=RoundState.OPEN
        ).order_by("measure__tool__code", "measure__order")
    )
    return entries[n % len(entries)] if entries else None


def test_uploads_and_progress_during_imports_of_the_same_agency_never_deadlock(
    catalogues, plan_a, open_round, coordinator
):
    plan, officer = plan_a, coordinator
    text = dump_plan(export_plan(plan))
    agency_id = plan.agency_id
    done = threading.Event()
    deadlocks: list[str] = []
    other: list[BaseException] = []
    counts = {"imports": 0, "uploads": 0, "updates": 0, "lost races": 0}

    def importing() -> None:
        try:
            for _ in range(IMPORTS):
                try:
                    import_plan(read_plan_text(text, "again.yaml"), acting_user=None, replace=True)
                    counts["imports"] += 1
                except OperationalError as exc:
                    if "deadlock detected" not in str(exc):
                        raise
                    deadlocks.append(f"import: {exc}")
        except BaseException as exc:
            other.append(exc)
        finally:
            done.set()
            connections.close_all()

    def writing() -> None:
        n = 0
        try:
            while not done.is_set():
                n += 1
                entry = _an_open_entry(agency_id, n)
                if entry is None:
                    continue
                try:
                    if n % 2:
                        add_evidence_file(
                            entry,
                            upload=SimpleUploadedFile(f"e{n}.pdf", samples.PDF),
                            acting_user=officer,
                        )
                        counts["uploads"] += 1
                    else:
                        update_progress(entry, acting_user=officer, note=f"รอบที่ {n}")
                        counts["updates"] += 1
                except (DatabaseError, ProgressEntry.DoesNotExist, Refused) as exc:
                    if "deadlock detected" in str(exc):
                        deadlocks.append(f"writer: {exc}")
                    elif isinstance(exc, IntegrityError) or "did not affect any rows" in str(exc):
                        # The entry went with the plan the import replaced meanwhile (a foreign
                        # key that no longer holds, a row gone): a race lost, not a fault.
                        counts["lost races"] += 1
                    else:
                        raise
        except BaseException as exc:
            other.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=importing)] + [
        threading.Thread(target=writing) for _ in range(2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(counts, deadlocks[:3])
    assert other == []
    assert deadlocks == []
    assert counts["imports"] == IMPORTS
    assert counts["uploads"] + counts["updates"] > 0
    assert AuditEvent.objects.filter(action="plan.imported").count() == IMPORTS + 1
