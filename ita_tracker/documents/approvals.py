"""The approval flow: submit a round's report, a plan or an analysis report, decide step by
step, return, withdraw.

Every function here is one state change: atomic, with its audit row in the same transaction,
and its e-mails and the issuing task sent only once the transaction has committed (ADR 0006).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ita_tracker.agencies.access import authorize
from ita_tracker.agencies.models import Agency, Membership, Numbering
from ita_tracker.agencies.people import person_of
from ita_tracker.audit.services import record
from ita_tracker.documents import chains, notifications, snapshots
from ita_tracker.documents.models import (
    Decision,
    DocumentKind,
    IssuedDocument,
    Submission,
    SubmissionState,
    SubmissionStep,
)
from ita_tracker.frameworks.models import FiscalYear
from ita_tracker.lib.errors import Refused
from ita_tracker.lib.states import InvalidTransition
from ita_tracker.lib.thai_digits import to_arabic_digits
from ita_tracker.planfile import schema
from ita_tracker.plans.models import MeasurePlan, Memo, PlanState, ReportingRound, RoundState

# One-click wordings an approver can start a comment with.
COMMON_WORDINGS = ("ทราบ", "เห็นชอบ", "เห็นควรเสนอ", "อนุมัติ", "ทราบ และดำเนินการต่อไป")


def membership_of(user: Any, agency: Agency) -> Membership | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Membership.objects.filter(user=user, agency=agency).select_related("signatory").first()


def signer_of(membership: Membership | None, user: Any = None) -> tuple[str, str]:
    """``(name, position)`` as printed on a memo: the member's signatory (name with title),
    else the account's full name, else its user name."""
    if membership is not None and membership.signatory is not None:
        return membership.signatory.name, membership.signatory.position
    account = membership.user if membership is not None else user
    if account is None:
        return "", ""
    return account.get_full_name() or account.get_username(), ""


def block_to_sign(step: Any, day: dt.date) -> schema.Approval:
    """The approval block of a step nobody has decided yet, as printed on a draft: the heading,
    the name and position of who holds the step on ``day`` (the acting official inside the
    acting range, with the acting line), no comment, no date."""
    name, position = signer_of(step.holder_on(day))
    return schema.Approval(
        heading=step.heading,
        name=name or "-",
        position=position or step.position,
        acting=step.acting_line(day),
    )


