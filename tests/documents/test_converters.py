"""DOCX -> PDF converters: the one-shot soffice run and the persistent unoserver, and their
errors when LibreOffice is missing, hangs or fails."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from ita_tracker.documents.errors import ConversionError
from ita_tracker.documents.exporters.pdf import SofficeConverter, UnoserverConverter
from tests.documents.helpers import page_count, pdftotext, squash


def _stub(tmp_path: Path, body: str) -> str:
    """A stand-in for soffice that misbehaves on purpose (LibreOffice will not hang on cue)."""
    script = tmp_path / "soffice"
    script.write_text("#!/bin/sh\n" + body + "\n")
    script.chmod(0o755)
    return str(script)


def test_it_says_how_to_install_a_missing_libreoffice(seed_docx: bytes) -> None:
    converter = SofficeConverter(soffice="/nonexistent/soffice")
    with pytest.raises(ConversionError) as caught:
        converter.convert(seed_docx)
    assert "libreoffice-writer-nogui" in caught.value.message_en
    assert "ไม่พบโปรแกรม LibreOffice" in caught.value.message_th


def test_it_stops_a_hung_libreoffice_at_the_timeout(tmp_path: Path, seed_docx: bytes) -> None:
    converter = SofficeConverter(soffice=_stub(tmp_path, "sleep 60"), timeout=1)
    started = time.monotonic()
    with pytest.raises(ConversionError, match="did not finish within 1 s"):
        converter.convert(seed_docx)
    assert time.monotonic() - started < 15
    converter.close()


def test_it_reports_a_failed_conversion_with_libreoffices_message(
    tmp_path: Path, seed_docx: bytes
) -> None:
    converter = SofficeConverter(soffice=_stub(tmp_path, "echo 'Error: boom' >&2; exit 1"))
    with pytest.raises(ConversionError, match="boom"):
        converter.convert(seed_docx)
    converter.close()


def test_it_reports_a_run_that_wrote_no_pdf(tmp_path: Path, seed_docx: bytes) -> None:
    converter = SofficeConverter(soffice=_stub(tmp_path, "exit 0"))
    with pytest.raises(ConversionError, match="no PDF"):
        converter.convert(seed_docx)
    converter.close()


def test_it_says_when_the_unoserver_python_is_missing(seed_docx: bytes) -> None:
    converter = UnoserverConverter(python="/nonexistent/python3")
    with pytest.raises(ConversionError, match="system Python"):
        converter.convert(seed_docx)
    converter.close()


@pytest.mark.parametrize("kind", [SofficeConverter, UnoserverConverter])
def test_it_refuses_input_that_is_not_a_docx(kind: type) -> None:
    # LibreOffice would print a text file as a PDF without complaint.
    converter = kind()
    with pytest.raises(ConversionError, match=r"not a \.docx"):
        converter.convert(b"this is not a document")
    converter.close()


@pytest.mark.soffice
def test_it_converts_through_a_persistent_unoserver(seed_docx: bytes, seed_pdf: bytes) -> None:
    with UnoserverConverter() as converter:
        first = converter.convert(seed_docx)
        started = time.monotonic()
        second = converter.convert(seed_docx)
        warm = time.monotonic() - started
    assert first.startswith(b"%PDF")
    assert second.startswith(b"%PDF")
    assert page_count(first) == page_count(seed_pdf)
    assert squash(pdftotext(first, "-raw")) == squash(pdftotext(seed_pdf, "-raw"))
    assert warm < 30  # sanity only; timings are for bench/render.py


@pytest.mark.soffice
def test_it_restarts_unoserver_after_it_died(seed_docx: bytes) -> None:
    with UnoserverConverter() as converter:
        converter.convert(seed_docx)
        process = converter._process
        assert process is not None
        process.kill()
        process.wait()
        assert converter.convert(seed_docx).startswith(b"%PDF")
