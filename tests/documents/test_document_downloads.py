"""Download buttons: the plan document and a round's report, from the current data."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile

import pytest

from ita_tracker.plans.models import Measure
from tests.conftest import PASSWORD


def _docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as docx:
        xml = docx.read("word/document.xml").decode("utf-8")
    return " ".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", xml))


def _plan_url(agency, fmt="docx"):
    return f"/a/{agency.slug}/documents/plans/2566/document.{fmt}"


def _round_url(agency, round_, fmt="docx"):
    return f"/a/{agency.slug}/documents/rounds/{round_.pk}/report.{fmt}"


@pytest.mark.parametrize(
    "persona", ["coordinator", "officer", "approver", "viewer", "agency_admin"]
)
def test_it_lets_every_member_download_the_report(client, request, plan_a, persona):
    user = request.getfixturevalue(persona)
    client.login(username=user.username, password=PASSWORD)
    response = client.get(_round_url(plan_a.agency, plan_a.rounds.get()))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    text = _docx_text(b"".join(response.streaming_content))
    assert "บันทึกข้อความ" in text
    assert "นศ ๕๓๓๐๑/๑๖๕" in text
    assert "๗๐.๓๓" in text


def test_it_builds_the_plan_document_from_the_current_data(client, coordinator, plan_a):
    measure = Measure.objects.filter(plan=plan_a).first()
    measure.title = "มาตรการที่แก้ไขใหม่ในระบบ"
    measure.save()
    client.login(username="coordinator", password=PASSWORD)
    response = client.get(_plan_url(plan_a.agency))
    assert response.status_code == 200
    assert "มาตรการที่แก้ไขใหม่ในระบบ" in _docx_text(b"".join(response.streaming_content))


def test_it_sends_anonymous_users_to_login(client, plan_a):
    response = client.get(_plan_url(plan_a.agency))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_it_hides_another_agencys_documents(client, officer_b, plan_a, agency_b):
    client.login(username="officer-b", password=PASSWORD)
    assert client.get(_plan_url(plan_a.agency)).status_code == 404
    assert client.get(_round_url(plan_a.agency, plan_a.rounds.get())).status_code == 404
    # A forged URL: agency B's address with agency A's round id.
    assert client.get(_round_url(agency_b, plan_a.rounds.get())).status_code == 404
    assert client.get(f"/a/{agency_b.slug}/documents/plans/2566/document.docx").status_code == 404


def test_it_refuses_unknown_formats(client, coordinator, plan_a):
    client.login(username="coordinator", password=PASSWORD)
    assert (
        client.get(f"/a/{plan_a.agency.slug}/documents/plans/2566/document.html").status_code == 404
    )


@pytest.mark.soffice
def test_it_sends_a_pdf_with_the_thai_text(client, coordinator, plan_a, tmp_path):
    client.login(username="coordinator", password=PASSWORD)
    response = client.get(_round_url(plan_a.agency, plan_a.rounds.get(), "pdf"))
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    assert data.startswith(b"%PDF")
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    flat = re.sub(r"\s+", "", text)  # pdftotext puts stray spaces before Thai marks
    assert "นายกเทศมนตรีตำบลท่าแพ" in flat
    assert "๗๐.๓๓" in flat
