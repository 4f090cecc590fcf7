"""The server-side fonts LibreOffice needs to lay out a memo the way Word does.

Documents name TH SarabunPSK (the official font). It is in no Debian package, so the server uses
Debian's Laksaman, which is the same design drawn 1.5x larger, re-declared at 1500 units per em
and renamed "Laksaman PSK" (thai-documents.md P5). A second copy, "Laksaman PSK Thai Digits",
draws the ASCII digits with the Thai digit glyphs, as TH SarabunIT๙ does: LibreOffice 7.4 prints
page numbers in Arabic digits whatever the DOCX asks for, so the page-number run uses that font
(P6).

Nothing system-wide is touched: the fonts, their licence and a ``fonts.conf`` that includes the
system configuration and adds the aliases are written under ``<DATA_DIR>/fonts/``. Converters
pass that file to LibreOffice through ``FONTCONFIG_FILE``.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from fontTools.ttLib import TTFont

from ita_tracker.lib.env import env_path

# Bump when the generated files change in a way existing installations must pick up.
BUILD_VERSION = 2

TLWG_DIR = Path("/usr/share/fonts/truetype/tlwg")
LICENCE_FILES = (
    Path("/usr/share/doc/fonts-tlwg-laksaman-ttf/copyright"),
    Path("/usr/share/common-licenses/GPL-2"),
)
SOURCES = {
    "Regular": "Laksaman.ttf",
    "Bold": "Laksaman-Bold.ttf",
    "Italic": "Laksaman-Italic.ttf",
    "BoldItalic": "Laksaman-BoldItalic.ttf",
}
SUBFAMILY = {"Regular": "Regular", "Bold": "Bold", "Italic": "Italic", "BoldItalic": "Bold Italic"}

FAMILY = "Laksaman PSK"
DIGITS_FAMILY = "Laksaman PSK Thai Digits"
# Names documents use for the official font, all metric-compatible with Laksaman PSK.
SARABUN_NAMES = ("TH SarabunPSK", "TH Sarabun PSK", "TH Sarabun New")
# TH SarabunIT๙ draws ASCII digits as Thai digits: the digit-remapped copy does the same.
DIGITS_NAMES = ("TH SarabunIT๙",)
# The check mark's run names this font (P2); on the server it must resolve to a font with U+2713.
SYMBOL_NAMES = ("Segoe UI Symbol",)
SYMBOL_FALLBACK = "DejaVu Sans"

CONF_NAME = "fonts.conf"
STAMP_NAME = "build.json"


class FontSetupError(RuntimeError):
    """The fonts cannot be built (the Laksaman package is missing or the folder is not writable)."""


@dataclass(frozen=True)
class FontSetup:
    directory: Path
    fonts_conf: Path
    built: bool  # False when everything was already up to date

    def env(self) -> dict[str, str]:
        """Environment variables that make a child process (LibreOffice) use these fonts."""
        return {"FONTCONFIG_FILE": str(self.fonts_conf)}


_configured_data_dir: Path | None = None


def configure(data_dir: Path) -> None:
    """Use ``data_dir`` for generated fonts and converter profiles (the web app passes its
    ``settings.DATA_DIR`` at start-up; the engine itself knows nothing of Django)."""
    global _configured_data_dir
    _configured_data_dir = Path(data_dir)


def data_dir() -> Path:
    """The folder given to :func:`configure`, else ``$ITA_TRACKER_HOME`` (default ``./var``)."""
    if _configured_data_dir is not None:
        return _configured_data_dir
    return env_path("ITA_TRACKER_HOME", Path.cwd() / "var")


def fonts_dir() -> Path:
    return data_dir() / "fonts"


def _output_names() -> list[str]:
    names = [f"LaksamanPSK-{style}.ttf" for style in SOURCES]
    names += [f"LaksamanPSKThaiDigits-{style}.ttf" for style in ("Regular", "Bold")]
    return [*names, CONF_NAME, "COPYRIGHT-Laksaman.txt", "README.txt"]


def _source_signature(source_dir: Path) -> dict[str, list[int]]:
    signature = {}
    for file_name in SOURCES.values():
        path = source_dir / file_name
        try:
            stat = path.stat()
        except FileNotFoundError:
            raise FontSetupError(
                f"ไม่พบฟอนต์ {path} ติดตั้งแพ็กเกจ fonts-tlwg-laksaman-ttf / "
                f"font {path} not found: install the Debian package fonts-tlwg-laksaman-ttf"
            ) from None
        signature[file_name] = [stat.st_size, stat.st_mtime_ns]
    return signature


def _is_current(directory: Path, signature: dict[str, list[int]]) -> bool:
    try:
        stamp = json.loads((directory / STAMP_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if stamp.get("version") != BUILD_VERSION or stamp.get("sources") != signature:
        return False
    if stamp.get("directory") != str(directory):  # fonts.conf holds absolute paths
        return False
    return all((directory / name).is_file() for name in _output_names())


@contextlib.contextmanager
def _locked(directory: Path) -> Iterator[None]:
    """Serialise builds between processes (web workers starting at the same time)."""
    with open(directory / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def ensure_fonts(
    directory: Path | None = None, *, source_dir: Path = TLWG_DIR, force: bool = False
) -> FontSetup:
    """Build the fonts and ``fonts.conf`` into ``directory`` unless they are already current."""
    directory = (directory or fonts_dir()).resolve()
    signature = _source_signature(source_dir)
    conf = directory / CONF_NAME
    if not force and _is_current(directory, signature):
        return FontSetup(directory, conf, built=False)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FontSetupError(
            f"สร้างโฟลเดอร์ฟอนต์ {directory} ไม่ได้ / cannot create {directory}: {exc.strerror}"
        ) from None
    with _locked(directory):
        if not force and _is_current(directory, signature):  # another process just built them
            return FontSetup(directory, conf, built=False)
        _build(directory, source_dir)
        stamp = {"version": BUILD_VERSION, "sources": signature, "directory": str(directory)}
        _write_atomic(directory / STAMP_NAME, json.dumps(stamp, indent=2).encode())
    return FontSetup(directory, conf, built=True)


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.chmod(tmp, 0o644)  # mkstemp makes 0600; LibreOffice may run as another user
    os.replace(tmp, path)


def _build(directory: Path, source_dir: Path) -> None:
    for style, file_name in SOURCES.items():
        font = _rescaled(source_dir / file_name, FAMILY, style)
        _separate_sara_am(font)
        _save_font(font, directory / f"LaksamanPSK-{style}.ttf")
        if style in ("Regular", "Bold"):
            font = _rescaled(source_dir / file_name, DIGITS_FAMILY, style)
            _remap_digits(font)
            _save_font(font, directory / f"LaksamanPSKThaiDigits-{style}.ttf")
    _write_atomic(directory / CONF_NAME, fonts_conf_text(directory).encode())
    _write_licence(directory)


def _save_font(font: TTFont, path: Path) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    os.close(fd)
    font.save(tmp)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def _rescaled(source: Path, family: str, style: str) -> TTFont:
    """Laksaman at 1500 units per em (= TH SarabunPSK metrics), renamed so it never poses as
    Laksaman or TH Sarabun (P5). Outlines are unchanged."""
    font = TTFont(str(source))
    font["head"].unitsPerEm = 1500
    os2 = font["OS/2"]
    # Word takes the line height from the win metrics; make LibreOffice do the same.
    os2.fsSelection &= ~(1 << 7)
    os2.sTypoAscender = os2.usWinAscent
    os2.sTypoDescender = -os2.usWinDescent
    os2.sTypoLineGap = 0
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 2, 3, 4, 6, 16, 17):
            names.removeNames(nameID=record.nameID)
    compact = family.replace(" ", "")
    full = f"{family} {SUBFAMILY[style]}" if style != "Regular" else family
    names.setName(family, 1, 3, 1, 0x409)
    names.setName(SUBFAMILY[style], 2, 3, 1, 0x409)
    names.setName(f"{compact}-{style};ita-tracker-{BUILD_VERSION}", 3, 3, 1, 0x409)
    names.setName(full, 4, 3, 1, 0x409)
    names.setName(f"{compact}-{style}", 6, 3, 1, 0x409)
    return font


SARA_AM_PART = "uni0E32.am"


def _separate_sara_am(font: TTFont) -> None:
    """Give the า inside ำ a glyph of its own, so the PDF's text layer can tell them apart.

    HarfBuzz draws ำ (U+0E33) as NIKHAHIT + SARA AA (moving the nikhahit before a tone mark).
    LibreOffice then maps the nikhahit glyph to ำ in the PDF's ToUnicode map and the sara aa
    glyph to nothing; an ordinary า drawn with that same glyph is left without a Unicode value
    too, and extractors that read only the ToUnicode map (pypdf, pdfminer.six) lose every า.
    Here a copy of the sara aa glyph (same outline, same advance) replaces it whenever it follows
    a nikhahit (with a tone mark between or not), so the real า keeps its own glyph and map
    entry. The copy's empty entry is filled in by ``exporters/text_layer.py``.
    """
    from fontTools.ttLib.tables import otTables
    from fontTools.ttLib.tables._g_l_y_f import Glyph, GlyphComponent

    cmap = font.getBestCmap()
    sara_aa = cmap.get(0x0E32)
    if sara_aa is None or "GSUB" not in font or "glyf" not in font:
        return
    order = font.getGlyphOrder()
    if SARA_AM_PART in order:
        return
    copy = Glyph()
    component = GlyphComponent()
    component.glyphName, component.x, component.y, component.flags = sara_aa, 0, 0, 0x4
    copy.components = [component]
    copy.numberOfContours = -1
    font["glyf"][SARA_AM_PART] = copy  # also appends it to the glyph order
    font["hmtx"][SARA_AM_PART] = font["hmtx"][sara_aa]
    if "GDEF" in font and font["GDEF"].table.GlyphClassDef is not None:
        font["GDEF"].table.GlyphClassDef.classDefs[SARA_AM_PART] = 1  # a base glyph
    if "post" in font and hasattr(font["post"], "extraNames"):
        font["post"].formatType = 2.0

    def coverage(names: list[str]) -> otTables.Coverage:
        table = otTables.Coverage()
        table.glyphs = sorted(set(names), key=font.getGlyphID)
        return table

    nikhahit = [n for n in font.getGlyphOrder() if n.startswith("uni0E4D")]
    tones = [
        n for n in font.getGlyphOrder() if n[:7] in ("uni0E48", "uni0E49", "uni0E4A", "uni0E4B")
    ]
    gsub = font["GSUB"].table
    single = otTables.Lookup()
    single.LookupType, single.LookupFlag = 1, 0
    substitution = otTables.SingleSubst()
    substitution.mapping = {sara_aa: SARA_AM_PART}
    single.SubTable = [substitution]
    single.SubTableCount = 1
    gsub.LookupList.Lookup.append(single)
    single_index = len(gsub.LookupList.Lookup) - 1
    chain = otTables.Lookup()
    chain.LookupType, chain.LookupFlag = 6, 0
    chain.SubTable = []
    for backtrack in ([nikhahit], [tones, nikhahit]):
        rule = otTables.ChainContextSubst()
        rule.Format = 3
        rule.BacktrackCoverage = [coverage(names) for names in backtrack]
        rule.BacktrackGlyphCount = len(backtrack)
        rule.InputCoverage = [coverage([sara_aa])]
        rule.InputGlyphCount = 1
        rule.LookAheadCoverage = []
        rule.LookAheadGlyphCount = 0
        record = otTables.SubstLookupRecord()
        record.SequenceIndex, record.LookupListIndex = 0, single_index
        rule.SubstLookupRecord = [record]
        rule.SubstCount = 1
        chain.SubTable.append(rule)
    chain.SubTableCount = len(chain.SubTable)
    gsub.LookupList.Lookup.append(chain)
    gsub.LookupList.LookupCount = len(gsub.LookupList.Lookup)
    chain_index = len(gsub.LookupList.Lookup) - 1
    # Last in the ccmp feature of every script: after HarfBuzz's decomposition and the font's
    # own mark variants.
    for record in gsub.FeatureList.FeatureRecord:
        if record.FeatureTag == "ccmp":
            record.Feature.LookupListIndex.append(chain_index)
            record.Feature.LookupCount = len(record.Feature.LookupListIndex)


def _remap_digits(font: TTFont) -> None:
    """Map U+0030..U+0039 to the glyphs of U+0E50..U+0E59 in every Unicode cmap subtable."""
    for table in font["cmap"].tables:
        if not table.isUnicode():
            continue
        for offset in range(10):
            thai = table.cmap.get(0x0E50 + offset)
            if thai is not None:
                table.cmap[0x30 + offset] = thai


def fonts_conf_text(directory: Path) -> str:
    """A fontconfig file: the system configuration, plus our folder and strong aliases."""

    def alias(names: tuple[str, ...], target: str) -> list[str]:
        return [
            f'  <alias binding="strong"><family>{escape(name)}</family>'
            f"<prefer><family>{escape(target)}</family></prefer></alias>"
            for name in names
        ]

    lines = [
        '<?xml version="1.0"?>',
        '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">',
        "<!-- Written by ita-tracker setup-fonts; rebuilt when outdated. Do not edit. -->",
        "<fontconfig>",
        # Our cache first: fontconfig writes to the first writable cachedir.
        f"  <cachedir>{escape(str(directory / 'cache'))}</cachedir>",
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>',
        f"  <dir>{escape(str(directory))}</dir>",
        *alias(SARABUN_NAMES, FAMILY),
        *alias(DIGITS_NAMES, DIGITS_FAMILY),
        *alias(SYMBOL_NAMES, SYMBOL_FALLBACK),
        "</fontconfig>",
        "",
    ]
    return "\n".join(lines)


_README = """\
Fonts generated by ita-tracker (ita_tracker/docengine/fonts.py) for LibreOffice on the server.

