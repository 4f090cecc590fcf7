"""The approval flow's services: submit, approve step by step, return, resubmit, withdraw."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from ita_tracker.agencies.models import Membership
from ita_tracker.audit.models import AuditEvent
from ita_tracker.documents import approvals, chains
from ita_tracker.documents.models import (
    ActingKind,
    Decision,
    Submission,
    SubmissionState,
)
from ita_tracker.lib.errors import Refused
from ita_tracker.plans.models import Memo, PlanState, RoundState


def _submit(round_, coordinator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return approvals.submit_round_report(round_, acting_user=coordinator, note="ขอเสนอ")


def _approve(submission, user, comment, capture):
    with capture(execute=True):
        return approvals.approve_step(submission, acting_user=user, comment=comment)


def test_it_refuses_to_submit_without_a_chain(coordinator, open_round):
    with pytest.raises(Refused, match=r"chain|ลำดับ"):
        approvals.submit_round_report(open_round, acting_user=coordinator)
    open_round.refresh_from_db()
    assert open_round.state == RoundState.OPEN
    assert not Submission.objects.exists()


def test_it_locks_the_round_and_freezes_what_goes_up(
    coordinator, chain_a, open_round, django_capture_on_commit_callbacks
):
    head = chain_a[0]
    head.email = "head@example.go.th"
    head.save()
    submission = _submit(open_round, coordinator, django_capture_on_commit_callbacks)
    open_round.refresh_from_db()
    assert open_round.state == RoundState.SUBMITTED
    assert submission.version == 1
    assert submission.state == SubmissionState.IN_APPROVAL
    assert submission.current_step == 1
    assert submission.snapshot["round_index"] == 1
    measures = submission.snapshot["plan"]["measures"]
    assert len(measures) == 10
    assert set(submission.snapshot["entries"]) == {
        "IIT-1", "IIT-2", "IIT-3", "IIT-4", "IIT-5", "EIT-1", "EIT-2", "EIT-3", "EIT-4", "OIT-1",
    }  # fmt: skip
    assert [s.heading for s in submission.steps.order_by("order")] == [
        "ความเห็นผู้อำนวยการกอง",
        "ความเห็นปลัดเทศบาล",
        "ความเห็นนายกเทศมนตรี",
    ]
    # The preparer printed under the memo is the submitting coordinator's signatory.
    memo = Memo.objects.get(round=open_round)
    assert memo.drafter.name == "นางสาวกมลทิพย์ วัจนะพันธ์"
    assert submission.submitted_by_label == "นางสาวกมลทิพย์ วัจนะพันธ์ (นักจัดการงานทั่วไปชำนาญการ)"
    # The first holder is told.
    assert [m.to for m in mail.outbox] == [["head@example.go.th"]]
    assert "ความเห็นผู้อำนวยการกอง" in mail.outbox[0].body
    assert AuditEvent.objects.filter(action="document.submitted").count() == 1


def test_the_submitted_row_names_the_kind_version_digest_and_round(
    coordinator, chain_a, open_round, django_capture_on_commit_callbacks
):
    submission = _submit(open_round, coordinator, django_capture_on_commit_callbacks)
    event = AuditEvent.objects.get(action="document.submitted")
    assert set(event.after) == {
        "kind", "version", "snapshot_sha256", "round", "measures", "without_update",
    }  # fmt: skip
    assert event.after["kind"] == submission.kind
    assert event.after["version"] == 1
    assert event.after["snapshot_sha256"] == submission.snapshot_sha256
    assert event.after["round"] == open_round.pk
    assert event.after["measures"] == 10


def test_it_lets_only_the_current_holder_decide_in_order(
    coordinator, chain_a, open_round, django_capture_on_commit_callbacks
):
    head, clerk, mayor = chain_a
    submission = _submit(open_round, coordinator, django_capture_on_commit_callbacks)
    for user in (clerk, mayor, coordinator):
        assert not approvals.may_decide(submission, user)
        with pytest.raises(Refused):
            approvals.approve_step(submission, acting_user=user, comment="ทราบ")
    with pytest.raises(Refused):
        approvals.approve_step(submission, acting_user=head, comment="   ")
    submission = _approve(submission, head, "เห็นควรเสนอ", django_capture_on_commit_callbacks)
    assert submission.current_step == 2
    assert not approvals.may_decide(submission, head)
    submission = _approve(submission, clerk, "เห็นชอบ", django_capture_on_commit_callbacks)
    submission = _approve(submission, mayor, "ทราบ", django_capture_on_commit_callbacks)
    assert submission.state == SubmissionState.APPROVED
    open_round.refresh_from_db()
    assert open_round.state == RoundState.APPROVED
    steps = list(submission.steps.order_by("order"))
    assert [s.decision for s in steps] == [Decision.APPROVED] * 3
    assert [s.comment for s in steps] == ["เห็นควรเสนอ", "เห็นชอบ", "ทราบ"]
    assert [s.signed_name for s in steps] == [
        "นางสายฝน ยกชู",
        "นางภาวดี สุปรียสุนทร",
        "นายจรัญ เจียจิราพัถนันท์",
    ]
    assert steps[2].signed_position == "นายกเทศมนตรีตำบลท่าแพ"
    # Issuing is queued for the worker, not done in the request.
    from django_tasks_db.models import DBTaskResult

    queued = DBTaskResult.objects.get()
    assert queued.args_kwargs["args"] == [submission.pk]
    assert queued.status == "READY"


def test_it_returns_to_the_coordinator_and_keeps_the_version(
    coordinator, chain_a, open_round, django_capture_on_commit_callbacks
):
    head, clerk, _mayor = chain_a
    coordinator.email = "coordinator@example.go.th"
    coordinator.save()
    first = _submit(open_round, coordinator, django_capture_on_commit_callbacks)
    _approve(first, head, "เห็นควรเสนอ", django_capture_on_commit_callbacks)
    with pytest.raises(Refused):
        approvals.return_submission(first, acting_user=clerk, reason="")
    with django_capture_on_commit_callbacks(execute=True):
        approvals.return_submission(first, acting_user=clerk, reason="กรุณาแนบหลักฐานมาตรการที่ ๒")
    first.refresh_from_db()
    open_round.refresh_from_db()
    assert first.state == SubmissionState.RETURNED
    assert first.reason == "กรุณาแนบหลักฐานมาตรการที่ ๒"
    assert open_round.state == RoundState.OPEN  # open again for corrections
    assert mail.outbox[-1].to == ["coordinator@example.go.th"]
    assert "กรุณาแนบหลักฐานมาตรการที่ ๒" in mail.outbox[-1].body

    second = _submit(open_round, coordinator, django_capture_on_commit_callbacks)
    assert second.version == 2
    assert second.current_step == 1
    assert list(Submission.objects.order_by("version").values_list("version", "state")) == [
        (1, SubmissionState.RETURNED),
        (2, SubmissionState.IN_APPROVAL),
    ]
    # The returned version keeps its decisions.
    assert first.steps.get(order=2).decision == Decision.RETURNED


def test_it_lets_the_coordinator_take_it_back(
    coordinator, chain_a, open_round, django_capture_on_commit_callbacks
):
    submission = _submit(open_round, coordinator, django_capture_on_commit_callbacks)
    approvals.withdraw_submission(submission, acting_user=coordinator, reason="แก้ข้อความ")
    submission.refresh_from_db()
    open_round.refresh_from_db()
    assert submission.state == SubmissionState.WITHDRAWN
    assert open_round.state == RoundState.OPEN
    with pytest.raises(Refused):
        approvals.withdraw_submission(submission, acting_user=coordinator)


def test_a_document_given_back_is_closed_with_its_reason(
    coordinator, chain_a, open_round, django_capture_on_commit_callbacks
):
    head, clerk, _mayor = chain_a
    returned = _submit(open_round, coordinator, django_capture_on_commit_callbacks)
    _approve(returned, head, "เห็นควรเสนอ", django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        approvals.return_submission(returned, acting_user=clerk, reason="  แนบหลักฐาน  ")
    withdrawn = _submit(open_round, coordinator, django_capture_on_commit_callbacks)
    approvals.withdraw_submission(withdrawn, acting_user=coordinator, reason=" แก้ข้อความ ")
    for submission, reason in ((returned, "แนบหลักฐาน"), (withdrawn, "แก้ข้อความ")):
        submission.refresh_from_db()
        assert (submission.reason, submission.current_step) == (reason, None)
        assert submission.closed_at is not None
    open_round.refresh_from_db()
    assert open_round.state == RoundState.OPEN


def test_it_hands_a_step_to_the_acting_official_inside_the_range(
    coordinator, viewer, chain_a, agency_a, open_round, django_capture_on_commit_callbacks
):
    head, clerk, _mayor = chain_a
    acting = Membership.objects.get(user=viewer, agency=agency_a)
    steps = [
        chains.StepSpec(s.heading, s.position, s.holder)
        for s in chains.steps_of(agency_a, "progress_report")
    ]
    today = dt.date.today()
    steps[1] = chains.StepSpec(
        steps[1].heading,
        steps[1].position,
        steps[1].holder,
        acting_holder=acting,
        acting_kind=ActingKind.ACTING,
        acting_from=today - dt.timedelta(days=1),
        acting_to=today + dt.timedelta(days=1),
    )
    chains.set_chain(agency=agency_a, kind="progress_report", steps=steps, acting_user=coordinator)
    submission = _submit(open_round, coordinator, django_capture_on_commit_callbacks)
    submission = _approve(submission, head, "เห็นควรเสนอ", django_capture_on_commit_callbacks)
    assert not approvals.may_decide(submission, clerk)
    assert approvals.may_decide(submission, viewer)
    _approve(submission, viewer, "เห็นชอบ", django_capture_on_commit_callbacks)
    step = submission.steps.get(order=2)
    assert step.signed_acting == "รักษาราชการแทนปลัดเทศบาลตำบลท่าแพ"
    assert step.decided_by == viewer


def test_it_refuses_a_chain_with_another_agencys_member(coordinator, agency_a, officer_b):
    foreign = Membership.objects.get(user=officer_b)
    with pytest.raises(Refused):
        chains.set_chain(
            agency=agency_a,
            kind="progress_report",
            steps=[chains.StepSpec("ความเห็น", "ตำแหน่ง", foreign)],
            acting_user=coordinator,
        )


def test_it_submits_and_approves_the_plan_through_its_chain(
    coordinator, chain_a, draft_plan, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submission = approvals.submit_plan(draft_plan, acting_user=coordinator)
    draft_plan.refresh_from_db()
    assert draft_plan.state == PlanState.SUBMITTED
    assert submission.snapshot["round_index"] is None
    for user, comment in zip(chain_a, ("เห็นควรเสนอ", "เห็นชอบ", "อนุมัติ"), strict=True):
        _approve(submission, user, comment, django_capture_on_commit_callbacks)
    draft_plan.refresh_from_db()
    assert draft_plan.state == PlanState.APPROVED
