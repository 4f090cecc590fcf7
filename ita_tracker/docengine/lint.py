"""Lint a DOCX template before an agency may use it: refuse it when any issue is found.

Checks, each issue with its location (part, table and column, the paragraph's text, the Jinja
line):

1. the file is a Word document;
2. Jinja syntax, part by part (body, headers, footers);
3. variables: every top-level name must be in the documented sample context (or ``emblem``), and
   every ``a.b`` on a known mapping must name a field that exists, in branches and loops the
   sample data never reaches too;
4. a real render of the sample context in the same sandbox as production (catches the rest, e.g.
   attempts to reach Python internals).

The sample contexts are ``sample_context/<kind>.json``: the contexts of
``examples/thaphae-2566.yaml``, kept in step by ``build_templates.py`` and a test.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

import jinja2
from jinja2 import meta, nodes

from ita_tracker.docengine.errors import DocumentError, TemplateError, TemplateSecurityError
from ita_tracker.docengine.exporters.docx import (
    EXPORTER_VARIABLES,
    DocumentTemplate,
    describe_line,
    open_template,
    render_docx,
    sandbox,
    split_source,
)

SAMPLE_DIR = Path(__file__).resolve().parent / "sample_context"
Kind = Literal["progress_report", "measures_plan", "analysis_report"]
IssueKind = Literal["docx", "syntax", "undefined", "security", "render"]


@dataclass(frozen=True)
class TemplateIssue:
    kind: IssueKind
    message_th: str
    message_en: str
    location: str = ""
    line: int | None = None
    variable: str = ""

    def format(self) -> str:
        where = f"{self.location}: " if self.location else ""
        return f"{where}{self.message_th} / {self.message_en}"


class TemplateRejected(DocumentError):
    """A template that failed lint. ``issues`` lists every problem found."""

    def __init__(self, issues: list[TemplateIssue]) -> None:
        self.issues = issues
        super().__init__(
            f"ใช้แม่แบบนี้ไม่ได้: พบปัญหา {len(issues)} รายการ",
            f"template refused: {len(issues)} problem(s)\n"
            + "\n".join("  " + i.format() for i in issues),
        )


@cache
def _sample_json(kind: str) -> str:
    return (SAMPLE_DIR / f"{kind}.json").read_text(encoding="utf-8")


def sample_context(kind: Kind) -> dict[str, Any]:
    """A fresh copy of the documented sample context of a document kind."""
    if kind not in ("progress_report", "measures_plan", "analysis_report"):
        raise ValueError(f"unknown document kind {kind!r}")
    data: dict[str, Any] = json.loads(_sample_json(kind))
    return data


# -- shapes: what fields each value of the sample context has ------------------------------
@dataclass(frozen=True)
class _Dict:
    keys: dict[str, _Shape]


@dataclass(frozen=True)
class _List:
    item: _Shape


_Shape = _Dict | _List | None  # None: a scalar, or anything we cannot know


def _shape_of(value: Any) -> _Shape:
    if isinstance(value, dict):
        return _Dict({str(k): _shape_of(v) for k, v in value.items()})
    if isinstance(value, list):
        item: _Shape = None
        for element in value:
            item = _merge(item, _shape_of(element))
        return _List(item)
    return None


def _merge(a: _Shape, b: _Shape) -> _Shape:
    if a is None:
        return b
    if b is None:
        return a
    if isinstance(a, _Dict) and isinstance(b, _Dict):
        keys = dict(a.keys)
        for key, shape in b.keys.items():
            keys[key] = _merge(keys.get(key), shape)
        return _Dict(keys)
    if isinstance(a, _List) and isinstance(b, _List):
        return _List(_merge(a.item, b.item))
    return None


# Names a template may call on a mapping (Jinja resolves these before keys).
_DICT_METHODS = frozenset({"items", "keys", "values", "get"})


class _AttributeChecker:
    """Walk a parsed template; report ``x.field`` where ``x`` is a known mapping without it."""

    def __init__(self, top: _Dict) -> None:
        self.top = top
        self.problems: list[tuple[int, str, list[str]]] = []  # (line, dotted name, known keys)

    def resolve(self, node: nodes.Node, scope: dict[str, _Shape]) -> _Shape:
        if isinstance(node, nodes.Name):
            if node.name in scope:
                return scope[node.name]
            return self.top.keys.get(node.name)
        if isinstance(node, nodes.Getattr):
            return self._field(self.resolve(node.node, scope), node.attr)
        if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
            base = self.resolve(node.node, scope)
            if isinstance(node.arg.value, str):
                return self._field(base, node.arg.value)
            if isinstance(node.arg.value, int) and isinstance(base, _List):
                return base.item
        return None

    @staticmethod
    def _field(base: _Shape, name: str) -> _Shape:
        return base.keys.get(name) if isinstance(base, _Dict) else None

    def _dotted(self, node: nodes.Node) -> str:
        if isinstance(node, nodes.Name):
            return node.name
        if isinstance(node, nodes.Getattr):
            return f"{self._dotted(node.node)}.{node.attr}"
        if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
            return f"{self._dotted(node.node)}[{node.arg.value!r}]"
        return "…"

    def check(
        self, node: nodes.Node, base: nodes.Node, field: str, scope: dict[str, _Shape]
    ) -> None:
        shape = self.resolve(base, scope)
        if isinstance(shape, _Dict) and field not in shape.keys and field not in _DICT_METHODS:
            problem = (node.lineno, f"{self._dotted(base)}.{field}", sorted(shape.keys))
            if problem not in self.problems:  # once per line, however often it is used there
                self.problems.append(problem)

    def visit(self, node: nodes.Node, scope: dict[str, _Shape]) -> None:
        if isinstance(node, nodes.For):
            self.visit(node.iter, scope)
            iterated = self.resolve(node.iter, scope)
            inner = dict(scope)
            item = iterated.item if isinstance(iterated, _List) else None
            self._bind(node.target, item, inner)
            inner["loop"] = None
            if node.test is not None:
                self.visit(node.test, inner)
            for child in node.body:
                self.visit(child, inner)
            for child in node.else_:
                self.visit(child, scope)
            return
        if isinstance(node, nodes.Macro | nodes.CallBlock):
            inner = dict(scope)
            for arg in getattr(node, "args", []):
                inner[arg.name] = None
            inner.update({"caller": None, "varargs": None, "kwargs": None})
            for child in node.iter_child_nodes():
                self.visit(child, inner)
            return
        if isinstance(node, nodes.Assign):
            self.visit(node.node, scope)
            self._bind(node.target, self.resolve(node.node, scope), scope)
            return
        if isinstance(node, nodes.With):
            inner = dict(scope)
            for target, value in zip(node.targets, node.values, strict=False):
                self.visit(value, scope)
                self._bind(target, self.resolve(value, scope), inner)
            for child in node.body:
                self.visit(child, inner)
            return
        if isinstance(node, nodes.Getattr):
            self.check(node, node.node, node.attr, scope)
        elif (
            isinstance(node, nodes.Getitem)
            and isinstance(node.arg, nodes.Const)
            and isinstance(node.arg.value, str)
        ):
            self.check(node, node.node, node.arg.value, scope)
        for child in node.iter_child_nodes():
            self.visit(child, scope)

    def _bind(self, target: nodes.Node, shape: _Shape, scope: dict[str, _Shape]) -> None:
        if isinstance(target, nodes.Name):
            scope[target.name] = shape
        elif isinstance(target, nodes.Tuple):
            for item in target.items:
                self._bind(item, None, scope)


# -- the lint -------------------------------------------------------------------------------
def _parts(tpl: DocumentTemplate) -> Iterator[tuple[str, str]]:
    """(part name, Jinja source as docxtpl renders it) for the body, headers and footers."""
    tpl.render_init()
    yield "/word/document.xml", tpl.patch_xml(tpl.get_xml())
    for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
        for _rel, part in tpl.get_headers_footers(uri):
            yield str(part.partname), tpl.patch_xml(tpl.get_part_xml(part))


_JINJA_SPAN = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)


def _first_line_naming(lines: list[str], name: str) -> int | None:
    """The first source line with a Jinja tag that mentions ``name`` as a whole word."""
    word = re.compile(rf"(?<![\w.]){re.escape(name)}(?!\w)")
    for number, line in enumerate(lines, start=1):
        if any(word.search(span) for span in _JINJA_SPAN.findall(line)):
            return number
    return None


def lint_template(docx: bytes, kind: Kind = "progress_report") -> list[TemplateIssue]:
    """Every problem of ``docx`` as a template of ``kind``; an empty list means it may be used."""
    try:
        tpl = open_template(docx)
    except TemplateError as exc:
        return [TemplateIssue("docx", exc.message_th, exc.message_en, exc.location)]
    context = sample_context(kind)
    known = set(context) | EXPORTER_VARIABLES
    checker_top = _shape_of(context)
    assert isinstance(checker_top, _Dict)
    env = sandbox()
    issues: list[TemplateIssue] = []
    for partname, source in _parts(tpl):
        lines = split_source(source)
        try:
            ast = env.parse("\n".join(lines))
        except jinja2.TemplateSyntaxError as exc:
            location, _ = describe_line(lines, exc.lineno, partname)
            issues.append(
                TemplateIssue(
                    "syntax",
                    f"รูปแบบคำสั่งในแม่แบบผิด: {exc.message}",
                    f"template syntax error: {exc.message}",
                    location,
                    exc.lineno,
                )
            )
            continue
        for name in sorted(meta.find_undeclared_variables(ast) - known):
            line = _first_line_naming(lines, name)
            location, _ = describe_line(lines, line, partname)
            issues.append(
                TemplateIssue(
                    "undefined",
                    f"ไม่มีตัวแปร «{name}» ในข้อมูลของเอกสาร (ดูรายชื่อตัวแปรใน docs/templates.md)",
                    f"unknown variable {name!r} (see docs/templates.md for the variables)",
                    location,
                    line,
                    name,
                )
            )
        checker = _AttributeChecker(checker_top)
        checker.visit(ast, {})
        for line, dotted, keys in checker.problems:
            location, _ = describe_line(lines, line, partname)
            issues.append(
                TemplateIssue(
                    "undefined",
                    f"ไม่มีช่องข้อมูล «{dotted}» (ที่มี: {', '.join(keys)})",
                    f"no field {dotted!r} (known: {', '.join(keys)})",
                    location,
                    line,
                    dotted,
                )
            )
    if issues:
        return issues
    try:
        render_docx(docx, context)
    except TemplateSecurityError as exc:
        issues.append(
            TemplateIssue("security", exc.message_th, exc.message_en, exc.location, exc.line)
        )
    except TemplateError as exc:
        kind_of: IssueKind = "undefined" if exc.variable else "render"
        issues.append(
            TemplateIssue(
                kind_of, exc.message_th, exc.message_en, exc.location, exc.line, exc.variable
            )
        )
    return issues


def validate_template(docx: bytes, kind: Kind = "progress_report") -> None:
    """Raise :class:`TemplateRejected` unless ``docx`` lints clean (for uploads)."""
    issues = lint_template(docx, kind)
    if issues:
        raise TemplateRejected(issues)
