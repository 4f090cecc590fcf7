"""The analysis report's pages reuse the approval flow's pages: the analysis screen sends it to
the confirmation page, which submits it; the document page shows its steps and the holder's
decision form. Who may do what: the coordinator submits, the holder decides, others read."""

from __future__ import annotations

from ita_tracker.audit.models import AuditEvent
from ita_tracker.documents.models import Submission, SubmissionState

SUBMIT = "/a/thaphae/documents/results/2565/analysis/submit/"
ANALYSIS = "/a/thaphae/results/2565/analysis/"


def test_the_coordinator_submits_from_the_analysis_screen(
    client, coordinator, analysis_chain, analysed
):
    client.force_login(coordinator)
    screen = client.get(ANALYSIS).content.decode()
    assert SUBMIT in screen

    page = client.get(SUBMIT).content.decode()
    assert "10 rows in the analysis table" in page or "๑๐ แถว" in page  # Thai digits
    assert "ความเห็นผู้อำนวยการกอง" in page  # the chain it goes to
    assert "/a/thaphae/documents/results/2565/analysis/report.pdf" in page  # the draft
    assert "รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส" in page  # derived subject

    response = client.post(SUBMIT, {"note": "ขอเสนอ", "subject": ""})
    submission = Submission.objects.get(kind="analysis_report")
    assert response.status_code == 302
    assert response["Location"] == f"/a/thaphae/documents/submissions/{submission.pk}/"
    assert submission.note == "ขอเสนอ"
    detail = client.get(response["Location"]).content.decode()
    assert ANALYSIS in detail  # the breadcrumb leads back to the analysis
    assert "ความเห็นปลัดเทศบาล" in detail

    screen = client.get(ANALYSIS).content.decode()
    assert f"/a/thaphae/documents/submissions/{submission.pk}/" in screen

    # A second submission while the first is in approval is refused, located on the page.
    again = client.post(SUBMIT, {})
    assert again.status_code == 422
    assert Submission.objects.filter(kind="analysis_report").count() == 1


def test_an_officer_cannot_submit_and_another_agency_sees_nothing(
    client, officer, approver, officer_b, analysis_chain, analysed
):
    for user in (officer, approver):
        client.force_login(user)
        assert client.post(SUBMIT, {}).status_code == 403
        assert (
            "/documents/results/2565/analysis/submit/" not in client.get(ANALYSIS).content.decode()
        )
    client.force_login(officer_b)
    assert client.post(SUBMIT, {}).status_code == 404
    assert not Submission.objects.exists()


def test_only_the_holder_decides_and_is_asked_to_confirm(
    client, coordinator, officer_b, analysis_chain, analysed, django_capture_on_commit_callbacks
):
    head, clerk, _mayor = analysis_chain
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SUBMIT, {})
    submission = Submission.objects.get(kind="analysis_report")
    decide = f"/a/thaphae/documents/submissions/{submission.pk}/decide/"

    for user in (coordinator, clerk):
        client.force_login(user)
        assert client.post(decide, {"action": "approve", "comment": "ทราบ"}).status_code == 403
    client.force_login(officer_b)
    assert client.post(decide, {"action": "approve", "comment": "ทราบ"}).status_code == 404

    client.force_login(head)
    page = client.get(f"/a/thaphae/documents/submissions/{submission.pk}/").content.decode()
    assert decide in page
    asked = client.post(decide, {"action": "return", "comment": "เพิ่มแนวทาง"})
    assert asked.status_code == 200  # the confirmation page
    assert "แก้ไขการวิเคราะห์" in asked.content.decode()  # not "the round opens again"
    submission.refresh_from_db()
    assert submission.state == SubmissionState.IN_APPROVAL
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(decide, {"action": "return", "comment": "เพิ่มแนวทาง", "confirm": "yes"})
    assert done.status_code == 302
    submission.refresh_from_db()
    assert submission.state == SubmissionState.RETURNED
    assert AuditEvent.objects.filter(action="document.returned").count() == 1

    # Resubmitted: a new version; the returned one stays.
    client.force_login(coordinator)
    client.post(SUBMIT, {})
    assert list(
        Submission.objects.filter(kind="analysis_report")
        .order_by("version")
        .values_list("version", "state")
    ) == [(1, SubmissionState.RETURNED), (2, SubmissionState.IN_APPROVAL)]


def test_the_preview_renders_the_submitted_version(
    client, coordinator, viewer, officer_b, analysis_chain, analysed
):
    client.force_login(coordinator)
    client.post(SUBMIT, {})
    submission = Submission.objects.get(kind="analysis_report")
    url = f"/a/thaphae/documents/submissions/{submission.pk}/preview.docx"
    client.force_login(viewer)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    client.force_login(officer_b)
    assert client.get(url).status_code == 404


def test_the_chain_of_the_analysis_report_is_set_like_the_others(client, agency_admin, chain_a):
    client.force_login(agency_admin)
    page = client.get("/a/thaphae/documents/chains/").content.decode()
    assert "/a/thaphae/documents/chains/analysis_report/" in page
    assert client.get("/a/thaphae/documents/chains/analysis_report/").status_code == 200
