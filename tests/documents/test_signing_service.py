"""What the issuing code gets from ``signer_for``, key rotation, and the demo certificate."""

from __future__ import annotations

import datetime as dt
import io
import logging

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command

from ita_tracker.docengine import signing
from ita_tracker.docengine.errors import TokenError
from ita_tracker.documents import signing_service
from ita_tracker.documents.models import AgencySigningCertificate
from ita_tracker.lib.key_wrap import KeyWrapError
from tests.documents.signing_helpers import Token

STAMP = signing.Stamp("http://127.0.0.1:8600/verify/X-1", "เทศบาลตำบลท่าแพ", "X-1")


def _upload(agency, p12: bytes) -> AgencySigningCertificate:
    return signing_service.upload_signing_certificate(
        agency=agency, name="a.p12", data=p12, password="", acting_user=None
    )


def test_signer_for_signs_with_the_agencys_active_certificate(agency_a, agency_p12, seed_pdf):
    certificate = _upload(agency_a, agency_p12)

    signer = signing_service.signer_for(agency_a)

    assert signer is not None
    assert signer.certificate.sha256 == certificate.sha256
    pdf = signing.sign_pdf(seed_pdf, signer, stamp=STAMP)
    report = signing.validate_signed_pdf(pdf, trust_roots=signing_service.known_certificates())
    assert report.ok
    assert signing_service.certificate_with_fingerprint(report.signer_sha256).agency == agency_a


def test_sign_for_agency_signs_or_says_it_did_not(agency_a, agency_b, agency_p12, seed_pdf):
    certificate = _upload(agency_a, agency_p12)

    signed = signing_service.sign_for_agency(agency_a, seed_pdf, stamp=STAMP)
    unsigned = signing_service.sign_for_agency(agency_b, seed_pdf, stamp=STAMP)

    assert signed.signed
    assert signed.certificate_sha256 == certificate.sha256
    assert signing.validate_signed_pdf(signed.data, trust_roots=[certificate.certificate_der]).ok
    assert not unsigned.signed
    assert unsigned.data == seed_pdf


def test_signer_for_is_none_without_a_certificate(agency_a, caplog):
    with caplog.at_level(logging.WARNING):
        assert signing_service.signer_for(agency_a) is None

    assert "no signing certificate" in caplog.text


def test_signer_for_is_none_once_the_certificate_has_expired(agency_a, agency_p12, caplog):
    certificate = _upload(agency_a, agency_p12)
    later = certificate.not_after + dt.timedelta(days=1)

    with caplog.at_level(logging.WARNING):
        assert signing_service.signer_for(agency_a, at=later) is None

    assert "expired" in caplog.text
    status = signing_service.signing_status(agency_a, now=later)
    assert status.expired


def test_the_sealed_key_opens_only_for_its_own_agency(agency_a, agency_b, agency_p12):
    certificate = _upload(agency_a, agency_p12)
    AgencySigningCertificate.objects.filter(pk=certificate.pk).update(is_active=False)
    copy = AgencySigningCertificate.objects.get(pk=certificate.pk)
    copy.pk = None
    copy.agency = agency_b
    copy.is_active = True
    copy.save()  # a database intruder copies agency A's key into agency B's row

    with pytest.raises(KeyWrapError):
        signing_service.signer_for(agency_b)


def test_signer_for_uses_the_pkcs11_token_when_configured(
    agency_a, settings, softhsm_token: Token, monkeypatch, seed_pdf
):
    settings.PKCS11_MODULE = softhsm_token.module
    settings.PKCS11_TOKEN_LABEL = softhsm_token.label
    settings.PKCS11_KEY_LABEL = softhsm_token.key_label
    monkeypatch.setenv("PKCS11_PIN", softhsm_token.pin)

    signer = signing_service.signer_for(agency_a)

    assert isinstance(signer, signing.Pkcs11Signer)
    pdf = signing.sign_pdf(seed_pdf, signer, stamp=STAMP)
    assert signing.validate_signed_pdf(pdf, trust_roots=[signer.certificate.der]).ok
    assert signing_service.signing_status(agency_a).source == "pkcs11"


def test_a_configured_token_that_fails_is_an_error_not_an_unsigned_document(
    agency_a, settings, softhsm_token: Token, monkeypatch
):
    settings.PKCS11_MODULE = softhsm_token.module
    settings.PKCS11_TOKEN_LABEL = softhsm_token.label
    settings.PKCS11_KEY_LABEL = softhsm_token.key_label
    monkeypatch.setenv("PKCS11_PIN", "wrong-pin")

    with pytest.raises(TokenError):
        signing_service.signer_for(agency_a)


def test_reseal_moves_keys_to_a_new_key_encryption_key(agency_a, agency_p12, settings):
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.SIGNING_KEY_ENCRYPTION_KEYS = [old_key]
    _upload(agency_a, agency_p12)
    settings.SIGNING_KEY_ENCRYPTION_KEYS = [new_key, old_key]
    dry, out = io.StringIO(), io.StringIO()

    call_command("reseal_signing_keys", "--dry-run", stdout=dry)
    call_command("reseal_signing_keys", stdout=out)
    settings.SIGNING_KEY_ENCRYPTION_KEYS = [new_key]  # the old key is gone

    assert "would re-encrypt 1 of 1" in dry.getvalue()
    assert "re-encrypted 1 of 1" in out.getvalue()
    assert signing_service.signer_for(agency_a) is not None


def test_reseal_without_the_old_key_fails_and_changes_nothing(agency_a, agency_p12, settings):
    settings.SIGNING_KEY_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    certificate = _upload(agency_a, agency_p12)
    settings.SIGNING_KEY_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]

    with pytest.raises(CommandError, match="keep the old key"):
        call_command("reseal_signing_keys", stdout=io.StringIO())

    certificate.refresh_from_db()
    assert bytes(certificate.sealed_key)


def test_changing_secret_key_keeps_keys_usable_through_the_fallbacks(
    agency_a, agency_p12, settings
):
    settings.SIGNING_KEY_ENCRYPTION_KEYS = []
    old_secret = settings.SECRET_KEY
    _upload(agency_a, agency_p12)
    settings.SECRET_KEY = "a-new-secret-key-" + "x" * 40
    settings.SECRET_KEY_FALLBACKS = [old_secret]

    call_command("reseal_signing_keys", stdout=io.StringIO())
    settings.SECRET_KEY_FALLBACKS = []

    assert signing_service.signer_for(agency_a) is not None


def test_the_demo_gives_tha_phae_one_self_signed_certificate(db):
    from ita_tracker.demo import load_demo

    first = load_demo()
    second = load_demo()

    certificates = AgencySigningCertificate.objects.filter(agency__slug="thaphae")
    assert first.certificate_created
    assert not second.certificate_created
    assert certificates.count() == 1
    assert certificates.get().is_self_signed
    assert signing_service.signer_for(certificates.get().agency) is not None
