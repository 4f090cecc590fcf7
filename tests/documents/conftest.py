"""Shared fixtures and readers for the document tests.

The seed PDF is rendered once per session. With ``ITA_ARTIFACTS`` set, its pages are written as
PNG files (pdftoppm -r 60) to ``artifacts/`` for visual review next to the seed memo.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator

import pytest

from ita_tracker.docengine.exporters.pdf import SofficeConverter
from ita_tracker.docengine.render import render_document
from ita_tracker.planfile.reader import read_plan_file
from ita_tracker.planfile.schema import PlanFile
from tests.documents.helpers import EXAMPLE, REPO
from tests.documents.samples import big_plan, twelve_month_plan
from tests.documents.signing_helpers import Token, make_softhsm_token


@pytest.fixture
def plan() -> PlanFile:
    return read_plan_file(EXAMPLE)


@pytest.fixture
def example_text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


# -- the seed, rendered once -----------------------------------------------------------------
@pytest.fixture(scope="session")
def seed_docx() -> bytes:
    return render_document(read_plan_file(EXAMPLE), round_index=0, fmt="docx")


@pytest.fixture(scope="session")
def converter() -> Iterator[SofficeConverter]:
    one_shot = SofficeConverter()
    yield one_shot
    one_shot.close()


@pytest.fixture(scope="session")
def seed_pdf(seed_docx: bytes, converter: SofficeConverter) -> bytes:
    pdf = converter.convert(seed_docx)
    _write_artifacts(pdf, "seed-6month-report")
    return pdf


@pytest.fixture(scope="session")
def plan_docx() -> bytes:
    return render_document(read_plan_file(EXAMPLE), round_index=None, fmt="docx")


@pytest.fixture(scope="session")
def plan_pdf(plan_docx: bytes, converter: SofficeConverter) -> bytes:
    pdf = converter.convert(plan_docx)
    _write_artifacts(pdf, "seed-measures-plan")
    return pdf


@pytest.fixture(scope="session")
def twelve_month_docx() -> bytes:
    return render_document(twelve_month_plan(), round_index=1, fmt="docx")


@pytest.fixture(scope="session")
def twelve_month_pdf(twelve_month_docx: bytes, converter: SofficeConverter) -> bytes:
    pdf = converter.convert(twelve_month_docx)
    _write_artifacts(pdf, "twelve-month-report")
    return pdf


@pytest.fixture(scope="session")
def big_docx() -> bytes:
    return render_document(big_plan(), round_index=0, fmt="docx")


@pytest.fixture(scope="session")
def big_pdf(big_docx: bytes, converter: SofficeConverter) -> bytes:
    pdf = converter.convert(big_docx)
    _write_artifacts(pdf, "hundred-measures-report")
    return pdf


def _write_artifacts(pdf: bytes, name: str) -> None:
    if not os.environ.get("ITA_ARTIFACTS"):
        return
    folder = REPO / "artifacts"  # .ci/run sets ITA_ARTIFACTS; CI keeps this folder
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.pdf").write_bytes(pdf)
    for old in folder.glob(f"{name}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-", str(folder / name)], input=pdf, check=True)


# -- signing ---------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def agency_p12() -> bytes:
    """A self-signed certificate of Tha Phae (no password), made once per session."""
    from ita_tracker.docengine.signing import make_self_signed_p12

    return make_self_signed_p12("เทศบาลตำบลท่าแพ", "เทศบาลตำบลท่าแพ")


@pytest.fixture(scope="session")
def softhsm_token(tmp_path_factory: pytest.TempPathFactory, agency_p12: bytes) -> Token:
    """A SoftHSM2 token holding the agency's key (the PKCS#11 library reads SOFTHSM2_CONF
    once per process, so one token serves the whole session)."""
    return make_softhsm_token(tmp_path_factory.mktemp("softhsm"), agency_p12)


@pytest.fixture(scope="session")
def seed_pdfa(seed_docx: bytes, converter: SofficeConverter) -> bytes:
    """The seed as an issued document is converted: PDF/A-2b (``archival``)."""
    return converter.convert(seed_docx, archival=True)
