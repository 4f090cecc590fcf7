"""Context + DOCX template -> DOCX, with docxtpl in a Jinja2 sandbox.

Templates may come from agencies, so they are untrusted code: they render in an
``ImmutableSandboxedEnvironment`` (no Python internals, no mutation of the context) with
``StrictUndefined`` (a misspelt variable is an error, not an empty string). Every problem comes
out as a :class:`~ita_tracker.docengine.errors.TemplateError` naming where it is in the template.

Values are XML-escaped by docxtpl (``autoescape=True``). A line break inside a context text
starts a new paragraph with the same formatting (docxtpl's ``\\a``). Besides the context, the
template sees ``emblem``: the agency's emblem (or a neutral placeholder) as a picture 1.5 cm high.
"""

from __future__ import annotations

import hashlib
import io
import re
import traceback
import zipfile
from collections.abc import Mapping
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import jinja2
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2.sandbox import SecurityError
from lxml import etree

from ita_tracker.docengine.chart_png import trend_png
from ita_tracker.docengine.errors import DocumentError, TemplateError, TemplateSecurityError
from ita_tracker.docengine.sandbox import Budget, LimitExceeded, sandbox
from ita_tracker.lib import images, safe_zip
from ita_tracker.lib.errors import NotAnArchive, UnsafeArchive

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates_docx"
EMBLEM_HEIGHT = Mm(15)  # thai-documents.md A4: 1.5 cm on memo paper
# Names the exporter adds to the context (documented in docs/templates.md).
# Pictures the exporter makes itself: the emblem, and the trend chart drawn from ``chart``.
EXPORTER_VARIABLES = frozenset({"emblem", "trend_chart"})
CHART_WIDTH = Mm(155)
# What a template file may cost to open: Word's own parts are small; pictures (a scanned
# letterhead) make up most of a real template.
_COMPILED_CACHE_SIZE = 64
TEMPLATE_LIMITS = safe_zip.ZipLimits(
    max_members=500, max_member_size=16 * safe_zip.MiB, max_total_size=48 * safe_zip.MiB
)


def builtin_template(kind: str) -> bytes:
    """The committed template for ``progress_report`` or ``measures_plan``."""
    return _builtin_template(kind)


@cache
def _builtin_template(kind: str) -> bytes:
    return (TEMPLATES_DIR / f"{kind}.docx").read_bytes()


@cache
def placeholder_emblem() -> bytes:
    return (TEMPLATES_DIR / "emblem-placeholder.png").read_bytes()


# One environment for all renders, so its compiled templates are reused (it holds no state
# a render could change: the sandbox is immutable and the context is passed per render).
_RENDER_ENV = sandbox()


# -- locating errors ------------------------------------------------------------------------
_TAGS = re.compile(r"<[^>]+>")


def part_label(partname: str) -> tuple[str, str]:
    """(Thai, English) name of a DOCX part as a template author knows it."""
    if "header" in partname:
        return "หัวกระดาษ", "page header"
    if "footer" in partname:
        return "ท้ายกระดาษ", "page footer"
    if "footnote" in partname:
        return "เชิงอรรถ", "footnotes"
    return "เนื้อความ", "document body"


def split_source(xml: str) -> list[str]:
    """The Jinja source as docxtpl renders it: one line per paragraph."""
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", xml).splitlines()


def describe_line(lines: list[str], line: int | None, partname: str) -> tuple[str, str]:
    """(location, snippet) of Jinja source ``line`` (1-based): the part, the table and column
    when inside a table, and the paragraph's text, which the author can search for in Word."""
    part_th, part_en = part_label(partname)
    if line is None or not 1 <= line <= len(lines):
        return f"{part_th} / {part_en}", ""
    before = "\n".join(lines[: line - 1])
    current = lines[line - 1]
    snippet = " ".join(_TAGS.sub("", current).split())
    if len(snippet) > 80:
        snippet = snippet[:77] + "…"
    where = [f"{part_th} / {part_en}"]
    open_tables = len(re.findall(r"<w:tbl>", before)) - len(re.findall(r"</w:tbl>", before))
    if open_tables > 0:
        table_number = len(re.findall(r"<w:tbl>", before))
        last_row = before.rfind("<w:tr")
        column = len(re.findall(r"<w:tc>", before[last_row:])) if last_row >= 0 else 0
        where.append(
            f"ตารางที่ {table_number} คอลัมน์ {column} / table {table_number}, column {column}"
        )
    where.append(f"บรรทัด Jinja {line} / Jinja line {line}")
    if snippet:
        where.append(f"«{snippet}»")
    return ", ".join(where), snippet


