"""Issued documents are signed with the agency's certificate: the issued PDF validates, its
stamp's QR code is the verification address, and the record says whose certificate signed."""

from __future__ import annotations

import pytest

from ita_tracker.docengine import signing
from ita_tracker.documents import approvals, issuing, signing_service
from tests.documents.helpers import page_count
from tests.documents.signing_helpers import decode_qr, pdfa_problems

pytestmark = pytest.mark.soffice


def _issue(round_, coordinator, chain, converter, capture):
    with capture(execute=True):
        submission = approvals.submit_round_report(round_, acting_user=coordinator)
    for user, comment in zip(chain, ("เห็นควรเสนอ", "เห็นชอบ", "ทราบ"), strict=True):
        with capture(execute=True):
            submission = approvals.approve_step(submission, acting_user=user, comment=comment)
    with capture(execute=True):
        return issuing.issue_submission(submission.pk, converter=converter)


def test_the_issued_pdf_is_signed_and_its_qr_code_leads_to_the_verification_page(
    coordinator, chain_a, open_round, converter, agency_p12, django_capture_on_commit_callbacks
):
    agency = open_round.plan.agency
    certificate = signing_service.upload_signing_certificate(
        agency=agency, name="thaphae.p12", data=agency_p12, password="", acting_user=None
    )

    issued = _issue(open_round, coordinator, chain_a, converter, django_capture_on_commit_callbacks)

    pdf = issued.pdf.read()
    report = signing.validate_signed_pdf(pdf, trust_roots=signing_service.known_certificates())
    assert report.ok
    assert report.signer_sha256 == certificate.sha256
    assert certificate.sha256 in issued.signed_by
    assert "เทศบาลตำบลท่าแพ" in issued.signed_by
    assert decode_qr(pdf, page_count(pdf), resolution=150) == [
        issuing.verification_url(issued.code)
    ]
    assert pdfa_problems(pdf) == []  # issued documents are PDF/A-2b, signed or not


def test_the_verification_page_checks_the_signature_of_an_uploaded_pdf(
    client,
    coordinator,
    chain_a,
    open_round,
    converter,
    agency_p12,
    django_capture_on_commit_callbacks,
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    agency = open_round.plan.agency
    signing_service.upload_signing_certificate(
        agency=agency, name="thaphae.p12", data=agency_p12, password="", acting_user=None
    )
    issued = _issue(open_round, coordinator, chain_a, converter, django_capture_on_commit_callbacks)
    pdf = issued.pdf.read()
    page = client.post("/verify/", {"file": SimpleUploadedFile("memo.pdf", pdf)}).content.decode()
    assert "ลงนามด้วยใบรับรองของ" in page
    assert "ไม่มีการแก้ไขหลังลงนาม" in page
    # One more revision appended after signing: neither the register nor the signature agree.
    tampered = pdf + b"\n%%EOF\n"
    page = client.post("/verify/", {"file": SimpleUploadedFile("memo.pdf", tampered)})
    assert page.status_code == 404
    assert "ไม่ใช่เอกสารที่ออกจากระบบ" in page.content.decode()


def test_an_agency_without_a_certificate_gets_an_unsigned_document(
    coordinator, chain_a, open_round, converter, django_capture_on_commit_callbacks
):
    issued = _issue(open_round, coordinator, chain_a, converter, django_capture_on_commit_callbacks)

    pdf = issued.pdf.read()
    assert issued.signed_by == ""
    assert not signing.validate_signed_pdf(pdf).signed
