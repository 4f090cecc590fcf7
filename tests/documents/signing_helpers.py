"""Helpers for the signing tests: the PDF/A-2b rules a signature could break, a SoftHSM2
token, and readers for the stamp (QR code, text boxes).

No veraPDF here (it is in no Debian or PyPI package this project can install), so
:func:`pdfa_problems` checks the clauses of ISO 19005-2 that an incremental signature can
break, with pyHanko's reader, fontTools and poppler's pdffonts.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from fontTools.ttLib import TTFont
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader


# -- PDF/A-2b --------------------------------------------------------------------------------
def _xmp(reader: PdfFileReader) -> str:
    return bytes(reader.root["/Metadata"].get_object().data).decode("utf-8")


def _xmp_value(xmp: str, name: str) -> str | None:
    attribute = re.search(rf'{name}="([^"]*)"', xmp)
    if attribute:
        return attribute.group(1)
    element = re.search(rf"<{name}(?:\s[^>]*)?>(?:\s*<rdf:\w+>\s*<rdf:li[^>]*>)?([^<]*)<", xmp)
    return element.group(1) if element else None


def _pdf_date_to_xmp_prefix(value: str) -> str:
    digits = re.sub(r"\D", "", value)[:14]
    return f"{digits[0:4]}-{digits[4:6]}-{digits[6:8]}T{digits[8:10]}:{digits[10:12]}"


def pdfa_problems(pdf: bytes) -> list[str]:
    """Breaches of the PDF/A-2b rules an incremental update (a signature) could cause."""
    problems: list[str] = []
    header = pdf[:9]
    if not re.fullmatch(rb"%PDF-1\.[0-7]\s", header):
        problems.append(f"6.1.2 header {header!r}")
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    root = reader.root
    version = str(root.get("/Version", "/1.7"))
    if not re.fullmatch(r"/1\.[0-7]", version):
        problems.append(f"catalog /Version {version}: PDF/A-2 is ISO 32000-1 (PDF 1.7)")
    if "/Encrypt" in reader.trailer:
        problems.append("6.1.3 encrypted")
    if "/ID" not in reader.trailer:
        problems.append("6.1.3 trailer without /ID")
    # 6.6.2 / 6.6.4: XMP metadata with the PDF/A identification
    if "/Metadata" not in root:
        return [*problems, "6.6.2.1 no XMP metadata stream (no pdfaid)"]
    xmp = _xmp(reader)
    if _xmp_value(xmp, "pdfaid:part") != "2" or _xmp_value(xmp, "pdfaid:conformance") != "B":
        problems.append("6.6.4 XMP lost pdfaid part 2 / conformance B")
    if not xmp.lstrip().startswith("<?xpacket"):
        problems.append("6.6.2.1 XMP without an xpacket header")
    # 6.6.3: Info entries agree with their XMP equivalents
    info = reader.trailer["/Info"].get_object() if "/Info" in reader.trailer else {}
    pairs = {"/Producer": "pdf:Producer", "/Creator": "xmp:CreatorTool", "/Title": "dc:title"}
    for key, xmp_name in pairs.items():
        if key in info and str(info[key]) != _xmp_value(xmp, xmp_name):
            problems.append(f"6.6.3 Info {key} {info[key]!r} != XMP {_xmp_value(xmp, xmp_name)!r}")
    for key, xmp_name in {"/CreationDate": "xmp:CreateDate", "/ModDate": "xmp:ModifyDate"}.items():
        if key in info:
            xmp_date = _xmp_value(xmp, xmp_name) or ""
            if not xmp_date.startswith(_pdf_date_to_xmp_prefix(str(info[key]))):
                problems.append(f"6.6.3 Info {key} {info[key]!r} != XMP {xmp_date!r}")
    # 6.2.3 / 6.2.4.3: device colour needs an output intent of the same family
    intents = root.get("/OutputIntents") or []
    has_rgb_intent = any(
        int(i.get_object()["/DestOutputProfile"].get_object().get("/N", 0)) == 3 for i in intents
    )
    acroform = root.get("/AcroForm")
    if acroform is not None and acroform.get_object().get("/NeedAppearances"):
        problems.append("6.4.1 NeedAppearances true")
    for page_number, page in enumerate(_pages(reader), start=1):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            flags = int(annot.get("/F", 0))
            if annot.get("/Subtype") != "/Popup" and not flags & 4:
                problems.append(f"6.3.2 page {page_number}: annotation without the Print flag")
            if flags & (1 | 2 | 32):
                problems.append(f"6.3.2 page {page_number}: hidden or invisible annotation")
            appearance = annot.get("/AP")
            if annot.get("/Subtype") == "/Widget" and appearance is not None:
                if set(appearance.keys()) != {"/N"}:
                    problems.append(f"6.3.3 page {page_number}: widget /AP has {appearance.keys()}")
                stream = appearance["/N"].get_object()
                if not has_rgb_intent and _uses_device_rgb(stream):
                    problems.append("6.2.4.3 DeviceRGB without an RGB output intent")
    problems += _font_problems(pdf, reader)
    return problems


def _pages(reader: PdfFileReader) -> list[generic.DictionaryObject]:
    return [reader.find_page_for_modification(i)[0].get_object() for i in range(_count(reader))]


def _count(reader: PdfFileReader) -> int:
    return int(reader.root["/Pages"]["/Count"])


def _uses_device_rgb(stream: generic.StreamObject, depth: int = 0) -> bool:
    if re.search(rb"\brg\b|\bRG\b", stream.data):
        return True
    xobjects = (stream.get("/Resources") or {}).get("/XObject") or {}
    return depth < 5 and any(_uses_device_rgb(x.get_object(), depth + 1) for x in xobjects.values())


def _font_problems(pdf: bytes, reader: PdfFileReader) -> list[str]:
    problems = []
    listing = subprocess.run(
        ["pdffonts", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    for line in listing.splitlines()[2:]:
        columns = line.split()
        if len(columns) >= 5 and columns[-5] != "yes":
            problems.append(f"6.2.11.4 font not embedded: {line}")
    for font in _cid_fonts(reader):
        # 6.2.11.3.2 and 6.2.11.5: CIDToGIDMap, and /W widths that agree with the font program
        if font.get("/Subtype") == "/CIDFontType2" and "/CIDToGIDMap" not in font:
            problems.append(f"6.2.11.3.2 {font['/BaseFont']} without CIDToGIDMap")
        file2 = font["/FontDescriptor"].get_object().get("/FontFile2")
        if file2 is None:
            continue
        tt = TTFont(io.BytesIO(file2.get_object().data))
        scale = 1000 / tt["head"].unitsPerEm
        order = tt.getGlyphOrder()
        for cid, width in _widths(font.get("/W") or []):
            advance = tt["hmtx"][order[cid]][0] * scale
            if abs(advance - width) > 1:
                problems.append(
                    f"6.2.11.5 {font['/BaseFont']} glyph {cid}: /W {width} vs font {advance:g}"
                )
    return problems


def _cid_fonts(reader: PdfFileReader) -> list[generic.DictionaryObject]:
    """Every CIDFont dictionary in the file (the original's and the signature's)."""
    found = []
    for idnum in range(1, int(reader.trailer["/Size"])):
        try:
            obj = reader.get_object(generic.Reference(idnum, 0, reader))
        except (PdfError, KeyError, ValueError, IndexError):
            continue  # free entries and objects of another generation are not fonts
        if isinstance(obj, generic.DictionaryObject) and obj.get("/Subtype") in (
            "/CIDFontType2",
            "/CIDFontType0",
        ):
            found.append(obj)
    return found


def _widths(w: generic.ArrayObject) -> list[tuple[int, float]]:
    result = []
    items = list(w)
    index = 0
    while index < len(items):
        first = int(items[index])
        following = items[index + 1]
        if isinstance(following, generic.ArrayObject):
            result += [(first + offset, float(v)) for offset, v in enumerate(following)]
            index += 2
        else:
            last, width = int(following), float(items[index + 2])
            result += [(cid, width) for cid in range(first, last + 1)]
            index += 3
    return result


# -- the stamp as a reader sees it ---------------------------------------------------------
def decode_qr(pdf: bytes, page: int, resolution: int = 300) -> list[str]:
    """What zbarimg reads on ``page`` (1-based) rendered by pdftoppm."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                str(resolution),
                "-f",
                str(page),
                "-l",
                str(page),
                "-png",
                "-",
                f"{tmp}/page",
            ],
            input=pdf,
            check=True,
        )
        (image,) = Path(tmp).glob("page*.png")
        result = subprocess.run(
            ["zbarimg", "--quiet", "--raw", str(image)], capture_output=True, check=False
        )
    return result.stdout.decode().splitlines()


