"""Signed PDFs: the seed memo signed with the agency's key validates with pyHanko's validator,
a changed byte does not, the stamp on the last page shows a QR code and Thai text, and a
PDF/A-2b memo stays PDF/A-2b."""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
import io

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import NoEncryption, pkcs12
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers

from ita_tracker.docengine import signing
from ita_tracker.docengine.errors import (
    CertificateExpiredError,
    CertificateNotYetValidError,
    CertificatePasswordError,
    KeyMismatchError,
    KeyUsageError,
    NotPkcs12Error,
    TokenError,
)
from tests.documents.helpers import page_count, pdftotext
from tests.documents.signing_helpers import Token, decode_qr, pdfa_problems, words

pytestmark = pytest.mark.soffice

URL = "http://127.0.0.1:8600/verify/TP-2566-R1-v1"
SIGNED_AT = dt.datetime(2023, 4, 3, 10, 30, tzinfo=dt.UTC)
STAMP = signing.Stamp(
    verification_url=URL,
    agency_name="เทศบาลตำบลท่าแพ",
    document_code="TP-2566-R1-v1",
    signed_at=dt.datetime.now(dt.UTC),
)


@pytest.fixture(scope="module")
def signer(agency_p12: bytes) -> signing.Pkcs12Signer:
    return signing.load_pkcs12(agency_p12, None)


@pytest.fixture(scope="module")
def signed(seed_pdf: bytes, signer: signing.Pkcs12Signer) -> bytes:
    return signing.sign_pdf(seed_pdf, signer, stamp=STAMP)


def test_it_signs_the_seed_and_pyhanko_validates_it(
    seed_pdf: bytes, signed: bytes, signer: signing.Pkcs12Signer
) -> None:
    report = signing.validate_signed_pdf(signed, trust_roots=[signer.certificate.der])

    assert report.signed
    assert report.intact
    assert report.valid
    assert report.trusted
    assert report.covers_whole_document
    assert not report.modified_after_signing
    assert report.ok
    assert report.signer_common_name == "เทศบาลตำบลท่าแพ"
    assert report.signer_sha256 == signer.certificate.sha256
    assert report.signing_time is not None
    # An incremental update: the memo's own bytes are untouched.
    assert signed.startswith(seed_pdf)
    assert page_count(signed) == page_count(seed_pdf)


def test_it_is_valid_but_not_trusted_without_the_agency_root(signed: bytes) -> None:
    report = signing.validate_signed_pdf(signed)

    assert report.valid
    assert not report.trusted
    assert not report.ok


