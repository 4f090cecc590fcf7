"""E-mails of the approval flow, sent after the transaction that caused them has committed.

To the holder of the next step on submit and approve; to the submitter on return and issue.
A recipient without an e-mail address is skipped (the inbox page shows the same work). The
e-mails are Thai and written in the agency's digits, as its screens (ADR 0012).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from ita_tracker.agencies.models import Agency
from ita_tracker.agencies.screen_digits import for_agency
from ita_tracker.documents.models import IssuedDocument, Submission, SubmissionState


def _link(name: str, *args: Any) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, args=args)


def _send(template: str, to: str, context: dict[str, Any], agency: Agency) -> None:
    if not to:
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"documents/email/{template}_subject.txt", context).strip()
        message = render_to_string(f"documents/email/{template}.txt", context)
        send_mail(
            subject=for_agency(subject, agency),
            message=for_agency(message, agency),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[to],
        )


def _submission(submission_id: int) -> Submission:
    return Submission.objects.select_related(
        "agency", "plan__fiscal_year", "round", "submitted_by"
    ).get(pk=submission_id)


def notify_holder(submission_id: int) -> None:
    """Tell the holder of the current step that a document waits for them."""
    submission = _submission(submission_id)
    if submission.state != SubmissionState.IN_APPROVAL or submission.current_step is None:
        return
    step = submission.steps.get(order=submission.current_step)
    holder = step.holder_on(timezone.localdate())
    user = holder.user
    _send(
        "waiting",
        user.email if user.is_active else "",
        {
            "submission": submission,
            "step": step,
            "link": _link("documents:submission", submission.agency.slug, submission.pk),
        },
        submission.agency,
    )


def notify_returned(submission_id: int) -> None:
    submission = _submission(submission_id)
    user = submission.submitted_by
    _send(
        "returned",
        user.email if user is not None and user.is_active else "",
        {
            "submission": submission,
            "step": submission.steps.filter(decision="returned").first(),
            "link": _link("documents:submission", submission.agency.slug, submission.pk),
        },
        submission.agency,
    )


def notify_issued(issued_id: int) -> None:
    issued = IssuedDocument.objects.select_related("agency", "submission__submitted_by").get(
        pk=issued_id
    )
    user = issued.submission.submitted_by
    _send(
        "issued",
        user.email if user is not None and user.is_active else "",
        {
            "issued": issued,
            "link": _link("documents:submission", issued.agency.slug, issued.submission_id),
        },
        issued.agency,
    )
