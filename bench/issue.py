"""Benchmark the approval flow: how long an approval request takes, and what issuing costs.

    .venv/bin/python bench/issue.py [--agencies 12] [--runs 5]

Sets up a throw-away SQLite installation in a temporary ITA_TRACKER_HOME (catalogues, the Tha
Phae seed imported once per agency under different names, the seed's three-step chain), then
prints:

1. Approve request latency: every approval of every agency's 6-month report through the web
   stack (Django test client: middleware, view, service, audit, queueing the issue task in
   the database), as min / median / p95 / max. Target (issue 7): p95 <= 150 ms; approving never
   waits for LibreOffice — the last approval only queues the issuing task.
2. End-to-end issuing of the seed report (snapshot at submission + register number + DOCX + PDF
   through the warm unoserver + signature + SHA-256 + storing), median of --runs, next to a bare
   conversion of the same DOCX by the same converter. Target: <= 1.5x the bare conversion.

Prints numbers only; nothing asserts on them.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def _setup(home: str) -> None:
    os.environ["ITA_TRACKER_HOME"] = home
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ita_tracker.settings")
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    from django.conf import settings

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # quiet


def _agency_copies(count: int) -> list[int]:
    """``count`` more agencies holding the seed, each with the demo's chain; returns the ids of
    their open 6-month rounds."""
    from ita_tracker.agencies.models import Agency, Membership
    from ita_tracker.demo import EXAMPLE, _give_signing_certificate
    from ita_tracker.documents.chains import StepSpec, set_chain, steps_of
    from ita_tracker.planfile.reader import read_plan_file
    from ita_tracker.planfile.schema import RoundState
    from ita_tracker.plans.models import ReportingRound
    from ita_tracker.plans.planfile.importer import import_plan

    demo = Agency.objects.get(slug="thaphae")
    chain = steps_of(demo, "progress_report")
    seed = read_plan_file(EXAMPLE)
    rounds = [ReportingRound.objects.get(plan__agency=demo, kind="six_month").pk]
    for n in range(1, count):
        agency = seed.agency.model_copy(update={"slug": f"bench-{n}", "name": f"เทศบาลทดสอบ {n}"})
        open_rounds = [
            r.model_copy(update={"state": RoundState.OPEN, "memo": None}) for r in seed.rounds
        ]
        plan = import_plan(
            seed.model_copy(update={"agency": agency, "rounds": open_rounds}), acting_user=None
        )
        specs = []
        for step in chain:
            member = Membership.objects.create(
                user=step.holder.user, agency=plan.agency, role=step.holder.role
            )
            member.signatory = step.holder.signatory
            member.save()
            specs.append(StepSpec(step.heading, step.position, member))
        coordinator = Membership.objects.get(agency=demo, user__username="coordinator")
        Membership.objects.create(user=coordinator.user, agency=plan.agency, role=coordinator.role)
        set_chain(agency=plan.agency, kind="progress_report", steps=specs, acting_user=None)
        _give_signing_certificate(plan.agency)  # every issue is signed, as in the demo
        rounds.append(plan.rounds.get(kind="six_month").pk)
    return rounds


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))
    return ordered[index]


def bench_approvals(round_ids: list[int]) -> list[int]:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from ita_tracker.documents.models import Submission
    from ita_tracker.plans.models import ReportingRound

    users = {u.username: u for u in get_user_model().objects.all()}
    coordinator = Client(HTTP_HOST="127.0.0.1")
    coordinator.force_login(users["coordinator"])
    submissions = []
    for round_id in round_ids:
        slug = ReportingRound.objects.get(pk=round_id).plan.agency.slug
        response = coordinator.post(f"/a/{slug}/documents/rounds/{round_id}/submit/", {})
        assert response.status_code == 302, response.status_code
        submissions.append(Submission.objects.get(round_id=round_id))
    clients = {}
    for name in ("head", "approver", "mayor"):
        clients[name] = Client(HTTP_HOST="127.0.0.1")
        clients[name].force_login(users[name])
    timings: list[float] = []
    for name, comment in (("head", "เห็นควรเสนอ"), ("approver", "เห็นชอบ"), ("mayor", "ทราบ")):
        for submission in submissions:
            url = f"/a/{submission.agency.slug}/documents/submissions/{submission.pk}/decide/"
            start = time.perf_counter()
            response = clients[name].post(
                url, {"action": "approve", "comment": comment, "confirm": "yes"}
            )
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 302, response.status_code
    ms = [round(t, 1) for t in timings]
    print(
        f"approve request ({len(ms)} requests, {len(submissions)} reports x 3 steps): "
        f"min {min(ms):.1f} ms, median {statistics.median(ms):.1f} ms, "
        f"p95 {_percentile(ms, 95):.1f} ms, max {max(ms):.1f} ms   (target p95 <= 150 ms)"
    )
    return [s.pk for s in submissions]


def bench_issuing(submission_ids: list[int], runs: int) -> None:
    from ita_tracker.docengine.exporters.pdf import UnoserverConverter
    from ita_tracker.documents import issuing, snapshots
    from ita_tracker.documents.models import IssuedDocument, Submission

    converter = UnoserverConverter()
    converter.start()
    try:
        issuing.issue_submission(submission_ids[0], converter=converter)  # warm-up
        end_to_end, bare, bare_archival, snapshot_ms, signing_ms = [], [], [], [], []
        for submission_id in submission_ids[1 : runs + 1]:
            submission = Submission.objects.get(pk=submission_id)
            start = time.perf_counter()
            snapshots.take_snapshot(submission.plan, submission.round)  # as at submission
            snapshot_ms.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            issued = issuing.issue_submission(submission_id, converter=converter)
            end_to_end.append((time.perf_counter() - start) * 1000 + snapshot_ms[-1])
            assert isinstance(issued, IssuedDocument)
            docx = issued.docx.read()
            start = time.perf_counter()
            converter.convert(docx)
            bare.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            pdf = converter.convert(docx, archival=True)
            bare_archival.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            issuing.sign(pdf, agency=submission.agency, code=issued.code)
            signing_ms.append((time.perf_counter() - start) * 1000)
        e2e, plain = statistics.median(end_to_end), statistics.median(bare)
        print(
            f"issuing the seed report end to end (snapshot {statistics.median(snapshot_ms):.0f}"
            f" ms + number + DOCX + PDF + signature + SHA-256 + store), median of "
            f"{len(end_to_end)}: {e2e:.0f} ms"
        )
        archival = statistics.median(bare_archival)
        print(f"bare unoserver conversion of the same DOCX, median: {plain:.0f} ms")
        print(f"ratio: {e2e / plain:.2f}x   (target <= 1.5x)")
        print(
            f"  of which: PDF/A-2b tagged conversion (as issued) {archival:.0f} ms, "
            f"signature with QR stamp {statistics.median(signing_ms):.0f} ms; "
            f"ratio to the same conversion with the archival options: {e2e / archival:.2f}x"
        )
        signed = IssuedDocument.objects.exclude(signed_by="").count()
        print(f"signed PDFs: {signed} of {IssuedDocument.objects.count()}")
    finally:
        converter.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agencies", type=int, default=12, help="reports to approve")
    parser.add_argument("--runs", type=int, default=5, help="issuing runs to time")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ita-bench-issue-") as home:
        _setup(home)
        round_ids = _agency_copies(max(args.agencies, args.runs + 1))
        submission_ids = bench_approvals(round_ids)
        bench_issuing(submission_ids, args.runs)


if __name__ == "__main__":
    main()
