"""Write a validated :class:`PlanFile` into the database, all or nothing."""

from __future__ import annotations

import hashlib
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone

from ita_tracker.agencies.access import authorize
from ita_tracker.agencies.models import Agency, OrgUnit, Signatory
from ita_tracker.audit.services import record, snapshot
from ita_tracker.frameworks.models import FiscalYear, Indicator, Tool
from ita_tracker.lib import thai_dates
from ita_tracker.planfile import schema
from ita_tracker.planfile.reader import Issue, PlanFileError
from ita_tracker.plans.models import (
    ApprovalStep,
    Evidence,
    Measure,
    MeasurePlan,
    Memo,
    ProgressEntry,
    ReportingRound,
    Responsibility,
)
from ita_tracker.plans.planfile.mapping import AGENCY_FIELDS, MEMO_FIELDS
from ita_tracker.results.planfile import write_plan_file_results


class _Check:
    """Collects problems that need the database (catalogue present, plan not there yet …)."""

    def __init__(self, plan: schema.PlanFile, source: str) -> None:
        self.plan = plan
        self.source = source
        self.issues: list[Issue] = []

    def add(self, path: tuple[str | int, ...], th: str, en: str) -> None:
        dotted = ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in path)
        self.issues.append(Issue(self.plan.line_of(*path), dotted.replace(".[", "["), th, en))

    def raise_if_any(self) -> None:
        if self.issues:
            raise PlanFileError(self.issues, self.source)


def _check_against_database(
    plan: schema.PlanFile, *, replace: bool, source: str, force: bool = False
) -> tuple[FiscalYear, dict[int, Indicator]]:
    check = _Check(plan, source)
    fiscal_year = FiscalYear.objects.filter(be_year=plan.fiscal_year).first()
    if fiscal_year is None:
        check.add(
            ("fiscal_year",),
            f"ยังไม่มีกรอบการประเมินปีงบประมาณ {plan.fiscal_year} ในระบบ (สั่ง load_frameworks)",
            f"no ITA catalogue for fiscal year {plan.fiscal_year} (run load_frameworks)",
        )
        check.raise_if_any()
    assert fiscal_year is not None
    _check_periods(plan, check)
    indicators = {i.number: i for i in Indicator.objects.filter(fiscal_year=fiscal_year)}
    for index, measure in enumerate(plan.measures):
        for number in measure.indicators:
            if number not in indicators:
                check.add(
                    ("measures", index, "indicators"),
                    f"ไม่มีตัวชี้วัดที่ {number} ในปีงบประมาณ {plan.fiscal_year}",
                    f"fiscal year {plan.fiscal_year} has no indicator {number}",
                )
    # Every result of the file (last year's and the history): the year's catalogue, its
    # indicators and OIT items (codes are re-used across years: checked per year). The level is
    # stored as written; a difference from the year's rules is a warning on the result page,
    # never refused (issue 12).
    entries: list[tuple[tuple[str | int, ...], schema.PreviousResult]] = []
    if plan.previous_result is not None:
        entries.append((("previous_result",), plan.previous_result))
    entries += [(("results", i), r) for i, r in enumerate(plan.results)]
    for where, result in entries:
        year = FiscalYear.objects.filter(be_year=result.fiscal_year).first()
        if year is None:
            check.add(
                (*where, "fiscal_year"),
                f"ยังไม่มีกรอบการประเมินปีงบประมาณ {result.fiscal_year} ในระบบ",
                f"no ITA catalogue for fiscal year {result.fiscal_year}",
            )
            continue
        known = set(Indicator.objects.filter(fiscal_year=year).values_list("number", flat=True))
        for number in result.indicators:
            if number not in known:
                check.add(
                    (*where, "indicators", number),
                    f"ไม่มีตัวชี้วัดที่ {number} ในปีงบประมาณ {result.fiscal_year}",
                    f"fiscal year {result.fiscal_year} has no indicator {number}",
                )
        codes = set(year.oit_items.values_list("code", flat=True))
        for code in result.oit_items:
            if code not in codes:
                check.add(
                    (*where, "oit_items", code),
                    f"ไม่มีรายการ {code} ในรายการ OIT ปี {result.fiscal_year}",
                    f"fiscal year {result.fiscal_year} has no OIT item {code}",
                )
    agency = Agency.objects.filter(slug=plan.agency.slug).first()
    if (
        agency is not None
        and not replace
        and MeasurePlan.objects.filter(agency=agency, fiscal_year=fiscal_year).exists()
    ):
        check.add(
            ("fiscal_year",),
            f"{agency.name} มีแผนปีงบประมาณ {plan.fiscal_year} อยู่แล้ว (ใช้ --replace เพื่อแทนที่)",
            f"{agency.slug} already has a plan for {plan.fiscal_year} (use --replace)",
        )
    existing = (
        MeasurePlan.objects.filter(agency=agency, fiscal_year=fiscal_year).first()
        if agency is not None and replace
        else None
    )
    # Documents that went up the approval chain are permanent records; only what an earlier
    # import recorded ("recorded" submissions) may go with the plan it is replaced by.
    if (
        agency is not None
        and existing is not None
        and existing.submissions.exclude(state="recorded").exists()
    ):
        check.add(
            ("fiscal_year",),
            f"แผนปีงบประมาณ {plan.fiscal_year} ของ {agency.name} มีเอกสารที่เสนอหรือออกเลขแล้ว "
            "จึงแทนที่ทั้งแผนไม่ได้",
            f"the {plan.fiscal_year} plan of {agency.slug} has documents that "
            "went up the approval chain or were issued: it cannot be replaced",
        )
    # Evidence files are not in plan files: those of a measure and round the file still has
    # are kept; any other would be lost, so replacing then needs --force (issue 10, finding 8).
    if existing is not None and not force:
        lost = [e for e, key in _evidence_of(existing) if key not in _file_keys(plan)]
        if lost:
            names = ", ".join(
                f"{e.entry.measure.tool.code}-{e.entry.measure.order} "
                f"{e.entry.round.title}: {e.original_name}"
                for e in lost[:10]
            )
            more = f" (+{len(lost) - 10})" if len(lost) > 10 else ""
            check.add(
                ("measures",),
                f"การแทนที่จะลบไฟล์หลักฐาน {len(lost)} ไฟล์ของมาตรการหรือรอบที่ไม่มีในไฟล์นี้แล้ว: "
                f"{names}{more} (ใช้ --force เพื่อยืนยัน)",
                f"replacing would delete {len(lost)} evidence file(s) of measures or rounds "
                f"this file no longer has: {names}{more} (use --force to go ahead)",
            )
    check.raise_if_any()
    return fiscal_year, indicators


