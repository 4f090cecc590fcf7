"""Digital signatures on issued PDFs (PAdES), with a visible stamp anyone can check.

:func:`sign_pdf` adds a PAdES baseline signature (B-B; B-T when a timestamp server is given)
as an incremental update, so the bytes of the input stay as they were (a PDF/A-2b input stays
PDF/A-2b). The signature's widget on the last page shows a stamp: a QR code of the verification
URL and four lines of Thai text (agency, "ลงนามอิเล็กทรอนิกส์ / digitally signed", date, document
code) in an embedded subset of the project's Laksaman PSK font.

Keys come from a PKCS#12 file (:func:`load_pkcs12`) or a PKCS#11 token (:class:`Pkcs11Signer`).
:func:`validate_signed_pdf` checks a signed PDF with pyHanko's validator.

No Django here (ADR 0005): callers pass bytes, passwords and settings in.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import datetime as dt
import functools
import hashlib
import io
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from asn1crypto import pkcs12 as asn1_pkcs12
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils import layout
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError as PyHankoSigningError
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko.stamp import QRPosition, QRStampStyle
from pyhanko_certvalidator import ValidationContext

from ita_tracker.docengine import fonts
from ita_tracker.docengine.errors import (
    CertificateExpiredError,
    CertificateNotYetValidError,
    CertificatePasswordError,
    KeyMismatchError,
    KeyUsageError,
    NotPkcs12Error,
    SigningError,
    TokenError,
)
from ita_tracker.lib.thai_dates import format_date

logger = logging.getLogger(__name__)
T = TypeVar("T")

BANGKOK = ZoneInfo("Asia/Bangkok")
FIELD_NAME = "ITATrackerSignature"
SIGNED_TEXT = "ลงนามอิเล็กทรอนิกส์ / digitally signed"

# -- where the stamp goes ----------------------------------------------------------------------
# Thai memos keep a 2 cm bottom margin (thai-documents.md item 9) and print page numbers at the
# top (item 14): the bottom margin is the one band of the last page no memo text or signature
# block enters. The stamp fills it in the right half, under the signature blocks (item 21).
CM = 72 / 2.54
BOTTOM_MARGIN = 2 * CM
RIGHT_MARGIN = 2 * CM
STAMP_WIDTH = 250.0
STAMP_GAP = 3.0  # from the paper's edge and from the margin line
STAMP_HEIGHT = BOTTOM_MARGIN - 2 * STAMP_GAP
STAMP_FONT_SIZE = 12  # Laksaman PSK (TH SarabunPSK metrics) points
STAMP_LEADING = 11


@dataclass(frozen=True)
class Stamp:
    """What the visible stamp shows. ``signed_at`` defaults to now (the date is shown in
    Bangkok time); ``thai_digits`` follows the agency's document setting."""

    verification_url: str
    agency_name: str
    document_code: str
    signed_at: dt.datetime | None = None
    thai_digits: bool = True

    def lines(self, at: dt.datetime) -> list[str]:
        day = format_date(at.astimezone(BANGKOK).date(), thai_digits=self.thai_digits)
        return [
            self.agency_name,
            SIGNED_TEXT,
            f"วันที่ {day}",
            f"รหัสเอกสาร {self.document_code}",
        ]


def stamp_box(page_box: tuple[float, float, float, float]) -> tuple[int, int, int, int]:
    """The stamp's rectangle (x1, y1, x2, y2) in the bottom margin of a page with this box."""
    x0, y0, x1, _ = page_box
    right = x1 - RIGHT_MARGIN
    left = max(x0 + STAMP_GAP, right - STAMP_WIDTH)
    bottom = y0 + STAMP_GAP
    return (round(left), round(bottom), round(right), round(bottom + STAMP_HEIGHT))