def person_label(membership: Membership | None, user: Any = None) -> str:
    """Who submitted, as recorded on the submission (in the documents' language)."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(person_of(membership, user))


# --- before submitting ---------------------------------------------------------------------


@dataclass
class Readiness:
    """What the coordinator is told before submitting: counts, warnings, and what blocks."""

    kind: str
    measures: int = 0
    without_update: int = 0
    rows: int = 0  # an analysis report: rows of its table
    without_comment: int = 0  # ... of which the coordinator wrote nothing
    warnings: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def can_submit(self) -> bool:
        return not self.problems


def readiness(
    plan: MeasurePlan, round_: ReportingRound | None = None, *, typed_number: str = ""
) -> Readiness:
    kind = DocumentKind.MEASURES_PLAN if round_ is None else DocumentKind.PROGRESS_REPORT
    result = Readiness(kind=kind, measures=plan.measures.count())
    if not chains.steps_of(plan.agency, kind):
        result.problems.append(
            str(_("No approval chain is set for this document. Set it up first."))
        )
    if result.measures == 0:
        result.problems.append(str(_("The plan has no measures.")))
    if round_ is not None:
        if round_.state != RoundState.OPEN:
            result.problems.append(str(_("This round's report has already been submitted.")))
        if plan.state != PlanState.APPROVED:
            result.warnings.append(str(_("The plan itself is not approved yet.")))
        result.without_update = round_.entries.filter(updated_at__isnull=True).count()
        if result.without_update:
            result.warnings.append(
                str(
                    ngettext(
                        "%(n)s of %(total)s measures has no update in this round.",
                        "%(n)s of %(total)s measures have no update in this round.",
                        result.without_update,
                    )
                    % {"n": result.without_update, "total": result.measures}
                )
            )
    elif plan.state != PlanState.DRAFT:
        result.problems.append(str(_("Only a draft plan can be submitted.")))
    if plan.agency.numbering == Numbering.TYPED and not typed_number.strip():
        result.warnings.append(
            str(_("Your agency numbers its documents itself: type the number below."))
        )
    return result


def _normalised_number(typed: str) -> str:
    return " ".join(to_arabic_digits(typed).split())


def _check_typed_number(agency: Agency, typed: str, year: int) -> str:
    number = _normalised_number(typed)
    if not number:
        raise Refused(_("Type the document number from your agency's register."))
    if len(number) > 40:
        raise Refused(_("The document number is too long."))
    taken = IssuedDocument.objects.filter(agency=agency, register_year=year, number=number)
    pending = Submission.objects.filter(
        agency=agency,
        state__in=[SubmissionState.IN_APPROVAL, SubmissionState.APPROVED],
        typed_number=number,
    )
    if taken.exists() or pending.exists():
        raise Refused(_("Number %(number)s has already been used this year.") % {"number": number})
    return number


# --- submitting ----------------------------------------------------------------------------


def _next_version(plan: MeasurePlan, round_: ReportingRound | None, kind: str) -> int:
    current = Submission.objects.filter(plan=plan, round=round_, kind=kind).aggregate(
        v=Max("version")
    )["v"]
    return (current or 0) + 1


def _memo_for(plan: MeasurePlan, round_: ReportingRound | None) -> Memo:
    memo, _created = Memo.objects.get_or_create(plan=plan, round=round_)
    return memo


def _set_drafter(memo: Memo, membership: Membership | None) -> None:
    """The preparer printed under the memo: the submitting coordinator's signatory, unless the
    memo already names one."""
    if memo.drafter_id is None and membership is not None and membership.signatory_id:
        memo.drafter_id = membership.signatory_id
        memo.save(update_fields=["drafter", "updated_at"])


def _freeze_steps(submission: Submission) -> list[SubmissionStep]:
    steps = chains.steps_of(submission.agency, submission.kind)
    return SubmissionStep.objects.bulk_create(
        SubmissionStep(
            submission=submission,
            order=s.order,
            heading=s.heading,
            position=s.position,
            holder=s.holder,
            acting_holder=s.acting_holder,
            acting_kind=s.acting_kind,
            acting_from=s.acting_from,
            acting_to=s.acting_to,
        )
        for s in steps
    )


def _submit(
    *,
    plan: MeasurePlan,
    round_: ReportingRound | None,
    acting_user: Any,
    note: str,
    typed_number: str,
) -> Submission:
    kind = DocumentKind.MEASURES_PLAN if round_ is None else DocumentKind.PROGRESS_REPORT
    check = readiness(plan, round_, typed_number=typed_number)
    if not check.can_submit:
        raise Refused(check.problems[0])
    agency = plan.agency
    number = ""
    if agency.numbering == Numbering.TYPED:
        number = _check_typed_number(agency, typed_number, timezone.localdate().year + 543)
    try:
        if round_ is None:
            plan.submit()
            plan.save(update_fields=["state", "updated_at"])
        else:
            round_.submit()
            round_.save(update_fields=["state", "submitted_at"])
    except InvalidTransition:
        raise Refused(_("This document cannot be submitted in its current state.")) from None
    membership = membership_of(acting_user, agency)
    _set_drafter(_memo_for(plan, round_), membership)
    return _send_up(
        agency=agency,
        kind=kind,
        plan=plan,
        round_=round_,
        snapshot=snapshots.take_snapshot(plan, round_),
        membership=membership,
        acting_user=acting_user,
        note=note,
        number=number,
        audit={
            "round": round_.pk if round_ else None,
            "measures": check.measures,
            "without_update": check.without_update,
        },
    )


def _send_up(
    *,
    agency: Agency,
    kind: str,
    plan: MeasurePlan,
    round_: ReportingRound | None,
    snapshot: dict[str, Any],
    membership: Membership | None,
    acting_user: Any,
    note: str,
    number: str,
    audit: dict[str, Any],
) -> Submission:
    """A new version of the document, frozen as ``snapshot``, at the first step of its chain.

    Side effects: ``document.submitted`` (its kind, version and snapshot digest, and ``audit``);
    the first holder is e-mailed after commit.
    """
    submission = Submission.objects.create(
        agency=agency,
        kind=kind,
        title=snapshots.subject_of(snapshot),
        plan=plan,
        round=round_,
        version=_next_version(plan, round_, kind),
        snapshot=snapshot,
        snapshot_sha256=snapshots.digest(snapshot),
        current_step=1,
        submitted_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
        submitted_by_label=person_label(membership, acting_user) or "system",
        note=note.strip(),
        typed_number=number,
    )
    _freeze_steps(submission)
    record(
        acting_user=acting_user,
        action="document.submitted",
        obj=submission,
        agency=agency,
        after={
            "kind": kind,
            "version": submission.version,
            "snapshot_sha256": submission.snapshot_sha256,
            **audit,
        },
    )
    transaction.on_commit(partial(notifications.notify_holder, submission.pk))
    return submission


@transaction.atomic
def submit_round_report(
    round_: ReportingRound, *, acting_user: Any, note: str = "", typed_number: str = ""
) -> Submission:
    """Lock the round and send its report up the chain, frozen as it is now.

    Side effects: the round becomes submitted (``round.submitted`` is not written: the
    submission's ``document.submitted`` row says it), the memo gets the submitter as preparer
    when it names none, and the first holder is e-mailed after commit.
    """
    authorize(acting_user, round_.plan.agency, "run_rounds")
    round_ = (
        ReportingRound.objects.select_for_update().select_related("plan__agency").get(pk=round_.pk)
    )
    return _submit(
        plan=round_.plan,
        round_=round_,
        acting_user=acting_user,
        note=note,
        typed_number=typed_number,
    )


@transaction.atomic
def submit_plan(
    plan: MeasurePlan, *, acting_user: Any, note: str = "", typed_number: str = ""
) -> Submission:
    """Send the draft plan (the measures with their cover memo, O42) up the chain, frozen.
    Side effects as :func:`submit_round_report`."""
    authorize(acting_user, plan.agency, "edit_plan")
    plan = MeasurePlan.objects.select_for_update().select_related("agency").get(pk=plan.pk)
    return _submit(
        plan=plan, round_=None, acting_user=acting_user, note=note, typed_number=typed_number
    )


# --- the analysis report -------------------------------------------------------------------


def analysis_plan(agency: Agency, year: int) -> MeasurePlan | None:
    """The plan the analysis of the result of ``year`` belongs to: the plan of ``year + 1``,
    whose measures it leads to (ADR 0014)."""
    return (
        MeasurePlan.objects.filter(agency=agency, fiscal_year__be_year=year + 1)
        .select_related("agency", "fiscal_year")
        .first()
    )


def pending_analysis(agency: Agency, year: int) -> Submission | None:
    """The version of the analysis of ``year`` in approval or approved (being issued)."""
    return (
        Submission.objects.filter(
            agency=agency,
            kind=DocumentKind.ANALYSIS_REPORT,
            plan__fiscal_year__be_year=year + 1,
            state__in=[SubmissionState.IN_APPROVAL, SubmissionState.APPROVED],
        )
        .order_by("-version")
        .first()
    )


def analysis_readiness(agency: Agency, year: int, *, typed_number: str = "") -> Readiness:
    """What the coordinator is told before submitting the analysis of the result of ``year``:
    the rows of the table, how many have no comment written (the report prints wording made
    from the scores and the library there), and what blocks."""
    from ita_tracker.results.analysis import analyse
    from ita_tracker.results.report import row_keys

    kind = DocumentKind.ANALYSIS_REPORT
    result = Readiness(kind=kind)
    if not chains.steps_of(agency, kind):
        result.problems.append(
            str(_("No approval chain is set for this document. Set it up first."))
        )
    analysis = analyse(agency, year)
    if analysis is None:
        result.problems.append(str(_("There is no result of this year to analyse.")))
        return result
    stored = getattr(analysis.result, "analysis", None)
    grouping = stored.grouping if stored else "indicator"
    given = stored.comments if stored else {}
    keys = [key for key, _label in row_keys(analysis, grouping)]
    result.rows = len(keys)
    result.without_comment = sum(
        1 for key in keys if not any(v.strip() for v in given.get(key, {}).values())
    )
    if result.rows == 0:
        result.problems.append(str(_("The result has no scores to analyse.")))
    if result.without_comment:
        result.warnings.append(
            str(
                ngettext(
                    "%(n)s of %(total)s rows has no comment of yours: the report prints the "
                    "wording made from the scores and the suggested measures there.",
                    "%(n)s of %(total)s rows have no comment of yours: the report prints the "
                    "wording made from the scores and the suggested measures there.",
                    result.without_comment,
                )
                % {"n": result.without_comment, "total": result.rows}
            )
        )
    if pending_analysis(agency, year) is not None:
        result.problems.append(str(_("This analysis is already in approval.")))
    if (
        analysis_plan(agency, year) is None
        and not FiscalYear.objects.filter(be_year=year + 1).exists()
    ):
        result.problems.append(
            str(_("There is no ITA catalogue for fiscal year %(year)s.") % {"year": year + 1})
        )
    if agency.numbering == Numbering.TYPED and not typed_number.strip():
        result.warnings.append(
            str(_("Your agency numbers its documents itself: type the number below."))
        )
    return result


def _analysis_memo(
    agency: Agency, membership: Membership | None, texts: dict[str, str]
) -> schema.Memo:
    """The analysis report's memo as submitted: the texts typed on the confirmation page (empty:
    the derived wording) and the preparer (the submitting coordinator's signatory, else the
    agency's coordinator)."""
    from ita_tracker.documents.services import draft_preparer

    drafter = None
    if membership is not None and membership.signatory is not None:
        drafter = schema.Person(
            name=membership.signatory.name, position=membership.signatory.position
        )
    return schema.Memo(
        subject=texts.get("subject", "").strip(),
        to=texts.get("salutation", "").strip(),
        facts=texts.get("facts", "").strip(),
        considerations=texts.get("considerations", "").strip(),
        drafter=drafter or draft_preparer(agency),
    )


@transaction.atomic
def submit_analysis(
    agency: Agency,
    year: int,
    *,
    acting_user: Any,
    note: str = "",
    typed_number: str = "",
    memo: dict[str, str] | None = None,
) -> Submission:
    """Send the analysis of the result of ``year`` (the analysis report, O42 part 1) up its
    chain, frozen as it is now: the result and its history, the comments per indicator or per
    tool and the grouping chosen, the memo's texts. Later edits of the comments never change
    this version; they go into the next one.

    The submission belongs to the plan of ``year + 1`` (made as an empty draft when the agency
    has none yet; ADR 0014). Side effects: ``document.submitted`` (and ``plan.created``); the
    first holder is e-mailed after commit.
    """
    from ita_tracker.plans.services.plans import create_plan
    from ita_tracker.results.analysis import analyse
    from ita_tracker.results.report import report_plan_file

    authorize(acting_user, agency, "edit_plan")
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    check = analysis_readiness(agency, year, typed_number=typed_number)
    if not check.can_submit:
        raise Refused(check.problems[0])
    number = ""
    if agency.numbering == Numbering.TYPED:
        number = _check_typed_number(agency, typed_number, timezone.localdate().year + 543)
    plan = analysis_plan(agency, year)
    if plan is None:
        plan = create_plan(
            agency=agency,
            fiscal_year=FiscalYear.objects.get(be_year=year + 1),
            acting_user=acting_user,
        )
    analysis = analyse(agency, year)
    assert analysis is not None
    membership = membership_of(acting_user, agency)
    planfile = report_plan_file(agency, analysis)
    assert planfile.result_analysis is not None
    analysed = planfile.result_analysis.model_copy(
        update={"memo": _analysis_memo(agency, membership, memo or {})}
    )
    planfile = planfile.model_copy(update={"result_analysis": analysed})
    return _send_up(
        agency=agency,
        kind=DocumentKind.ANALYSIS_REPORT,
        plan=plan,
        round_=None,
        snapshot=snapshots.take_analysis_snapshot(planfile),
        membership=membership,
        acting_user=acting_user,
        note=note,
        number=number,
        audit={
            "result_year": year,
            "plan_year": year + 1,
            "grouping": analysed.grouping,
            "rows": check.rows,
            "without_comment": check.without_comment,
        },
    )


# --- deciding ------------------------------------------------------------------------------


def current_step(submission: Submission) -> SubmissionStep | None:
    if submission.state != SubmissionState.IN_APPROVAL or submission.current_step is None:
        return None
    return (
        submission.steps.select_related("holder__user", "acting_holder__user")
        .filter(order=submission.current_step)
        .first()
    )


def may_decide(submission: Submission, user: Any, day: dt.date | None = None) -> bool:
    """Whether ``user`` holds the current step today (the acting official inside the range)."""
    step = current_step(submission)
    if step is None or not getattr(user, "is_authenticated", False):
        return False
    holder = step.holder_on(day or timezone.localdate())
    return holder is not None and holder.user_id == user.pk


def _locked(submission: Submission) -> Submission:
    # The snapshot (tens of KB of JSON) is not needed to decide: not read, not parsed.
    return (
        Submission.objects.select_for_update()
        .select_related("agency")
        .defer("snapshot")
        .get(pk=submission.pk)
    )


def _decide(step: SubmissionStep, *, decision: str, comment: str, acting_user: Any) -> None:
    today = timezone.localdate()
    holder = step.holder_on(today)
    name, position = signer_of(holder)
    step.decision = decision
    step.comment = comment.strip()
    step.decided_by = acting_user
    step.decided_at = timezone.now()
    step.signed_name = name
    step.signed_position = position or step.position
    step.signed_acting = step.acting_line(today)
    step.save()


def _refuse_unless_holder(submission: Submission, acting_user: Any) -> SubmissionStep:
    step = current_step(submission)
    if step is None:
        raise Refused(_("This document is not waiting for a decision."))
    if not may_decide(submission, acting_user):
        raise Refused(_("Only the holder of the current step can decide now."))
    return step


@transaction.atomic
def approve_step(submission: Submission, *, acting_user: Any, comment: str) -> Submission:
    """The current holder approves with ``comment`` (printed in their block on the memo).

    The next step's holder is e-mailed; after the last step the document is approved (the
    round or plan becomes approved) and issuing is queued for the background worker, so this
    returns at once. Side effects: ``document.step_approved`` (and ``document.approved``).
    """
    authorize(acting_user, submission.agency, "decide")
    submission = _locked(submission)
    step = _refuse_unless_holder(submission, acting_user)
    if not comment.strip():
        raise Refused(_("Write a comment (or pick a common wording) before approving."))
    _decide(step, decision=Decision.APPROVED, comment=comment, acting_user=acting_user)
    record(
        acting_user=acting_user,
        action="document.step_approved",
        obj=submission,
        agency=submission.agency,
        after={"step": step.order, "heading": step.heading, "comment": step.comment},
    )
    last = not submission.steps.filter(order__gt=step.order).exists()
    if not last:
        submission.current_step = step.order + 1
        submission.save(update_fields=["current_step"])
        transaction.on_commit(partial(notifications.notify_holder, submission.pk))
        return submission
    submission.approve()
    submission.current_step = None
    submission.closed_at = timezone.now()
    submission.save(update_fields=["state", "current_step", "closed_at"])
    _approve_subject(submission)
    record(
        acting_user=acting_user,
        action="document.approved",
        obj=submission,
        agency=submission.agency,
        after={"state": submission.state, "version": submission.version},
    )
    from ita_tracker.documents.tasks import enqueue_issue

    transaction.on_commit(partial(enqueue_issue, submission.pk))
    return submission


def _approve_subject(submission: Submission) -> None:
    if submission.kind == DocumentKind.ANALYSIS_REPORT:
        return  # the analysis has no state of its own: the submission is its state
    if submission.round_id is not None:
        round_ = ReportingRound.objects.select_for_update().get(pk=submission.round_id)
        round_.approve()
        round_.save(update_fields=["state"])
    else:
        plan = MeasurePlan.objects.select_for_update().get(pk=submission.plan_id)
        plan.approve()
        plan.save(update_fields=["state", "updated_at"])


def _give_back(submission: Submission, *, reason: str) -> None:
    """A returned or withdrawn report goes back to the coordinator: the submission is closed
    with ``reason`` and the round opens again for updates (the plan goes back to draft). A
    returned analysis report changes nothing else: its comments stay editable all along."""
    submission.reason = reason.strip()
    submission.current_step = None
    submission.closed_at = timezone.now()
    submission.save(update_fields=["state", "reason", "current_step", "closed_at"])
    if submission.kind == DocumentKind.ANALYSIS_REPORT:
        return
    if submission.round_id is not None:
        round_ = ReportingRound.objects.select_for_update().get(pk=submission.round_id)
        round_.reopen()
        round_.save(update_fields=["state", "submitted_at"])
    else:
        plan = MeasurePlan.objects.select_for_update().get(pk=submission.plan_id)
        plan.return_to_draft()
        plan.save(update_fields=["state", "updated_at"])


@transaction.atomic
def return_submission(submission: Submission, *, acting_user: Any, reason: str) -> Submission:
    """The current holder sends the document back to the coordinator with ``reason``.

    The round opens again (the plan goes back to draft); this version stays in the history and
    the next submission is a new version. Side effects: ``document.returned``; the submitter is
    e-mailed after commit.
    """
    authorize(acting_user, submission.agency, "decide")
    submission = _locked(submission)
    step = _refuse_unless_holder(submission, acting_user)
    if not reason.strip():
        raise Refused(_("Say why the document is returned."))
    _decide(step, decision=Decision.RETURNED, comment=reason, acting_user=acting_user)
    submission.return_()
    _give_back(submission, reason=reason)
    record(
        acting_user=acting_user,
        action="document.returned",
        obj=submission,
        agency=submission.agency,
        after={"step": step.order, "reason": submission.reason},
    )
    transaction.on_commit(partial(notifications.notify_returned, submission.pk))
    return submission


@transaction.atomic
def withdraw_submission(
    submission: Submission, *, acting_user: Any, reason: str = ""
) -> Submission:
    """The coordinator takes a document back before the chain has finished (put back to
    draft). Side effects: ``document.withdrawn``; the round opens again."""
    authorize(
        acting_user, submission.agency, "edit_plan" if submission.round_id is None else "run_rounds"
    )
    submission = _locked(submission)
    try:
        submission.withdraw()
    except InvalidTransition:
        raise Refused(_("Only a document still in approval can be taken back.")) from None
    _give_back(submission, reason=reason)
    record(
        acting_user=acting_user,
        action="document.withdrawn",
        obj=submission,
        agency=submission.agency,
        after={"reason": submission.reason},
    )
    return submission


# --- imports ---------------------------------------------------------------------------------


@transaction.atomic
def record_imported(plan: MeasurePlan, *, acting_user: Any) -> list[Submission]:
    """Freeze what a plan file says was approved outside the system: each approved round's
    report and the approved plan get a ``recorded`` submission holding their snapshot, so they
    read their snapshot from then on like any approved document. Idempotent.
    Side effects: a ``document.recorded`` audit row each."""
    authorize(acting_user, plan.agency, "edit_plan")
    made: list[Submission] = []
    subjects: list[tuple[ReportingRound | None, str]] = [
        (r, DocumentKind.PROGRESS_REPORT)
        for r in plan.rounds.filter(state=RoundState.APPROVED).order_by("period_end", "pk")
    ]
    if plan.state == PlanState.APPROVED:
        subjects.append((None, DocumentKind.MEASURES_PLAN))
    for round_, kind in subjects:
        if Submission.objects.filter(plan=plan, round=round_, kind=kind).exists():
            continue
        snapshot = snapshots.take_snapshot(plan, round_)
        submission = Submission.objects.create(
            agency=plan.agency,
            kind=kind,
            title=snapshots.subject_of(snapshot),
            plan=plan,
            round=round_,
            version=1,
            state=SubmissionState.RECORDED,
            snapshot=snapshot,
            snapshot_sha256=snapshots.digest(snapshot),
            submitted_by_label="import",
            closed_at=timezone.now(),
        )
        record(
            acting_user=acting_user,
            action="document.recorded",
            obj=submission,
            agency=plan.agency,
            after={"kind": kind, "round": round_.pk if round_ else None},
        )
        made.append(submission)
    if made:
        # The public site (issue 8): what was recorded as approved is released.
        from ita_tracker.disclosure.tasks import enqueue_publication

        year = plan.fiscal_year.be_year
        transaction.on_commit(partial(enqueue_publication, plan.agency_id, year))
    return made
