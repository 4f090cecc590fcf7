"""What the agency dashboard shows for one fiscal year: measures per tool, status counts per
round, last year's indicator scores as a chart, and what needs attention."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ita_tracker.agencies.models import Agency
from ita_tracker.frameworks.models import FiscalYear, Tool
from ita_tracker.frameworks.rating import PASS_MARK
from ita_tracker.lib.bar_chart import Chart, bar_chart
from ita_tracker.lib.thai_dates import fiscal_year_of
from ita_tracker.plans.models import (
    Measure,
    MeasurePlan,
    PlanState,
    ProgressEntry,
    ProgressStatus,
    ReportingRound,
    RoundState,
)
from ita_tracker.results.models import ItaResult


@dataclass
class RoundCounts:
    round: ReportingRound
    not_started: int = 0
    in_progress: int = 0
    completed: int = 0
    without_update: int = 0

    @property
    def total(self) -> int:
        return self.not_started + self.in_progress + self.completed

    @property
    def percent_completed(self) -> int:
        return round(100 * self.completed / self.total) if self.total else 0


@dataclass
class Attention:
    text: str
    url: str = ""
    items: list[str] = field(default_factory=list)
    level: str = "warn"  # warn | info


@dataclass
class Dashboard:
    agency: Agency
    year: int
    plan: MeasurePlan | None
    years: list[int]
    tools: list[tuple[Tool, int]]
    rounds: list[RoundCounts]
    result: ItaResult | None
    chart: Chart | None
    attention: list[Attention]

    @property
    def measure_count(self) -> int:
        return sum(n for _tool, n in self.tools)


def _rounds(plan: MeasurePlan) -> list[RoundCounts]:
    rows = (
        ProgressEntry.objects.filter(round__plan=plan)
        .values("round_id", "status")
        .annotate(n=Count("pk"), stale=Count("pk", filter=Q(updated_at__isnull=True)))
    )
    counts = {r.pk: RoundCounts(r) for r in plan.rounds.order_by("period_end", "pk")}
    for row in rows:
        item = counts[row["round_id"]]
        setattr(item, row["status"], getattr(item, row["status"]) + row["n"])
        item.without_update += row["stale"]
    return list(counts.values())


def _chart(result: ItaResult | None) -> Chart | None:
    if result is None:
        return None
    scores = list(result.indicator_scores.select_related("indicator__tool"))
    if not scores:
        return None
    return bar_chart(
        [
            (
                str(s.indicator.number),
                s.score,
                f"{s.indicator.number}. {s.indicator.name_th}",
                s.indicator.tool.code,
            )
            for s in sorted(scores, key=lambda s: s.indicator.number)
        ],
        threshold=PASS_MARK,
    )


def _open_elsewhere(agency: Agency, year: int) -> list[Attention]:
    """Open rounds of the agency's other years: a round still open in the year before stays
    in sight after the next year's plan is started."""
    rounds = (
        ReportingRound.objects.filter(plan__agency=agency, state=RoundState.OPEN)
        .exclude(plan__fiscal_year__be_year=year)
        .select_related("plan__fiscal_year")
        .annotate(stale=Count("entries", filter=Q(entries__updated_at__isnull=True)))
        .order_by("-period_end")
    )
    items = []
    for round_ in rounds:
        be_year = round_.plan.fiscal_year.be_year
        text = _("%(round)s of fiscal year %(year)s is still open.") % {
            "round": round_.title,
            "year": be_year,
        }
        if round_.stale:
            text += " " + ngettext(
                "%(n)s measure has no update yet.",
                "%(n)s measures have no update yet.",
                round_.stale,
            ) % {"n": round_.stale}
        items.append(
            Attention(text, reverse("plans:round_board", args=[agency.slug, be_year, round_.pk]))
        )
    return items


def _unsigned(agency: Agency) -> list[Attention]:
    """No way to sign: issued PDFs would carry no digital signature (a new agency, before its
    administrator uploads the certificate)."""
    from ita_tracker.documents.signing_service import active_certificate, pkcs11_config

    if pkcs11_config() is not None or active_certificate(agency) is not None:
        return []
    return [
        Attention(
            _(
                "The agency has no signing certificate: documents are issued without a digital "
                "signature. The agency administrator uploads it under Settings → Signing "
                "certificate."
            ),
            reverse("documents:signing_certificate", args=[agency.slug]),
            level="info",
        )
    ]


def _no_chain(agency: Agency) -> list[Attention]:
    """The plan and the progress report cannot be submitted before their chain is set (a new
    agency sets them up among its first steps)."""
    from ita_tracker.documents.models import ChainStep, DocumentKind

    needed = (DocumentKind.MEASURES_PLAN, DocumentKind.PROGRESS_REPORT)
    have = set(
        ChainStep.objects.filter(chain__agency=agency, chain__kind__in=needed)
        .values_list("chain__kind", flat=True)
        .distinct()
    )
    missing = [str(DocumentKind(kind).label) for kind in needed if kind not in have]
    if not missing:
        return []
    return [
        Attention(
            _("No approval chain is set for these documents yet, so they cannot be submitted:"),
            reverse("documents:chain_list", args=[agency.slug]),
            missing,
        )
    ]