# -- certificates ------------------------------------------------------------------------------
@dataclass(frozen=True)
class CertificateInfo:
    """The facts of a certificate that screens and the database keep."""

    subject: str
    common_name: str
    organisation: str
    issuer: str
    serial: str  # hex
    not_before: dt.datetime
    not_after: dt.datetime
    sha256: str  # of the DER encoding, hex
    der: bytes

    @classmethod
    def of(cls, cert: x509.Certificate) -> CertificateInfo:
        der = cert.public_bytes(serialization.Encoding.DER)
        return cls(
            subject=cert.subject.rfc4514_string(),
            common_name=_name_part(cert.subject, NameOID.COMMON_NAME),
            organisation=_name_part(cert.subject, NameOID.ORGANIZATION_NAME),
            issuer=cert.issuer.rfc4514_string(),
            serial=format(cert.serial_number, "X"),
            not_before=cert.not_valid_before_utc,
            not_after=cert.not_valid_after_utc,
            sha256=hashlib.sha256(der).hexdigest(),
            der=der,
        )

    @property
    def self_signed(self) -> bool:
        return self.subject == self.issuer


def _name_part(name: x509.Name, oid: x509.ObjectIdentifier) -> str:
    values = name.get_attributes_for_oid(oid)
    return str(values[0].value) if values else ""


def _when(moment: dt.datetime) -> str:
    return format_date(moment.astimezone(BANGKOK).date(), thai_digits=False)


def check_certificate(cert: x509.Certificate, at: dt.datetime | None = None) -> None:
    """Refuse a certificate that is not valid at ``at`` (default now) or may not sign.

    A KeyUsage extension, when present, must allow digitalSignature or nonRepudiation
    (contentCommitment); a certificate without the extension is not restricted (RFC 5280).
    """
    at = at or dt.datetime.now(dt.UTC)
    if at > cert.not_valid_after_utc:
        end = _when(cert.not_valid_after_utc)
        raise CertificateExpiredError(
            f"ใบรับรองหมดอายุแล้วเมื่อ {end}", f"the certificate expired on {end}"
        )
    if at < cert.not_valid_before_utc:
        start = _when(cert.not_valid_before_utc)
        raise CertificateNotYetValidError(
            f"ใบรับรองยังไม่เริ่มใช้งาน (ใช้ได้ตั้งแต่ {start})",
            f"the certificate is not valid yet (valid from {start})",
        )
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return
    if not (usage.digital_signature or usage.content_commitment):
        raise KeyUsageError(
            "ใบรับรองนี้ไม่อนุญาตให้ใช้ลงลายมือชื่อดิจิทัล (key usage ไม่มี digitalSignature หรือ nonRepudiation)",
            "the certificate's key usage allows no signing (neither digitalSignature nor "
            "nonRepudiation)",
        )


def _public_der(public_key: Any) -> bytes:
    return bytes(
        public_key.public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )


# -- signers -----------------------------------------------------------------------------------
class Signer:
    """A key that can sign, with its certificate. Use :func:`load_pkcs12` or
    :class:`Pkcs11Signer`; :func:`sign_pdf` takes either."""

    certificate: CertificateInfo

    def check(self, at: dt.datetime | None = None) -> None:
        check_certificate(x509.load_der_x509_certificate(self.certificate.der), at)

    def pyhanko_signer(self) -> contextlib.AbstractContextManager[signers.Signer]:
        raise NotImplementedError

    def bytes_to_reserve(self) -> int | None:
        """Room for the signature container, or None to let pyHanko measure it with a dry run
        (which costs as much as a second signature)."""
        return None


class Pkcs12Signer(Signer):
    """A private key and its certificate (and chain) held in memory."""

    def __init__(
        self,
        key: Any,
        cert: x509.Certificate,
        chain: Iterable[x509.Certificate] = (),
    ) -> None:
        self._key = key
        self._cert = cert
        self._chain = list(chain)
        self.certificate = CertificateInfo.of(cert)

    def bytes_to_reserve(self) -> int:
        # The CMS container holds the certificates, the signature and a few attributes.
        certificates = sum(
            len(c.public_bytes(serialization.Encoding.DER)) for c in [self._cert, *self._chain]
        )
        return 4096 + 2 * certificates

    def to_pkcs12(self) -> bytes:
        """The key, certificate and chain as a PKCS#12 file without a password, to be stored
        only inside an encrypted envelope (the web app seals it with its key-encryption key)."""
        return pkcs12.serialize_key_and_certificates(
            b"ita-tracker", self._key, self._cert, self._chain or None, serialization.NoEncryption()
        )

    @contextlib.contextmanager
    def pyhanko_signer(self) -> Iterator[signers.Signer]:
        from pyhanko.keys.internal import (
            translate_pyca_cryptography_cert_to_asn1,
            translate_pyca_cryptography_key_to_asn1,
        )
        from pyhanko_certvalidator.registry import SimpleCertificateStore

        registry = SimpleCertificateStore()
        registry.register_multiple(
            [translate_pyca_cryptography_cert_to_asn1(c) for c in self._chain]
        )
        signer = _LoadedKeySigner(
            signing_cert=translate_pyca_cryptography_cert_to_asn1(self._cert),
            signing_key=translate_pyca_cryptography_key_to_asn1(self._key),
            cert_registry=registry,
        )
        signer.loaded_key = self._key
        yield signer


