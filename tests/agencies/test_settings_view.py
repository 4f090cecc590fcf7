"""The agency's settings: details, Thai digits in documents, the emblem."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from ita_tracker.agencies.models import Agency
from ita_tracker.audit.models import AuditEvent
from tests import samples


def _form(agency, **overrides):
    data = {
        "name": agency.name,
        "short_name": agency.short_name,
        "type": agency.type,
        "province": agency.province,
        "district": agency.district,
        "address": agency.address,
        "phone": agency.phone,
        "doc_prefix": agency.doc_prefix,
        "website": "https://www.thaphae.go.th",
        "head_position": agency.head_position,
        "numbering": agency.numbering,
    }
    data.update(overrides)
    return data


def test_it_switches_thai_digits_off(client, agency_admin, agency_a):
    client.force_login(agency_admin)
    assert agency_a.thai_digits
    client.post("/a/thaphae/settings/", _form(agency_a))  # the box left unticked
    agency_a.refresh_from_db()
    assert not agency_a.thai_digits
    event = AuditEvent.objects.get(action="agency.updated")
    assert (event.before["thai_digits"], event.after["thai_digits"]) == (True, False)


def test_it_stores_an_emblem_and_shows_it_to_members(client, agency_admin, viewer, agency_a):
    client.force_login(agency_admin)
    client.post(
        "/a/thaphae/settings/",
        {
            **_form(agency_a, thai_digits="on"),
            "emblem_file": SimpleUploadedFile("ตรา.png", samples.picture()),
        },
    )
    agency = Agency.objects.get(pk=agency_a.pk)
    assert agency.emblem
    client.force_login(viewer)
    response = client.get("/a/thaphae/emblem/")
    assert b"".join(response.streaming_content) == samples.picture()
    assert response["X-Content-Type-Options"] == "nosniff"


def test_it_refuses_an_emblem_that_is_not_an_image(client, agency_admin, agency_a):
    client.force_login(agency_admin)
    page = client.post(
        "/a/thaphae/settings/",
        {**_form(agency_a), "emblem_file": SimpleUploadedFile("ตรา.png", samples.PDF)},
    ).content.decode()
    assert "กรุณาอัปโหลดไฟล์ภาพ PNG, JPEG, GIF หรือ WebP" in page
    assert not Agency.objects.get(pk=agency_a.pk).emblem


def test_it_shows_the_agencys_history_in_thai(client, agency_admin, agency_a):
    client.force_login(agency_admin)
    page = client.get("/a/thaphae/history/").content.decode()
    assert "นำเข้าแผนจากไฟล์" in page


def test_it_saves_and_audits_every_detail_the_screen_shows(client, agency_admin, agency_a):
    changed = {
        "name": "เทศบาลเมืองท่าแพ",
        "short_name": "ทม.ท่าแพ",
        "type": "town_municipality",
        "province": "ลำปาง",
        "district": "เมืองลำปาง",
        "address": "๙๙ ถนนท่าแพ",
        "phone": "0 5322 0000",
        "doc_prefix": "ลป ๕๒๐๐๑",
        "website": "https://www.thaphae.go.th/",
        "head_position": "นายกเทศมนตรีเมืองท่าแพ",
        "numbering": "typed",
    }
    client.force_login(agency_admin)
    page = client.get("/a/thaphae/settings/").content.decode()
    for name in [*changed, "thai_digits"]:
        assert f'name="{name}"' in page
    response = client.post("/a/thaphae/settings/", _form(agency_a, **changed, thai_digits="on"))
    assert response.status_code == 302
    agency = Agency.objects.get(pk=agency_a.pk)
    event = AuditEvent.objects.get(action="agency.updated")
    for name, value in changed.items():
        assert getattr(agency, name) == value
        assert event.after[name] == value
    assert event.after["thai_digits"] is True
