"""Make the text layer of LibreOffice's Thai PDFs read right in every extractor.

LibreOffice 7.4 draws Thai correctly, but what a PDF reader gets back when copying or indexing
the text depends on the reader:

* **ToUnicode gaps.** HarfBuzz draws ำ as NIKHAHIT + the sara aa part (``uni0E32.am``, see
  ``fonts.py``). LibreOffice gives the nikhahit glyph the whole ำ and the sara aa part no
  Unicode value at all, and covers the pair with ``/ActualText``. Readers that ignore
  ActualText (pypdf, pdfminer.six) print ``(cid:4)`` or put ำ before a tone mark (``นำ้``).
  Here the sara aa part maps to ำ and the nikhahit of ำ to nothing, so the glyph order gives the
  Unicode order (``น`` ``้`` ``ำ``).
* **Stacked marks.** Thai marks have no advance width, so two marks in a row (``ี้``, ``ื่``) sit
  at the same x with zero width. pdfminer then starts a new text line at the second mark
  (``ที`` / ``่``), and poppler's layout mode takes it for a duplicated glyph and sorts it after
  the next letter (``ชีแ้จง``) or inserts a space (``ปั จจุบัน``). And HarfBuzz draws some tone
  marks before the vowel under them (``ผ`` ``้`` ``ู``), which LibreOffice papers over with
  ActualText and a wrong ToUnicode entry (``ผ้้``). Here each letter with its marks is written
  anew: the marks in typing order (each still drawn where it was), inside an ``/ActualText``
  span (which poppler and pdfium read as one unit), with a width of 0.1 em in /Widths and in the
  embedded font program (PDF/A wants the two to agree) and its outline moved within the glyph
  as far as its origin moves: the positioning cancels both out, and the page looks as
  LibreOffice drew it.
* **Page numbers.** LibreOffice types the page number as ASCII digits and draws them with the
  Thai-digit copy of the font (``fonts.py``, P6): the page shows ``๒``, the text layer said
  ``2``. The Thai-digit fonts' digits map to Thai digits here.

Each code's Unicode value is taken from the glyph it draws, found by its outline in the font
file the subset was cut from (``fonts.py``), not from what LibreOffice guessed. Only our own
fonts are touched; a block of text with anything unexpected in it is left as it was.

The file is changed by an incremental update (the original bytes stay, new versions of the
changed objects are appended), so a PDF/A-2b export stays PDF/A-2b.
"""

from __future__ import annotations

import functools
import io
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fontTools import agl
from fontTools.ttLib import TTFont
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    StreamObject,
)

from ita_tracker.docengine import fonts

SARA_AM = 0x0E33
logger = logging.getLogger(__name__)
# LibreOffice's font subsets carry no creation date, which fontTools warns about on every read.
logging.getLogger("fontTools.ttLib.tables._h_e_a_d").setLevel(logging.ERROR)
# The width (1/1000 em) zero-width marks get, in /Widths and in the embedded font program alike
# (PDF/A wants the two to agree). pdfminer.six keeps two characters on one line only when the gap
# between them is less than twice the wider one; a tone mark sits up to 0.09 em left of the
# vowel below it.
MARK_WIDTH = 100
# ... and its outline moves right by as much, drawn from an origin as far to the left: its box
# then ends where the zero-width mark stood, so word gaps after it stay what they were (poppler's
# raw mode needs 0.15 em to print a space between words).
MARK_SHIFT = MARK_WIDTH


def _is_mark(text: str) -> bool:
    return text == "" or (len(text) == 1 and unicodedata.category(text) == "Mn")


@dataclass
class _Font:
    """One simple font of the PDF: its codes' texts and widths, and what changes in it."""

    first: int
    widths: list[float]  # /Widths as LibreOffice wrote them
    unicode: dict[int, str]  # code -> text (fixed for our fonts)
    marks: set[int] = field(default_factory=set)  # zero-width marks, widened to MARK_WIDTH
    changed_map: bool = False
    program: TTFont | None = None  # our fonts: the embedded subset
    glyphs: dict[int, str] = field(default_factory=dict)  # code -> glyph name in ``program``

    def width(self, code: int) -> float:
        index = code - self.first
        return self.widths[index] if 0 <= index < len(self.widths) else 0.0

    def new_width(self, code: int) -> float:
        return MARK_WIDTH if code in self.marks else self.width(code)


