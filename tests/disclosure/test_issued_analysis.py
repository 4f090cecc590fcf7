"""Issuing the analysis report (issues 7 and 12): the last approval numbers it in the agency's
register, renders DOCX and PDF from its snapshot with every approver's block, signs the PDF with
the agency's certificate, and releases it on the public page of the plan's year (O42 part 1).
Editing the comments afterwards changes nothing issued."""

from __future__ import annotations

import hashlib

import pytest
from django.utils import timezone

from ita_tracker.disclosure import publishing, released
from ita_tracker.docengine import signing
from ita_tracker.documents import approvals, issuing, signing_service
from ita_tracker.documents.models import IssuedDocument, SubmissionState
from ita_tracker.results.report import save_analysis
from tests.disclosure.helpers import body, text
from tests.documents.helpers import pdftotext, skeleton, squash

pytestmark = pytest.mark.soffice


@pytest.fixture(scope="module")
def agency_p12() -> bytes:
    return signing.make_self_signed_p12("เทศบาลตำบลท่าแพ", "เทศบาลตำบลท่าแพ")


def test_it_issues_the_analysis_numbered_signed_and_public(
    client,
    released_a,
    coordinator,
    analysis_chain,
    analysed,
    converter,
    agency_p12,
    django_capture_on_commit_callbacks,
):
    agency = released_a.agency
    certificate = signing_service.upload_signing_certificate(
        agency=agency, name="thaphae.p12", data=agency_p12, password="", acting_user=None
    )
    with django_capture_on_commit_callbacks(execute=True):
        submission = approvals.submit_analysis(agency, 2565, acting_user=coordinator)
    for user, comment in zip(analysis_chain, ("เห็นควรเสนอ", "เห็นชอบ", "ทราบ"), strict=True):
        with django_capture_on_commit_callbacks(execute=True):
            submission = approvals.approve_step(submission, acting_user=user, comment=comment)
    with django_capture_on_commit_callbacks(execute=True):
        issued = issuing.issue_submission(submission.pk, converter=converter)

    assert issued is not None
    assert issued.kind == "analysis_report"
    assert issued.plan == released_a
    assert issued.round is None
    assert issued.version == 1
    assert issued.doc_number == "นศ ๕๓๓๐๑/๑"
    assert issued.register_year == timezone.localdate().year + 543
    assert issued.submission.state == SubmissionState.ISSUED
    pdf, docx = issued.pdf.read(), issued.docx.read()
    assert hashlib.sha256(pdf).hexdigest() == issued.pdf_sha256
    raw = pdftotext(pdf, "-raw")
    assert "ที่ นศ ๕๓๓๐๑/๑" in raw
    for piece in (
        "รายงานการวิเคราะห์ผลการประเมิน",
        "ยังไม่มีแผนป้องกันการทุจริต",
        "ความเห็นผู้อำนวยการกอง",
        "เห็นควรเสนอ",
        "(นางภาวดี สุปรียสุนทร)",
        "ความเห็นนายกเทศมนตรี",
        "ทราบ",
    ):
        assert skeleton(piece) in skeleton(raw), piece
    assert squash("(นางสาวกมลทิพย์ วัจนะพันธ์)") in squash(raw)
    report = signing.validate_signed_pdf(pdf, trust_roots=signing_service.known_certificates())
    assert report.ok
    assert report.signer_sha256 == certificate.sha256

    # Editing the analysis afterwards changes nothing issued.
    snapshot = issued.snapshot
    save_analysis(
        result=analysed,
        grouping="tool",
        comments={"IIT": {"issues": "เขียนใหม่ภายหลัง", "development": ""}},
        include_in_plan=True,
        acting_user=coordinator,
    )
    again = IssuedDocument.objects.get(pk=issued.pk)
    assert again.snapshot == snapshot
    assert hashlib.sha256(again.pdf.read()).hexdigest() == issued.pdf_sha256
    assert hashlib.sha256(again.docx.read()).hexdigest() == hashlib.sha256(docx).hexdigest()
    download = client.get(f"/verify/{issued.code}/")
    assert download.status_code == 200

    # Released on the public page of the plan's year (2566), among the O42 documents.
    publishing.publish_year(agency.pk, 2566)
    page = text(client.get("/thaphae/ita/2566/"))
    assert issued.doc_number in page
    assert issued.pdf_sha256 in page
    assert "รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส" in page
    latest = client.get("/thaphae/ita/2566/documents/analysis.pdf")
    assert hashlib.sha256(body(latest)).hexdigest() == issued.pdf_sha256
    # The ready-to-paste O42 explanation names the analysis the measures follow from.
    o42 = next(row for row in released.build(agency, 2566).content["oit"] if row["held"])
    assert o42["section"] == "measures"
    assert "การวิเคราะห์ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. ๒๕๖๕" in o42["explanation"]
    assert f"ตามบันทึกข้อความที่ {issued.doc_number}" in o42["explanation"]