def test_a_changed_byte_makes_it_invalid(
    seed_pdf: bytes, signed: bytes, signer: signing.Pkcs12Signer
) -> None:
    tampered = bytearray(signed)
    tampered[len(seed_pdf) // 2] ^= 0x01  # inside the memo's own content

    report = signing.validate_signed_pdf(bytes(tampered), trust_roots=[signer.certificate.der])

    assert report.signed
    assert not report.intact
    assert not report.valid
    assert not report.ok


def test_a_change_appended_after_signing_is_reported(
    signed: bytes, signer: signing.Pkcs12Signer
) -> None:
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    writer.root["/Lang"] = writer.root["/Lang"]  # any update: a new revision
    writer.update_root()
    changed = io.BytesIO()
    writer.write(changed)

    report = signing.validate_signed_pdf(changed.getvalue(), trust_roots=[signer.certificate.der])

    assert report.intact
    assert report.modified_after_signing
    assert not report.covers_whole_document
    assert not report.ok


def test_an_unsigned_or_broken_file_gets_a_report_not_an_error(seed_pdf: bytes) -> None:
    unsigned = signing.validate_signed_pdf(seed_pdf)
    broken = signing.validate_signed_pdf(b"not a pdf at all")

    assert not unsigned.signed
    assert "no signature" in unsigned.problem
    assert not broken.signed
    assert "cannot be read" in broken.problem


def test_it_signs_and_checks_inside_a_running_event_loop(
    seed_pdf: bytes, signer: signing.Pkcs12Signer
) -> None:
    # pyHanko's synchronous API calls asyncio.run(), which refuses inside a running loop (an
    # async view, an asyncio worker, Playwright's sync API earlier in the same test session).
    async def in_a_loop() -> signing.SignatureReport:
        pdf = signing.sign_pdf(seed_pdf, signer, stamp=STAMP)
        return signing.validate_signed_pdf(pdf, trust_roots=[signer.certificate.der])

    # In a thread of its own: this test session may already run a loop in the main thread.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        assert pool.submit(asyncio.run, in_a_loop()).result().ok


def test_the_stamp_is_on_the_last_page_and_its_qr_decodes_to_the_url(
    signed: bytes, seed_pdf: bytes
) -> None:
    last = page_count(signed)

    assert decode_qr(signed, last, resolution=150) == [URL]  # as a 150 dpi scan
    assert decode_qr(signed, 1) == []
    assert decode_qr(seed_pdf, last) == []


def test_the_stamp_text_is_thai_in_the_text_layer(seed_pdf: bytes, signer: signing.Signer) -> None:
    stamp = signing.Stamp(URL, "เทศบาลตำบลท่าแพ", "TP-2566-R1-v1", signed_at=SIGNED_AT)
    # Signing "in 2023" needs a certificate valid then.
    old = signing.load_pkcs12(
        signing.make_self_signed_p12("ท่าแพ", "ท่าแพ", not_before=SIGNED_AT - dt.timedelta(1)),
        None,
        at=SIGNED_AT,
    )
    pdf = signing.sign_pdf(seed_pdf, old, stamp=stamp)
    last = page_count(pdf)

    lines = pdftotext(pdf, "-f", str(last), "-l", str(last)).splitlines()

    assert "เทศบาลตำบลท่าแพ" in lines
    assert "ลงนามอิเล็กทรอนิกส์ / digitally signed" in lines
    assert "วันที่ ๓ เมษายน ๒๕๖๖" in lines
    assert "รหัสเอกสาร TP-2566-R1-v1" in lines


def test_the_stamp_covers_none_of_the_memo_text(seed_pdf: bytes, signed: bytes) -> None:
    last = page_count(signed)
    page_height = 841.89
    x1, y1, x2, y2 = signing.stamp_box((0, 0, 595.304, page_height))
    stamp_top_from_top = page_height - y2
    memo_words = words(seed_pdf, last)
    stamp_words = [w for w in words(signed, last) if w not in memo_words]

    assert memo_words
    assert stamp_words
    assert all(w.y_max < stamp_top_from_top for w in memo_words)
    assert all(w.y_min >= stamp_top_from_top - 1 for w in stamp_words)
    assert all(x1 - 1 <= w.x_min and w.x_max <= x2 + 1 for w in stamp_words)
    assert y1 >= 0
    assert y2 < signing.BOTTOM_MARGIN


def test_a_pdfa_2b_memo_stays_pdfa_2b(seed_pdfa: bytes, signer: signing.Pkcs12Signer) -> None:
    assert pdfa_problems(seed_pdfa) == []  # the input is what LibreOffice calls PDF/A-2b

    signed = signing.sign_pdf(seed_pdfa, signer, stamp=STAMP)

    assert pdfa_problems(signed) == []
    assert signing.validate_signed_pdf(signed, trust_roots=[signer.certificate.der]).ok


def test_the_check_is_no_rubber_stamp(seed_pdf: bytes, seed_pdfa: bytes, signer) -> None:
    # pyHanko on its own appends its name to the Info /Producer but writes only its name to
    # the XMP (sign_pdf aligns the two); and a plain PDF has no PDF/A identification at all.
    writer = IncrementalPdfFileWriter(io.BytesIO(seed_pdfa))
    output = io.BytesIO()
    with signer.pyhanko_signer() as backend, concurrent.futures.ThreadPoolExecutor(1) as pool:
        # pyHanko's sync API runs asyncio.run(): in a thread, as Playwright may hold this one.
        pool.submit(
            signers.sign_pdf,
            writer,
            signers.PdfSignatureMetadata(field_name="Plain"),
            backend,
            output=output,
        ).result()

    assert any("Info /Producer" in p for p in pdfa_problems(output.getvalue()))
    assert any("pdfaid" in p for p in pdfa_problems(seed_pdf))


# -- PKCS#11 (SoftHSM2) ----------------------------------------------------------------------
def test_it_signs_with_a_key_on_a_pkcs11_token(seed_pdf: bytes, softhsm_token: Token) -> None:
    config = signing.Pkcs11Config(
        module=softhsm_token.module,
        token_label=softhsm_token.label,
        key_label=softhsm_token.key_label,
    )
    token_signer = signing.Pkcs11Signer(config, softhsm_token.pin)

    pdf = signing.sign_pdf(seed_pdf, token_signer, stamp=STAMP)
    report = signing.validate_signed_pdf(pdf, trust_roots=[token_signer.certificate.der])

    assert report.ok
    assert (
        token_signer.certificate.sha256
        == signing.load_pkcs12(softhsm_token.p12, None).certificate.sha256
    )


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"pin": "000000"}, "cannot open PKCS#11 token"),
        ({"token_label": "no-such-token"}, "cannot open PKCS#11 token"),
        ({"key_label": "no-such-key"}, "not found on the token"),
    ],
)
def test_it_explains_what_is_wrong_with_the_token(
    softhsm_token: Token, change: dict[str, str], expected: str
) -> None:
    values = {
        "module": softhsm_token.module,
        "token_label": softhsm_token.label,
        "key_label": softhsm_token.key_label,
        "pin": softhsm_token.pin,
    }
    values.update(change)
    pin = values.pop("pin")

    with pytest.raises(TokenError) as caught:
        signing.Pkcs11Signer(signing.Pkcs11Config(**values), pin)

    assert expected in caught.value.message_en
    assert caught.value.message_th


