"""Background tasks (Django's tasks API through the django-tasks backport; the database backend
from django-tasks-db, so no broker is needed). Tasks take ids, never objects."""

from __future__ import annotations

from django_tasks import task

from ita_tracker.documents import issuing


@task()
def issue_document(submission_id: int) -> int | None:
    """Issue an approved submission: number, render, sign, store (``documents.issuing``)."""
    issued = issuing.issue_submission(submission_id)
    return issued.pk if issued is not None else None


def enqueue_issue(submission_id: int) -> None:
    issue_document.enqueue(submission_id)


def requeue_pending_issues() -> int:
    """Queue again every approved submission that is not issued (a worker killed mid-issue
    leaves its task marked running for ever); issuing twice is harmless. Returns the count."""
    pending = issuing.pending_issues()
    for submission_id in pending:
        enqueue_issue(submission_id)
    return len(pending)
