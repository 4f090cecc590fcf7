"""The one entry point that turns a plan file into a memo, for the web, the CLI and the tests."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from ita_tracker.docengine import glyphs
from ita_tracker.docengine.analysis_context import analysis_report_context
from ita_tracker.docengine.context import measures_plan_context, progress_report_context
from ita_tracker.docengine.errors import DocumentError
from ita_tracker.docengine.exporters.docx import builtin_template, render_docx
from ita_tracker.docengine.exporters.pdf import Converter, docx_to_pdf
from ita_tracker.planfile.schema import PlanFile

Format = Literal["docx", "pdf"]
DocumentKind = Literal["progress_report", "measures_plan", "analysis_report"]


def document_kind(round_index: int | None) -> DocumentKind:
    return "measures_plan" if round_index is None else "progress_report"


def document_context(
    plan: PlanFile,
    round_index: int | None,
    *,
    indicator_names: Mapping[int, str] | None = None,
) -> dict[str, Any]:
    """The plain context of the plan document (``round_index`` None) or of a round's report."""
    if round_index is None:
        return dict(measures_plan_context(plan, indicator_names=indicator_names))
    try:
        return dict(progress_report_context(plan, round_index, indicator_names=indicator_names))
    except IndexError as exc:
        th, _, en = str(exc).partition(" / ")
        raise DocumentError(th, en or th) from None


def render_document(
    plan: PlanFile,
    *,
    round_index: int | None,
    fmt: Format,
    template: bytes | None = None,
    converter: Converter | None = None,
    emblem: bytes | None = None,
    indicator_names: Mapping[int, str] | None = None,
    archival: bool = False,
) -> bytes:
    """The memo as DOCX or PDF bytes.

    ``round_index``: 0-based index into ``plan.rounds`` for that round's progress report (O43),
    or None for the measures plan with its cover memo (O42). ``template``: an agency's DOCX
    template (lint it first with :func:`ita_tracker.docengine.lint.lint_template`); None uses
    the built-in one. ``converter``: for PDF, a persistent converter (the web server's
    :func:`~ita_tracker.docengine.exporters.pdf.shared_converter`); None runs soffice once.
    ``emblem``: the agency's emblem picture (PNG/JPEG); None prints a neutral placeholder.
    ``archival``: for PDF, a PDF/A-2b, tagged PDF (issued documents); the default draft PDF
    skips both and is faster.

    Raises TemplateError (the template), ConversionError (LibreOffice) or DocumentError.
    """
    if fmt not in ("docx", "pdf"):
        raise DocumentError(f"ไม่รู้จักรูปแบบไฟล์ «{fmt}»", f"unknown format {fmt!r}: docx or pdf")
    context = document_context(plan, round_index, indicator_names=indicator_names)
    glyphs.check_context(context)  # an emoji is refused here, not drawn as a box or dropped
    source = template if template is not None else builtin_template(document_kind(round_index))
    docx = render_docx(source, context, emblem=emblem)
    if fmt == "docx":
        return docx
    return docx_to_pdf(docx, converter, archival=archival)


def render_analysis_report(
    plan: PlanFile,
    *,
    fmt: Format,
    template: bytes | None = None,
    converter: Converter | None = None,
    emblem: bytes | None = None,
    indicator_names: Mapping[int, str] | None = None,
    archival: bool = False,
) -> bytes:
    """The analysis report (รายงานการวิเคราะห์ผลการประเมิน ITA) of ``plan.result_analysis``, as
    DOCX or PDF: a memo with the analysis table and the trend chart as a picture. Same engine,
    same errors as :func:`render_document`."""
    if fmt not in ("docx", "pdf"):
        raise DocumentError(f"ไม่รู้จักรูปแบบไฟล์ «{fmt}»", f"unknown format {fmt!r}: docx or pdf")
    context = analysis_report_context(plan, indicator_names=indicator_names)
    glyphs.check_context(context)
    source = template if template is not None else builtin_template("analysis_report")
    docx = render_docx(source, context, emblem=emblem)
    if fmt == "docx":
        return docx
    return docx_to_pdf(docx, converter, archival=archival)
