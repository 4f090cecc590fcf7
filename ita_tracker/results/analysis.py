"""The analysis of one assessed year's result: what fell, what is below the pass line, what the
agency lacked, what to do about it, and the trend over the years. Reads only (a selector)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ita_tracker.agencies.models import Agency
from ita_tracker.agencies.tenancy import scoped
from ita_tracker.frameworks.models import FiscalYear
from ita_tracker.frameworks.rating import PASS_MARK
from ita_tracker.lib.line_chart import LineChart, line_chart
from ita_tracker.plans.models import MeasurePlan, PlanState
from ita_tracker.results.models import ItaResult, OitItemResult
from ita_tracker.results.suggestions import Suggestion, library

TOOLS = ("IIT", "EIT", "OIT")


@dataclass
class IndicatorRow:
    number: int
    name: str
    tool: str
    score: Decimal | None
    previous: Decimal | None
    suggestions: list[Suggestion] = field(default_factory=list)

    @property
    def change(self) -> Decimal | None:
        if self.score is None or self.previous is None:
            return None
        return self.score - self.previous

    @property
    def gap(self) -> Decimal:
        """Points missing to the pass line (0 when at or above it)."""
        if self.score is None:
            return Decimal(0)
        return max(PASS_MARK - self.score, Decimal(0))

    @property
    def weak(self) -> bool:
        return self.score is not None and (
            self.score < PASS_MARK or (self.change is not None and self.change < 0)
        )

    @property
    def concern(self) -> Decimal:
        """How urgent: the gap to 85 plus the fall since last year."""
        drop = -self.change if self.change is not None and self.change < 0 else Decimal(0)
        return self.gap + drop


@dataclass
class ToolRow:
    code: str
    score: Decimal | None
    previous: Decimal | None

    @property
    def change(self) -> Decimal | None:
        if self.score is None or self.previous is None:
            return None
        return self.score - self.previous


@dataclass
class LackedItem:
    answer: OitItemResult
    suggestions: list[Suggestion]


@dataclass
class Analysis:
    agency: Agency
    result: ItaResult
    previous: ItaResult | None
    tools: list[ToolRow]
    indicators: list[IndicatorRow]  # biggest gap + drop first
    lacked: list[LackedItem]
    history: list[ItaResult]
    tool_chart: LineChart
    indicator_charts: list[tuple[IndicatorRow, LineChart]]
    target_years: list[int]  # plan years a proposed measure may go to, the default first

    @property
    def weak(self) -> list[IndicatorRow]:
        return [row for row in self.indicators if row.weak]

    @property
    def total_change(self) -> Decimal | None:
        if self.previous is None:
            return None
        return self.result.total - self.previous.total


def _results(agency: Agency) -> list[ItaResult]:
    return list(
        scoped(ItaResult, agency)
        .select_related("fiscal_year")
        .prefetch_related(
            "fiscal_year__rating_rules",
            "indicator_scores__indicator__tool",
            "oit_items__item",
        )
        .order_by("fiscal_year__be_year")
    )


def target_years(agency: Agency, year: int) -> list[int]:
    """The plan years after ``year`` that can take a new measure: a draft plan, or no plan yet
    (one is made). The seed's plan for 2566 analyses the result of 2565; when that plan is
    already approved, the next draft is 2567's."""
    years = list(
        FiscalYear.objects.filter(be_year__gt=year, be_year__lte=year + 3)
        .order_by("be_year")
        .values_list("be_year", flat=True)
    )
    plans = dict(
        scoped(MeasurePlan, agency)
        .filter(fiscal_year__be_year__in=years)
        .values_list("fiscal_year__be_year", "state")
    )
    return [y for y in years if plans.get(y, PlanState.DRAFT) == PlanState.DRAFT][:2]


def analyse(agency: Agency, year: int) -> Analysis | None:
    """The analysis of the result of ``year``; None when there is no such result."""
    history = _results(agency)
    by_year = {r.fiscal_year.be_year: r for r in history}
    result = by_year.get(year)
    if result is None:
        return None
    earlier = [r for r in history if r.fiscal_year.be_year < year]
    previous = earlier[-1] if earlier else None
    lib = library()

    def scores(r: ItaResult | None) -> dict[int, Decimal]:
        return {s.indicator.number: s.score for s in r.indicator_scores.all()} if r else {}

    now, before = scores(result), scores(previous)
    indicators = []
    for indicator in result.fiscal_year.indicators.select_related("tool").order_by("number"):
        row = IndicatorRow(
            number=indicator.number,
            name=indicator.name_th,
            tool=indicator.tool.code,
            score=now.get(indicator.number),
            previous=before.get(indicator.number),
        )
        if row.weak:
            row.suggestions = lib.for_indicator(indicator.number, year)
        indicators.append(row)
    indicators.sort(key=lambda r: (r.score is None, -r.concern, r.number))

    tools = [
        ToolRow(
            code,
            getattr(result, code.lower()),
            getattr(previous, code.lower()) if previous else None,
        )
        for code in TOOLS
    ]
    lacked = [
        LackedItem(answer, lib.for_item(answer.item.code, year))
        for answer in sorted(result.oit_items.all(), key=lambda a: a.item.order)
        if not answer.has
    ]
    years = [r.fiscal_year.be_year for r in history]
    tool_chart = line_chart(
        years,
        [
            ("คะแนนรวม", [r.total for r in history]),
            ("IIT", [r.iit for r in history]),
            ("EIT", [r.eit for r in history]),
            ("OIT", [r.oit for r in history]),
        ],
    )
    per_year = {r.fiscal_year.be_year: scores(r) for r in history}
    indicator_charts = [
        (
            row,
            line_chart(
                years,
                [(f"{row.number}. {row.name}", [per_year[y].get(row.number) for y in years])],
                width=320,
                height=170,
            ),
        )
        for row in sorted(indicators, key=lambda r: r.number)
    ]
    return Analysis(
        agency=agency,
        result=result,
        previous=previous,
        tools=tools,
        indicators=indicators,
        lacked=lacked,
        history=history,
        tool_chart=tool_chart,
        indicator_charts=indicator_charts,
        target_years=target_years(agency, year),
    )
