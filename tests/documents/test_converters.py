"""DOCX -> PDF converters: the one-shot soffice run and the persistent unoserver, and their
errors when LibreOffice is missing, hangs or fails."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from ita_tracker.docengine.errors import ConversionError
from ita_tracker.docengine.exporters.pdf import SofficeConverter, UnoserverConverter
from tests.documents.helpers import REPO, page_count, pdftotext, squash


def _running_on(profile: Path) -> list[int]:
    """Live processes (zombies have no command line) using this LibreOffice profile."""
    marker = f"-env:UserInstallation={profile.as_uri()}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker in (entry / "cmdline").read_bytes().split(b"\0"):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


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
        results = [converter.convert(seed_docx) for _ in range(5)]
        assert converter._slot is not None
        profile = converter._slot.path
        assert _running_on(profile)
    for pdf in results:
        assert page_count(pdf) == page_count(seed_pdf)
        assert squash(pdftotext(pdf, "-raw")) == squash(pdftotext(seed_pdf, "-raw"))
    assert _running_on(profile) == []  # closing leaves no LibreOffice behind


@pytest.mark.soffice
def test_it_restarts_unoserver_after_it_died(seed_docx: bytes) -> None:
    with UnoserverConverter() as converter:
        converter.convert(seed_docx)
        process = converter._process
        assert process is not None
        process.kill()
        process.wait()
        assert converter.convert(seed_docx).startswith(b"%PDF")
        assert converter._slot is not None
        profile = converter._slot.path
    assert _running_on(profile) == []


@pytest.mark.soffice
def test_it_clears_libreoffice_left_by_a_killed_worker(seed_docx: bytes) -> None:
    """A worker killed with SIGKILL cannot stop its LibreOffice. The next converter on that
    profile must not let the orphan take its work over (LibreOffice hands a second start on one
    profile to the first instance, which then dies under it)."""
    worker = subprocess.run(
        [sys.executable, "-c", (
            "import os\n"
            "from ita_tracker.docengine.exporters.pdf import UnoserverConverter\n"
            "c = UnoserverConverter(); c.start(); print(c._slot.path, flush=True)\n"
            "os.kill(os.getpid(), 9)\n"
        )],
        capture_output=True, text=True, check=False, cwd=REPO,
    )  # fmt: skip
    profile = Path(worker.stdout.strip())
    assert _running_on(profile), worker.stderr  # the orphaned LibreOffice
    with UnoserverConverter() as converter:
        assert converter._slot is not None
        assert converter._slot.path == profile  # the dead worker's slot, taken over
        for _ in range(5):
            assert converter.convert(seed_docx).startswith(b"%PDF")
    assert _running_on(profile) == []
