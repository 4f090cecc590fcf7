"""The agency's signing certificate page: agency administrators upload, see and retire it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ita_tracker.audit.models import AuditEvent
from ita_tracker.docengine.signing import make_self_signed_p12
from ita_tracker.documents.models import AgencySigningCertificate
from tests.conftest import PASSWORD

P12_PASSWORD = "ท่าแพ-secret-2566"


@pytest.fixture(scope="module")
def p12() -> bytes:
    return make_self_signed_p12("เทศบาลตำบลท่าแพ", "เทศบาลตำบลท่าแพ", password=P12_PASSWORD)


def _url(agency) -> str:
    return f"/a/{agency.slug}/documents/signing/"


def _upload(client, agency, data: bytes, password: str, name: str = "thaphae.p12"):
    upload = SimpleUploadedFile(name, data, content_type="application/x-pkcs12")
    return client.post(_url(agency), {"file": upload, "password": password})


def test_it_uploads_a_certificate_and_shows_its_details(client, agency_admin, agency_a, p12):
    client.login(username="agency-admin", password=PASSWORD)

    response = _upload(client, agency_a, p12, P12_PASSWORD)

    assert response.status_code == 302
    certificate = AgencySigningCertificate.objects.get(agency=agency_a, is_active=True)
    assert certificate.common_name == "เทศบาลตำบลท่าแพ"
    assert certificate.uploaded_by == agency_admin
    page = client.get(_url(agency_a)).content.decode()
    assert certificate.sha256 in page
    assert certificate.serial in page
    assert "CN=เทศบาลตำบลท่าแพ" in page
    event = AuditEvent.objects.get(action="signing_certificate.uploaded")
    assert event.agency == agency_a
    assert event.after["sha256"] == certificate.sha256
    history = client.get(f"/a/{agency_a.slug}/history/").content.decode()
    assert "อัปโหลดใบรับรองสำหรับลงนาม" in history


def test_it_says_the_password_is_wrong_next_to_the_password(client, agency_admin, agency_a, p12):
    client.login(username="agency-admin", password=PASSWORD)

    response = _upload(client, agency_a, p12, "wrong")

    assert response.status_code == 422
    form = response.context["upload_form"]
    assert "password" in form.errors
    assert "รหัสผ่านของไฟล์ใบรับรองไม่ถูกต้อง" in form.errors["password"][0]
    assert not AgencySigningCertificate.objects.exists()


def test_it_refuses_an_expired_certificate_next_to_the_file(client, agency_admin, agency_a):
    client.login(username="agency-admin", password=PASSWORD)
    start = dt.datetime.now(dt.UTC) - dt.timedelta(days=800)
    expired = make_self_signed_p12("ท่าแพ", "ท่าแพ", not_before=start, days=365)

    response = _upload(client, agency_a, expired, "")

    assert response.status_code == 422
    assert "หมดอายุ" in response.context["upload_form"].errors["file"][0]
    assert not AgencySigningCertificate.objects.exists()


def test_it_refuses_a_file_that_is_not_a_certificate(client, agency_admin, agency_a):
    client.login(username="agency-admin", password=PASSWORD)

    response = _upload(client, agency_a, b"%PDF-1.7 not a certificate", "x", name="memo.p12")

    assert response.status_code == 422
    assert "PKCS#12" in response.context["upload_form"].errors["file"][0]


def test_it_refuses_a_file_that_is_too_big(client, agency_admin, agency_a, settings, p12):
    settings.SIGNING_CERTIFICATE_MAX_KB = 1
    client.login(username="agency-admin", password=PASSWORD)

    response = _upload(client, agency_a, p12, P12_PASSWORD)

    assert response.status_code == 422
    assert "1 KB" in response.context["upload_form"].errors["file"][0]


def test_replacing_retires_the_old_certificate_and_wipes_its_key(
    client, agency_admin, agency_a, p12
):
    client.login(username="agency-admin", password=PASSWORD)
    _upload(client, agency_a, p12, P12_PASSWORD)
    newer = make_self_signed_p12("เทศบาลตำบลท่าแพ (ใหม่)", "เทศบาลตำบลท่าแพ")

    response = _upload(client, agency_a, newer, "")

    assert response.status_code == 302
    old, new = AgencySigningCertificate.objects.filter(agency=agency_a).order_by("pk")
    assert (old.is_active, new.is_active) == (False, True)
    assert bytes(old.sealed_key) == b""
    assert bytes(old.certificate_der)  # kept: documents signed with it stay verifiable
    assert old.retired_at is not None
    assert "เทศบาลตำบลท่าแพ (ใหม่)" in client.get(_url(agency_a)).content.decode()


def test_stopping_needs_the_confirmation_box(client, agency_admin, agency_a, p12):
    client.login(username="agency-admin", password=PASSWORD)
    _upload(client, agency_a, p12, P12_PASSWORD)
    certificate = AgencySigningCertificate.objects.get(agency=agency_a)

    unconfirmed = client.post(
        _url(agency_a), {"action": "deactivate", "certificate": certificate.pk}
    )
    confirmed = client.post(
        _url(agency_a), {"action": "deactivate", "certificate": certificate.pk, "confirm": "on"}
    )

    assert unconfirmed.status_code == 422
    assert confirmed.status_code == 302
    certificate.refresh_from_db()
    assert not certificate.is_active
    assert bytes(certificate.sealed_key) == b""
    assert AuditEvent.objects.filter(action="signing_certificate.deactivated").count() == 1


def test_the_password_and_the_key_are_not_in_the_database_in_clear(
    client, agency_admin, agency_a, p12
):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12
    from django.db import connection

    client.login(username="agency-admin", password=PASSWORD)
    _upload(client, agency_a, p12, P12_PASSWORD)
    key, _, _ = pkcs12.load_key_and_certificates(p12, P12_PASSWORD.encode())
    key_der = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    table = AgencySigningCertificate._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - our own table name
        rows = cursor.fetchall()
        cursor.execute("SELECT * FROM audit_auditevent")
        rows += cursor.fetchall()
    stored = b"".join(
        bytes(value) if isinstance(value, bytes | memoryview) else str(value).encode()
        for row in rows
        for value in row
    )

    assert len(rows) >= 2
    for secret in (
        P12_PASSWORD.encode(),
        P12_PASSWORD.encode("utf-16-le"),
        p12,
        key_der,
        key_der[-64:],
    ):
        assert secret not in stored


def test_another_agencys_administrator_gets_404(client, agency_a, agency_b, django_user_model):
    from ita_tracker.agencies.models import Membership, Role

    user = django_user_model.objects.create_user(username="admin-b", password=PASSWORD)
    Membership.objects.create(user=user, agency=agency_b, role=Role.AGENCY_ADMIN)
    client.login(username="admin-b", password=PASSWORD)

    assert client.get(_url(agency_a)).status_code == 404
    assert client.get(_url(agency_b)).status_code == 200


def test_an_administrator_cannot_retire_another_agencys_certificate(
    client, agency_admin, agency_a, agency_b, p12
):
    from ita_tracker.documents.signing_service import upload_signing_certificate

    other = upload_signing_certificate(
        agency=agency_b, name="b.p12", data=p12, password=P12_PASSWORD, acting_user=None
    )
    client.login(username="agency-admin", password=PASSWORD)

    response = client.post(
        _url(agency_a), {"action": "deactivate", "certificate": other.pk, "confirm": "on"}
    )

    assert response.status_code == 404
    other.refresh_from_db()
    assert other.is_active


@pytest.mark.parametrize("persona", ["coordinator", "officer", "approver", "viewer"])
def test_members_who_are_not_administrators_get_403(client, request, persona, agency_a, p12):
    user = request.getfixturevalue(persona)
    client.force_login(user)

    assert client.get(_url(agency_a)).status_code == 403
    assert _upload(client, agency_a, p12, P12_PASSWORD).status_code == 403
    assert not AgencySigningCertificate.objects.exists()


def test_anonymous_visitors_go_to_the_login(client, agency_a):
    response = client.get(_url(agency_a))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_uploads_need_the_csrf_token(agency_admin, agency_a, p12):
    client = Client(enforce_csrf_checks=True)
    client.force_login(agency_admin)

    response = _upload(client, agency_a, p12, P12_PASSWORD)

    assert response.status_code == 403
    assert not AgencySigningCertificate.objects.exists()
