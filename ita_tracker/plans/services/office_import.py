"""Import measures (and a round's statuses) from a Word memo, an Excel sheet or a CSV file.

Never blind: :func:`preview_office_import` reads the file into a plan draft, with what is
unsure flagged, the units matched and a diff against the agency's current plan of that year;
nothing is written. :func:`confirm_office_import` builds the same draft again (with the
coordinator's unit choices) and writes it, all or nothing, through the plan-file importer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from ita_tracker.agencies.access import authorize
from ita_tracker.agencies.models import Agency
from ita_tracker.audit.services import record
from ita_tracker.documents.approvals import record_imported
from ita_tracker.lib.errors import LocatedProblem
from ita_tracker.officefiles.build import Built, build_plan, plan_error_problems
from ita_tracker.officefiles.diff import Change, diff_plans
from ita_tracker.officefiles.errors import OfficeFileError
from ita_tracker.officefiles.model import ReadResult
from ita_tracker.planfile.reader import PlanFileError
from ita_tracker.planfile.schema import PlanState as PlanFileState
from ita_tracker.plans.models import Evidence, MeasurePlan
from ita_tracker.plans.planfile.exporter import export_agency, export_plan
from ita_tracker.plans.planfile.importer import check_plan, evidence_lost_by, import_plan


class OfficeImportRefused(Exception):
    """The draft cannot be written; ``problems`` say why and where (nothing was written)."""

    def __init__(self, problems: list[LocatedProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(p.format() for p in problems))


@dataclass
class OfficeImportPreview:
    read: ReadResult
    built: Built | None
    problems: list[LocatedProblem] = field(default_factory=list)  # any of these blocks the import
    existing: MeasurePlan | None = None
    changes: list[Change] = field(default_factory=list)
    # Evidence files of the current plan whose measure or round the file no longer has:
    # confirming deletes them, so the coordinator must say so (the others are kept).
    lost_evidence: list[Evidence] = field(default_factory=list)

    @property
    def can_confirm(self) -> bool:
        return self.built is not None and not self.problems


def preview_office_import(
    *,
    agency: Agency,
    fiscal_year: int,
    read: ReadResult,
    choices: dict[str, str] | None = None,
) -> OfficeImportPreview:
    """The plan the import would write, checked against the database. Writes nothing."""
    preview = OfficeImportPreview(read=read, built=None)
    if read.agency_slug and read.agency_slug != agency.slug:
        preview.problems.append(
            LocatedProblem(
                f"ไฟล์นี้ส่งออกจากหน่วยงานอื่น («{read.agency_slug}»)",
                f"this file was exported for another agency ({read.agency_slug!r})",
            )
        )
    existing = (
        MeasurePlan.objects.filter(agency=agency, fiscal_year__be_year=fiscal_year)
        .select_related("agency", "fiscal_year")
        .first()
    )
    preview.existing = existing
    base = export_plan(existing) if existing is not None else None
    try:
        built = build_plan(
            read,
            agency=export_agency(agency),
            fiscal_year=fiscal_year,
            choices=choices,
            base=base,
        )
    except OfficeFileError as exc:
        preview.problems.extend(exc.problems)
        return preview
    preview.built = built
    try:
        # Lost evidence is not a problem here but a question (lost_evidence) for the person.
        check_plan(built.plan, replace=True, source=read.source, force=True)
    except PlanFileError as exc:
        preview.problems.extend(plan_error_problems(exc, built))
    preview.changes = diff_plans(base, built.plan, new_round=built.round_index)
    if existing is not None:
        preview.lost_evidence = evidence_lost_by(built.plan, existing)
    return preview


@transaction.atomic
def confirm_office_import(
    *,
    agency: Agency,
    fiscal_year: int,
    read: ReadResult,
    choices: dict[str, str] | None = None,
    delete_evidence: bool = False,
    approved_outside: bool = False,
    acting_user: Any,
) -> MeasurePlan:
    """Write the draft: the agency's plan of ``fiscal_year`` becomes what the file holds
    (replacing the current one; its evidence files stay with the measures and rounds the file
    still has), new units are added to the agency. All or nothing. Evidence files of measures
    or rounds the file no longer has are deleted only with ``delete_evidence``; without it the
    import is refused.

    Raises OfficeImportRefused with located problems. Side effects: the importer's audit rows
    (``plan.imported``, ``plan.replaced``, ``agency.units_added``), ``document.recorded`` for
    what stays approved, and ``plan.imported_office`` naming the file and the coordinator's
    unit choices. ``approved_outside``: the coordinator says the plan was approved on paper; it
    is saved approved, with a ``recorded`` submission (as a plan file's approved plan is), so
    that its rounds can open without sending it up the chain again.
    """
    authorize(acting_user, agency, "edit_plan")
    preview = preview_office_import(
        agency=agency, fiscal_year=fiscal_year, read=read, choices=choices
    )
    if not preview.can_confirm:
        raise OfficeImportRefused(preview.problems)
    assert preview.built is not None
    if preview.lost_evidence and not delete_evidence:
        names = ", ".join(e.original_name for e in preview.lost_evidence[:10])
        raise OfficeImportRefused(
            [
                LocatedProblem(
                    f"การนำเข้าจะลบไฟล์หลักฐาน {len(preview.lost_evidence)} ไฟล์ของมาตรการหรือรอบ"
                    f"ที่ไม่มีในไฟล์นี้แล้ว ({names}) ต้องยืนยันการลบก่อน",
                    f"the import would delete {len(preview.lost_evidence)} evidence file(s) of "
                    f"measures or rounds the file no longer has ({names}): confirm that first",
                )
            ]
        )
    plan_file = preview.built.plan
    if approved_outside:
        plan_file = plan_file.model_copy(update={"state": PlanFileState.APPROVED})
    try:
        plan = import_plan(
            plan_file,
            acting_user=acting_user,
            replace=True,
            source=read.source,
            force=delete_evidence,
        )
    except PlanFileError as exc:
        raise OfficeImportRefused(plan_error_problems(exc, preview.built)) from None
    # A plan (or round) that stays approved is frozen again, as a plan file's would be.
    record_imported(plan, acting_user=acting_user)
    record(
        acting_user=acting_user,
        action="plan.imported_office",
        obj=plan,
        agency=agency,
        after={
            "source": read.source,
            "kind": read.kind,
            "measures": len(preview.built.plan.measures),
            "new_units": preview.built.new_units,
            "unit_choices": choices or {},
            "evidence_deleted": len(preview.lost_evidence) if delete_evidence else 0,
            "approved_outside": approved_outside,
        },
    )
    return plan
