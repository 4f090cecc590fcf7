"""Documents from the database: draft memos for download, and agency templates.

The renderer never sees a model: the plan is exported to a PlanFile first (ADR 0001).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from ita_tracker.audit.services import record
from ita_tracker.docengine.errors import DocumentError
from ita_tracker.docengine.exporters.docx import builtin_template
from ita_tracker.docengine.exporters.pdf import shared_converter
from ita_tracker.docengine.lint import validate_template
from ita_tracker.docengine.render import render_document
from ita_tracker.documents import snapshots
from ita_tracker.documents.models import AgencyTemplate, DocumentKind, IssuedDocument
from ita_tracker.frameworks.models import Indicator
from ita_tracker.plans.models import MeasurePlan, ReportingRound
from ita_tracker.plans.planfile.exporter import export_plan

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


@dataclass(frozen=True)
class RenderedDocument:
    filename: str
    content_type: str
    data: bytes


def active_template(agency: Any, kind: str) -> bytes | None:
    """The agency's own template for ``kind``, or None for the built-in one."""
    template = AgencyTemplate.objects.filter(agency=agency, kind=kind, is_active=True).first()
    if template is None:
        return None
    with template.file.open("rb") as fh:
        return bytes(fh.read())


def _emblem(agency: Any) -> bytes | None:
    if not agency.emblem:
        return None
    with agency.emblem.open("rb") as fh:
        return bytes(fh.read())


def document_filename(plan: MeasurePlan, round_: ReportingRound | None, fmt: str) -> str:
    year = plan.fiscal_year.be_year
    if round_ is None:
        return f"มาตรการส่งเสริมคุณธรรม-{plan.agency.slug}-{year}.{fmt}"
    return f"รายงานผล-{round_.title.replace(' ', '')}-{plan.agency.slug}-{year}.{fmt}"


def render_draft(
    *, plan: MeasurePlan, round_: ReportingRound | None = None, fmt: str
) -> RenderedDocument:
    """The plan document (``round_`` None) or a round's report.

    While it can still change, from the current data. Once submitted, from the snapshot of the
    version in approval (with the decisions given so far), never from the live plan; once
    issued, the issued file itself. Uses the agency's own template when it has one. PDFs go
    through the process's persistent LibreOffice (never a new soffice per request). Raises the
    engine's typed errors.
    """
    from ita_tracker.documents import issuing
    from ita_tracker.documents.selectors import live_submission

    if fmt not in CONTENT_TYPES:
        raise DocumentError(f"ไม่รู้จักรูปแบบไฟล์ «{fmt}»", f"unknown format {fmt!r}")
    kind = DocumentKind.MEASURES_PLAN if round_ is None else DocumentKind.PROGRESS_REPORT
    locked = round_.is_locked if round_ is not None else not plan.is_editable
    submission = live_submission(plan, round_, kind) if locked else None
    filename = document_filename(plan, round_, fmt)
    if submission is not None:
        issued = IssuedDocument.objects.filter(submission=submission).first()
        if issued is not None:
            field = issued.pdf if fmt == "pdf" else issued.docx
            with field.open("rb") as fh:
                return RenderedDocument(filename, CONTENT_TYPES[fmt], bytes(fh.read()))
        planfile, index = issuing.final_plan_file(submission)
    else:
        planfile = export_plan(plan)
        index = None if round_ is None else snapshots.round_index(plan, round_)
    data = render_document(
        planfile,
        round_index=index,
        fmt=fmt,  # type: ignore[arg-type]
        template=active_template(plan.agency, kind),
        converter=shared_converter() if fmt == "pdf" else None,
        emblem=_emblem(plan.agency),
        indicator_names=dict(
            Indicator.objects.filter(fiscal_year=plan.fiscal_year).values_list("number", "name_th")
        ),
    )
    return RenderedDocument(filename, CONTENT_TYPES[fmt], data)


class UploadRejected(DocumentError):
    """Not a usable template file (size, type). Lint problems raise TemplateRejected."""


@transaction.atomic
def upload_template(
    *, agency: Any, kind: str, name: str, data: bytes, acting_user: Any
) -> AgencyTemplate:
    """Accept an agency's DOCX template for ``kind`` after lint; it replaces the one in use.

    Raises :class:`UploadRejected` (too big, not a DOCX) or ``TemplateRejected`` (lint issues,
    each located) and changes nothing then. Side effect: a ``template.uploaded`` audit row.
    """
    if kind not in DocumentKind.values:
        raise UploadRejected(f"ไม่รู้จักชนิดเอกสาร «{kind}»", f"unknown document kind {kind!r}")
    if len(data) > settings.MAX_UPLOAD_BYTES:
        limit = settings.MAX_UPLOAD_BYTES // (1024 * 1024)
        raise UploadRejected(f"ไฟล์ใหญ่เกิน {limit} MB", f"the file is larger than {limit} MB")
    if not data.startswith(b"PK\x03\x04"):
        raise UploadRejected("ไฟล์นี้ไม่ใช่ไฟล์ Word (.docx)", "the file is not a Word document (.docx)")
    validate_template(data, kind)  # type: ignore[arg-type]
    previous = list(
        AgencyTemplate.objects.select_for_update().filter(agency=agency, kind=kind, is_active=True)
    )
    AgencyTemplate.objects.filter(pk__in=[t.pk for t in previous]).update(is_active=False)
    digest = hashlib.sha256(data).hexdigest()
    template = AgencyTemplate(
        agency=agency,
        kind=kind,
        original_name=name[:255],
        sha256=digest,
        size=len(data),
        uploaded_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )
    template.file.save("template.docx", ContentFile(data), save=False)  # named by upload_to
    template.save()
    record(
        acting_user=acting_user,
        action="template.uploaded",
        obj=template,
        agency=agency,
        before={"template": previous[0].pk} if previous else None,
        after={"kind": kind, "name": template.original_name, "sha256": digest},
    )
    return template


@transaction.atomic
def stop_using_template(*, template: AgencyTemplate, acting_user: Any) -> None:
    """Go back to the built-in template for this kind. Side effect: a ``template.removed`` row."""
    if not template.is_active:
        return
    template.is_active = False
    template.save(update_fields=["is_active"])
    record(
        acting_user=acting_user,
        action="template.removed",
        obj=template,
        agency=template.agency,
        before={"is_active": True},
        after={"is_active": False},
    )


def builtin_template_bytes(kind: str) -> bytes:
    if kind not in DocumentKind.values:
        raise UploadRejected(f"ไม่รู้จักชนิดเอกสาร «{kind}»", f"unknown document kind {kind!r}")
    return builtin_template(kind)
