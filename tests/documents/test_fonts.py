"""The server fonts: Laksaman PSK at TH SarabunPSK metrics, the Thai-digit copy, fonts.conf."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from ita_tracker.docengine import fonts


@pytest.fixture
def built(tmp_path: Path) -> fonts.FontSetup:
    return fonts.ensure_fonts(tmp_path / "fonts")


def test_it_builds_laksaman_psk_at_1500_units_per_em(built: fonts.FontSetup) -> None:
    assert built.built
    for style in ("Regular", "Bold", "Italic", "BoldItalic"):
        font = TTFont(str(built.directory / f"LaksamanPSK-{style}.ttf"))
        assert font["head"].unitsPerEm == 1500
        assert font["name"].getDebugName(1) == "Laksaman PSK"
        assert not font["OS/2"].fsSelection & (1 << 7)


def test_it_draws_ascii_digits_as_thai_in_the_digit_copy(built: fonts.FontSetup) -> None:
    font = TTFont(str(built.directory / "LaksamanPSKThaiDigits-Regular.ttf"))
    cmap = font.getBestCmap()
    assert font["name"].getDebugName(1) == "Laksaman PSK Thai Digits"
    assert [cmap[0x30 + i] for i in range(10)] == [cmap[0x0E50 + i] for i in range(10)]
    plain = TTFont(str(built.directory / "LaksamanPSK-Regular.ttf")).getBestCmap()
    assert plain[0x32] != plain[0x0E52]


def test_it_keeps_the_licence_next_to_the_fonts(built: fonts.FontSetup) -> None:
    copyright_text = (built.directory / "COPYRIGHT-Laksaman.txt").read_text()
    assert "GPL" in copyright_text
    assert "MODIFIED versions of Laksaman" in (built.directory / "README.txt").read_text()


def test_it_writes_a_fonts_conf_that_adds_to_the_system_one(built: fonts.FontSetup) -> None:
    conf = built.fonts_conf.read_text()
    assert '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>' in conf
    assert f"<dir>{built.directory}</dir>" in conf
    for name in ("TH SarabunPSK", "TH Sarabun PSK", "TH Sarabun New"):
        assert f"<family>{name}</family><prefer><family>Laksaman PSK</family>" in conf
    assert "<family>TH SarabunIT๙</family><prefer><family>Laksaman PSK Thai Digits" in conf
    assert built.env() == {"FONTCONFIG_FILE": str(built.fonts_conf)}


def test_it_makes_fontconfig_resolve_the_official_names(built: fonts.FontSetup) -> None:
    def match(pattern: str) -> str:
        result = subprocess.run(
            ["fc-match", "-f", "%{family[0]}|%{style[0]}", pattern],
            env={**os.environ, **built.env()},
            capture_output=True,
            text=True,
            check=True,
        )
        return result.stdout

    assert match("TH SarabunPSK") == "Laksaman PSK|Regular"
    assert match("TH SarabunPSK:bold") == "Laksaman PSK|Bold"
    assert match("TH Sarabun New") == "Laksaman PSK|Regular"
    assert match("TH SarabunIT๙") == "Laksaman PSK Thai Digits|Regular"
    # Without our fonts.conf nothing changed system-wide.
    plain = subprocess.run(
        ["fc-match", "-f", "%{family[0]}", "TH SarabunPSK"],
        env={k: v for k, v in os.environ.items() if k != "FONTCONFIG_FILE"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert "Laksaman PSK" not in plain.stdout


def test_it_rebuilds_only_when_missing_or_outdated(tmp_path: Path) -> None:
    source = tmp_path / "tlwg"
    shutil.copytree(fonts.TLWG_DIR, source)
    target = tmp_path / "fonts"
    assert fonts.ensure_fonts(target, source_dir=source).built
    stamp = (target / "LaksamanPSK-Regular.ttf").stat().st_mtime_ns
    assert not fonts.ensure_fonts(target, source_dir=source).built
    assert (target / "LaksamanPSK-Regular.ttf").stat().st_mtime_ns == stamp

    (target / "LaksamanPSK-Bold.ttf").unlink()
    assert fonts.ensure_fonts(target, source_dir=source).built
    assert (target / "LaksamanPSK-Bold.ttf").is_file()

    os.utime(source / "Laksaman.ttf", ns=(1, 1))  # the Debian package was updated
    assert fonts.ensure_fonts(target, source_dir=source).built


def test_it_says_which_package_is_missing(tmp_path: Path) -> None:
    with pytest.raises(fonts.FontSetupError, match="fonts-tlwg-laksaman-ttf"):
        fonts.ensure_fonts(tmp_path / "fonts", source_dir=tmp_path / "nowhere")


def test_it_builds_under_the_data_dir_by_default(settings: object) -> None:
    assert fonts.fonts_dir() == Path(settings.DATA_DIR) / "fonts"  # type: ignore[attr-defined]