def _check_periods(plan: schema.PlanFile, check: _Check) -> None:
    """Measure and round periods inside the plan's fiscal year, as the web forms require
    (issue 10, finding 11: 2580-10 in an FY2566 plan was imported)."""
    first, last = thai_dates.fiscal_year_bounds(plan.fiscal_year)
    year = plan.fiscal_year
    th = f"ช่วงเวลาต้องอยู่ในปีงบประมาณ {year} (ต.ค. {year - 1} – ก.ย. {year})"
    en = f"the period must lie within fiscal year {year} (October {year - 1} to September {year})"
    for index, measure in enumerate(plan.measures):
        if measure.period.start < first.replace(day=1) or measure.period.end > last:
            check.add(("measures", index, "period"), th, en)
    for index, round_ in enumerate(plan.rounds):
        if round_.period.start < first or round_.period.end > last:
            check.add(("rounds", index, "period"), th, en)


def check_plan(
    plan: schema.PlanFile, *, replace: bool, source: str = "", force: bool = False
) -> None:
    """Every problem ``import_plan`` would find against the database, raised as PlanFileError
    before anything is written (for previews)."""
    _check_against_database(plan, replace=replace, source=source, force=force)


# An evidence file belongs to (round kind, round start, round end, tool, place, measure title).
_EvidenceKey = tuple[str, Any, Any, str, int, str]


def _evidence_of(plan: MeasurePlan) -> list[tuple[Evidence, _EvidenceKey]]:
    rows = Evidence.objects.filter(entry__round__plan=plan).select_related(
        "entry__round", "entry__measure__tool"
    )
    return [
        (
            e,
            (
                e.entry.round.kind,
                e.entry.round.period_start,
                e.entry.round.period_end,
                e.entry.measure.tool.code,
                e.entry.measure.order,
                e.entry.measure.title,
            ),
        )
        for e in rows.order_by("pk")
    ]


def _file_keys(plan: schema.PlanFile) -> set[_EvidenceKey]:
    places: dict[str, tuple[str, int, str]] = {}
    per_tool: dict[str, int] = {}
    for key, item in zip(plan.assign_keys(), plan.measures, strict=True):
        per_tool[item.tool.value] = per_tool.get(item.tool.value, 0) + 1
        places[key] = (item.tool.value, per_tool[item.tool.value], item.title)
    return {
        (r.kind.value, r.period.start, r.period.end, *places[key])
        for r in plan.rounds
        for key in r.progress
        if key in places
    }


def evidence_lost_by(plan: schema.PlanFile, existing: MeasurePlan) -> list[Evidence]:
    """The evidence files of ``existing`` that replacing it by ``plan`` would delete (those of
    a measure and round ``plan`` no longer has); the others move to the new plan."""
    keys = _file_keys(plan)
    return [evidence for evidence, key in _evidence_of(existing) if key not in keys]


