"""Issuing: the last approval gives a numbered, rendered, stored, immutable document; a locked
round never changes afterwards; anyone can verify an issued file."""

from __future__ import annotations

import hashlib

import pytest
from django.utils import timezone

from ita_tracker.agencies.models import OrgUnit
from ita_tracker.documents import approvals, issuing
from ita_tracker.documents.models import IssuedDocument, RegisterCounter, SubmissionState
from ita_tracker.lib.thai_digits import to_thai_digits
from ita_tracker.plans.planfile.exporter import export_plan
from ita_tracker.plans.services.measures import MeasureData, create_measure, update_measure
from ita_tracker.plans.services.plans import change_plan_state
from tests.conftest import measure_of
from tests.documents.helpers import paragraph_texts, pdftotext, skeleton, squash

pytestmark = pytest.mark.soffice


def _approved(round_, coordinator, chain, capture, comments=("เห็นควรเสนอ", "เห็นชอบ", "ทราบ")):
    with capture(execute=True):
        submission = approvals.submit_round_report(round_, acting_user=coordinator)
    for user, comment in zip(chain, comments, strict=True):
        with capture(execute=True):
            submission = approvals.approve_step(submission, acting_user=user, comment=comment)
    return submission


@pytest.fixture
def issued(coordinator, chain_a, open_round, converter, django_capture_on_commit_callbacks):
    submission = _approved(open_round, coordinator, chain_a, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        return issuing.issue_submission(submission.pk, converter=converter)


def test_it_issues_the_approved_report_with_every_block(issued, open_round):
    year = timezone.localdate().year + 543
    assert issued.version == 1
    assert issued.number == "1"
    assert issued.register_year == year
    assert issued.doc_number == "นศ ๕๓๓๐๑/๑"
    assert issued.submission.state == SubmissionState.ISSUED
    pdf = issued.pdf.read()
    docx = issued.docx.read()
    assert hashlib.sha256(pdf).hexdigest() == issued.pdf_sha256
    assert hashlib.sha256(docx).hexdigest() == issued.docx_sha256
    text = pdftotext(pdf, "-raw")
    assert "ที่ นศ ๕๓๓๐๑/๑" in text
    assert to_thai_digits(str(year)) in text
    for heading, comment, name, position in (
        ("ความเห็นผู้อำนวยการกอง", "เห็นควรเสนอ", "(นางสายฝน ยกชู)", "หัวหน้าสำนักปลัดเทศบาล"),
        ("ความเห็นปลัดเทศบาล", "เห็นชอบ", "(นางภาวดี สุปรียสุนทร)", "ปลัดเทศบาลตำบลท่าแพ"),
        ("ความเห็นนายกเทศมนตรี", "ทราบ", "(นายจรัญ เจียจิราพัถนันท์)", "นายกเทศมนตรีตำบลท่าแพ"),
    ):
        for piece in (heading, comment, name, position):
            assert skeleton(piece) in skeleton(text), piece
    # The preparer (the submitting coordinator) and the decision dates are printed too.
    assert squash("(นางสาวกมลทิพย์ วัจนะพันธ์)") in squash(text)
    today = to_thai_digits(f"{timezone.localdate().day}")
    assert any(today in p for p in paragraph_texts(docx) if "๒๕" in p)
    # The memo now says what the issued document says, so an exported plan file does too.
    memo = export_plan(open_round.plan).rounds[1].memo
    assert memo.number == "๑"
    assert [a.comment for a in memo.approvals] == ["เห็นควรเสนอ", "เห็นชอบ", "ทราบ"]


def test_it_numbers_documents_in_the_calendar_year_without_gaps(
    issued, coordinator, chain_a, plan_a, converter, django_capture_on_commit_callbacks
):
    from ita_tracker.documents.approvals import submit_plan

    change_plan_state(plan_a, action="return", acting_user=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        submission = submit_plan(plan_a, acting_user=coordinator)
    for user in chain_a:
        submission = approvals.approve_step(submission, acting_user=user, comment="เห็นชอบ")
    second = issuing.issue_submission(submission.pk, converter=converter)
    assert [issued.number, second.number] == ["1", "2"]
    assert RegisterCounter.objects.get().last_number == 2
    # Issuing again changes nothing (idempotent): same document, no new number.
    assert issuing.issue_submission(submission.pk, converter=converter) == second
    assert RegisterCounter.objects.get().last_number == 2


def test_it_keeps_issued_documents_immutable(issued):
    issued.title = "changed"
    with pytest.raises(TypeError):
        issued.save()
    with pytest.raises(TypeError):
        IssuedDocument.objects.filter(pk=issued.pk).update(title="changed")
    with pytest.raises(TypeError):
        IssuedDocument.objects.filter(pk=issued.pk).delete()


def test_it_never_changes_an_approved_round_when_the_plan_is_edited_later(
    client, issued, coordinator, open_round, plan_a
):
    """The scenario of issue 7: the plan is put back to draft and edited after the round's
    report was approved; the round's board and documents must not move."""
    change_plan_state(plan_a, action="return", acting_user=coordinator)
    second = measure_of(plan_a, "IIT", 2)
    late = create_measure(
        plan_a,
        MeasureData(
            tool=second.tool,
            title="มาตรการที่เพิ่มภายหลังการอนุมัติ",
            period_start=second.period_start,
            period_end=second.period_end,
        ),
        acting_user=coordinator,
    )
    update_measure(
        second,
        MeasureData(
            tool=second.tool,
            title=second.title,
            period_start=second.period_start.replace(month=12),
            period_end=second.period_end,
            methods=list(second.methods),
            units=[OrgUnit.objects.get(agency=plan_a.agency, name="กองช่าง")],
        ),
        acting_user=coordinator,
    )
    client.force_login(coordinator)
    board = client.get(f"/a/thaphae/plans/2566/rounds/{open_round.pk}/board/").content.decode()
    assert late.title not in board
    assert "สำนักปลัด งานแผนและงบประมาณ" in board
    assert "กองช่าง" not in board
    for fmt in ("pdf", "docx"):
        response = client.get(f"/a/thaphae/documents/rounds/{open_round.pk}/report.{fmt}")
        data = b"".join(response.streaming_content)
        assert hashlib.sha256(data).hexdigest() == getattr(issued, f"{fmt}_sha256")


def test_it_shows_a_submitted_round_as_submitted_while_in_approval(
    client, coordinator, chain_a, open_round, plan_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        approvals.submit_round_report(open_round, acting_user=coordinator)
    change_plan_state(plan_a, action="return", acting_user=coordinator)
    first = measure_of(plan_a, "IIT", 1)
    create_measure(
        plan_a,
        MeasureData(
            tool=first.tool,
            title="มาตรการใหม่ระหว่างรอพิจารณา",
            period_start=first.period_start,
            period_end=first.period_end,
        ),
        acting_user=coordinator,
    )
    client.force_login(coordinator)
    response = client.get(f"/a/thaphae/documents/rounds/{open_round.pk}/report.pdf")
    text = pdftotext(b"".join(response.streaming_content), "-raw")
    assert skeleton("มาตรการใหม่ระหว่างรอพิจารณา") not in skeleton(text)
    assert skeleton("ประกาศนโยบายไม่รับของขวัญ") in skeleton(text)


def test_it_verifies_an_issued_file_and_rejects_a_changed_byte(client, issued):
    pdf = issued.pdf.read()
    ok = client.post("/verify/", {"file": _upload(pdf)})
    assert ok.status_code == 200
    page = ok.content.decode()
    assert "เป็นเอกสารที่ออกจากระบบ" in page
    assert "เทศบาลตำบลท่าแพ" in page
    assert issued.doc_number in page
    changed = bytearray(pdf)
    changed[len(changed) // 2] ^= 1
    bad = client.post("/verify/", {"file": _upload(bytes(changed))})
    assert bad.status_code == 404
    assert "ไม่ใช่เอกสารที่ออกจากระบบ" in bad.content.decode()
    by_code = client.get(f"/verify/{issued.code}/")
    assert by_code.status_code == 200
    assert issued.pdf_sha256 in by_code.content.decode()
    by_hash = client.post("/verify/", {"query": issued.docx_sha256.upper()})
    assert by_hash.status_code == 200


def _upload(data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("memo.pdf", data, content_type="application/pdf")


def test_it_continues_the_register_from_the_number_already_used(
    coordinator, agency_admin, chain_a, open_round, converter, django_capture_on_commit_callbacks
):
    from django.core.exceptions import PermissionDenied

    from ita_tracker.lib.errors import Refused

    agency = open_round.plan.agency
    year = timezone.localdate().year + 543
    # The register is the agency administrator's (as its page is); the coordinator is refused.
    with pytest.raises(PermissionDenied):
        issuing.continue_register(
            agency=agency, year=year, last_number=164, acting_user=coordinator
        )
    issuing.continue_register(agency=agency, year=year, last_number=164, acting_user=agency_admin)
    with pytest.raises(Refused):
        issuing.continue_register(agency=agency, year=year, last_number=10, acting_user=None)
    submission = _approved(open_round, coordinator, chain_a, django_capture_on_commit_callbacks)
    issued = issuing.issue_submission(submission.pk, converter=converter)
    assert issued.doc_number == "นศ ๕๓๓๐๑/๑๖๕"


def test_it_takes_typed_numbers_and_refuses_a_duplicate(
    client, coordinator, chain_a, open_round, plan_a, converter, django_capture_on_commit_callbacks
):
    agency = plan_a.agency
    agency.numbering = "typed"
    agency.save()
    client.force_login(coordinator)
    url = f"/a/thaphae/documents/rounds/{open_round.pk}/submit/"
    missing = client.post(url, {})
    assert missing.status_code == 422
    assert "กรุณาพิมพ์" in missing.content.decode() or "จำเป็น" in missing.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"typed_number": "๑๖๕"})
    submission = open_round.submissions.get()
    assert submission.typed_number == "165"
    for user in chain_a:
        submission = approvals.approve_step(submission, acting_user=user, comment="ทราบ")
    issued = issuing.issue_submission(submission.pk, converter=converter)
    assert (issued.number, issued.doc_number) == ("165", "นศ ๕๓๓๐๑/๑๖๕")
    # The same number again in the same year is refused.
    change_plan_state(plan_a, action="return", acting_user=coordinator)
    refused = client.post("/a/thaphae/documents/plans/2566/submit/", {"typed_number": "165"})
    assert refused.status_code == 422
    assert "165" in refused.content.decode()
    assert not plan_a.submissions.filter(kind="measures_plan").exists()


def test_the_verification_page_and_the_register_label_the_memo_subject_as_its_subject(
    client, agency_admin, issued
):
    """A memo's subject is เรื่อง; only the certificate page's subject is its owner."""
    page = client.get(f"/verify/{issued.code}/").content.decode()
    assert f"<dt>เรื่อง</dt><dd>{issued.title}</dd>" in page
    assert "เจ้าของใบรับรอง" not in page
    client.force_login(agency_admin)
    register = client.get("/a/thaphae/documents/register/").content.decode()
    assert '<th scope="col">เรื่อง</th>' in register
    assert "เจ้าของใบรับรอง" not in register