def _attention(
    agency: Agency, year: int, plan: MeasurePlan | None, rounds: list[RoundCounts], result: Any
) -> list[Attention]:
    slug = agency.slug
    items: list[Attention] = _open_elsewhere(agency, year)
    today = timezone.localdate()
    items.extend(_unsigned(agency))
    items.extend(_no_chain(agency))
    if plan is None:
        items.append(
            Attention(
                _("There is no plan for fiscal year %(year)s yet.") % {"year": year},
                reverse("plans:plan_new", args=[slug]),
            )
        )
        return items
    plan_url = reverse("plans:plan_detail", args=[slug, year])
    measures = list(
        plan.measures.annotate(units=Count("responsibilities")).order_by("tool__order", "order")
    )
    if not measures:
        items.append(Attention(_("The plan has no measures yet."), plan_url))
    orphans = [m for m in measures if m.units == 0]
    if orphans:
        items.append(
            Attention(
                ngettext(
                    "%(n)s measure has no responsible unit chosen from the list, so only the "
                    "coordinator can report on it.",
                    "%(n)s measures have no responsible unit chosen from the list, so only the "
                    "coordinator can report on them.",
                    len(orphans),
                )
                % {"n": len(orphans)},
                plan_url,
                [f"{m.tool.code} {m.order}. {m.title}" for m in orphans],
                level="info",
            )
        )
    if plan.state == PlanState.DRAFT and measures:
        items.append(
            Attention(
                _("The plan is still a draft: submit it for approval."), plan_url, level="info"
            )
        )
    elif plan.state == PlanState.SUBMITTED:
        items.append(Attention(_("The plan is waiting for approval."), plan_url, level="info"))
    for counts in rounds:
        round_ = counts.round
        if round_.state != RoundState.OPEN:
            continue
        board_url = reverse("plans:round_board", args=[slug, year, round_.pk])
        stale = list(
            ProgressEntry.objects.filter(round=round_, updated_at__isnull=True)
            .select_related("measure__tool")
            .order_by("measure__tool__order", "measure__order")
        )
        if stale:
            items.append(
                Attention(
                    ngettext(
                        "%(round)s: %(n)s measure has no update yet.",
                        "%(round)s: %(n)s measures have no update yet.",
                        len(stale),
                    )
                    % {"round": round_.title, "n": len(stale)},
                    board_url,
                    [f"{e.measure.tool.code} {e.measure.order}. {e.measure.title}" for e in stale],
                )
            )
        if round_.period_end < today:
            items.append(
                Attention(
                    _("%(round)s ended; submit its report to lock it.") % {"round": round_.title},
                    reverse("plans:round_detail", args=[slug, year, round_.pk]),
                )
            )
    latest = rounds[-1].round if rounds else None
    if latest is not None:
        month_start = today.replace(day=1)
        overdue = list(
            ProgressEntry.objects.filter(round=latest, measure__period_end__lt=month_start)
            .exclude(status=ProgressStatus.COMPLETED)
            .select_related("measure__tool")
            .order_by("measure__tool__order", "measure__order")
        )
        if overdue:
            items.append(
                Attention(
                    ngettext(
                        "%(n)s measure is past its period and not completed.",
                        "%(n)s measures are past their period and not completed.",
                        len(overdue),
                    )
                    % {"n": len(overdue)},
                    reverse("plans:round_board", args=[slug, year, latest.pk]),
                    [
                        f"{e.measure.tool.code} {e.measure.order}. {e.measure.title}"
                        for e in overdue
                    ],
                )
            )
    if result is None:
        items.append(
            Attention(
                _("Last year's ITA result (%(year)s) has not been entered.") % {"year": year - 1},
                reverse("results:result_edit", args=[slug, year - 1]),
                level="info",
            )
        )
    return items


def dashboard(agency: Agency, year: int) -> Dashboard:
    plan = (
        MeasurePlan.objects.filter(agency=agency, fiscal_year__be_year=year)
        .select_related("fiscal_year")
        .first()
    )
    years = sorted(
        set(
            MeasurePlan.objects.filter(agency=agency).values_list("fiscal_year__be_year", flat=True)
        )
        | {year},
        reverse=True,
    )
    per_tool = (
        dict(Measure.objects.filter(plan=plan).values_list("tool_id").annotate(n=Count("pk")))
        if plan
        else {}
    )
    tools = [(tool, per_tool.get(tool.pk, 0)) for tool in Tool.objects.order_by("order")]
    rounds = _rounds(plan) if plan else []
    result = (
        ItaResult.objects.filter(agency=agency, fiscal_year__be_year=year - 1)
        .select_related("fiscal_year")
        .first()
    )
    return Dashboard(
        agency=agency,
        year=year,
        plan=plan,
        years=years,
        tools=tools,
        rounds=rounds,
        result=result,
        chart=_chart(result),
        attention=_attention(agency, year, plan, rounds, result),
    )


def default_year(agency: Agency, today: dt.date | None = None) -> int:
    """The year with work open: the year of the open round (the newest, if several); else the
    newest plan's year; else the current fiscal year when the agency has no plan (or the
    newest year with an ITA catalogue, when this one has none yet: a plan needs one)."""
    open_year = (
        ReportingRound.objects.filter(plan__agency=agency, state=RoundState.OPEN)
        .order_by("-period_end", "-pk")
        .values_list("plan__fiscal_year__be_year", flat=True)
        .first()
    )
    if open_year:
        return open_year
    newest = (
        FiscalYear.objects.filter(plans__agency=agency)
        .order_by("-be_year")
        .values_list("be_year", flat=True)
        .first()
    )
    if newest:
        return newest
    year = fiscal_year_of(today or timezone.localdate())
    catalogued = FiscalYear.objects.order_by("-be_year").values_list("be_year", flat=True).first()
    return min(year, catalogued) if catalogued else year
