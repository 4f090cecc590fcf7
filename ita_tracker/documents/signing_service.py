"""The agency's signing certificate: upload, replace, retire; and the signer used at issue time.

``signer_for(agency)`` is what the issuing code calls: the installation's PKCS#11 token when one
is configured, else the agency's active uploaded certificate, else None (the document is issued
unsigned and a warning is logged). Keys are sealed under the key-encryption keys of
:func:`encryption_keys` (ADR 0008).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ita_tracker.agencies.access import authorize
from ita_tracker.audit.services import record
from ita_tracker.docengine import signing
from ita_tracker.docengine.errors import CertificateValidityError, SigningError
from ita_tracker.documents.models import AgencySigningCertificate
from ita_tracker.lib import key_wrap

logger = logging.getLogger(__name__)

KEY_PURPOSE = "agency signing keys v1"
EXPIRY_WARNING_DAYS = 30


class CertificateFileTooBig(SigningError):
    field = "file"


# -- the key-encryption keys -------------------------------------------------------------------
def encryption_keys() -> list[bytes]:
    """SIGNING_KEY_ENCRYPTION_KEYS, or keys derived from SECRET_KEY and its fallbacks."""
    configured = settings.SIGNING_KEY_ENCRYPTION_KEYS
    if configured:
        return [key_wrap.check_key(k) for k in configured]
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [key_wrap.derive_key(s, KEY_PURPOSE) for s in secrets]


def _context(agency_id: int) -> str:
    return f"agency:{agency_id}"


def _seal(p12: bytes, agency_id: int) -> bytes:
    return key_wrap.seal(p12, keys=encryption_keys(), context=_context(agency_id))


def _unseal(certificate: AgencySigningCertificate) -> bytes:
    return key_wrap.unseal(
        bytes(certificate.sealed_key),
        keys=encryption_keys(),
        context=_context(certificate.agency_id),
    )


# -- writes ------------------------------------------------------------------------------------
def _retire(certificate: AgencySigningCertificate, now: dt.datetime) -> None:
    certificate.is_active = False
    certificate.sealed_key = b""  # the key is gone; the public facts stay for verification
    certificate.retired_at = now
    certificate.save(update_fields=["is_active", "sealed_key", "retired_at"])


@transaction.atomic
def upload_signing_certificate(
    *, agency: Any, name: str, data: bytes, password: str, acting_user: Any
) -> AgencySigningCertificate:
    """Check a PKCS#12 file and make it the agency's signing certificate.

    Raises a SigningError subclass whose ``field`` says which input is wrong ("file":
    too big, not PKCS#12, expired or not yet valid, key does not match, may not sign;
    "password": wrong password); nothing changes then. The previous certificate is retired
    (its key wiped). Side effect: a ``signing_certificate.uploaded`` audit row.
    """
    authorize(acting_user, agency, "manage_signing")
    limit = settings.SIGNING_CERTIFICATE_MAX_KB
    if len(data) > limit * 1024:
        raise CertificateFileTooBig(
            f"ไฟล์ใบรับรองใหญ่เกิน {limit} KB", f"the certificate file is larger than {limit} KB"
        )
    signer = signing.load_pkcs12(data, password)
    info = signer.certificate
    now = timezone.now()
    previous = list(
        AgencySigningCertificate.objects.select_for_update().filter(agency=agency, is_active=True)
    )
    for old in previous:
        _retire(old, now)
    certificate = AgencySigningCertificate.objects.create(
        agency=agency,
        sealed_key=_seal(signer.to_pkcs12(), agency.pk),
        certificate_der=info.der,
        subject=info.subject[:1000],
        common_name=info.common_name[:500],
        issuer=info.issuer[:1000],
        serial=info.serial[:100],
        not_before=info.not_before,
        not_after=info.not_after,
        sha256=info.sha256,
        original_name=name[:255],
        uploaded_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )
    record(
        acting_user=acting_user,
        action="signing_certificate.uploaded",
        obj=certificate,
        agency=agency,
        before={"certificate": previous[0].pk, "sha256": previous[0].sha256} if previous else None,
        after={"subject": info.subject, "sha256": info.sha256, "not_after": info.not_after},
    )
    return certificate


@transaction.atomic
def deactivate_signing_certificate(
    *, certificate: AgencySigningCertificate, acting_user: Any
) -> None:
    """Stop signing with this certificate and wipe its key. Issued documents stay signed and
    verifiable. Side effect: a ``signing_certificate.deactivated`` audit row."""
    authorize(acting_user, certificate.agency, "manage_signing")
    certificate = AgencySigningCertificate.objects.select_for_update().get(pk=certificate.pk)
    if not certificate.is_active:
        return
    _retire(certificate, timezone.now())
    record(
        acting_user=acting_user,
        action="signing_certificate.deactivated",
        obj=certificate,
        agency=certificate.agency,
        before={"is_active": True},
        after={"is_active": False, "sha256": certificate.sha256},
    )


@dataclass(frozen=True)
class ResealSummary:
    total: int
    resealed: int


@transaction.atomic
def reseal_signing_keys(*, dry_run: bool = False) -> ResealSummary:
    """Re-encrypt every stored key under the first key-encryption key (after a rotation).

    Raises key_wrap.KeyWrapError, changing nothing, when some key opens with none of the
    configured keys. No audit row: no agency's data changes, only its encryption.
    """
    keys = encryption_keys()
    rows = list(
        AgencySigningCertificate.objects.select_for_update().exclude(sealed_key=b"").order_by("pk")
    )
    resealed = 0
    for row in rows:
        token = bytes(row.sealed_key)
        if key_wrap.sealed_with_first_key(token, keys=keys):
            continue
        new_token = key_wrap.reseal(token, keys=keys)
        resealed += 1
        if not dry_run:
            row.sealed_key = new_token
            row.save(update_fields=["sealed_key"])
    return ResealSummary(total=len(rows), resealed=resealed)


# -- reads -------------------------------------------------------------------------------------
def active_certificate(agency: Any) -> AgencySigningCertificate | None:
    return AgencySigningCertificate.objects.filter(agency=agency, is_active=True).first()


def pkcs11_config() -> signing.Pkcs11Config | None:
    """The installation's PKCS#11 token from settings, or None when none is configured."""
    if not settings.PKCS11_MODULE:
        return None
    return signing.Pkcs11Config(
        module=settings.PKCS11_MODULE,
        token_label=settings.PKCS11_TOKEN_LABEL,
        key_label=settings.PKCS11_KEY_LABEL,
        cert_label=settings.PKCS11_CERT_LABEL,
    )


