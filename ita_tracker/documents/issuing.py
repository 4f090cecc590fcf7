"""Issuing: an approved submission becomes a numbered, rendered, signed, stored document.

Runs in the background worker (``documents.tasks``), never in a request. Three steps, so that a
worker killed at any moment (``kill -9``) leaves neither a half-issued document nor a gap or a
duplicate in the register (ADR 0006):

1. :func:`reserve_number` — one short transaction: the register number (or the typed one), the
   document's date and its public code are written onto the submission. A retry finds them
   there and uses them again.
2. Render the DOCX and PDF from the snapshot with the decisions filled in, and sign the PDF:
   no database writes.
3. :func:`_store` — one transaction: the files, the :class:`IssuedDocument` row, the memo's
   number/date/approvals, the submission marked issued, the audit row. Until it commits, the
   document does not exist; files written by an attempt that died before are never referenced.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ita_tracker.agencies.access import authorize
from ita_tracker.agencies.models import Signatory
from ita_tracker.audit.services import hold_chain, record
from ita_tracker.docengine import signing
from ita_tracker.docengine.exporters.pdf import Converter, docx_to_pdf, shared_converter
from ita_tracker.docengine.render import render_analysis_report, render_document
from ita_tracker.documents import notifications, snapshots
from ita_tracker.documents.models import (
    Decision,
    DocumentKind,
    IssuedDocument,
    RegisterCounter,
    Submission,
    SubmissionState,
)
from ita_tracker.frameworks.models import Indicator
from ita_tracker.lib.thai_digits import to_arabic_digits, to_thai_digits
from ita_tracker.planfile import schema
from ita_tracker.plans.models import ApprovalStep, Memo

logger = logging.getLogger(__name__)

# Unambiguous letters and digits for the public document code (no 0/O, 1/I/L).
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_code() -> str:
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(10))


def verification_url(code: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("verify_code", args=[code])


def be_calendar_year(day: dt.date) -> int:
    return day.year + 543


@transaction.atomic
def reserve_number(submission_id: int) -> Submission:
    """Give the approved submission its register number, date and code, once.

    The register row of the agency and calendar year is locked while the number is taken, so
    two documents issued at the same moment never get the same number. Side effect: a
    ``register.number_given`` audit row.
    """
    hold_chain(Submission.objects.values_list("agency_id", flat=True).get(pk=submission_id))
    submission = (
        Submission.objects.select_for_update().select_related("agency").get(pk=submission_id)
    )
    if submission.state != SubmissionState.APPROVED or submission.document_date is not None:
        return submission
    today = timezone.localdate()
    year = be_calendar_year(today)
    submission.document_date = today
    submission.register_year = year
    submission.issue_code = new_code()
    if not submission.typed_number:
        RegisterCounter.objects.get_or_create(agency=submission.agency, year=year)
        counter = RegisterCounter.objects.select_for_update().get(
            agency=submission.agency, year=year
        )
        counter.last_number += 1
        counter.save(update_fields=["last_number"])
        submission.register_number = counter.last_number
    submission.save(
        update_fields=["document_date", "register_year", "issue_code", "register_number"]
    )
    record(
        acting_user=None,
        action="register.number_given",
        obj=submission,
        agency=submission.agency,
        after={
            "year": year,
            "number": number_of(submission),
            "typed": bool(submission.typed_number),
        },
    )
    return submission


@transaction.atomic
def continue_register(*, agency: Any, year: int, last_number: int, acting_user: Any) -> None:
    """Start this system's register after the numbers the agency already used this calendar
    year (by hand or in another system): the next document gets ``last_number + 1``. Only
    forward, so no number is ever given twice. Side effect: a ``register.continued`` row."""
    authorize(acting_user, agency, "manage_agency")
    from ita_tracker.lib.errors import Refused

    RegisterCounter.objects.get_or_create(agency=agency, year=year)
    counter = RegisterCounter.objects.select_for_update().get(agency=agency, year=year)
    if last_number < counter.last_number:
        raise Refused(
            _("The register is already at %(n)s this year; it can only move forward.")
            % {"n": counter.last_number}
        )
    before = counter.last_number
    counter.last_number = last_number
    counter.save(update_fields=["last_number"])
    record(
        acting_user=acting_user,
        action="register.continued",
        obj=counter,
        agency=agency,
        before={"last_number": before},
        after={"last_number": last_number, "year": year},
    )


def number_of(submission: Submission) -> str:
    """The number after the agency prefix, Arabic digits."""
    if submission.typed_number:
        return submission.typed_number
    return str(submission.register_number or "")


def final_plan_file(submission: Submission) -> tuple[schema.PlanFile, int | None]:
    """The snapshot's plan file with the memo completed: number, date and one approver's block
    per step of the chain: the decision given (name, position, comment, date) or, for a step
    still waiting, the block its holder will sign. Returns it with the round index to render
    (None for the plan and for an analysis report, whose memo is ``result_analysis.memo``)."""
    from ita_tracker.documents.approvals import block_to_sign

    planfile = snapshots.plan_file_of(submission.snapshot)
    index = submission.snapshot.get("round_index")
    today = timezone.localdate()
    steps = submission.steps.exclude(decision=Decision.RETURNED).select_related(
        "holder__signatory", "holder__user", "acting_holder__signatory", "acting_holder__user"
    )
    approvals = [
        schema.Approval(
            heading=step.heading,
            name=step.signed_name or "-",
            position=step.signed_position or step.position,
            acting=step.signed_acting,
            comment=step.comment,
            signed_on=timezone.localtime(step.decided_at).date() if step.decided_at else None,
        )
        if step.decision == Decision.APPROVED
        else block_to_sign(step, today)
        for step in steps.order_by("order")
    ]
    memo = snapshots.memo_in(planfile, submission.kind, index)
    memo = (memo or schema.Memo()).model_copy(
        update={
            "number": number_of(submission),
            "date": submission.document_date,
            "approvals": approvals,
        }
    )
    return snapshots.with_memo(planfile, submission.kind, index, memo), index


@dataclass(frozen=True)
class Rendered:
    docx: bytes
    pdf: bytes
    signed_by: str


def template_of(agency: Any, kind: str) -> bytes | None:
    from ita_tracker.documents.services import active_template

    return active_template(agency, kind)


def emblem_of(agency: Any) -> bytes | None:
    if not agency.emblem:
        return None
    with agency.emblem.open("rb") as fh:
        return bytes(fh.read())


def sign(pdf: bytes, *, agency: Any, code: str) -> tuple[bytes, str]:
    """The PDF signed with the agency's certificate (stamp with a QR code of the verification
    URL on the last page), and whose certificate signed it; unsigned ("") when the agency has
    none. A PKCS#11 token that cannot be used raises TokenError (docs/signing.md)."""
    from ita_tracker.documents.signing_service import sign_for_agency

    stamp = signing.Stamp(
        verification_url=verification_url(code),
        agency_name=agency.name,
        document_code=code,
        thai_digits=agency.thai_digits,
    )
    result = sign_for_agency(agency, pdf, stamp=stamp)
    return result.data, result.signed_by


