"""The outgoing register under pressure (PostgreSQL): documents issued at the same moment never
share or skip a number, and a worker killed with kill -9 in the middle of issuing leaves no
half-issued document and no gap.

Both need a real server with row locks and a second process reaching the same database, so
they run on PostgreSQL (CI runs the suite on it); SQLite serialises every writer anyway
(transactions are IMMEDIATE), so there is no race to test there.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, connections

from ita_tracker.documents import approvals, issuing
from ita_tracker.documents.models import (
    IssuedDocument,
    RegisterCounter,
    Submission,
    SubmissionState,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def postgres_only(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: row locks and a second process on the same database")
    call_command("load_frameworks", verbosity=0)  # transactional tests start from an empty DB


def _approved_submissions(plan, count: int) -> list[int]:
    """``count`` approved plan submissions waiting to be issued (test data, written directly)."""
    snapshot = {"plan": {}, "round_index": None, "entries": {}}
    return [
        Submission.objects.create(
            agency=plan.agency,
            kind="measures_plan",
            plan=plan,
            version=n,
            title=f"เอกสาร {n}",
            state=SubmissionState.APPROVED,
            snapshot=snapshot,
            snapshot_sha256="0" * 64,
            submitted_by_label="test",
        ).pk
        for n in range(1, count + 1)
    ]


def test_it_gives_concurrent_documents_distinct_consecutive_numbers(postgres_only, plan_a):
    ids = _approved_submissions(plan_a, 12)
    barrier = threading.Barrier(len(ids))
    errors: list[BaseException] = []

    def reserve(submission_id: int) -> None:
        try:
            barrier.wait()
            issuing.reserve_number(submission_id)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=reserve, args=(pk,)) for pk in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(
        Submission.objects.filter(pk__in=ids).values_list("register_number", flat=True)
    )
    assert numbers == list(range(1, len(ids) + 1))
    assert RegisterCounter.objects.get(agency=plan_a.agency).last_number == len(ids)


def _worker(env: dict[str, str], *extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "manage.py"),
            "run_worker",
            "--no-warm-up",
            "--interval",
            "0.2",
            *extra,
        ],
        env=env,
        start_new_session=True,  # its own process group: kill -9 takes LibreOffice down with it
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


@pytest.mark.soffice
def test_it_survives_a_worker_killed_in_the_middle_of_issuing(
    postgres_only, plan_a, coordinator, chain_a, open_round, tmp_path, settings
):
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        ),
        "ITA_TRACKER_HOME": str(settings.DATA_DIR),
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    submission = approvals.submit_round_report(open_round, acting_user=coordinator)
    for user in chain_a:
        submission = approvals.approve_step(submission, acting_user=user, comment="ทราบ")
    worker = _worker(env)
    try:
        # Wait until the worker has taken the number (step 1) but not stored the document.
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            submission.refresh_from_db()
            if submission.register_number is not None:
                break
            time.sleep(0.05)
        assert submission.register_number == 1, worker.stderr and worker.poll()
        assert not IssuedDocument.objects.exists()
    finally:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()
    submission.refresh_from_db()
    assert submission.state == SubmissionState.APPROVED  # not half-issued
    assert not IssuedDocument.objects.exists()
    assert RegisterCounter.objects.get().last_number == 1

    # A new worker picks the document up again and issues it under the same number.
    again = _worker(env, "--batch")
    _out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err.decode()
    issued = IssuedDocument.objects.filter().first()
    assert issued is not None, err.decode()[-3000:]
    assert (issued.number, issued.version) == ("1", 1)
    assert RegisterCounter.objects.get().last_number == 1
    submission.refresh_from_db()
    assert submission.state == SubmissionState.ISSUED