# -- refusals ------------------------------------------------------------------------------
def test_it_refuses_a_wrong_password() -> None:
    p12 = signing.make_self_signed_p12("ท่าแพ", "ท่าแพ", password="right")

    with pytest.raises(CertificatePasswordError) as caught:
        signing.load_pkcs12(p12, "wrong")

    assert caught.value.field == "password"
    assert str(caught.value).startswith("รหัสผ่าน")


def test_it_refuses_a_file_that_is_not_pkcs12(seed_pdf: bytes) -> None:
    with pytest.raises(NotPkcs12Error) as caught:
        signing.load_pkcs12(seed_pdf, "x")

    assert caught.value.field == "file"
    assert "PKCS#12" in caught.value.message_en


def test_it_refuses_an_expired_certificate() -> None:
    start = dt.datetime.now(dt.UTC) - dt.timedelta(days=400)
    p12 = signing.make_self_signed_p12("ท่าแพ", "ท่าแพ", not_before=start, days=365)

    with pytest.raises(CertificateExpiredError) as caught:
        signing.load_pkcs12(p12, None)

    assert "หมดอายุ" in caught.value.message_th
    assert "expired" in caught.value.message_en


def test_it_refuses_a_certificate_not_valid_yet() -> None:
    start = dt.datetime.now(dt.UTC) + dt.timedelta(days=10)
    p12 = signing.make_self_signed_p12("ท่าแพ", "ท่าแพ", not_before=start)

    with pytest.raises(CertificateNotYetValidError):
        signing.load_pkcs12(p12, None)


def test_it_refuses_a_certificate_that_may_not_sign() -> None:
    p12 = signing.make_self_signed_p12("ท่าแพ", "ท่าแพ", key_usage_sign=False)

    with pytest.raises(KeyUsageError):
        signing.load_pkcs12(p12, None)


def test_it_refuses_a_key_that_is_not_the_certificates(agency_p12: bytes) -> None:
    _, cert, _ = pkcs12.load_key_and_certificates(agency_p12, None)
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    mixed = pkcs12.serialize_key_and_certificates(b"x", other_key, None, [cert], NoEncryption())

    with pytest.raises(KeyMismatchError):
        signing.load_pkcs12(mixed, None)


def test_it_refuses_to_sign_after_the_certificate_expired(
    seed_pdf: bytes, signer: signing.Pkcs12Signer
) -> None:
    later = signer.certificate.not_after + dt.timedelta(days=1)
    stamp = signing.Stamp(URL, "เทศบาลตำบลท่าแพ", "X", signed_at=later)

    with pytest.raises(CertificateExpiredError):
        signing.sign_pdf(seed_pdf, signer, stamp=stamp)


# -- keys kept sealed by the installation ------------------------------------------------------
def test_a_sealed_key_reads_back_as_the_uploaded_key_and_certificate(
    signer: signing.Pkcs12Signer,
) -> None:
    again = signing.load_sealed_pkcs12(signer.to_pkcs12())

    assert again.certificate == signer.certificate
    assert again._key.private_numbers() == signer._key.private_numbers()  # type: ignore[union-attr]


def test_a_sealed_key_whose_certificate_expired_is_refused() -> None:
    start = dt.datetime.now(dt.UTC) - dt.timedelta(days=10)
    p12 = signing.make_self_signed_p12("ท่าแพ", "ท่าแพ", not_before=start, days=5)
    sealed = signing.load_pkcs12(p12, None, at=start + dt.timedelta(days=1)).to_pkcs12()

    with pytest.raises(CertificateExpiredError):
        signing.load_sealed_pkcs12(sealed)


def test_a_file_not_in_the_sealed_form_gets_every_check(agency_p12: bytes) -> None:
    with pytest.raises(CertificatePasswordError):
        signing.load_sealed_pkcs12(signing.make_self_signed_p12("ท", "ท", password="x"))
    _, cert, _ = pkcs12.load_key_and_certificates(agency_p12, None)
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    mixed = pkcs12.serialize_key_and_certificates(b"x", other_key, None, [cert], NoEncryption())
    with pytest.raises(KeyMismatchError):
        signing.load_sealed_pkcs12(mixed)