def indicator_names(year: int) -> dict[int, str]:
    return dict(
        Indicator.objects.filter(fiscal_year__be_year=year).values_list("number", "name_th")
    )


def render_docx(submission: Submission, planfile: schema.PlanFile, index: int | None) -> bytes:
    """The DOCX of the submission's kind from ``planfile`` (its agency's template, emblem and
    the indicator names of the year the document is about). No database writes."""
    agency = submission.agency
    template = template_of(agency, submission.kind)
    if submission.kind == DocumentKind.ANALYSIS_REPORT:
        assert planfile.result_analysis is not None
        return render_analysis_report(
            planfile,
            fmt="docx",
            template=template,
            emblem=emblem_of(agency),
            indicator_names=indicator_names(planfile.result_analysis.fiscal_year),
        )
    return render_document(
        planfile,
        round_index=index,
        fmt="docx",
        template=template,
        emblem=emblem_of(agency),
        indicator_names=indicator_names(planfile.fiscal_year),
    )


def render(submission: Submission, converter: Converter | None = None) -> Rendered:
    """DOCX and signed PDF of the submission as it will be issued (no database writes)."""
    planfile, index = final_plan_file(submission)
    docx = render_docx(submission, planfile, index)
    # Issued documents are archival: PDF/A-2b, tagged for screen readers.
    pdf = docx_to_pdf(docx, converter or shared_converter(), archival=True)
    signed, signed_by = sign(pdf, agency=submission.agency, code=submission.issue_code)
    return Rendered(docx=docx, pdf=signed, signed_by=signed_by)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _record_on_memo(submission: Submission, planfile: schema.PlanFile, index: int | None) -> None:
    """The round's (or plan's) memo says what the issued document says: number, date, and the
    approvers' blocks, so an exported plan file matches the issued memo."""
    memo_data = snapshots.memo_in(planfile, submission.kind, index)
    assert memo_data is not None
    memo, _created = Memo.objects.get_or_create(plan=submission.plan, round=submission.round)
    memo.number = (
        to_thai_digits(memo_data.number) if planfile.agency.thai_digits else (memo_data.number)
    )
    memo.date = memo_data.date
    memo.save(update_fields=["number", "date", "updated_at"])
    memo.steps.all().delete()
    for order, approval in enumerate(memo_data.approvals, start=1):
        signatory, _ = Signatory.objects.get_or_create(
            agency=submission.agency, name=approval.name, position=approval.position
        )
        ApprovalStep.objects.create(
            memo=memo,
            order=order,
            heading=approval.heading,
            signatory=signatory,
            acting=approval.acting,
            comment=approval.comment,
            signed_on=approval.signed_on,
        )


