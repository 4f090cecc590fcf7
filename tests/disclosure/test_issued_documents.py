"""The real flow: the chain approves, the worker issues, issuing queues the publication; the
public page then lists the issued memo with its number, date, version, SHA-256 and the link to
the verification page, and a new version keeps the address and lists the older one."""

from __future__ import annotations

import hashlib

import pytest
from django_tasks_db.models import DBTaskResult

from ita_tracker.disclosure import publishing
from ita_tracker.documents import approvals, issuing
from ita_tracker.plans.services.plans import change_plan_state
from tests.disclosure.helpers import body, text

pytestmark = pytest.mark.soffice


def _issue(submit, chain, converter, capture):
    with capture(execute=True):
        submission = submit()
    for user in chain:
        with capture(execute=True):
            submission = approvals.approve_step(submission, acting_user=user, comment="เห็นชอบ")
    with capture(execute=True):
        return issuing.issue_submission(submission.pk, converter=converter)


def test_it_publishes_the_issued_report_with_its_hash_and_verification_link(
    client,
    released_a,
    coordinator,
    chain_a,
    open_round,
    converter,
    django_capture_on_commit_callbacks,
):
    issued = _issue(
        lambda: approvals.submit_round_report(open_round, acting_user=coordinator),
        chain_a,
        converter,
        django_capture_on_commit_callbacks,
    )
    queued = DBTaskResult.objects.filter(task_path__endswith="disclosure.tasks.publish_year")
    assert [q.args_kwargs["args"] for q in queued] == [[released_a.agency_id, 2566]]
    publishing.publish_year(released_a.agency_id, 2566)  # what the worker runs
    page = text(client.get("/thaphae/ita/2566/"))
    assert issued.doc_number in page
    assert issued.pdf_sha256 in page
    assert issued.docx_sha256 in page
    assert f'href="/verify/{issued.code}/"' in page
    assert "รอบ ๑๒ เดือน" in page  # the round issued is now public
    pdf = client.get("/thaphae/ita/2566/documents/round-2.pdf")
    assert hashlib.sha256(body(pdf)).hexdigest() == issued.pdf_sha256
    docx = client.get(f"/thaphae/ita/2566/documents/{issued.code}.docx")
    assert hashlib.sha256(body(docx)).hexdigest() == issued.docx_sha256
    assert client.get(f"/verify/{issued.code}/").status_code == 200


def test_it_keeps_the_address_of_a_corrected_document_and_lists_the_older_version(
    client, released_a, coordinator, chain_a, converter, django_capture_on_commit_callbacks
):
    plan = released_a
    submit = lambda: approvals.submit_plan(plan, acting_user=coordinator)  # noqa: E731
    change_plan_state(plan, action="return", acting_user=coordinator)
    first = _issue(submit, chain_a, converter, django_capture_on_commit_callbacks)
    publishing.publish_year(plan.agency_id, 2566)
    stable = "/thaphae/ita/2566/documents/plan.pdf"
    assert hashlib.sha256(body(client.get(stable))).hexdigest() == first.pdf_sha256
    plan.refresh_from_db()
    change_plan_state(plan, action="return", acting_user=coordinator)
    second = _issue(submit, chain_a, converter, django_capture_on_commit_callbacks)
    assert second.version == 2
    publishing.publish_year(plan.agency_id, 2566)
    assert hashlib.sha256(body(client.get(stable))).hexdigest() == second.pdf_sha256
    older = client.get(f"/thaphae/ita/2566/documents/{first.code}.pdf")
    assert hashlib.sha256(body(older)).hexdigest() == first.pdf_sha256
    page = text(client.get("/thaphae/ita/2566/"))
    assert "ฉบับก่อนหน้า" in page
    assert first.pdf_sha256 in page
    assert second.pdf_sha256 in page