def _template_line(exc: BaseException) -> int | None:
    """The template line of a runtime error: Jinja puts template frames in the traceback."""
    line = None
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        if frame.f_code.co_filename == "<template>":
            line = lineno
    return line


def _located_error(exc: Exception, lines: list[str], partname: str) -> TemplateError:
    if isinstance(exc, jinja2.TemplateSyntaxError):
        location, snippet = describe_line(lines, exc.lineno, partname)
        return TemplateError(
            f"รูปแบบคำสั่งในแม่แบบผิด: {exc.message}",
            f"template syntax error: {exc.message}",
            location=location,
            line=exc.lineno,
            snippet=snippet,
        )
    line = _template_line(exc)
    location, snippet = describe_line(lines, line, partname)
    if isinstance(exc, LimitExceeded):
        return TemplateSecurityError(
            exc.message_th,
            exc.message_en,
            location=location,
            line=line,
            snippet=snippet,
        )
    if isinstance(exc, RecursionError):
        return TemplateSecurityError(
            "แม่แบบเรียกตัวเองซ้อนกันลึกเกินไป (macro ที่เรียกตัวเอง หรือวงเล็บซ้อนกันมากเกินไป)",
            "the template nests too deeply (a macro calling itself, or too many brackets)",
            location=location,
            line=line,
            snippet=snippet,
        )
    if isinstance(exc, MemoryError):
        return TemplateSecurityError(
            "แม่แบบใช้หน่วยความจำเกินกำหนด",
            "the template ran out of memory",
            location=location,
            line=line,
            snippet=snippet,
        )
    if isinstance(exc, SecurityError):
        return TemplateSecurityError(
            f"แม่แบบพยายามเข้าถึงส่วนที่ไม่อนุญาต: {exc}",
            f"the template tried something the sandbox forbids: {exc}",
            location=location,
            line=line,
            snippet=snippet,
        )
    if isinstance(exc, jinja2.UndefinedError):
        variable = _undefined_name(str(exc))
        return TemplateError(
            f"แม่แบบใช้ตัวแปรที่ไม่มี «{variable}»: {exc}",
            f"the template uses an undefined variable {variable!r}: {exc}",
            location=location,
            line=line,
            snippet=snippet,
            variable=variable,
        )
    return TemplateError(
        f"แม่แบบทำงานผิดพลาด: {exc}",
        f"the template failed: {type(exc).__name__}: {exc}",
        location=location,
        line=line,
        snippet=snippet,
    )


def _undefined_name(message: str) -> str:
    # "'memo' is undefined" / "'dict object' has no attribute 'subjct'"
    match = re.search(r"has no attribute '([^']+)'", message) or re.search(
        r"'([^']+)' is undefined", message
    )
    return match.group(1) if match else ""


@lru_cache(maxsize=_COMPILED_CACHE_SIZE)
def _patched(xml: str) -> str:
    return str(DocxTemplate.patch_xml(None, xml))


class DocumentTemplate(DocxTemplate):
    """docxtpl's template, turning Jinja errors into located TemplateErrors."""

    def patch_xml(self, src_xml: str) -> str:
        # docxtpl's regex clean-up of Word's XML (a pure function of the XML), kept per template.
        return _patched(src_xml)

    def render_xml_part(self, src_xml: str, part: Any, context: Any, jinja_env: Any = None) -> str:
        try:
            return str(super().render_xml_part(src_xml, part, context, jinja_env))
        except TemplateError:
            raise
        except (
            jinja2.TemplateError,
            SecurityError,
            TypeError,
            ValueError,
            ArithmeticError,
            LookupError,
            AttributeError,
            RecursionError,
            MemoryError,
        ) as exc:
            raise _located_error(exc, split_source(src_xml), str(part.partname)) from exc