class _LoadedKeySigner(signers.SimpleSigner):
    """pyHanko's SimpleSigner parses the private key again for every signature (about 100 ms
    for RSA-2048, most of the signing time); this one signs with the key already loaded."""

    loaded_key: Any = None

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15

        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
        algorithm = {
            "sha256": hashes.SHA256(),
            "sha384": hashes.SHA384(),
            "sha512": hashes.SHA512(),
        }
        chosen = algorithm.get(digest_algorithm)
        if chosen is not None and mechanism == "rsassa_pkcs1v15":
            return bytes(self.loaded_key.sign(data, PKCS1v15(), chosen))
        if chosen is not None and mechanism == "ecdsa":
            return bytes(self.loaded_key.sign(data, ec.ECDSA(chosen)))
        return bytes(super().sign_raw(data, digest_algorithm))


def load_pkcs12(
    data: bytes, password: str | bytes | None, *, at: dt.datetime | None = None
) -> Pkcs12Signer:
    """Open a PKCS#12 (.p12/.pfx) file and check that it can sign at ``at`` (default now).

    Raises NotPkcs12Error (not a PKCS#12 file, or no key or certificate in it),
    CertificatePasswordError, KeyMismatchError, CertificateExpiredError,
    CertificateNotYetValidError or KeyUsageError.
    """
    try:
        pfx = asn1_pkcs12.Pfx.load(data, strict=True)
        pfx["auth_safe"]["content_type"].native  # noqa: B018 - parses the outer structure
    except (ValueError, TypeError, KeyError):
        raise NotPkcs12Error(
            "ไฟล์นี้ไม่ใช่ไฟล์ใบรับรอง PKCS#12 (.p12 หรือ .pfx)",
            "the file is not a PKCS#12 certificate file (.p12 or .pfx)",
        ) from None
    secret = password.encode("utf-8") if isinstance(password, str) else password
    try:
        key, cert, chain = pkcs12.load_key_and_certificates(data, secret or None)
    except ValueError:
        raise CertificatePasswordError(
            "รหัสผ่านของไฟล์ใบรับรองไม่ถูกต้อง", "the password does not open this certificate file"
        ) from None
    if key is None:
        raise NotPkcs12Error(
            "ไฟล์ PKCS#12 นี้ไม่มีกุญแจส่วนตัว ต้องส่งออกใบรับรองพร้อมกุญแจส่วนตัว",
            "the PKCS#12 file holds no private key: export the certificate with its private key",
        )
    if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise NotPkcs12Error(
            "ระบบรองรับเฉพาะกุญแจแบบ RSA หรือ EC", "only RSA and EC keys are supported"
        )
    if cert is None:  # some exports do not link the key to its certificate: find it
        mine = [c for c in chain if _public_der(c.public_key()) == _public_der(key.public_key())]
        if not mine and not chain:
            raise NotPkcs12Error("ไฟล์ PKCS#12 นี้ไม่มีใบรับรอง", "the PKCS#12 file holds no certificate")
        cert = mine[0] if mine else chain[0]
        chain = [c for c in chain if c is not cert]
    if _public_der(key.public_key()) != _public_der(cert.public_key()):
        raise KeyMismatchError(
            "กุญแจส่วนตัวในไฟล์ไม่ตรงกับใบรับรอง",
            "the private key in the file does not belong to the certificate",
        )
    check_certificate(cert, at)
    return Pkcs12Signer(key, cert, chain)


