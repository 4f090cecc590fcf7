"""The national result list through the web: a site administrator uploads it, sees what it
holds (or where it is wrong, in her language only), and confirms; all or nothing, audited.
Agency administrators and coordinators cannot reach the page."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ita_tracker.audit.models import AuditEvent
from ita_tracker.results.models import IndicatorScore, ItaResult
from tests.results.test_import_results_command import NATIONAL

PAGE = "/site/results/import/"
CONFIRM = "/site/results/import/confirm/"


@pytest.fixture
def agencies(agency_a, agency_b):
    agency_b.name, agency_b.province = "องค์การบริหารส่วนตำบลตัวอย่าง", "ลำปาง"
    agency_b.save()
    return agency_a, agency_b


def _upload(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("ita-2568.csv", text.encode("utf-8-sig"), content_type="text/csv")


def _staged(settings) -> list[Path]:
    return list((Path(settings.MEDIA_ROOT) / "staging" / "national-results").glob("*.bin"))


def test_a_site_admin_previews_then_imports(client, site_admin, agencies, settings):
    client.force_login(site_admin)
    assert PAGE in client.get("/").content.decode()  # reachable from the home page
    assert client.get(PAGE).status_code == 200

    preview = client.post(PAGE, {"file": _upload(NATIONAL), "year": "2568"})
    page = preview.content.decode()
    assert preview.status_code == 200
    assert "ita-2568.csv" in page
    assert "<dd>2</dd>" in page  # 2 results read, 2 agencies, 2 new
    assert "<dd>2568</dd>" in page
    assert "หน่วยงานที่ไม่อยู่ในระบบนี้" in page  # the skipped row, listed
    assert not ItaResult.objects.filter(fiscal_year__be_year=2568).exists()  # nothing yet
    assert len(_staged(settings)) == 1
    token = preview.context["preview"].token
    before = AuditEvent.objects.count()

    done = client.post(CONFIRM, {"token": token})
    assert done.status_code == 302
    assert ItaResult.objects.filter(fiscal_year__be_year=2568).count() == 2
    new = AuditEvent.objects.order_by("pk")[before:]
    assert sorted(e.action for e in new) == [
        "result.imported",
        "result.imported",
        "results.imported",
    ]
    event = next(e for e in new if e.action == "results.imported")
    assert event.actor_id == site_admin.pk
    assert event.after["created"] == 2
    assert event.after["source"] == "national"
    assert _staged(settings) == []
    # The same preview cannot be imported twice.
    again = client.post(CONFIRM, {"token": token}, follow=True)
    assert "หมดอายุ" in again.content.decode() or "expired" in again.content.decode()
    assert AuditEvent.objects.count() == before + 3


def test_agency_roles_cannot_import(client, coordinator, agency_admin, agencies):
    for user in (coordinator, agency_admin):
        client.force_login(user)
        assert client.get(PAGE).status_code == 403
        assert client.post(PAGE, {"file": _upload(NATIONAL), "year": "2568"}).status_code == 403
        assert client.post(CONFIRM, {"token": "x"}).status_code == 403
        assert PAGE not in client.get("/").content.decode()
    assert not ItaResult.objects.filter(fiscal_year__be_year=2568).exists()


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_bad_row_is_refused_located_and_nothing_is_written(
    client, site_admin, agencies, settings
):
    bad = NATIONAL.replace("96.30,ผ่านดีเยี่ยม", "9x.30,ผ่านดีเยี่ยม")
    client.force_login(site_admin)
    response = client.post(PAGE, {"file": _upload(bad), "year": "2568"})
    page = response.content.decode()
    assert response.status_code == 422
    assert "แถว 3 คอลัมน์ H (คะแนนรวม)" in page
    assert "row 3" not in page  # Thai screen: Thai only
    assert not ItaResult.objects.filter(fiscal_year__be_year=2568).exists()
    assert not IndicatorScore.objects.filter(result__fiscal_year__be_year=2568).exists()
    assert not AuditEvent.objects.filter(after__source="national").exists()
    assert _staged(settings) == []

    client.cookies["django_language"] = "en"
    english = client.post(PAGE, {"file": _upload(bad), "year": "2568"}).content.decode()
    assert "row 3, column H (คะแนนรวม)" in english
    assert "แถว 3" not in english


def test_a_tampered_token_imports_nothing(client, site_admin, agencies):
    client.force_login(site_admin)
    response = client.post(CONFIRM, {"token": "forged:token"}, follow=True)
    assert response.status_code == 200
    assert not ItaResult.objects.filter(fiscal_year__be_year=2568).exists()