# -- rendering ------------------------------------------------------------------------------
def _paragraph_breaks(value: Any) -> Any:
    """Context texts carry one paragraph per line; docxtpl starts a paragraph at ``\\a``."""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\n", "\a")
    if isinstance(value, Mapping):
        return {key: _paragraph_breaks(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_paragraph_breaks(item) for item in value]
    return value


_SAFE_TEMPLATES: set[bytes] = set()  # SHA-256 of template files that passed the check


def _check_template_file(template: bytes) -> None:
    digest = hashlib.sha256(template).digest()
    if digest in _SAFE_TEMPLATES:
        return  # checking every XML part costs ~20 ms; a memo renders the same template often
    with safe_zip.open_checked(template, limits=TEMPLATE_LIMITS) as archive:
        if "word/document.xml" not in archive.namelist():
            raise zipfile.BadZipFile("no word/document.xml")
        safe_zip.check_all_xml(archive, limits=TEMPLATE_LIMITS)
    if len(_SAFE_TEMPLATES) >= _COMPILED_CACHE_SIZE:
        _SAFE_TEMPLATES.clear()
    _SAFE_TEMPLATES.add(digest)


def open_template(template: bytes) -> DocumentTemplate:
    """Load DOCX bytes as a template, or raise TemplateError when they are not a DOCX.

    The ZIP is checked first (:mod:`ita_tracker.lib.safe_zip`): python-docx reads every part
    into memory and trusts its XML, so a zip bomb, a huge part or an XML entity bomb must be
    refused before it sees them.
    """
    try:
        _check_template_file(template)
    except (NotAnArchive, zipfile.BadZipFile) as exc:
        raise TemplateError(
            "ไฟล์แม่แบบไม่ใช่ไฟล์ Word (.docx) ที่ถูกต้อง",
            f"the template is not a valid Word .docx file: {exc}",
        ) from None
    except UnsafeArchive as exc:
        raise TemplateError(
            f"ไฟล์แม่แบบใช้ไม่ได้: {exc.message_th}",
            f"the template file cannot be used: {exc.message_en}",
            location=exc.location,
        ) from None
    try:
        tpl = DocumentTemplate(io.BytesIO(template))
        tpl.init_docx()
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise TemplateError(
            "ไฟล์แม่แบบไม่ใช่ไฟล์ Word (.docx) ที่ถูกต้อง",
            f"the template is not a valid Word .docx file: {exc}",
        ) from None
    return tpl


def emblem_image(emblem: bytes | None) -> bytes:
    """The emblem to print: the agency's picture, decoded in full and re-encoded as PNG, or the
    placeholder when there is none. An unreadable picture (truncated, a fake JPEG, a stored
    WebP) is a :class:`DocumentError`, not silently replaced and never a crash."""
    if emblem is None:
        return placeholder_emblem()
    return _emblem_png(emblem)


@lru_cache(maxsize=16)
def _emblem_png(emblem: bytes) -> bytes:
    try:
        return images.emblem_png(emblem)
    except images.BadImage as exc:
        raise DocumentError(
            f"ไฟล์ตราสัญลักษณ์ใช้ไม่ได้: {exc.message_th} (ผู้ดูแลหน่วยงานอัปโหลดใหม่ได้ที่การตั้งค่า)",
            f"the emblem cannot be used: {exc.message_en} (the agency administrator can upload "
            "it again in the settings)",
        ) from None


def render_docx(
    template: bytes, context: Mapping[str, Any], *, emblem: bytes | None = None
) -> bytes:
    """Render ``template`` (DOCX bytes) with ``context``; return the DOCX bytes."""
    tpl = open_template(template)
    values = dict(_paragraph_breaks(context))
    values["emblem"] = InlineImage(tpl, io.BytesIO(emblem_image(emblem)), height=EMBLEM_HEIGHT)
    chart = context.get("chart")
    values["trend_chart"] = (
        InlineImage(tpl, io.BytesIO(trend_png(chart)), width=CHART_WIDTH)
        if isinstance(chart, dict) and chart.get("years")
        else ""
    )
    try:
        with Budget():
            tpl.render(values, jinja_env=_RENDER_ENV, autoescape=True)
    except LimitExceeded as exc:
        # The budget ran out outside a template part (docxtpl's own XML work).
        raise TemplateSecurityError(exc.message_th, exc.message_en) from None
    except etree.XMLSyntaxError as exc:
        # Tags placed so that the rendered XML no longer nests (e.g. a {%p %} tag sharing its
        # paragraph with text in another run): a template problem, reported as one.
        raise TemplateError(
            "แม่แบบสร้างเอกสารที่โครงสร้างไม่ถูกต้อง (ตรวจตำแหน่งคำสั่ง {%p %} {%tr %})",
            f"the rendered document is not well-formed XML ({exc}); check where {{%p %}} and "
            "{%tr %} tags sit",
        ) from exc
    _finish(tpl, thai_digits=bool(context.get("thai_digits", True)))
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


def _finish(tpl: DocxTemplate, *, thai_digits: bool) -> None:
    """Fix-ups every rendered document needs, whichever template made it."""
    _link_urls(tpl)
    parts = [tpl.docx.element]
    for rel in tpl.docx.part.rels.values():
        if rel.reltype.endswith(("/header", "/footer")) and not rel.is_external:
            parts.append(rel.target_part.element)
    for root in parts:
        # A loop over an empty list can leave a table cell without a paragraph, which Word
        # refuses to open.
        for cell in root.iter(qn("w:tc")):
            if cell.find(qn("w:p")) is None:
                cell.append(OxmlElement("w:p"))
    # Word prints page numbers in the format the section asks for; follow the agency's digits.
    for number_type in tpl.docx.element.body.iter(qn("w:pgNumType")):
        if number_type.get(qn("w:fmt")) in ("thaiNumbers", "decimal"):
            number_type.set(qn("w:fmt"), "thaiNumbers" if thai_digits else "decimal")


# -- evidence links -------------------------------------------------------------------------
_URL_RUN = re.compile(r"(?:https?://|www\.)\S+")
_LINK_COLOUR = "0563C1"  # Word's Hyperlink colour
_DEFAULT_CELL_MARGIN = 108  # twips: Word's default left/right cell margin (0.19 cm)
# Laksaman is TH SarabunPSK drawn 1.5x larger (thai-documents.md P5): widths / 1500 em.
_METRIC_FONT = Path("/usr/share/fonts/truetype/tlwg/Laksaman.ttf")


@cache
def _advances() -> dict[int, int] | None:
    """Advance widths (1/1500 em) of TH SarabunPSK's metric twin, or None when not installed."""
    if not _METRIC_FONT.is_file():
        return None
    from fontTools.ttLib import TTFont

    font = TTFont(str(_METRIC_FONT), lazy=True)
    metrics = font["hmtx"].metrics
    return {code: metrics[name][0] for code, name in font.getBestCmap().items()}


# A link in a narrow cell takes at most this many lines; a longer one is shown shortened
# (the hyperlink keeps the whole address).
MAX_URL_LINES = 2
HYPERLINK_STYLE = "Hyperlink"


def _link_urls(tpl: DocxTemplate) -> None:
    """Every run holding just a URL becomes a hyperlink (in Word and in the PDF), and, inside a
    table cell too narrow for it, gets line breaks after "/" or "." so it never wraps
    elsewhere (Word and LibreOffice would break it after "-" or in the middle), shortened when
    it would still take more than MAX_URL_LINES lines."""
    part = tpl.docx.part
    styled = False
    for run_element in list(tpl.docx.element.body.iter(qn("w:r"))):
        texts = run_element.findall(qn("w:t"))
        if len(texts) != 1 or run_element.getparent().tag == qn("w:hyperlink"):
            continue
        url = (texts[0].text or "").strip()
        if not _URL_RUN.fullmatch(url):
            continue
        if not styled:
            _ensure_hyperlink_style(tpl)
            styled = True
        target = url if "://" in url else f"http://{url}"
        link = OxmlElement("w:hyperlink")
        link.set(qn("r:id"), part.relate_to(target, RT.HYPERLINK, is_external=True))
        link.set(qn("w:history"), "1")
        run_element.addprevious(link)
        link.append(run_element)
        _style_link(run_element)
        lines = _url_lines(url, _cell_width(run_element), _run_size(run_element))
        texts[0].text = lines[0]
        if len(lines) > 1:
            anchor = texts[0]
            for line in lines[1:]:
                br = OxmlElement("w:br")
                text = OxmlElement("w:t")
                text.text = line
                anchor.addnext(br)
                br.addnext(text)
                anchor = text


def _ensure_hyperlink_style(tpl: DocxTemplate) -> None:
    """Word's "Hyperlink" character style, added when the template has none. LibreOffice 7.4
    writes link annotations into the PDF only for runs in that style (tdf#146575): with the
    relationship alone the PDF shows the address but nothing to click."""
    styles = tpl.docx.styles.element
    for style in styles.iter(qn("w:style")):
        if style.get(qn("w:styleId")) == HYPERLINK_STYLE:
            return
    style = etree.SubElement(styles, qn("w:style"))
    style.set(qn("w:type"), "character")
    style.set(qn("w:styleId"), HYPERLINK_STYLE)
    for tag, value in (("w:name", "Hyperlink"), ("w:basedOn", "DefaultParagraphFont")):
        child = etree.SubElement(style, qn(tag))
        child.set(qn("w:val"), value)
    etree.SubElement(style, qn("w:uiPriority")).set(qn("w:val"), "99")
    etree.SubElement(style, qn("w:unhideWhenUsed"))
    rpr = etree.SubElement(style, qn("w:rPr"))
    etree.SubElement(rpr, qn("w:color")).set(qn("w:val"), _LINK_COLOUR)
    etree.SubElement(rpr, qn("w:u")).set(qn("w:val"), "single")


def _style_link(run_element: Any) -> None:
    rpr = run_element.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        run_element.insert(0, rpr)
    style = OxmlElement("w:rStyle")  # first child of w:rPr (CT_RPr order)
    style.set(qn("w:val"), HYPERLINK_STYLE)
    rpr.insert(0, style)
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), _LINK_COLOUR)
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    # CT_RPr order: ... color ... sz szCs ... u ... lang
    size = rpr.find(qn("w:sz"))
    if size is not None:
        size.addprevious(colour)
    else:
        rpr.append(colour)
    lang = rpr.find(qn("w:lang"))
    if lang is not None:
        lang.addprevious(underline)
    else:
        rpr.append(underline)