def load_sealed_pkcs12(data: bytes, *, at: dt.datetime | None = None) -> Pkcs12Signer:
    """A key this installation checked with :func:`load_pkcs12` when it was uploaded and has
    kept sealed since (:meth:`Pkcs12Signer.to_pkcs12`: no password, a plain key bag).

    Read without OpenSSL's RSA key consistency check, which costs about 70 ms per RSA-2048 key
    on every issue and proves nothing new here: the key passed it at upload, and the sealed
    envelope it comes out of is authenticated (key_wrap), so its bytes are the checked ones.
    The certificate's validity at ``at`` is still checked. Anything that is not such a file
    goes through :func:`load_pkcs12`, with every check.
    """
    try:
        key_der = b""
        certificates: list[x509.Certificate] = []
        for content in asn1_pkcs12.Pfx.load(data, strict=True).authenticated_safe:
            if content["content_type"].native != "data":
                raise ValueError("encrypted safe contents")
            for bag in asn1_pkcs12.SafeContents.load(content["content"].native):
                kind = bag["bag_id"].native
                if kind == "key_bag" and not key_der:
                    key_der = bag["bag_value"].untag().dump()
                elif kind == "cert_bag":
                    der = bag["bag_value"]["cert_value"].contents
                    certificates.append(x509.load_der_x509_certificate(der))
                else:
                    raise ValueError(f"unexpected bag {kind}")
        key = serialization.load_der_private_key(key_der, None, unsafe_skip_rsa_key_validation=True)
        if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
            raise ValueError("unsupported key type")
        public = _public_der(key.public_key())
        mine = [c for c in certificates if _public_der(c.public_key()) == public]
        cert = mine[0]
    except (ValueError, TypeError, KeyError, IndexError):
        return load_pkcs12(data, None, at=at)
    check_certificate(cert, at)
    return Pkcs12Signer(key, cert, [c for c in certificates if c is not cert])


@dataclass(frozen=True)
class Pkcs11Config:
    """Where the installation's key lives on a PKCS#11 token (an HSM, a smart card, SoftHSM)."""

    module: str  # path of the PKCS#11 library, e.g. /usr/lib/softhsm/libsofthsm2.so
    token_label: str
    key_label: str
    cert_label: str = ""  # default: the key's label


class Pkcs11Signer(Signer):
    """A key that never leaves its PKCS#11 token. Each signature opens and closes a session.

    Construction opens a session once to read the certificate and to check the key is there,
    so a wrong PIN, token or label fails early with a :class:`TokenError`.
    """

    def __init__(self, config: Pkcs11Config, pin: str) -> None:
        self.config = config
        self._pin = pin
        with self.pyhanko_signer() as signer:
            token_cert = signer.signing_cert
            if token_cert is None:
                raise TokenError(
                    f"ไม่พบใบรับรอง «{config.cert_label or config.key_label}» บนโทเคน",
                    f"certificate {config.cert_label or config.key_label!r} not on the token",
                )
            cert = x509.load_der_x509_certificate(token_cert.dump())
        self.certificate = CertificateInfo.of(cert)

    @contextlib.contextmanager
    def pyhanko_signer(self) -> Iterator[signers.Signer]:
        import pkcs11
        from pyhanko.config.pkcs11 import TokenCriteria
        from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session

        config = self.config
        try:
            session = open_pkcs11_session(
                config.module,
                token_criteria=TokenCriteria(label=config.token_label),
                user_pin=self._pin,
            )
        except (pkcs11.PKCS11Error, OSError, RuntimeError) as exc:
            raise TokenError(
                f"เปิดโทเคน PKCS#11 «{config.token_label}» ไม่ได้ (ตรวจสอบโมดูล ป้ายชื่อ และ PIN)",
                f"cannot open PKCS#11 token {config.token_label!r} with {config.module}: "
                f"{type(exc).__name__} {exc}",
            ) from None
        try:
            signer = PKCS11Signer(
                session,
                key_label=config.key_label,
                cert_label=config.cert_label or config.key_label,
            )
            try:
                signer.signing_cert  # noqa: B018 - loads the key and certificate now
            except (pkcs11.PKCS11Error, PyHankoSigningError) as exc:
                raise TokenError(
                    f"ไม่พบกุญแจหรือใบรับรอง «{config.key_label}» บนโทเคน",
                    f"key or certificate {config.key_label!r} not found on the token: {exc}",
                ) from None
            yield signer
        finally:
            session.close()


