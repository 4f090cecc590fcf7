"""Agency Word templates: checked on upload, used for every download, refused when broken."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ita_tracker.audit.models import AuditEvent
from ita_tracker.docengine.exporters.docx import builtin_template
from ita_tracker.documents.models import AgencyTemplate
from tests.conftest import PASSWORD


def _edit_template(old: str, new: str, kind: str = "progress_report") -> bytes:
    """The built-in template with one text changed, as a user would do in Word."""
    source = io.BytesIO(builtin_template(kind))
    out = io.BytesIO()
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                text = data.decode("utf-8")
                assert old in text
                data = text.replace(old, new, 1).encode("utf-8")
            zout.writestr(item, data)
    return out.getvalue()


def _docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as docx:
        xml = docx.read("word/document.xml").decode("utf-8")
    return " ".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", xml))


def _upload(client, agency, data: bytes, kind="progress_report", name="ของเรา.docx"):
    upload = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    return client.post(f"/a/{agency.slug}/documents/templates/", {"kind": kind, "file": upload})


def test_it_uses_an_uploaded_template_for_the_next_download(client, coordinator, plan_a):
    client.login(username="coordinator", password=PASSWORD)
    edited = _edit_template("วิธีดำเนินการ", "วิธีการที่หน่วยงานใช้")
    response = _upload(client, plan_a.agency, edited)
    assert response.status_code == 302
    template = AgencyTemplate.objects.get(agency=plan_a.agency, is_active=True)
    assert template.original_name == "ของเรา.docx"
    assert AuditEvent.objects.filter(
        action="template.uploaded", object_id=str(template.pk)
    ).exists()
    report = client.get(
        f"/a/{plan_a.agency.slug}/documents/rounds/{plan_a.rounds.get().pk}/report.docx"
    )
    text = _docx_text(b"".join(report.streaming_content))
    assert "วิธีการที่หน่วยงานใช้" in text
    # Going back to the built-in template restores the original wording.
    client.post(
        f"/a/{plan_a.agency.slug}/documents/templates/",
        {"action": "remove", "template": template.pk},
    )
    report = client.get(
        f"/a/{plan_a.agency.slug}/documents/rounds/{plan_a.rounds.get().pk}/report.docx"
    )
    assert "วิธีการที่หน่วยงานใช้" not in _docx_text(b"".join(report.streaming_content))


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("{{ memo.subject }}", "{{ memo.subjekt }}", "subjekt"),
        ("{{ memo.subject }}", "{{ memo.subject }", "{{ memo.subject }"),
        ("{{ memo.subject }}", "{{ ''.__class__.__mro__ }}", "__class__"),
    ],
    ids=["undefined variable", "syntax error", "sandbox breach"],
)
def test_it_refuses_a_broken_template_and_says_where(
    client, coordinator, plan_a, old, new, expected
):
    client.login(username="coordinator", password=PASSWORD)
    before = AuditEvent.objects.count()
    response = _upload(client, plan_a.agency, _edit_template(old, new))
    assert response.status_code == 422
    page = response.content.decode()
    assert "แม่แบบนี้ใช้ไม่ได้" in page
    assert expected in page
    assert AgencyTemplate.objects.count() == 0
    assert AuditEvent.objects.count() == before


def test_it_refuses_a_file_that_is_not_a_docx(client, coordinator, plan_a):
    client.login(username="coordinator", password=PASSWORD)
    png = b"\x89PNG\r\n\x1a\n" + b"0" * 100
    response = _upload(client, plan_a.agency, png, name="template.docx")
    assert response.status_code == 200
    assert "ไม่ใช่ไฟล์ Word" in response.content.decode()
    assert AgencyTemplate.objects.count() == 0


@pytest.mark.parametrize("persona", ["officer", "approver", "viewer"])
def test_it_keeps_templates_to_coordinators_and_admins(client, request, plan_a, persona):
    user = request.getfixturevalue(persona)
    client.login(username=user.username, password=PASSWORD)
    assert client.get(f"/a/{plan_a.agency.slug}/documents/templates/").status_code == 403
    response = _upload(client, plan_a.agency, builtin_template("progress_report"))
    assert response.status_code == 403
    assert AgencyTemplate.objects.count() == 0


def test_it_hides_another_agencys_templates(client, officer_b, plan_a):
    client.login(username="officer-b", password=PASSWORD)
    assert client.get(f"/a/{plan_a.agency.slug}/documents/templates/").status_code == 404


def test_it_offers_the_template_in_use_for_download(client, agency_admin, plan_a):
    client.login(username="agency-admin", password=PASSWORD)
    page = client.get(f"/a/{plan_a.agency.slug}/documents/templates/")
    assert page.status_code == 200
    response = client.get(f"/a/{plan_a.agency.slug}/documents/templates/measures_plan.docx")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == builtin_template("measures_plan")
