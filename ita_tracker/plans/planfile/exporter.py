"""Read one plan out of the database as a :class:`PlanFile`.

The same object feeds ``ita-tracker export`` and the document renderers (which never touch the
ORM themselves). The number of queries does not grow with the number of measures.
"""

from __future__ import annotations

from django.db.models import Prefetch

from ita_tracker.agencies.models import Agency, OrgUnit
from ita_tracker.planfile import schema
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
from ita_tracker.results.planfile import result_entry, results_of, stored_analysis


def export_agency(agency: Agency) -> schema.Agency:
    """The agency's details and units as the plan file writes them."""
    units = list(OrgUnit.objects.filter(agency=agency).order_by("order", "name"))
    children: dict[int, list[OrgUnit]] = {}
    for unit in units:
        if unit.parent_id is not None:
            children.setdefault(unit.parent_id, []).append(unit)
    return schema.Agency(
        slug=agency.slug,
        **{name: getattr(agency, name) for name in AGENCY_FIELDS},
        units=[
            schema.Unit(
                name=u.name,
                short_name=u.short_name,
                phone=u.phone,
                sections=[
                    schema.Section(name=c.name, short_name=c.short_name, phone=c.phone)
                    for c in children.get(u.pk, [])
                ],
            )
            for u in units
            if u.parent_id is None
        ],
    )


def _memo(memo: Memo) -> schema.Memo:
    return schema.Memo(
        **{name: getattr(memo, db) for name, db in MEMO_FIELDS.items()},
        drafter=(
            schema.Person(name=memo.drafter.name, position=memo.drafter.position)
            if memo.drafter
            else None
        ),
        approvals=[
            schema.Approval(
                heading=step.heading,
                name=step.signatory.name,
                position=step.signatory.position,
                acting=step.acting,
                comment=step.comment,
                signed_on=step.signed_on,
            )
            for step in memo.steps.all()
        ],
    )


def _results(
    plan: MeasurePlan,
) -> tuple[schema.PreviousResult | None, list[schema.PreviousResult], schema.ResultAnalysis | None]:
    """Last year's result, the earlier ones, and last year's analysis when one was written."""
    year = plan.fiscal_year.be_year
    history = results_of(plan.agency, before=year)
    last = next((r for r in history if r.fiscal_year.be_year == year - 1), None)
    earlier = [result_entry(r) for r in history if r is not last]
    if last is None:
        return None, earlier, None
    return result_entry(last), earlier, stored_analysis(last)


def export_plan(plan: MeasurePlan) -> schema.PlanFile:
    """The whole plan (agency, measures, rounds with progress and memos, last year's result)."""
    memo_prefetch = Prefetch(
        "steps", queryset=ApprovalStep.objects.select_related("signatory").order_by("order")
    )
    plan = (
        MeasurePlan.objects.select_related("agency", "fiscal_year")
        .prefetch_related(
            Prefetch(
                "measures",
                queryset=Measure.objects.select_related("tool")
                .prefetch_related(
                    Prefetch(
                        "responsibilities",
                        queryset=Responsibility.objects.select_related("unit__parent"),
                    ),
                    "indicators",
                )
                .order_by("tool__order", "order", "pk"),
            ),
            Prefetch(
                "rounds",
                queryset=ReportingRound.objects.prefetch_related(
                    Prefetch("entries", queryset=ProgressEntry.objects.order_by("pk")),
                ).order_by("period_end", "pk"),
            ),
            Prefetch(
                "memos",
                queryset=Memo.objects.select_related("drafter").prefetch_related(memo_prefetch),
            ),
        )
        .get(pk=plan.pk)
    )
    measures = list(plan.measures.all())
    keys: dict[int, str] = {}
    per_tool: dict[str, int] = {}
    items: list[schema.Measure] = []
    for measure in measures:
        code = measure.tool.code
        per_tool[code] = per_tool.get(code, 0) + 1
        keys[measure.pk] = f"{code}-{per_tool[code]}"
        items.append(
            schema.Measure(
                tool=schema.ToolCode(code),
                title=measure.title,
                methods=list(measure.methods),
                responsible=[r.unit.path for r in measure.responsibilities.all()],
                responsible_note=measure.responsible_note,
                period=schema.Period(start=measure.period_start, end=measure.period_end),
                follow_up=measure.follow_up,
                indicators=sorted(i.number for i in measure.indicators.all()),
                carried_over=measure.carried_over,
            )
        )
    memos = {memo.round_id: memo for memo in plan.memos.all()}
    order_of = {pk: index for index, pk in enumerate(keys)}
    rounds = []
    for round_ in plan.rounds.all():
        entries = sorted(round_.entries.all(), key=lambda e: order_of.get(e.measure_id, 0))
        round_memo = memos.get(round_.pk)
        rounds.append(
            schema.Round(
                kind=schema.RoundKind(round_.kind),
                label=round_.label,
                period=schema.DatePeriod(start=round_.period_start, end=round_.period_end),
                state=schema.RoundState(round_.state),
                progress={
                    keys[e.measure_id]: schema.Progress(
                        status=schema.Status(e.status),
                        note=e.note,
                        evidence=e.evidence_text,
                        urls=list(e.urls),
                    )
                    for e in entries
                },
                memo=_memo(round_memo) if round_memo is not None else None,
            )
        )
    cover = memos.get(None)
    previous, earlier, analysis = _results(plan)
    return schema.PlanFile(
        agency=export_agency(plan.agency),
        fiscal_year=plan.fiscal_year.be_year,
        title=plan.title,
        state=schema.PlanState(plan.state),
        background=plan.background,
        analysis=plan.analysis,
        previous_result=previous,
        results=earlier,
        result_analysis=analysis,
        measures=items,
        rounds=rounds,
        memo=_memo(cover) if cover is not None else None,
    )
