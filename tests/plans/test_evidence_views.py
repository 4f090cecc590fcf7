"""Uploading evidence files (checked by content), downloading them (members only, as
attachments) and removing them."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ita_tracker.plans.models import Evidence, ProgressEntry
from ita_tracker.plans.services.progress import add_evidence_file
from tests import samples
from tests.conftest import measure_of


@pytest.fixture
def own_entry(open_round):
    return ProgressEntry.objects.get(
        round=open_round, measure=measure_of(open_round.plan, "OIT", 1)
    )


def _upload(client, entry, name, data, htmx=True):
    extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(
        f"/a/thaphae/progress/{entry.pk}/files/",
        {f"f{entry.pk}-file": SimpleUploadedFile(name, data)},
        **extra,
    )


def test_it_accepts_a_pdf_and_lists_it(client, officer, own_entry):
    client.force_login(officer)
    html = _upload(client, own_entry, "คำสั่งแต่งตั้ง.pdf", samples.PDF).content.decode()
    evidence = Evidence.objects.get()
    assert "คำสั่งแต่งตั้ง.pdf" in html
    assert f"/a/thaphae/evidence/{evidence.pk}/" in html
    assert "เพิ่มไฟล์แล้ว" in html


def test_it_refuses_a_png_named_pdf_in_thai_only(client, officer, own_entry):
    # One language per screen (ADR 0012): the English half is not shown on a Thai screen.
    client.force_login(officer)
    html = _upload(client, own_entry, "ภาพกิจกรรม.pdf", samples.PNG).content.decode()
    assert "ชื่อไฟล์ลงท้ายด้วย .pdf แต่เนื้อไฟล์เป็น PNG" in html
    assert "The file&#x27;s name ends in .pdf but its content is PNG" not in html
    assert not Evidence.objects.exists()


def test_it_refuses_a_file_over_the_limit(client, officer, own_entry):
    client.force_login(officer)
    html = _upload(
        client, own_entry, "scan.pdf", samples.PDF + b"0" * (11 * 1024 * 1024)
    ).content.decode()
    assert "ไฟล์มีขนาดเกิน ๑๐ MB" in html
    assert not Evidence.objects.exists()


def test_it_refuses_an_html_file(client, officer, own_entry):
    client.force_login(officer)
    response = _upload(client, own_entry, "page.html", samples.HTML, htmx=False)
    assert response.status_code == 200  # the card page again, with the error
    assert "ใช้ไฟล์ประเภทนี้เป็นหลักฐานไม่ได้" in response.content.decode()
    assert not Evidence.objects.exists()


def test_it_accepts_office_files_and_images(client, officer, own_entry):
    client.force_login(officer)
    for name, data in (
        ("รายงาน.docx", samples.ooxml("word")),
        ("ตาราง.xlsx", samples.ooxml("xl")),
        ("บันทึก.doc", samples.ole2("WordDocument")),
        ("ภาพ.jpg", samples.JPEG),
        ("ภาพ", samples.PNG),
    ):
        _upload(client, own_entry, name, data)
    assert sorted(Evidence.objects.values_list("original_name", flat=True)) == sorted(
        ["รายงาน.docx", "ตาราง.xlsx", "บันทึก.doc", "ภาพ.jpg", "ภาพ.png"]
    )


def test_it_serves_a_file_as_an_attachment_to_members(client, viewer, own_entry):
    evidence = add_evidence_file(
        own_entry, upload=SimpleUploadedFile("หลักฐาน.pdf", samples.PDF), acting_user=None
    )
    client.force_login(viewer)
    response = client.get(f"/a/thaphae/evidence/{evidence.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == samples.PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_it_answers_404_for_another_agencys_evidence(client, officer_b, own_entry):
    evidence = add_evidence_file(
        own_entry, upload=SimpleUploadedFile("a.pdf", samples.PDF), acting_user=None
    )
    client.force_login(officer_b)
    assert client.get(f"/a/thaphae/evidence/{evidence.pk}/").status_code == 404
    assert client.get(f"/a/agency-b/evidence/{evidence.pk}/").status_code == 404
    assert client.post(f"/a/agency-b/evidence/{evidence.pk}/delete/").status_code == 404
    assert Evidence.objects.filter(pk=evidence.pk).exists()


def test_it_lets_the_officer_remove_her_file(client, officer, own_entry):
    evidence = add_evidence_file(
        own_entry, upload=SimpleUploadedFile("a.pdf", samples.PDF), acting_user=officer
    )
    client.force_login(officer)
    html = client.post(
        f"/a/thaphae/evidence/{evidence.pk}/delete/", HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "ลบไฟล์แล้ว" in html
    assert not Evidence.objects.exists()


def test_it_refuses_uploads_from_readers(client, approver, own_entry):
    client.force_login(approver)
    assert _upload(client, own_entry, "a.pdf", samples.PDF).status_code == 403
    assert not Evidence.objects.exists()
