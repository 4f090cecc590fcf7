"""Benchmark signing the seed memo's PDF (PAdES B-B with the QR stamp) and checking it.

    .venv/bin/python bench/sign.py [--runs 9] [--pkcs11]

The seed PDF is rendered once (soffice, archival PDF/A-2b as issued documents are), then
signed ``--runs`` times in this process with a self-signed RSA-2048 PKCS#12 key: cold = the
first signature (imports done, font subsetting and pyHanko's first use included), warm = the
median of the others. Validation with pyHanko's validator is timed the same way. ``--pkcs11``
also signs with a key on a SoftHSM2 token (made in a temporary folder). Prints numbers only;
nothing asserts on them.

``bench/issue.py`` imports :func:`measure_signing` to put the signature into its end-to-end
issuing time.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from ita_tracker.docengine import signing  # noqa: E402

EXAMPLE = REPO / "examples" / "thaphae-2566.yaml"
STAMP = signing.Stamp(
    verification_url="https://ita.example.go.th/verify/TP-2566-R1-v1",
    agency_name="เทศบาลตำบลท่าแพ",
    document_code="TP-2566-R1-v1",
)


@dataclass(frozen=True)
class SigningTimes:
    cold_ms: float
    warm_ms: float  # median of the warm runs
    validate_cold_ms: float
    validate_warm_ms: float
    pdf_bytes: int
    signed_bytes: int


def seed_pdf() -> bytes:
    from ita_tracker.docengine.render import render_document
    from ita_tracker.planfile.reader import read_plan_file

    return render_document(read_plan_file(EXAMPLE), round_index=0, fmt="pdf", archival=True)


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def measure_signing(
    pdf: bytes, signer: signing.Signer | None = None, *, runs: int = 9
) -> SigningTimes:
    """Sign and validate ``pdf`` ``runs`` times; ``signer`` defaults to a new self-signed key."""
    if signer is None:
        signer = signing.load_pkcs12(signing.make_self_signed_p12("ท่าแพ", "ท่าแพ"), None)
    sign_times, check_times = [], []
    signed = b""
    for _ in range(max(runs, 2)):
        start = time.perf_counter()
        signed = signing.sign_pdf(pdf, signer, stamp=STAMP)
        sign_times.append(_ms(start))
        start = time.perf_counter()
        report = signing.validate_signed_pdf(signed, trust_roots=[signer.certificate.der])
        check_times.append(_ms(start))
        if not report.ok:
            raise SystemExit(f"the signature does not validate: {report}")
    return SigningTimes(
        cold_ms=sign_times[0],
        warm_ms=statistics.median(sign_times[1:]),
        validate_cold_ms=check_times[0],
        validate_warm_ms=statistics.median(check_times[1:]),
        pdf_bytes=len(pdf),
        signed_bytes=len(signed),
    )


def _pkcs11_signer(folder: Path, p12: bytes) -> signing.Signer:
    from tests.documents.signing_helpers import make_softhsm_token

    token = make_softhsm_token(folder, p12)
    config = signing.Pkcs11Config(token.module, token.label, token.key_label)
    return signing.Pkcs11Signer(config, token.pin)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--pkcs11", action="store_true", help="also sign on a SoftHSM2 token")
    args = parser.parse_args()

    start = time.perf_counter()
    pdf = seed_pdf()
    print(f"seed PDF/A-2b (soffice one-shot, cold): {_ms(start):.0f} ms, {len(pdf):,} bytes")
    p12 = signing.make_self_signed_p12("เทศบาลตำบลท่าแพ", "เทศบาลตำบลท่าแพ")
    start = time.perf_counter()
    signer = signing.load_pkcs12(p12, None)
    print(f"open the PKCS#12 file: {_ms(start):.1f} ms")
    rows = [("PKCS#12 (RSA-2048)", measure_signing(pdf, signer, runs=args.runs))]
    if args.pkcs11:
        with tempfile.TemporaryDirectory() as tmp:
            token_signer = _pkcs11_signer(Path(tmp), p12)
            rows.append(("PKCS#11 SoftHSM2", measure_signing(pdf, token_signer, runs=args.runs)))
    for name, t in rows:
        print(
            f"{name}: sign cold {t.cold_ms:.0f} ms, warm {t.warm_ms:.0f} ms (median of "
            f"{args.runs - 1}); validate cold {t.validate_cold_ms:.0f} ms, warm "
            f"{t.validate_warm_ms:.0f} ms; {t.pdf_bytes:,} -> {t.signed_bytes:,} bytes "
            f"(+{t.signed_bytes - t.pdf_bytes:,})"
        )


if __name__ == "__main__":
    main()