def signer_for(agency: Any, *, at: dt.datetime | None = None) -> signing.Signer | None:
    """The key that signs ``agency``'s issued PDFs now (or ``at``), or None to issue unsigned.

    PKCS#11 when configured (the PIN from the environment variable PKCS11_PIN): a token that
    cannot be used raises TokenError, so a configured installation never issues unsigned
    documents by accident. Otherwise the agency's active certificate; None, with a warning in
    the log, when it has none or it has expired.
    """
    config = pkcs11_config()
    if config is not None:
        return signing.Pkcs11Signer(config, os.environ.get("PKCS11_PIN", ""))
    certificate = active_certificate(agency)
    if certificate is None:
        logger.warning("agency %s has no signing certificate: issuing unsigned", agency.slug)
        return None
    try:
        return signing.load_sealed_pkcs12(_unseal(certificate), at=at)
    except CertificateValidityError as exc:
        logger.warning("agency %s: %s: issuing unsigned", agency.slug, exc.message_en)
        return None


@dataclass(frozen=True)
class SignedPdf:
    """The result of :func:`sign_for_agency`: the PDF, and whether (and with what) it is signed."""

    data: bytes
    signed: bool
    certificate_sha256: str = ""  # of the signer's certificate, when signed
    signer_name: str = ""  # the certificate's common name (else its subject), when signed

    @property
    def signed_by(self) -> str:
        """Who signed, as issued documents record it: name and certificate fingerprint."""
        return f"{self.signer_name} · SHA-256 {self.certificate_sha256}" if self.signed else ""


def sign_for_agency(agency: Any, pdf: bytes, *, stamp: signing.Stamp) -> SignedPdf:
    """``pdf`` signed with :func:`signer_for`'s key (and SIGNING_TIMESTAMP_URL when set), or
    unchanged with ``signed`` False when the agency has no usable certificate.

    Raises the engine's SigningError subclasses (TokenError for a broken PKCS#11 token). Pure
    computation: no database writes; the caller stores the bytes and their hash.
    """
    signer = signer_for(agency, at=stamp.signed_at)
    if signer is None:
        return SignedPdf(pdf, signed=False)
    data = signing.sign_pdf(pdf, signer, stamp=stamp, timestamp_url=settings.SIGNING_TIMESTAMP_URL)
    info = signer.certificate
    return SignedPdf(
        data,
        signed=True,
        certificate_sha256=info.sha256,
        signer_name=info.common_name or info.subject,
    )


@dataclass(frozen=True)
class SigningStatus:
    """What the certificate page shows: where signatures come from and what needs doing."""

    source: str  # "pkcs11", "certificate" or "none"
    certificate: AgencySigningCertificate | None
    days_left: int | None
    expired: bool
    expires_soon: bool


def signing_status(agency: Any, *, now: dt.datetime | None = None) -> SigningStatus:
    now = now or timezone.now()
    certificate = active_certificate(agency)
    if pkcs11_config() is not None:
        return SigningStatus("pkcs11", certificate, None, False, False)
    if certificate is None:
        return SigningStatus("none", None, None, False, False)
    days_left = (certificate.not_after - now).days
    expired = certificate.not_after <= now
    return SigningStatus(
        "certificate",
        certificate,
        days_left,
        expired,
        not expired and days_left < EXPIRY_WARNING_DAYS,
    )


def known_certificates() -> list[bytes]:
    """Every certificate any agency signed with (active or retired), as DER: the trust roots a
    verification page gives :func:`~ita_tracker.docengine.signing.validate_signed_pdf`."""
    return [
        bytes(der)
        for der in AgencySigningCertificate.objects.order_by("pk").values_list(
            "certificate_der", flat=True
        )
    ]


def certificate_with_fingerprint(sha256: str) -> AgencySigningCertificate | None:
    """The uploaded certificate a signature was made with (``SignatureReport.signer_sha256``)."""
    return (
        AgencySigningCertificate.objects.select_related("agency")
        .filter(sha256=sha256.lower())
        .order_by("-uploaded_at")
        .first()
    )