LaksamanPSK-*.ttf and LaksamanPSKThaiDigits-*.ttf are MODIFIED versions of Laksaman from the
Debian package fonts-tlwg-laksaman-ttf (copyright and licence in COPYRIGHT-Laksaman.txt:
GPL-2 or later with the font exception; the GPL text is in GPL-2.txt when the system has it).

Changes made:
 * unitsPerEm set to 1500 (Laksaman is TH SarabunPSK drawn 1.5x larger), OS/2 typo metrics set
   to the win metrics, USE_TYPO_METRICS cleared;
 * renamed to "Laksaman PSK" / "Laksaman PSK Thai Digits" so they never pose as the originals;
 * in "Laksaman PSK Thai Digits", the ASCII digits 0-9 are mapped to the Thai digit glyphs.
Glyph outlines are unchanged.

fonts.conf includes the system configuration and aliases TH SarabunPSK, TH Sarabun PSK and
TH Sarabun New to Laksaman PSK, TH SarabunIT๙ to Laksaman PSK Thai Digits, and Segoe UI Symbol
to DejaVu Sans. It is used only by processes started with FONTCONFIG_FILE pointing at it.
"""


def _write_licence(directory: Path) -> None:
    copyright_file, gpl = LICENCE_FILES
    if not copyright_file.is_file():
        raise FontSetupError(
            f"ไม่พบไฟล์สัญญาอนุญาตของฟอนต์ {copyright_file} / font licence {copyright_file} "
            "not found (package fonts-tlwg-laksaman-ttf)"
        )
    shutil.copyfile(copyright_file, directory / "COPYRIGHT-Laksaman.txt")
    if gpl.is_file():
        shutil.copyfile(gpl, directory / "GPL-2.txt")
    _write_atomic(directory / "README.txt", _README.encode())