# -- the stamp's font --------------------------------------------------------------------------
class _PerMilleGlyphs(GlyphAccumulator):
    """pyHanko writes glyph widths (/W) and TJ adjustments in the font's own units, which is
    right only for fonts of 1000 units per em. Laksaman PSK has 1500 (fonts.py), so this asks
    HarfBuzz for positions in 1/1000 em and scales the widths to match: viewers then place the
    glyphs where HarfBuzz did, and the widths agree with the font program (PDF/A 6.2.11.5)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._scale = 1000 / self.units_per_em
        self.hb_font.scale = (1000, 1000)
        self.units_per_em = 1000

    def _get_cid_and_width(self, glyph_id: int) -> tuple[int, int]:
        known = self._glyphs.get(glyph_id)
        if known is not None:
            return known
        glyph = self._glyph_set.get(self.tt.getGlyphName(glyph_id))
        width = round(glyph.width * self._scale) if glyph is not None else 0
        self._glyphs[glyph_id] = (glyph_id, width)
        return glyph_id, width

    def _extract_subset(self, options: Any = None) -> None:
        from fontTools import subset

        options = subset.Options(layout_closure=False)
        # Shaping is done; FontForge's FFTM table only makes fontTools log a warning.
        options.drop_tables += ["GPOS", "GDEF", "GSUB", "FFTM"]
        super()._extract_subset(options)


STAMP_CODEPOINTS = [*range(0x20, 0x7F), *range(0x0E01, 0x0E5C), 0x2013, 0x2014, 0x2019, 0x201C]


@functools.lru_cache(maxsize=4)
def _stamp_font(path: str, mtime_ns: int) -> bytes:
    """The font cut down once per process to Thai and ASCII (OpenType layout kept for
    shaping): each signature then subsets a small font instead of the whole one."""
    from fontTools import subset

    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.hinting = False
    options.drop_tables += ["FFTM"]
    font = subset.load_font(path, options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=STAMP_CODEPOINTS)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class _ThaiFont(GlyphAccumulatorFactory):
    def create_font_engine(self, writer: Any, obj_stream: Any = None) -> GlyphAccumulator:
        path = Path(self.font_file)
        data = io.BytesIO(_stamp_font(str(path), path.stat().st_mtime_ns))
        if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
            obj_stream = writer.prepare_object_stream()
        return _PerMilleGlyphs(
            writer=writer,
            font_handle=data,
            font_size=self.font_size,
            ot_script_tag="thai",
            bcp47_lang_code="th",
            obj_stream=obj_stream,
        )


def stamp_font_path() -> Path:
    """Laksaman PSK Regular from the data folder (built on first use, fonts.py)."""
    return fonts.ensure_fonts().directory / "LaksamanPSK-Regular.ttf"


def _stamp_style(lines: list[str], font_path: Path) -> QRStampStyle:
    text = "\n".join(line.replace("%", "%%") for line in lines)
    return QRStampStyle(
        stamp_text=text,
        text_box_style=TextBoxStyle(
            font=_ThaiFont(str(font_path), font_size=STAMP_FONT_SIZE),
            font_size=STAMP_FONT_SIZE,
            leading=STAMP_LEADING,
            box_layout_rule=layout.SimpleBoxLayoutRule(
                x_align=layout.AxisAlignment.ALIGN_MIN,
                y_align=layout.AxisAlignment.ALIGN_MID,
                margins=layout.Margins(left=4, right=2, top=1, bottom=1),
            ),
        ),
        qr_position=QRPosition.LEFT_OF_TEXT,
        innsep=2,
        border_width=1,
        border_color=(0.1, 0.1, 0.1),
        inner_content_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MIN,
            y_align=layout.AxisAlignment.ALIGN_MID,
            margins=layout.Margins.uniform(1),
            inner_content_scaling=layout.InnerScaling.SHRINK_TO_FIT,
        ),
    )


def _outside_event_loop(call: Callable[[], T]) -> T:
    """Run ``call`` (a pyHanko entry point that calls ``asyncio.run``) here, or in a worker
    thread when this thread already runs an event loop (an async view, a worker built on
    asyncio, Playwright's sync API in the tests), where ``asyncio.run`` would refuse."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return call()
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(call).result()


# -- signing -----------------------------------------------------------------------------------
def sign_pdf(
    pdf: bytes,
    signer: Signer,
    *,
    stamp: Stamp,
    timestamp_url: str = "",
    reason: str = "",
    location: str = "",
    font_path: Path | None = None,
) -> bytes:
    """``pdf`` with a PAdES signature by ``signer`` and ``stamp`` on its last page.

    The signature is PAdES B-B, or B-T when ``timestamp_url`` names an RFC 3161 server. The
    result is the input's bytes followed by one incremental update. Raises the certificate
    errors of :func:`check_certificate`, TokenError, or SigningError (the PDF cannot be read
    or signed).
    """
    at = stamp.signed_at or dt.datetime.now(dt.UTC)
    signer.check(at)
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        last = writer.root["/Pages"]["/Count"] - 1
        page = writer.find_page_for_modification(last)[0].get_object()
        box = [float(v) for v in (page.get("/CropBox") or page["/MediaBox"])]
    except (PdfError, KeyError, IndexError, TypeError, ValueError) as exc:
        raise SigningError(
            "อ่านไฟล์ PDF เพื่อลงนามไม่ได้", f"cannot read the PDF to sign it: {exc}"
        ) from None
    _align_producer(writer)
    timestamper = None
    if timestamp_url:
        from pyhanko.sign.timestamps import HTTPTimeStamper

        timestamper = HTTPTimeStamper(timestamp_url)
    metadata = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason or None,
        location=location or None,
    )
    field_spec = fields.SigFieldSpec(
        sig_field_name=FIELD_NAME,
        on_page=last,
        box=stamp_box(tuple(box)),  # type: ignore[arg-type]
    )
    style = _stamp_style(stamp.lines(at), font_path or stamp_font_path())
    output = io.BytesIO()
    with signer.pyhanko_signer() as backend:
        try:
            pdf_signer = signers.PdfSigner(
                metadata,
                backend,
                timestamper=timestamper,
                stamp_style=style,
                new_field_spec=field_spec,
            )
            _outside_event_loop(
                functools.partial(
                    pdf_signer.sign_pdf,
                    writer,
                    bytes_reserved=None if timestamper else signer.bytes_to_reserve(),
                    appearance_text_params={"url": stamp.verification_url},
                    output=output,
                )
            )
        except PyHankoSigningError as exc:
            raise SigningError("ลงนามไฟล์ PDF ไม่สำเร็จ", f"signing the PDF failed: {exc}") from None
    return output.getvalue()