@dataclass(frozen=True)
class Word:
    text: str
    x_min: float
    y_min: float  # from the top of the page, as pdftotext -bbox gives it
    x_max: float
    y_max: float


def words(pdf: bytes, page: int) -> list[Word]:
    html = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout.decode()
    pattern = re.compile(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    )
    return [
        Word(text, float(a), float(b), float(c), float(d))
        for a, b, c, d, text in pattern.findall(html)
    ]


# -- SoftHSM2 --------------------------------------------------------------------------------
SOFTHSM_MODULES = (
    Path("/usr/lib/softhsm/libsofthsm2.so"),
    Path("/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so"),
    Path("/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so"),
)


def softhsm_module() -> Path | None:
    if shutil.which("softhsm2-util") is None:
        return None
    return next((p for p in SOFTHSM_MODULES if p.is_file()), None)


@dataclass(frozen=True)
class Token:
    module: str
    label: str
    key_label: str
    pin: str
    p12: bytes  # the same key and certificate, to compare with


def make_softhsm_token(folder: Path, p12: bytes) -> Token:
    """A SoftHSM2 token in ``folder`` holding the key and certificate of ``p12``.

    SOFTHSM2_CONF must point at this token's configuration before the PKCS#11 library is
    first loaded in the process, so the caller sets it for the whole test session.
    """
    import pkcs11
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12
    from pkcs11 import Attribute
    from pkcs11.util.rsa import decode_rsa_private_key
    from pkcs11.util.x509 import decode_x509_certificate

    module = softhsm_module()
    if module is None:
        raise RuntimeError("SoftHSM2 is not installed: run scripts/setup.sh (package softhsm2)")
    label, key_label, pin = "ita-tracker-test", "agency-key", "246810"
    tokens = folder / "tokens"
    tokens.mkdir(parents=True, exist_ok=True)
    conf = folder / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\n")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    subprocess.run(
        [
            "softhsm2-util",
            "--init-token",
            "--free",
            "--label",
            label,
            "--so-pin",
            "13579",
            "--pin",
            pin,
        ],
        check=True,
        capture_output=True,
    )
    key, cert, _ = pkcs12.load_key_and_certificates(p12, None)
    assert key is not None
    assert cert is not None
    key_der = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )
    cert_der = cert.public_bytes(serialization.Encoding.DER)
    token = pkcs11.lib(str(module)).get_token(token_label=label)
    with token.open(rw=True, user_pin=pin) as session:
        key_attrs = decode_rsa_private_key(key_der)
        key_attrs.update(
            {
                Attribute.TOKEN: True,
                Attribute.LABEL: key_label,
                Attribute.ID: b"\x01",
                Attribute.SIGN: True,
                Attribute.PRIVATE: True,
                Attribute.SENSITIVE: True,
            }
        )
        session.create_object(key_attrs)
        cert_attrs = decode_x509_certificate(cert_der)
        cert_attrs.update(
            {Attribute.TOKEN: True, Attribute.LABEL: key_label, Attribute.ID: b"\x01"}
        )
        session.create_object(cert_attrs)
    return Token(str(module), label, key_label, pin, p12)