def _sync_agency(data: schema.Agency, acting_user: Any) -> tuple[Agency, dict[str, OrgUnit]]:
    fields = {name: getattr(data, name) for name in AGENCY_FIELDS}
    fields["type"] = data.type.value
    existing = Agency.objects.filter(slug=data.slug).first()
    before = snapshot(existing, list(AGENCY_FIELDS)) if existing is not None else None
    agency, created = Agency.objects.update_or_create(slug=data.slug, defaults=fields)
    after = snapshot(agency, list(AGENCY_FIELDS))
    # An import may create the agency or change its details (document prefix, head position …):
    # both belong in the trail, not only the plan.
    if created or before != after:
        record(
            acting_user=acting_user,
            action="agency.created" if created else "agency.updated",
            obj=agency,
            agency=agency,
            before=before,
            after=after,
        )
    added: list[str] = []
    units: dict[str, OrgUnit] = {}
    for order, unit in enumerate(data.units, start=1):
        top, made = OrgUnit.objects.update_or_create(
            agency=agency,
            parent=None,
            name=unit.name,
            defaults={"short_name": unit.short_name, "phone": unit.phone, "order": order},
        )
        units[unit.name] = top
        if made:
            added.append(unit.name)
        for sub_order, section in enumerate(unit.sections, start=1):
            child, made = OrgUnit.objects.update_or_create(
                agency=agency,
                parent=top,
                name=section.name,
                defaults={
                    "short_name": section.short_name,
                    "phone": section.phone,
                    "order": sub_order,
                },
            )
            units[f"{unit.name}/{section.name}"] = child
            if made:
                added.append(f"{unit.name}/{section.name}")
    if added and not created:
        record(
            acting_user=acting_user,
            action="agency.units_added",
            obj=agency,
            agency=agency,
            after={"units": added},
        )
    return agency, units


def _signatory(agency: Agency, name: str, position: str) -> Signatory:
    signatory, _ = Signatory.objects.get_or_create(agency=agency, name=name, position=position)
    return signatory


def _write_memo(
    memo_data: schema.Memo,
    *,
    agency: Agency,
    plan: MeasurePlan,
    round_: ReportingRound | None,
) -> Memo:
    memo = Memo.objects.create(
        plan=plan,
        round=round_,
        **{db: getattr(memo_data, name) for name, db in MEMO_FIELDS.items()},
        drafter=(
            _signatory(agency, memo_data.drafter.name, memo_data.drafter.position)
            if memo_data.drafter
            else None
        ),
    )
    ApprovalStep.objects.bulk_create(
        ApprovalStep(
            memo=memo,
            order=order,
            heading=step.heading,
            signatory=_signatory(agency, step.name, step.position),
            acting=step.acting,
            comment=step.comment,
            signed_on=step.signed_on,
        )
        for order, step in enumerate(memo_data.approvals, start=1)
    )
    return memo