def _align_producer(writer: IncrementalPdfFileWriter) -> None:
    """Make the Info dictionary's /Producer the one pyHanko writes into the XMP metadata.

    pyHanko sets XMP pdf:Producer to its own name but appends it to an existing Info
    /Producer ("LibreOffice 7.4; pyHanko …"); PDF/A (6.6.3) wants the two to agree.
    """
    from pyhanko.pdf_utils.generic import TextStringObject
    from pyhanko.pdf_utils.metadata.model import VENDOR

    if "/Metadata" not in writer.root or "/Info" not in writer.trailer:
        return
    info_ref = writer.trailer.raw_get("/Info")
    info = info_ref.get_object()
    if "/Producer" in info and str(info["/Producer"]) != VENDOR:
        info["/Producer"] = TextStringObject(VENDOR)
        writer.update_container(info)


# -- checking ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class SignatureReport:
    """What a signed PDF's (last) signature says, in the words a verification page shows.

    ``intact``: the signed bytes are unchanged. ``valid``: intact and the signature is the
    certificate's. ``trusted``: the certificate chains to one of the trust roots given.
    ``covers_whole_document``: nothing was appended after signing (``modified_after_signing``
    is its opposite). ``problem``: why the file could not be checked at all (Thai / English).
    """

    signed: bool
    intact: bool = False
    valid: bool = False
    trusted: bool = False
    signer_subject: str = ""
    signer_common_name: str = ""
    signer_organisation: str = ""
    signer_sha256: str = ""
    signing_time: dt.datetime | None = None
    covers_whole_document: bool = False
    modified_after_signing: bool = False
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.valid and self.trusted and self.covers_whole_document