_BFCHAR = re.compile(rb"<([0-9A-Fa-f]{2})>\s*<([0-9A-Fa-f]*)>")
_BFRANGE = re.compile(rb"<([0-9A-Fa-f]{2})>\s*<([0-9A-Fa-f]{2})>\s*<([0-9A-Fa-f]+)>")


def _read_cmap(data: bytes) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for first, last, start in _BFRANGE.findall(block):
            base = bytes.fromhex(start.decode()).decode("utf-16-be")
            for offset in range(int(last, 16) - int(first, 16) + 1):
                mapping[int(first, 16) + offset] = base[:-1] + chr(ord(base[-1]) + offset)
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for code, value in _BFCHAR.findall(block):
            mapping[int(code, 16)] = bytes.fromhex(value.decode()).decode("utf-16-be")
    return mapping


def _write_cmap(mapping: dict[int, str]) -> bytes:
    entries = [
        f"<{code:02X}> <{text.encode('utf-16-be').hex().upper()}>"
        for code, text in sorted(mapping.items())
    ]
    chunks = [entries[i : i + 100] for i in range(0, len(entries), 100)]
    body = "".join(
        f"{len(chunk)} beginbfchar\n" + "\n".join(chunk) + "\nendbfchar\n" for chunk in chunks
    )
    return (
        "/CIDInit/ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo<<\n/Registry (Adobe)\n/Ordering (UCS)\n/Supplement 0\n>> def\n"
        "/CMapName/Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<00> <FF>\nendcodespacerange\n"
        f"{body}endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    ).encode("ascii")


def _program(font: DictionaryObject) -> tuple[TTFont, dict[int, str]] | None:
    """The embedded TrueType subset and its code -> glyph name map."""
    descriptor = font.get("/FontDescriptor")
    stream = descriptor.get_object().get("/FontFile2") if descriptor is not None else None
    if stream is None:
        return None
    program = TTFont(io.BytesIO(stream.get_object().get_data()), recalcTimestamp=False)
    cmap: dict[int, str] = next((t.cmap for t in program["cmap"].tables if t.cmap), {})
    glyphs = {(code & 0xFF if code >= 0xF000 else code): name for code, name in cmap.items()}
    return program, glyphs


def _contours(glyf: Any, name: str) -> int:
    """The glyph's number of contours (-1: composite), read without decompiling the glyph."""
    data = getattr(glyf.glyphs[name], "data", None)
    if data is None:  # already decompiled
        return int(glyf[name].numberOfContours)
    return int.from_bytes(data[:2], "big", signed=True) if data else 0


def _glyph_key(font: TTFont, name: str) -> tuple[object, ...]:
    """What a glyph looks like: its glyph data as stored (LibreOffice's subsets copy a simple
    glyph's bytes as they are) or, for a composite, its components by what they look like;
    and its advance."""
    glyf = font["glyf"]
    advance = font["hmtx"][name][0]
    contours = _contours(glyf, name)
    if contours == 0:
        return ("empty", advance)
    if contours > 0:
        data = getattr(glyf.glyphs[name], "data", None)
        return ("outline", data if data is not None else glyf[name].compile(glyf), advance)
    parts = tuple((_glyph_key(font, c.glyphName), c.x, c.y) for c in glyf[name].components)
    return ("composite", parts, advance)


@functools.lru_cache(maxsize=16)
def _glyph_names(path: Path, _mtime: int) -> dict[tuple[object, ...], str]:
    """Glyph look -> glyph name in one of the project's fonts (first name wins)."""
    font = TTFont(str(path))
    index: dict[tuple[object, ...], str] = {}
    for name in font.getGlyphOrder():
        index.setdefault(_glyph_key(font, name), name)
    return index


def warm_up(directory: Path | None = None) -> None:
    """Read our fonts' glyphs now (about 0.1 s each), so the first PDF a web worker serves does
    not wait for it (``start_shared_converter`` calls this)."""
    for path in sorted((directory or fonts.fonts_dir()).glob("LaksamanPSK*.ttf")):
        _glyph_names(path, path.stat().st_mtime_ns)


def _source_font(base_font: str, directory: Path) -> Path | None:
    """The font file of ours a subset (``CAAAAA+LaksamanPSK-Regular``) was cut from."""
    name = base_font.lstrip("/").split("+", 1)[-1]
    if not name.startswith("LaksamanPSK"):
        return None
    path = directory / f"{name}.ttf"
    return path if path.is_file() else None


def _unicode_of(glyph_name: str) -> str | None:
    if glyph_name == fonts.SARA_AM_PART:
        return chr(SARA_AM)
    text = agl.toUnicode(glyph_name)
    return text or None


def _analyse(font: Any, directory: Path) -> _Font | None:
    """A simple font's codes and widths; for our fonts, each code's text taken from the glyph
    it draws (found by its outline in the font the subset was cut from), and the marks."""
    if font.get("/Subtype") not in ("/TrueType", "/Type1") or "/Widths" not in font:
        return None
    to_unicode = font.get("/ToUnicode")
    mapping = _read_cmap(to_unicode.get_object().get_data()) if to_unicode is not None else {}
    info = _Font(
        int(font.get("/FirstChar", 0)),
        [float(w) for w in font["/Widths"].get_object()],
        dict(mapping),
    )
    source = _source_font(str(font.get("/BaseFont", "")), directory)
    loaded = _program(font) if source is not None and to_unicode is not None else None
    if source is None or loaded is None:
        return info
    info.program, info.glyphs = loaded
    index = _glyph_names(source, source.stat().st_mtime_ns)
    for code, subset_name in info.glyphs.items():
        name = index.get(_glyph_key(info.program, subset_name))
        text = _unicode_of(name) if name is not None else None
        if name is None or text is None:
            continue
        if name.startswith("uni0E4D") and mapping.get(code) == chr(SARA_AM):
            text = ""  # the nikhahit of ำ: the sara aa part after it carries ำ
        if mapping.get(code) != text:
            info.unicode[code] = text
            info.changed_map = True
    info.marks = {
        code
        for code, text in info.unicode.items()
        if code > 0 and code in info.glyphs and info.width(code) == 0 and _is_mark(text)
    }
    return info


def _apply_to_font(font: Any, info: _Font) -> bool:
    """Write the fixed ToUnicode and the widened marks (in /Widths and the font program)."""
    if info.changed_map:
        font["/ToUnicode"].get_object().set_data(_write_cmap(info.unicode))
    if not info.marks or info.program is None:
        return info.changed_map
    widths = font["/Widths"].get_object()
    stream = font["/FontDescriptor"].get_object()["/FontFile2"].get_object()
    # A fresh lazy copy: only the tables changed here are compiled again.
    program = TTFont(io.BytesIO(stream.get_data()), lazy=True, recalcTimestamp=False)
    metrics = program["hmtx"].metrics
    glyf = program["glyf"]
    units = round(MARK_WIDTH * program["head"].unitsPerEm / 1000)
    shift = round(MARK_SHIFT * program["head"].unitsPerEm / 1000)
    moved = {info.glyphs[code] for code in info.marks}
    for code in info.marks:
        widths[code - info.first] = NumberObject(MARK_WIDTH)
    for name in moved:
        # Advance = the new width; outline moved right by as much (see _write_block).
        glyph = glyf[name]
        if glyph.isComposite():
            for component in glyph.components:
                component.x += shift
        elif glyph.numberOfContours > 0:
            glyph.coordinates.translate((shift, 0))
        metrics[name] = (units, metrics[name][1] + shift)
    for name in program.getGlyphOrder():
        if name not in moved and _contours(glyf, name) < 0:
            for component in glyf[name].components:  # another glyph built from a moved mark
                if component.glyphName in moved:
                    component.x -= shift
    out = io.BytesIO()
    program.save(out, reorderTables=False)
    stream.set_data(out.getvalue())
    stream[NameObject("/Length1")] = NumberObject(len(out.getvalue()))
    return True


# -- content streams -------------------------------------------------------------------------
# Inside BT … ET LibreOffice writes only `x y Td`, `1 0 0 1 x y Tm`, `/F2 16 Tf`, `[…]TJ`, `<…>Tj`
# and ActualText spans. Such a block is read into positioned glyphs and written anew; a block
# with anything else in it is left as it is.
_BLOCK = re.compile(rb"(?<![^\s])BT\s(.*?)\sET(?![^\s])", re.S)
_OPERATION = re.compile(
    rb"\s*(?:"
    rb"(?P<td>-?[\d.]+)\s+(?P<td_y>-?[\d.]+)\s+Td"
    rb"|(?P<tm>(?:-?[\d.]+\s+){6})Tm"
    rb"|/(?P<font>[^\s/<>\[\]()]+)\s+(?P<size>[\d.]+)\s+Tf"
    rb"|\[(?P<tj_array>(?:\s*(?:<[0-9A-Fa-f]*>|-?[\d.]+))*)\s*\]\s*TJ"
    rb"|<(?P<tj>[0-9A-Fa-f]*)>\s*Tj"
    rb"|/Span\s*<<\s*/ActualText\s*<[0-9A-Fa-f]*>\s*>>\s*BDC"
    rb"|EMC"
    rb")"
)
_HEX = re.compile(rb"<([0-9A-Fa-f]+)>")
_ELEMENTS = re.compile(rb"<([0-9A-Fa-f]*)>|(-?[\d.]+)")
TONE_MARKS = frozenset("\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e\u0e47")


@dataclass(slots=True)
class _Glyph:
    font: str
    size: float
    x: float
    y: float
    code: int


def _read_block(block: bytes, fonts_: dict[str, _Font]) -> list[_Glyph] | None:
    glyphs: list[_Glyph] = []
    line_x = line_y = x = 0.0
    font_name, size = "", 0.0
    position = 0
    while position < len(block):
        match = _OPERATION.match(block, position)
        if match is None:
            return None if block[position:].strip() else glyphs
        position = match.end()
        if match.group("td") is not None:
            line_x += float(match.group("td"))
            line_y += float(match.group("td_y"))
            x = line_x
        elif match.group("tm") is not None:
            a, b, c, d, e, f = (float(v) for v in match.group("tm").split())
            if (a, b, c, d) != (1, 0, 0, 1):
                return None
            line_x, line_y, x = e, f, e
        elif match.group("font") is not None:
            font_name, size = match.group("font").decode("latin-1"), float(match.group("size"))
            if font_name not in fonts_:
                return None
        elif match.group("tj_array") is not None or match.group("tj") is not None:
            if not font_name:
                return None
            font = fonts_[font_name]
            if match.group("tj") is not None:
                elements = [(match.group("tj"), b"")]
            else:
                elements = _ELEMENTS.findall(match.group("tj_array"))
            for hex_string, number in elements:
                if number:
                    x -= float(number) / 1000 * size
                    continue
                for code in bytes.fromhex(hex_string.decode()):
                    glyphs.append(_Glyph(font_name, size, x, line_y, code))
                    x += font.width(code) / 1000 * size
    return glyphs


def _clusters(glyphs: list[_Glyph], fonts_: dict[str, _Font]) -> list[list[_Glyph]]:
    """Each letter with the marks after it, the marks in the order they are typed (vowel marks
    before tone marks: HarfBuzz may draw ้ before ู)."""
    clusters: list[list[_Glyph]] = []
    for glyph in glyphs:
        font = fonts_[glyph.font]
        if clusters and glyph.code in font.marks and clusters[-1][0].font == glyph.font:
            clusters[-1].append(glyph)
        else:
            clusters.append([glyph])
    for cluster in clusters:
        font = fonts_[cluster[0].font]
        if len(cluster) > 2 and cluster[0].code not in font.marks:
            cluster[1:] = sorted(
                cluster[1:], key=lambda g: font.unicode.get(g.code, "") in TONE_MARKS
            )
    return clusters


def _spans(
    clusters: list[list[_Glyph]], fonts_: dict[str, _Font]
) -> list[tuple[bool, list[_Glyph]]]:
    """(in an ActualText span?, glyphs): a span runs from a letter with marks to the first glyph
    without marks after it (a letter, a space). poppler spreads a span's text evenly from its
    first glyph's start to its last glyph's end; ending on a mark, the span would end short of
    its letter and poppler would see a word gap (``ป่ าไม้``), or past the next letter's start and
    take that letter for a duplicate."""
    spans: list[tuple[bool, list[_Glyph]]] = []
    current: list[_Glyph] | None = None
    for cluster in clusters:
        marks = fonts_[cluster[0].font].marks
        if len(cluster) > 1 and cluster[0].code not in marks:
            current = [*(current or []), *cluster]
        elif current is not None:
            spans.append((True, [*current, *cluster]))
            current = None
        else:
            spans.append((False, cluster))
    if current is not None:
        spans.append((True, current))
    return spans


def _write_block(glyphs: list[_Glyph], fonts_: dict[str, _Font]) -> bytes:
    out: list[bytes] = []
    state: dict[str, object] = {"font": None, "size": None, "y": None, "x": 0.0}
    run: list[bytes] = []
    codes = bytearray()

    def flush() -> None:
        nonlocal codes
        if codes:
            run.append(b"<" + codes.hex().upper().encode() + b">")
            codes = bytearray()
        if run:
            out.append(b"[" + b" ".join(run) + b"]TJ")
            run.clear()

    def origin(glyph: _Glyph) -> float:
        # A widened mark's outline was moved right by MARK_SHIFT: it is drawn from that much
        # further left, so it lands where it was and its box ends where it stood.
        marks = fonts_[glyph.font].marks
        return glyph.x - (MARK_SHIFT / 1000 * glyph.size if glyph.code in marks else 0)

    def move_to(glyph: _Glyph) -> None:
        """Bring the pen to ``glyph``: a Tm on a new line or font, else a TJ adjustment."""
        nonlocal codes
        x = origin(glyph)
        if (glyph.font, glyph.size, glyph.y) != (state["font"], state["size"], state["y"]):
            flush()
            out.append(f"1 0 0 1 {_fmt(x)} {_fmt(glyph.y)} Tm".encode())
            out.append(f"/{glyph.font} {_fmt(glyph.size)} Tf".encode())
            state.update(font=glyph.font, size=glyph.size, y=glyph.y, x=x)
        adjustment = round((float(state["x"]) - x) * 1000 / glyph.size, 2)  # type: ignore[arg-type]
        if adjustment:
            if codes:
                run.append(b"<" + codes.hex().upper().encode() + b">")
                codes = bytearray()
            run.extend(_fmt(part).encode() for part in _split(adjustment))
            state["x"] = x

    def show(glyph: _Glyph) -> None:
        move_to(glyph)
        codes.append(glyph.code)
        state["x"] = origin(glyph) + fonts_[glyph.font].new_width(glyph.code) / 1000 * glyph.size

    spans = _spans(_clusters(glyphs, fonts_), fonts_)
    for index, (marked, span) in enumerate(spans):
        if marked:
            flush()
            text = "".join(fonts_[g.font].unicode.get(g.code, "") for g in span)
            out.append(_actual_text(text))
        for glyph in span:
            show(glyph)
        if marked:
            following = spans[index + 1][1][0] if index + 1 < len(spans) else None
            if following is not None and (following.font, following.size, following.y) == (
                state["font"],
                state["size"],
                state["y"],
            ):
                # The way back from the marks belongs with them, as LibreOffice writes it:
                # extractors take a large move at the start of a TJ for a space.
                move_to(following)
            flush()
            out.append(b"EMC")
    flush()
    return b"\n".join(out)


# pypdf reads a move to the right of half a space or more inside a TJ as a space. Words in
# LibreOffice's PDFs are always separated by space glyphs, so a longer move (the way back from a
# mark raised over a tall letter, say ป่) is written in steps shorter than that.
MAX_STEP = 60


def _split(adjustment: float) -> list[float]:
    if adjustment >= -MAX_STEP:
        return [adjustment]
    steps = int(-adjustment // MAX_STEP)
    rest = round(adjustment + steps * MAX_STEP, 2)
    return [-MAX_STEP] * steps + ([rest] if rest else [])


def _fmt(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:.3f}".rstrip("0").rstrip(".")


def _actual_text(text: str) -> bytes:
    return b"/Span<</ActualText<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">>>BDC"


def _blocks(data: bytes, fonts_: dict[str, _Font]) -> list[tuple[re.Match[bytes], list[_Glyph]]]:
    """The text blocks to write anew (those with marks in them), or raise ``_Unreadable``."""
    found = []
    marks = set().union(*(font.marks for font in fonts_.values()))
    for match in _BLOCK.finditer(data):
        codes: set[int] = set()
        for hex_string in _HEX.findall(match.group(1)):
            codes.update(bytes.fromhex(hex_string.decode()))
        if not codes & marks:
            continue  # no mark of any font in it: left as LibreOffice wrote it
        glyphs = _read_block(match.group(1), fonts_)
        if glyphs is None:
            if any(f"/{name} ".encode() in match.group(1) for name, f in fonts_.items() if f.marks):
                raise _Unreadable  # its marks would be drawn from the moved origin
            continue
        if any(g.code in fonts_[g.font].marks for g in glyphs):
            found.append((match, glyphs))
    return found


class _Unreadable(Exception):
    """A text block uses one of our fonts in a way this module does not read."""


def _rewrite(
    data: bytes, blocks: list[tuple[re.Match[bytes], list[_Glyph]]], fonts_: dict[str, _Font]
) -> bytes:
    out = bytearray()
    position = 0
    for match, glyphs in blocks:
        out += data[position : match.start()]
        out += b"BT\n" + _write_block(glyphs, fonts_) + b"\nET"
        position = match.end()
    out += data[position:]
    return bytes(out)


def fix_text_layer(pdf: bytes, font_directory: Path | None = None) -> bytes:
    """``pdf`` (from LibreOffice) with the text layer fixed as the module docstring says.

    ``font_directory`` holds the fonts LibreOffice used (``fonts.py``; default: the data folder's).
    A PDF with text this module cannot read safely is returned unchanged (and logged).
    """
    directory = font_directory or fonts.fonts_dir()
    writer = PdfWriter(io.BytesIO(pdf), incremental=True)
    analysed: dict[int, tuple[Any, _Font | None]] = {}
    work: list[tuple[Any, bytes, list[tuple[re.Match[bytes], list[_Glyph]]], dict[str, _Font]]] = []
    for page in writer.pages:
        resources = page.get("/Resources")
        font_dict = resources.get_object().get("/Font") if resources is not None else None
        if font_dict is None:
            continue
        page_fonts: dict[str, _Font] = {}
        for name, reference in font_dict.get_object().items():
            key = reference.idnum if isinstance(reference, IndirectObject) else id(reference)
            if key not in analysed:
                font = reference.get_object()
                analysed[key] = (font, _analyse(font, directory))
            info = analysed[key][1]
            if info is not None:
                page_fonts[name[1:]] = info
        if not any(info.marks for info in page_fonts.values()):
            continue
        contents: Any = page.get("/Contents")
        if contents is None:
            continue
        streams = contents.get_object()
        for stream in streams if isinstance(streams, ArrayObject) else [contents]:
            stream_object = stream.get_object()
            if not isinstance(stream_object, StreamObject):
                continue
            data = stream_object.get_data()
            try:
                blocks = _blocks(data, page_fonts)
            except _Unreadable:
                logger.warning("text layer left as LibreOffice wrote it: unexpected text operators")
                return pdf
            if blocks:
                work.append((stream_object, data, blocks, page_fonts))
    changed = False
    for font, info in analysed.values():
        if info is not None and _apply_to_font(font, info):
            changed = True
    for stream_object, data, blocks, page_fonts in work:
        stream_object.set_data(_rewrite(data, blocks, page_fonts))
        changed = True
    if not changed:
        return pdf
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