def _run_size(run_element: Any) -> float:
    size = run_element.find(f"{qn('w:rPr')}/{qn('w:sz')}")
    try:
        return int(size.get(qn("w:val"))) / 2 if size is not None else 16.0
    except (TypeError, ValueError):
        return 16.0


def _cell_width(run_element: Any) -> float | None:
    """The text width (points) of the table cell holding ``run_element``, None outside tables."""
    cell = next((a for a in run_element.iterancestors(qn("w:tc"))), None)
    if cell is None:
        return None
    width = cell.find(f"{qn('w:tcPr')}/{qn('w:tcW')}")
    if width is None or width.get(qn("w:type")) not in ("dxa", None):
        return None
    margins = 0
    table = next(cell.iterancestors(qn("w:tbl")), None)
    for side in ("left", "right"):
        margin = None
        if table is not None:
            margin = table.find(f"{qn('w:tblPr')}/{qn('w:tblCellMar')}/{qn(f'w:{side}')}")
        value = margin.get(qn("w:w")) if margin is not None else None
        margins += int(value) if value and value.isdigit() else _DEFAULT_CELL_MARGIN
    try:
        return (int(width.get(qn("w:w"))) - margins) / 20
    except (TypeError, ValueError):
        return None


def _url_lines(url: str, width: float | None, size: float) -> list[str]:
    """The lines to show for ``url``: whole, wrapped after "/" or ".", when that takes at most
    MAX_URL_LINES lines; else without the scheme, then without "www."; else the host, "…" and
    the last part; else the host and "…"."""
    lines = _wrap_url(url, width, size)
    if len(lines) <= MAX_URL_LINES:
        return lines
    bare = re.sub(r"^https?://", "", url)
    short = re.sub(r"^www\.", "", bare)
    host, _, path = short.partition("/")
    last = path.rstrip("/").rsplit("/", 1)[-1]
    candidates = [bare, short, f"{host}/…/{last}" if last else f"{host}/…", f"{host}/…"]
    for text in candidates:
        lines = _wrap_url(text, width, size)
        if len(lines) <= MAX_URL_LINES:
            return lines
    return lines


def _wrap_url(url: str, width: float | None, size: float) -> list[str]:
    """``url`` in lines no wider than ``width`` points, broken only after "/" or "."."""
    advances = _advances()
    if width is None or advances is None:
        return [url]
    scheme = re.match(r"https?://", url)
    head = scheme.group() if scheme else ""
    pieces = re.findall(r"[^/.]*[/.]|[^/.]+$", url[len(head) :])
    if pieces:
        pieces[0] = head + pieces[0]

    def measure(text: str) -> float:
        return sum(advances.get(ord(c), 750) for c in text) / 1500 * size

    lines: list[str] = []
    current = ""
    for piece in pieces:
        if current and measure(current + piece) > width:
            lines.append(current)
            current = piece
        else:
            current += piece
    if current:
        lines.append(current)
    return lines