def import_plan(
    plan: schema.PlanFile,
    *,
    acting_user: Any,
    replace: bool = False,
    source: str = "",
    force: bool = False,
) -> MeasurePlan:
    """Create the agency (or update its details), its units, the plan, measures, rounds, progress,
    memos and last year's result from ``plan``.

    All or nothing: a problem found against the database raises :class:`PlanFileError` before
    anything is written, and any later failure rolls the whole import back. With ``replace`` an
    existing plan of the same agency and year is replaced; its evidence files move to the same
    measure and round of the new plan (same ids, same stored files). Evidence of a measure or
    round the file no longer has is refused unless ``force``; then its rows go and its files are
    deleted on commit.
    Side effects: one ``plan.imported`` audit row (and ``plan.replaced`` when replacing).
    """
    with transaction.atomic():
        fiscal_year, indicators = _check_against_database(
            plan, replace=replace, source=source, force=force
        )
        known = Agency.objects.filter(slug=plan.agency.slug).first()
        if known is not None:  # a new agency is the command line's: nobody else writes to it
            authorize(acting_user, known, "edit_plan")
        agency, units = _sync_agency(plan.agency, acting_user)
        existing = MeasurePlan.objects.filter(agency=agency, fiscal_year=fiscal_year).first()
        kept_evidence: list[tuple[Evidence, _EvidenceKey]] = []
        if existing is not None:
            kept_evidence = _evidence_of(existing)
            record(
                acting_user=acting_user,
                action="plan.replaced",
                obj=existing,
                agency=agency,
                before={
                    "measures": existing.measures.count(),
                    "evidence": len(kept_evidence),
                },
            )
            existing.submissions.all().delete()  # only recorded ones are left (checked above)
            existing.delete()

        plan_row = MeasurePlan.objects.create(
            agency=agency,
            fiscal_year=fiscal_year,
            title=plan.title,
            background=plan.background,
            analysis=plan.analysis,
            state=plan.state.value,
        )
        tools = {t.code: t for t in Tool.objects.all()}
        keys = plan.assign_keys()
        per_tool: dict[str, int] = {}
        rows: list[Measure] = []
        for item in plan.measures:
            per_tool[item.tool.value] = per_tool.get(item.tool.value, 0) + 1
            rows.append(
                Measure(
                    plan=plan_row,
                    tool=tools[item.tool.value],
                    order=per_tool[item.tool.value],
                    title=item.title,
                    methods=list(item.methods),
                    responsible_note=item.responsible_note,
                    period_start=item.period.start,
                    period_end=item.period.end,
                    follow_up=item.follow_up,
                    carried_over=item.carried_over,
                )
            )
        # One INSERT per table, whatever the number of measures (a 200-measure Word file
        # imports in well under the 2 s of bench/import.py). SQLite >= 3.35 and PostgreSQL
        # give the new primary keys back.
        Measure.objects.bulk_create(rows)
        measures: dict[str, Measure] = dict(zip(keys, rows, strict=True))
        Responsibility.objects.bulk_create(
            Responsibility(measure=measure, unit=units[path], order=order)
            for measure, item in zip(rows, plan.measures, strict=True)
            for order, path in enumerate(dict.fromkeys(item.responsible), start=1)
        )
        links = Measure.indicators.through
        links.objects.bulk_create(
            links(measure_id=measure.pk, indicator_id=indicators[number].pk)
            for measure, item in zip(rows, plan.measures, strict=True)
            for number in dict.fromkeys(item.indicators)
        )

        now = timezone.now()
        for round_data in plan.rounds:
            round_ = ReportingRound.objects.create(
                plan=plan_row,
                kind=round_data.kind.value,
                label=round_data.label,
                period_start=round_data.period.start,
                period_end=round_data.period.end,
                state=round_data.state.value,
                submitted_at=now if round_data.state != schema.RoundState.OPEN else None,
            )
            ProgressEntry.objects.bulk_create(
                ProgressEntry(
                    round=round_,
                    measure=measures[key],
                    status=progress.status.value,
                    note=progress.note,
                    evidence_text=progress.evidence,
                    urls=list(progress.urls),
                    updated_at=now,
                )
                for key, progress in round_data.progress.items()
            )
            if round_data.memo is not None:
                _write_memo(
                    round_data.memo,
                    agency=agency,
                    plan=plan_row,
                    round_=round_,
                )
        if plan.memo is not None:
            _write_memo(
                plan.memo,
                agency=agency,
                plan=plan_row,
                round_=None,
            )

        write_plan_file_results(agency, plan, acting_user=acting_user, source=source)
        if kept_evidence:
            _restore_evidence(plan_row, kept_evidence, acting_user)

        record(
            acting_user=acting_user,
            action="plan.imported",
            obj=plan_row,
            agency=agency,
            after={
                "source": source,
                "sha256": hashlib.sha256(plan.model_dump_json().encode()).hexdigest(),
                "measures": len(plan.measures),
                "rounds": len(plan.rounds),
            },
        )
        return plan_row


def _restore_evidence(
    plan_row: MeasurePlan, evidence: list[tuple[Evidence, _EvidenceKey]], acting_user: Any
) -> None:
    """Put the replaced plan's evidence rows back (same ids and files) on the new plan's entry
    of the same measure and round; delete the files of the others on commit."""
    entries = {
        (
            e.round.kind,
            e.round.period_start,
            e.round.period_end,
            e.measure.tool.code,
            e.measure.order,
            e.measure.title,
        ): e
        for e in ProgressEntry.objects.filter(round__plan=plan_row).select_related(
            "round", "measure__tool"
        )
    }
    kept, dropped = [], []
    for row, key in evidence:
        entry = entries.get(key)
        if entry is None:
            dropped.append(row)
            continue
        row.entry = entry
        kept.append(row)
    uploaded = {row.pk: row.uploaded_at for row in kept}
    Evidence.objects.bulk_create(kept)
    for pk, at in uploaded.items():  # bulk_create stamped them now (auto_now_add)
        Evidence.objects.filter(pk=pk).update(uploaded_at=at)
    for row in dropped:
        transaction.on_commit(partial(row.file.storage.delete, row.file.name))
    record(
        acting_user=acting_user,
        action="evidence.carried_over",
        obj=plan_row,
        agency=plan_row.agency,
        after={
            "kept": len(kept),
            "deleted": [f"{r.original_name} ({r.sha256[:12]})" for r in dropped],
        },
    )
