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

import io
import operator
import re
import threading
import traceback
import zipfile
from collections.abc import Mapping
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import jinja2
from docx.image.exceptions import UnrecognizedImageError
from docx.image.image import Image
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from lxml import etree

from ita_tracker.docengine.errors import DocumentError, TemplateError, TemplateSecurityError

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates_docx"
EMBLEM_HEIGHT = Mm(15)  # thai-documents.md A4: 1.5 cm on memo paper
# Names the exporter adds to the context (documented in docs/templates.md).
EXPORTER_VARIABLES = frozenset({"emblem"})
# Refuse strings/lists a template could blow up to exhaust memory ({{ 'x' * 10**10 }}).
MAX_REPEAT = 100_000


def builtin_template(kind: str) -> bytes:
    """The committed template for ``progress_report`` or ``measures_plan``."""
    return _builtin_template(kind)


@cache
def _builtin_template(kind: str) -> bytes:
    return (TEMPLATES_DIR / f"{kind}.docx").read_bytes()


@cache
def placeholder_emblem() -> bytes:
    return (TEMPLATES_DIR / "emblem-placeholder.png").read_bytes()


class _Sandbox(ImmutableSandboxedEnvironment):
    """The sandbox, with ``*`` and ``**`` bounded so a template cannot exhaust memory."""

    intercepted_binops = frozenset({"*", "**"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._compiled: dict[str, jinja2.Template] = {}
        self._compiled_lock = threading.Lock()

    def call_binop(
        self, context: jinja2.runtime.Context, operator_: str, left: Any, right: Any
    ) -> Any:
        if operator_ == "**":
            if isinstance(right, int) and abs(right) > 64:
                raise SecurityError("exponent too large")
            return operator.pow(left, right)
        result_size = 0
        for a, b in ((left, right), (right, left)):
            if isinstance(a, str | list | tuple) and isinstance(b, int):
                result_size = len(a) * b
        if result_size > MAX_REPEAT:
            raise SecurityError("repetition too large")
        return operator.mul(left, right)

    def from_string(
        self,
        source: str | jinja2.nodes.Template,
        globals: Any = None,
        template_class: Any = None,
    ) -> jinja2.Template:
        """Compiled templates are kept: compiling a memo's XML costs more than rendering it."""
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        with self._compiled_lock:
            compiled = self._compiled.get(source)
        if compiled is None:
            compiled = super().from_string(source)
            with self._compiled_lock:
                if len(self._compiled) >= _COMPILED_CACHE_SIZE:
                    self._compiled.clear()
                self._compiled[source] = compiled
        return compiled


_COMPILED_CACHE_SIZE = 64


def sandbox() -> ImmutableSandboxedEnvironment:
    """A new sandboxed environment as templates are rendered and linted in."""
    env = _Sandbox(undefined=jinja2.StrictUndefined, autoescape=True)
    # Nothing a memo needs; lipsum and cycler/joiner only widen the surface.
    for name in ("lipsum", "cycler", "joiner"):
        env.globals.pop(name, None)
    return env


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


def open_template(template: bytes) -> DocumentTemplate:
    """Load DOCX bytes as a template, or raise TemplateError when they are not a DOCX."""
    try:
        with zipfile.ZipFile(io.BytesIO(template)) as archive:
            if "word/document.xml" not in archive.namelist():
                raise zipfile.BadZipFile("no word/document.xml")
        tpl = DocumentTemplate(io.BytesIO(template))
        tpl.init_docx()
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise TemplateError(
            "ไฟล์แม่แบบไม่ใช่ไฟล์ Word (.docx) ที่ถูกต้อง",
            f"the template is not a valid Word .docx file: {exc}",
        ) from None
    return tpl


def emblem_image(emblem: bytes | None) -> bytes:
    """The emblem to print: the agency's picture when it is one Word can show, else the
    placeholder. An unreadable picture is refused, not silently replaced."""
    if emblem is None:
        return placeholder_emblem()
    try:
        Image.from_blob(emblem)
    except UnrecognizedImageError:
        raise DocumentError(
            "ไฟล์ตราสัญลักษณ์ไม่ใช่รูปภาพที่ใช้ได้ (PNG, JPEG, GIF, BMP, TIFF)",
            "the emblem is not a picture Word can show (PNG, JPEG, GIF, BMP, TIFF)",
        ) from None
    return emblem


def render_docx(
    template: bytes, context: Mapping[str, Any], *, emblem: bytes | None = None
) -> bytes:
    """Render ``template`` (DOCX bytes) with ``context``; return the DOCX bytes."""
    tpl = open_template(template)
    values = dict(_paragraph_breaks(context))
    values["emblem"] = InlineImage(tpl, io.BytesIO(emblem_image(emblem)), height=EMBLEM_HEIGHT)
    try:
        tpl.render(values, jinja_env=_RENDER_ENV, autoescape=True)
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
