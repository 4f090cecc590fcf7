"""The analysis report (issue 7 and 12) goes up its own chain like the other documents: frozen
when submitted, decided step by step, returned and resubmitted as a new version; the plan it
belongs to (the year after the result) is never touched."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from ita_tracker.audit.models import AuditEvent
from ita_tracker.documents import approvals, issuing
from ita_tracker.documents.models import Decision, DocumentKind, Submission, SubmissionState
from ita_tracker.lib.errors import Refused
from ita_tracker.plans.models import PlanState
from ita_tracker.results.report import save_analysis
from tests.documents.helpers import tables

KIND = DocumentKind.ANALYSIS_REPORT


def _submit(agency: Any, user: Any, capture: Any, **kwargs: Any) -> Submission:
    with capture(execute=True):
        return approvals.submit_analysis(agency, 2565, acting_user=user, **kwargs)


def _approve(submission: Submission, user: Any, comment: str, capture: Any) -> Submission:
    with capture(execute=True):
        return approvals.approve_step(submission, acting_user=user, comment=comment)


def _comment_of(submission: Submission, key: str) -> dict[str, str]:
    planfile, _index = issuing.final_plan_file(submission)
    assert planfile.result_analysis is not None
    return planfile.result_analysis.comments[key].model_dump()


def test_it_refuses_without_a_chain(coordinator, chain_a, agency_a, analysed):
    with pytest.raises(Refused, match=r"chain|ลำดับ"):
        approvals.submit_analysis(agency_a, 2565, acting_user=coordinator)
    assert not Submission.objects.filter(kind=KIND).exists()


def test_it_refuses_a_year_without_a_result(coordinator, analysis_chain, agency_a, analysed):
    with pytest.raises(Refused):
        approvals.submit_analysis(agency_a, 2563, acting_user=coordinator)
    assert not Submission.objects.filter(kind=KIND).exists()


def test_it_freezes_the_analysis_under_the_next_years_plan(
    coordinator, analysis_chain, agency_a, plan_a, analysed, django_capture_on_commit_callbacks
):
    head = analysis_chain[0]
    head.email = "head@example.go.th"
    head.save()
    readiness = approvals.analysis_readiness(agency_a, 2565)
    assert readiness.can_submit
    assert readiness.rows == 10
    assert readiness.without_comment == 9  # only indicator 10 has the coordinator's words
    assert any("9" in w for w in readiness.warnings)

    submission = _submit(
        agency_a,
        coordinator,
        django_capture_on_commit_callbacks,
        note="ขอเสนอผลการวิเคราะห์",
        memo={"considerations": "จึงเรียนมาเพื่อโปรดพิจารณา"},
    )
    assert submission.kind == KIND
    assert submission.plan == plan_a  # the 2566 plan analyses the 2565 result (the seed)
    assert submission.round is None
    assert submission.version == 1
    assert submission.state == SubmissionState.IN_APPROVAL
    assert submission.title.startswith("รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส")
    assert submission.snapshot["document"] == "analysis_report"
    assert submission.snapshot["result_year"] == 2565
    analysis = submission.snapshot["plan"]["result_analysis"]
    assert analysis["grouping"] == "indicator"
    assert analysis["comments"]["10"]["issues"] == "ยังไม่มีแผนป้องกันการทุจริต"
    assert analysis["memo"]["considerations"] == "จึงเรียนมาเพื่อโปรดพิจารณา"
    assert analysis["memo"]["drafter"]["name"] == "นางสาวกมลทิพย์ วัจนะพันธ์"
    assert str(submission.snapshot["plan"]["previous_result"]["total"]) == "70.33"
    assert [s.heading for s in submission.steps.order_by("order")] == [
        "ความเห็นผู้อำนวยการกอง",
        "ความเห็นปลัดเทศบาล",
        "ความเห็นนายกเทศมนตรี",
    ]
    plan_a.refresh_from_db()
    assert plan_a.state == PlanState.APPROVED  # the plan is not touched
    assert [m.to for m in mail.outbox] == [["head@example.go.th"]]
    event = AuditEvent.objects.get(action="document.submitted")
    assert event.after["kind"] == KIND
    assert event.after["result_year"] == 2565

    # A second submission while this one is in approval is refused.
    with pytest.raises(Refused):
        approvals.submit_analysis(agency_a, 2565, acting_user=coordinator)


def test_a_comment_edited_after_submission_never_reaches_the_submitted_version(
    coordinator, analysis_chain, agency_a, analysed, django_capture_on_commit_callbacks
):
    submission = _submit(agency_a, coordinator, django_capture_on_commit_callbacks)
    before = issuing.render_docx(submission, *issuing.final_plan_file(submission))
    save_analysis(
        result=analysed,
        grouping="tool",
        comments={"10": {"issues": "แก้ไขภายหลัง", "development": "ภายหลัง"}},
        include_in_plan=False,
        acting_user=coordinator,
    )
    submission = Submission.objects.get(pk=submission.pk)
    assert _comment_of(submission, "10")["issues"] == "ยังไม่มีแผนป้องกันการทุจริต"
    planfile, _index = issuing.final_plan_file(submission)
    assert planfile.result_analysis is not None
    assert planfile.result_analysis.grouping == "indicator"
    after = issuing.render_docx(submission, planfile, None)
    cells = "\n".join(c for t in tables(after) for row in t for c in row)
    assert "ยังไม่มีแผนป้องกันการทุจริต" in cells
    assert "แก้ไขภายหลัง" not in cells
    assert tables(before) == tables(after)


def test_only_the_current_holder_decides_in_order(
    coordinator, analysis_chain, agency_a, plan_a, analysed, django_capture_on_commit_callbacks
):
    head, clerk, mayor = analysis_chain
    submission = _submit(agency_a, coordinator, django_capture_on_commit_callbacks)
    for user in (clerk, mayor, coordinator):
        assert not approvals.may_decide(submission, user)
        with pytest.raises(Refused):
            approvals.approve_step(submission, acting_user=user, comment="ทราบ")
    submission = _approve(submission, head, "เห็นควรเสนอ", django_capture_on_commit_callbacks)
    submission = _approve(submission, clerk, "เห็นชอบ", django_capture_on_commit_callbacks)
    submission = _approve(submission, mayor, "ทราบ", django_capture_on_commit_callbacks)
    assert submission.state == SubmissionState.APPROVED
    assert [s.comment for s in submission.steps.order_by("order")] == [
        "เห็นควรเสนอ",
        "เห็นชอบ",
        "ทราบ",
    ]
    plan_a.refresh_from_db()
    assert plan_a.state == PlanState.APPROVED
    # The approvers' blocks are printed on the memo of the analysis report.
    planfile, _index = issuing.final_plan_file(submission)
    assert planfile.result_analysis is not None
    memo = planfile.result_analysis.memo
    assert memo is not None
    assert [(a.name, a.comment) for a in memo.approvals] == [
        ("นางสายฝน ยกชู", "เห็นควรเสนอ"),
        ("นางภาวดี สุปรียสุนทร", "เห็นชอบ"),
        ("นายจรัญ เจียจิราพัถนันท์", "ทราบ"),
    ]
    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.get().args_kwargs["args"] == [submission.pk]


def test_it_is_returned_with_a_reason_and_resubmitted_as_a_new_version(
    coordinator, analysis_chain, agency_a, analysed, django_capture_on_commit_callbacks
):
    head, clerk, _mayor = analysis_chain
    coordinator.email = "coordinator@example.go.th"
    coordinator.save()
    first = _submit(agency_a, coordinator, django_capture_on_commit_callbacks)
    _approve(first, head, "เห็นควรเสนอ", django_capture_on_commit_callbacks)
    with pytest.raises(Refused):
        approvals.return_submission(first, acting_user=clerk, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        approvals.return_submission(first, acting_user=clerk, reason="เพิ่มแนวทางตัวชี้วัดที่ ๕")
    first.refresh_from_db()
    assert first.state == SubmissionState.RETURNED
    assert first.steps.get(order=2).decision == Decision.RETURNED
    assert mail.outbox[-1].to == ["coordinator@example.go.th"]
    assert "เพิ่มแนวทางตัวชี้วัดที่ ๕" in mail.outbox[-1].body

    save_analysis(
        result=analysed,
        grouping="indicator",
        comments={
            "10": {"issues": "ยังไม่มีแผนป้องกันการทุจริต", "development": "จัดทำแผน"},
            "5": {"issues": "", "development": "ประกาศเจตจำนงสุจริต"},
        },
        include_in_plan=True,
        acting_user=coordinator,
    )
    second = _submit(agency_a, coordinator, django_capture_on_commit_callbacks)
    assert second.version == 2
    assert _comment_of(second, "5")["development"] == "ประกาศเจตจำนงสุจริต"
    assert _comment_of(first, "5")["development"] != "ประกาศเจตจำนงสุจริต"
    assert list(
        Submission.objects.filter(kind=KIND).order_by("version").values_list("version", "state")
    ) == [(1, SubmissionState.RETURNED), (2, SubmissionState.IN_APPROVAL)]


def test_the_coordinator_can_take_it_back(
    coordinator, analysis_chain, agency_a, analysed, django_capture_on_commit_callbacks
):
    submission = _submit(agency_a, coordinator, django_capture_on_commit_callbacks)
    approvals.withdraw_submission(submission, acting_user=coordinator, reason="แก้ข้อความ")
    submission.refresh_from_db()
    assert submission.state == SubmissionState.WITHDRAWN
    assert approvals.analysis_readiness(agency_a, 2565).can_submit


def test_it_files_the_analysis_under_a_new_draft_plan_when_the_next_year_has_none(
    coordinator, analysis_chain, agency_a, plan_a, analysed, django_capture_on_commit_callbacks
):
    from decimal import Decimal

    from ita_tracker.frameworks.models import FiscalYear
    from ita_tracker.plans.models import MeasurePlan
    from ita_tracker.results.services import save_result
    from tests.results.test_analysis_view import SCORES_2565

    save_result(
        agency=agency_a,
        fiscal_year=FiscalYear.objects.get(be_year=2566),
        total=Decimal("80.00"),
        iit=Decimal("80.00"),
        eit=Decimal("80.00"),
        oit=Decimal("80.00"),
        level_written="B",
        indicator_scores={n: Decimal(v) for n, v in SCORES_2565.items()},
        acting_user=None,
    )
    assert not MeasurePlan.objects.filter(agency=agency_a, fiscal_year__be_year=2567).exists()
    with django_capture_on_commit_callbacks(execute=True):
        submission = approvals.submit_analysis(agency_a, 2566, acting_user=coordinator)
    plan = MeasurePlan.objects.get(agency=agency_a, fiscal_year__be_year=2567)
    assert submission.plan == plan
    assert plan.state == PlanState.DRAFT
    assert plan.measures.count() == 0
    assert AuditEvent.objects.filter(action="plan.created").exists()
    assert submission.snapshot["result_year"] == 2566
    # The 2565 analysis is a document of its own (under the 2566 plan), not a version of it.
    first = approvals.submit_analysis(agency_a, 2565, acting_user=coordinator)
    assert (first.plan, first.version) == (plan_a, 1)


def test_an_agency_that_numbers_itself_types_the_number(
    coordinator, analysis_chain, agency_a, analysed
):
    from ita_tracker.agencies.models import Numbering

    agency_a.numbering = Numbering.TYPED
    agency_a.save()
    with pytest.raises(Refused):
        approvals.submit_analysis(agency_a, 2565, acting_user=coordinator)
    submission = approvals.submit_analysis(
        agency_a, 2565, acting_user=coordinator, typed_number="๑๖๖"
    )
    assert submission.typed_number == "166"
