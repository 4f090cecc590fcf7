"""``ita-tracker render`` and ``ita-tracker setup-fonts``, run as a user runs them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ita_tracker.docengine.exporters.docx import builtin_template
from tests.documents.helpers import EXAMPLE, REPO, edit_docx, page_count, paragraph_texts


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ita_tracker.docengine.cli", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, **(env or {})},
        check=False,
    )


def test_it_renders_a_rounds_report_as_docx(tmp_path: Path) -> None:
    out = tmp_path / "report.docx"
    result = _cli("render", str(EXAMPLE), "--round", "1", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "ที่ นศ ๕๓๓๐๑/๑๖๕วันที่ ๓ เมษายน ๒๕๖๖" in paragraph_texts(out.read_bytes())


def test_it_picks_the_round_by_kind(tmp_path: Path) -> None:
    out = tmp_path / "report.docx"
    assert _cli("render", str(EXAMPLE), "--round", "six_month", "-o", str(out)).returncode == 0
    result = _cli("render", str(EXAMPLE), "--round", "twelve_month", "-o", str(out))
    assert result.returncode == 2
    assert "no twelve_month round" in result.stderr
    result = _cli("render", str(EXAMPLE), "--round", "3", "-o", str(out))
    assert result.returncode == 2
    assert "no round 3" in result.stderr


def test_it_renders_the_plan_document_without_a_round(tmp_path: Path) -> None:
    out = tmp_path / "plan.docx"
    assert _cli("render", str(EXAMPLE), "-o", str(out)).returncode == 0
    assert any(t.startswith("เรื่องขออนุมัติ") for t in paragraph_texts(out.read_bytes()))


@pytest.mark.soffice
def test_it_renders_a_pdf(tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    result = _cli("render", str(EXAMPLE), "--round", "1", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert page_count(out.read_bytes()) >= 8


def test_it_prints_located_plan_errors_and_exits_2(tmp_path: Path) -> None:
    plan = tmp_path / "bad.yaml"
    plan.write_text(
        EXAMPLE.read_text(encoding="utf-8").replace("fiscal_year: 2566", "fiscal_year: 66"),
        encoding="utf-8",
    )
    out = tmp_path / "out.docx"
    result = _cli("render", str(plan), "-o", str(out))
    assert result.returncode == 2
    assert f"{plan}:" in result.stderr
    assert "fiscal_year" in result.stderr
    assert not out.exists()


def test_it_exits_3_when_libreoffice_is_missing(tmp_path: Path) -> None:
    out = tmp_path / "out.pdf"
    result = _cli("render", str(EXAMPLE), "-o", str(out), env={"ITA_SOFFICE": "/nonexistent/x"})
    assert result.returncode == 3
    assert "libreoffice-writer-nogui" in result.stderr
    assert not out.exists()


def test_it_refuses_an_unknown_output_format(tmp_path: Path) -> None:
    result = _cli("render", str(EXAMPLE), "-o", str(tmp_path / "out.odt"))
    assert result.returncode == 2
    assert ".docx or .pdf" in result.stderr


def test_it_lints_an_agency_template_before_using_it(tmp_path: Path) -> None:
    template = tmp_path / "agency.docx"
    template.write_bytes(
        edit_docx(builtin_template("progress_report"), "{{ memo.salutation }}", "{{ to }}")
    )
    out = tmp_path / "out.docx"
    result = _cli(
        "render", str(EXAMPLE), "--round", "1", "--template", str(template), "-o", str(out)
    )
    assert result.returncode == 2
    assert "unknown variable 'to'" in result.stderr
    assert not out.exists()

    template.write_bytes(edit_docx(builtin_template("progress_report"), ">เรียน<", ">กราบเรียน<"))
    assert (
        _cli(
            "render", str(EXAMPLE), "--round", "1", "--template", str(template), "-o", str(out)
        ).returncode
        == 0
    )
    assert "กราบเรียน นายกเทศมนตรีตำบลท่าแพ" in paragraph_texts(out.read_bytes())


def test_it_sets_up_the_fonts_under_the_data_dir(tmp_path: Path) -> None:
    result = _cli("setup-fonts", env={"ITA_TRACKER_HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert f"fonts built: {tmp_path / 'fonts'}" in result.stdout
    assert (tmp_path / "fonts" / "fonts.conf").is_file()
    again = _cli("setup-fonts", env={"ITA_TRACKER_HOME": str(tmp_path)})
    assert "fonts up to date" in again.stdout
