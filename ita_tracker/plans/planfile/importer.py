"""Write a validated :class:`PlanFile` into the database, all or nothing."""

from __future__ import annotations

import hashlib
from typing import Any

from django.db import transaction
from django.utils import timezone

from ita_tracker.agencies.models import Agency, OrgUnit, Signatory
from ita_tracker.audit.services import record, snapshot
from ita_tracker.frameworks.models import FiscalYear, Indicator, Tool
from ita_tracker.planfile import schema
from ita_tracker.planfile.reader import Issue, PlanFileError
from ita_tracker.plans.models import (
    ApprovalStep,
    Measure,
    MeasurePlan,
    Memo,
    ProgressEntry,
    ReportingRound,
    Responsibility,
)
from ita_tracker.plans.planfile.mapping import AGENCY_FIELDS, MEMO_FIELDS
from ita_tracker.results.models import IndicatorScore, ItaResult, ResultSource


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
    plan: schema.PlanFile, *, replace: bool, source: str
) -> tuple[FiscalYear, dict[int, Indicator], FiscalYear | None]:
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
    indicators = {i.number: i for i in Indicator.objects.filter(fiscal_year=fiscal_year)}
    for index, measure in enumerate(plan.measures):
        for number in measure.indicators:
            if number not in indicators:
                check.add(
                    ("measures", index, "indicators"),
                    f"ไม่มีตัวชี้วัดที่ {number} ในปีงบประมาณ {plan.fiscal_year}",
                    f"fiscal year {plan.fiscal_year} has no indicator {number}",
                )
    previous_year = None
    if plan.previous_result is not None:
        result = plan.previous_result
        previous_year = FiscalYear.objects.filter(be_year=result.fiscal_year).first()
        if previous_year is None:
            check.add(
                ("previous_result", "fiscal_year"),
                f"ยังไม่มีกรอบการประเมินปีงบประมาณ {result.fiscal_year} ในระบบ",
                f"no ITA catalogue for fiscal year {result.fiscal_year}",
            )
        else:
            known = set(
                Indicator.objects.filter(fiscal_year=previous_year).values_list("number", flat=True)
            )
            for number in result.indicators:
                if number not in known:
                    check.add(
                        ("previous_result", "indicators", number),
                        f"ไม่มีตัวชี้วัดที่ {number} ในปีงบประมาณ {result.fiscal_year}",
                        f"fiscal year {result.fiscal_year} has no indicator {number}",
                    )
            # The level is stored as written; a difference from the year's rules is shown as a
            # warning on the result page, never refused (issue 12).
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
    check.raise_if_any()
    return fiscal_year, indicators, previous_year


def check_plan(plan: schema.PlanFile, *, replace: bool, source: str = "") -> None:
    """Every problem ``import_plan`` would find against the database, raised as PlanFileError
    before anything is written (for previews)."""
    _check_against_database(plan, replace=replace, source=source)


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
    plan: schema.PlanFile, *, acting_user: Any, replace: bool = False, source: str = ""
) -> MeasurePlan:
    """Create the agency (or update its details), its units, the plan, measures, rounds, progress,
    memos and last year's result from ``plan``.

    All or nothing: a problem found against the database raises :class:`PlanFileError` before
    anything is written, and any later failure rolls the whole import back. With ``replace`` an
    existing plan of the same agency and year is deleted first (with its rounds and evidence).
    Side effects: one ``plan.imported`` audit row (and ``plan.replaced`` when replacing).
    """
    with transaction.atomic():
        fiscal_year, indicators, previous_year = _check_against_database(
            plan, replace=replace, source=source
        )
        agency, units = _sync_agency(plan.agency, acting_user)
        existing = MeasurePlan.objects.filter(agency=agency, fiscal_year=fiscal_year).first()
        if existing is not None:
            record(
                acting_user=acting_user,
                action="plan.replaced",
                obj=existing,
                agency=agency,
                before={"measures": existing.measures.count()},
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
            for order, path in enumerate(item.responsible, start=1)
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

        if plan.previous_result is not None and previous_year is not None:
            _write_result(agency, previous_year, plan.previous_result, acting_user)

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


def _write_result(
    agency: Agency, year: FiscalYear, data: schema.PreviousResult, acting_user: Any
) -> ItaResult:
    result, created = ItaResult.objects.update_or_create(
        agency=agency,
        fiscal_year=year,
        defaults={
            "total": data.total,
            "iit": data.iit,
            "eit": data.eit,
            "oit": data.oit,
            "level_written": data.level,
            "source": ResultSource.PLAN_FILE,
        },
    )
    result.indicator_scores.all().delete()
    indicators = {i.number: i for i in Indicator.objects.filter(fiscal_year=year)}
    IndicatorScore.objects.bulk_create(
        IndicatorScore(result=result, indicator=indicators[number], score=score)
        for number, score in data.indicators.items()
    )
    record(
        acting_user=acting_user,
        action="result.created" if created else "result.updated",
        obj=result,
        agency=agency,
        after={
            "total": data.total,
            "iit": data.iit,
            "eit": data.eit,
            "oit": data.oit,
            "level_written": data.level,
            "indicators": {str(k): v for k, v in data.indicators.items()},
        },
    )
    return result