@transaction.atomic
def _store(submission_id: int, rendered: Rendered) -> IssuedDocument | None:
    hold_chain(Submission.objects.values_list("agency_id", flat=True).get(pk=submission_id))
    submission = (
        Submission.objects.select_for_update(of=("self",))
        .select_related("agency", "plan__fiscal_year", "round")
        .get(pk=submission_id)
    )
    if submission.state != SubmissionState.APPROVED:
        return None  # issued meanwhile by another worker: nothing to do
    planfile, index = final_plan_file(submission)
    previous = (
        IssuedDocument.objects.filter(
            plan=submission.plan, round=submission.round, kind=submission.kind
        )
        .order_by("-version")
        .first()
    )
    agency = submission.agency
    number = number_of(submission)
    shown = to_thai_digits(number) if agency.thai_digits else number
    doc_number = f"{agency.doc_prefix}/{shown}" if agency.doc_prefix else shown
    memo = snapshots.memo_in(planfile, submission.kind, index)
    issued = IssuedDocument(
        agency=agency,
        kind=submission.kind,
        plan=submission.plan,
        round=submission.round,
        submission=submission,
        version=(previous.version + 1) if previous else 1,
        supersedes=previous,
        code=submission.issue_code,
        title=(memo.subject if memo and memo.subject else submission.title)[:500],
        number=to_arabic_digits(number),
        register_year=submission.register_year or be_calendar_year(timezone.localdate()),
        doc_number=doc_number,
        document_date=submission.document_date or timezone.localdate(),
        snapshot=planfile.model_dump(mode="json", by_alias=True),
        snapshot_sha256=_sha256(planfile.model_dump_json(by_alias=True).encode()),
        docx_sha256=_sha256(rendered.docx),
        pdf_sha256=_sha256(rendered.pdf),
        signed_by=rendered.signed_by,
    )
    stem = f"{submission.issue_code}-v{issued.version}"
    issued.docx.save(f"{stem}.docx", ContentFile(rendered.docx), save=False)
    issued.pdf.save(f"{stem}.pdf", ContentFile(rendered.pdf), save=False)
    issued.save()
    if submission.kind != DocumentKind.ANALYSIS_REPORT:
        # The analysis report has no memo row of its own: the issued document is its record.
        _record_on_memo(submission, planfile, index)
    submission.mark_issued()
    submission.issue_error = ""
    submission.save(update_fields=["state", "issue_error"])
    record(
        acting_user=None,
        action="document.issued",
        obj=issued,
        agency=agency,
        after={
            "submission": submission.pk,
            "kind": issued.kind,
            "version": issued.version,
            "doc_number": issued.doc_number,
            "pdf_sha256": issued.pdf_sha256,
            "docx_sha256": issued.docx_sha256,
            "supersedes": previous.pk if previous else None,
            "signed_by": issued.signed_by,
        },
    )
    transaction.on_commit(partial(notifications.notify_issued, issued.pk))
    # The public site (issue 8): the issued document and its snapshot are released now.
    from ita_tracker.disclosure.tasks import enqueue_publication

    year = submission.plan.fiscal_year.be_year
    transaction.on_commit(partial(enqueue_publication, agency.pk, year))
    return issued


def issue_submission(
    submission_id: int, converter: Converter | None = None
) -> IssuedDocument | None:
    """Issue an approved submission (idempotent: an issued one is left alone).

    A rendering or signing failure is recorded on the submission (``issue_error``) and raised,
    so the task shows as failed and the document stays approved-but-not-issued, to be retried.
    """
    submission = reserve_number(submission_id)
    if submission.state != SubmissionState.APPROVED:
        return IssuedDocument.objects.filter(submission_id=submission_id).first()
    try:
        rendered = render(submission, converter)
    except Exception as exc:
        Submission.objects.filter(pk=submission_id).update(issue_error=str(exc)[:2000])
        logger.exception("issuing submission %s failed", submission_id)
        raise
    return _store(submission_id, rendered)


def pending_issues() -> list[int]:
    """Approved submissions not issued yet: what a starting worker picks up again (a worker
    that died mid-issue leaves its submission here)."""
    return list(
        Submission.objects.filter(state=SubmissionState.APPROVED)
        .order_by("closed_at", "pk")
        .values_list("pk", flat=True)
    )
