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
from django.utils import timezone

from ita_tracker.agencies.access import authorize
from ita_tracker.agencies.models import Membership, Role
from ita_tracker.audit.services import record
from ita_tracker.docengine.errors import DocumentError
from ita_tracker.docengine.exporters.docx import builtin_template
from ita_tracker.docengine.exporters.pdf import shared_converter
from ita_tracker.docengine.lint import validate_template
from ita_tracker.docengine.render import render_analysis_report, render_document
from ita_tracker.documents import snapshots
from ita_tracker.documents.models import AgencyTemplate, ChainStep, DocumentKind, IssuedDocument
from ita_tracker.frameworks.models import Indicator
from ita_tracker.planfile import schema
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
    return f"รายงานผล-{round_.title_th.replace(' ', '')}-{plan.agency.slug}-{year}.{fmt}"


def draft_preparer(agency: Any) -> schema.Person | None:
    """Who prepares a draft whose memo names nobody: the agency coordinator's signatory, when
    the coordinators of the agency sign as exactly one person."""
    signatories = {
        m.signatory
        for m in Membership.objects.filter(
            agency=agency, role=Role.COORDINATOR, signatory__isnull=False
        ).select_related("signatory")
    }
    if len(signatories) != 1:
        return None
    (signatory,) = signatories
    if signatory is None:
        return None
    return schema.Person(name=signatory.name, position=signatory.position)


def chain_blocks(agency: Any, kind: str) -> list[schema.Approval]:
    """One block to sign per step of the agency's approval chain for ``kind`` (empty when the
    agency has set none)."""
    from ita_tracker.documents.approvals import block_to_sign

    today = timezone.localdate()
    steps = (
        ChainStep.objects.filter(chain__agency=agency, chain__kind=kind)
        .select_related(
            "holder__signatory", "holder__user", "acting_holder__signatory", "acting_holder__user"
        )
        .order_by("order")
    )
    return [block_to_sign(step, today) for step in steps]


def with_draft_signers(
    planfile: schema.PlanFile, round_index: int | None, agency: Any
) -> schema.PlanFile:
    """The plan file with the draft's memo completed where it names nobody.

    A draft downloaded before anyone wrote its memo (the 12-month round in the demo) gets the
    preparer from :func:`draft_preparer`, and one approval block per step of the agency's
    approval chain for the document (:func:`chain_blocks`), or, when it has set none, of the
    chain the plan's latest other memo went through (headings, names, positions and acting
    lines; no comments, no dates). Memos that name their people are left as they are.
    """
    current = planfile.memo if round_index is None else planfile.rounds[round_index].memo
    memo = current or schema.Memo()
    update: dict[str, Any] = {}
    if memo.drafter is None:
        preparer = draft_preparer(agency)
        if preparer is not None:
            update["drafter"] = preparer
    if not memo.approvals:
        kind = DocumentKind.MEASURES_PLAN if round_index is None else DocumentKind.PROGRESS_REPORT
        chain = chain_blocks(agency, kind)
        if not chain:
            others: list[schema.Memo | None] = [r.memo for r in reversed(planfile.rounds)]
            others.append(planfile.memo)
            previous = next((m.approvals for m in others if m is not None and m.approvals), [])
            chain = [a.model_copy(update={"comment": "", "signed_on": None}) for a in previous]
        if chain:
            update["approvals"] = chain
    if not update:
        return planfile
    memo = memo.model_copy(update=update)
    if round_index is None:
        return planfile.model_copy(update={"memo": memo})
    rounds = list(planfile.rounds)
    rounds[round_index] = rounds[round_index].model_copy(update={"memo": memo})
    return planfile.model_copy(update={"rounds": rounds})


def render_draft(
    *, plan: MeasurePlan, round_: ReportingRound | None = None, fmt: str
) -> RenderedDocument:
    """The plan document (``round_`` None) or a round's report.

    While it can still change, from the current data (a memo that names nobody gets the
    preparer and approval blocks of :func:`with_draft_signers`). Once submitted, from the
    snapshot of the version in approval (with the decisions given so far), never from the live
    plan; once issued, the issued file itself. Uses the agency's own template when it has one.
    PDFs go through the process's persistent LibreOffice (never a new soffice per request).
    Raises the engine's typed errors.
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
        index = None if round_ is None else snapshots.round_index(plan, round_)
        planfile = with_draft_signers(export_plan(plan), index, plan.agency)
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
    authorize(acting_user, agency, "manage_templates")
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
    authorize(acting_user, template.agency, "manage_templates")
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


def render_analysis_report_draft(
    *, agency: Any, planfile: schema.PlanFile, fmt: str
) -> RenderedDocument:
    """The analysis report of ``planfile.result_analysis`` as DOCX or PDF, from the current data
    (a draft: no number, no date; the preparer and one block to sign per step of the agency's
    chain for the analysis report), with the agency's own template when it has one. Submitted
    versions render from their snapshot (``issuing``). PDFs go through the process's persistent
    LibreOffice. Raises the engine's typed errors."""
    if fmt not in CONTENT_TYPES:
        raise DocumentError(f"ไม่รู้จักรูปแบบไฟล์ «{fmt}»", f"unknown format {fmt!r}")
    kind = DocumentKind.ANALYSIS_REPORT
    analysis = planfile.result_analysis
    year = analysis.fiscal_year if analysis is not None else planfile.fiscal_year - 1
    if analysis is not None and analysis.memo is None:
        memo = schema.Memo(drafter=draft_preparer(agency), approvals=chain_blocks(agency, kind))
        planfile = snapshots.with_memo(planfile, kind, None, memo)
    data = render_analysis_report(
        planfile,
        fmt=fmt,  # type: ignore[arg-type]
        template=active_template(agency, kind),
        converter=shared_converter() if fmt == "pdf" else None,
        emblem=_emblem(agency),
        indicator_names=dict(
            Indicator.objects.filter(fiscal_year__be_year=year).values_list("number", "name_th")
        ),
    )
    filename = f"วิเคราะห์ผลการประเมิน-ITA-{agency.slug}-{year}.{fmt}"
    return RenderedDocument(filename, CONTENT_TYPES[fmt], data)