def _asn1_cert(cert: x509.Certificate | bytes) -> asn1_x509.Certificate:
    der = cert if isinstance(cert, bytes) else cert.public_bytes(serialization.Encoding.DER)
    return asn1_x509.Certificate.load(der)


def validate_signed_pdf(
    pdf: bytes,
    *,
    trust_roots: Iterable[x509.Certificate | bytes] = (),
    at: dt.datetime | None = None,
) -> SignatureReport:
    """Check the last signature of ``pdf`` against ``trust_roots`` (certificates or DER).

    Never raises for a bad file: an unreadable or unsigned PDF gives a report with
    ``signed`` False and ``problem`` saying why. ``at``: the time to validate at (default now).
    """
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        signatures = reader.embedded_regular_signatures
    except (PdfError, ValueError, KeyError, TypeError) as exc:
        return SignatureReport(
            signed=False,
            problem=f"อ่านไฟล์ PDF ไม่ได้ / the PDF cannot be read ({exc})",
        )
    if not signatures:
        return SignatureReport(
            signed=False, problem="ไฟล์นี้ไม่มีลายมือชื่อดิจิทัล / the PDF carries no signature"
        )
    embedded = signatures[-1]
    context = ValidationContext(
        trust_roots=[_asn1_cert(c) for c in trust_roots],
        allow_fetching=False,
        revocation_mode="soft-fail",
        moment=at,
    )
    usage = KeyUsageConstraints(
        key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False
    )
    try:
        status = _outside_event_loop(
            functools.partial(
                validate_pdf_signature,
                embedded,
                signer_validation_context=context,
                key_usage_settings=usage,
            )
        )
    except (PdfError, ValueError, KeyError) as exc:
        return SignatureReport(
            signed=True,
            problem=f"ตรวจสอบลายมือชื่อไม่ได้ / the signature cannot be checked ({exc})",
        )
    cert = x509.load_der_x509_certificate(status.signing_cert.dump())
    info = CertificateInfo.of(cert)
    whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    # pyHanko's ``valid`` is about the signature over the signed attributes only; a document
    # changed inside the signed range is ``intact`` False. Valid here means both.
    intact = bool(status.intact)
    valid = intact and bool(status.valid)
    return SignatureReport(
        signed=True,
        intact=intact,
        valid=valid,
        trusted=valid and bool(status.trusted),
        signer_subject=info.subject,
        signer_common_name=info.common_name,
        signer_organisation=info.organisation,
        signer_sha256=info.sha256,
        signing_time=status.signer_reported_dt,
        covers_whole_document=whole,
        modified_after_signing=not whole,
    )


# -- demo and test certificates ----------------------------------------------------------------
def make_self_signed_p12(
    common_name: str,
    organisation: str,
    *,
    password: str = "",
    days: int = 3 * 365,
    not_before: dt.datetime | None = None,
    country: str = "TH",
    key_usage_sign: bool = True,
) -> bytes:
    """A new RSA-2048 key with a self-signed certificate, as a PKCS#12 file (for the demo and
    the tests: a real agency gets its certificate from a certification authority). RSA, as
    Thai CAs issue: pyHanko marks a file signed with an EC P-256 key as PDF 2.0 (ISO 32002),
    which a PDF/A-2 file must not claim.

    ``not_before`` (default now) and ``days`` set the validity; ``key_usage_sign`` False makes
    a certificate that may not sign (for tests of the refusal).
    """
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, country),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )
    start = not_before or dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=key_usage_sign,
                content_commitment=key_usage_sign,
                key_encipherment=not key_usage_sign,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    cert = builder.sign(key, hashes.SHA256())
    encryption = (
        serialization.BestAvailableEncryption(password.encode("utf-8"))
        if password
        else serialization.NoEncryption()
    )
    return pkcs12.serialize_key_and_certificates(
        common_name.encode("utf-8"), key, cert, None, encryption
    )
