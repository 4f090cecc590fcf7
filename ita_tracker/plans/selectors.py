"""Reads for the plan, board and my-measures pages. The number of queries does not depend on
the number of measures (tests hold it with 10 and 100 measures)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, QuerySet

from ita_tracker.frameworks.models import Tool
from ita_tracker.plans.models import (
    Evidence,
    Measure,
    MeasurePlan,
    ProgressEntry,
    ProgressStatus,
    ReportingRound,
    Responsibility,
    RoundState,
)

if TYPE_CHECKING:
    from ita_tracker.agencies.access import Access


def measures_of(plan: MeasurePlan) -> QuerySet[Measure]:
    """The plan's measures in plan order, with what every page shows of them prefetched."""
    return (
        plan.measures.select_related("tool")
        .prefetch_related(
            Prefetch(
                "responsibilities",
                queryset=Responsibility.objects.select_related("unit__parent").order_by(
                    "order", "pk"
                ),
            ),
            "indicators",
        )
        .order_by("tool__order", "order", "pk")
    )


def unit_ids_of(measure: Measure) -> set[int]:
    return {r.unit_id for r in measure.responsibilities.all()}


@dataclass
class ToolGroup:
    tool: Tool
    measures: list[Measure] = field(default_factory=list)


def tool_groups(plan: MeasurePlan) -> list[ToolGroup]:
    """Every tool (IIT, EIT, OIT), each with its measures: the layout of the plan tables."""
    groups = {tool.pk: ToolGroup(tool) for tool in Tool.objects.order_by("order")}
    for measure in measures_of(plan):
        groups[measure.tool_id].measures.append(measure)
    return list(groups.values())


# --- the board --------------------------------------------------------------------------------


@dataclass
class BoardRow:
    measure: Measure
    entry: ProgressEntry | None
    can_update: bool = False

    @property
    def status(self) -> str:
        return self.entry.status if self.entry else ProgressStatus.NOT_STARTED

    @property
    def has_update(self) -> bool:
        return bool(self.entry and self.entry.has_update)

    @property
    def file_count(self) -> int:
        return getattr(self.entry, "file_count", 0) if self.entry else 0


@dataclass
class ToolProgress:
    tool: Tool
    rows: list[BoardRow] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.rows)

    def _count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def completed(self) -> int:
        return self._count(ProgressStatus.COMPLETED)

    @property
    def in_progress(self) -> int:
        return self._count(ProgressStatus.IN_PROGRESS)

    @property
    def not_started(self) -> int:
        return self._count(ProgressStatus.NOT_STARTED)

    @property
    def without_update(self) -> int:
        return sum(1 for row in self.rows if not row.has_update)

    @property
    def percent_completed(self) -> int:
        return round(100 * self.completed / self.total) if self.total else 0


@dataclass
class Board:
    round: ReportingRound
    groups: list[ToolProgress]

    @property
    def rows(self) -> list[BoardRow]:
        return [row for group in self.groups for row in group.rows]

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def completed(self) -> int:
        return sum(g.completed for g in self.groups)

    @property
    def in_progress(self) -> int:
        return sum(g.in_progress for g in self.groups)

    @property
    def not_started(self) -> int:
        return sum(g.not_started for g in self.groups)

    @property
    def without_update(self) -> int:
        return sum(g.without_update for g in self.groups)

    @property
    def percent_completed(self) -> int:
        return round(100 * self.completed / self.total) if self.total else 0


def _entries(round_: ReportingRound, with_files: bool = False) -> dict[int, ProgressEntry]:
    qs = round_.entries.select_related("updated_by").annotate(file_count=Count("files"))
    if with_files:
        qs = qs.prefetch_related(
            Prefetch("files", queryset=Evidence.objects.order_by("uploaded_at"))
        )
    return {entry.measure_id: entry for entry in qs}


def board(round_: ReportingRound, access: Access | None = None) -> Board:
    """Every measure of the round's plan with its status in the round, grouped by tool."""
    entries = _entries(round_)
    groups = [ToolProgress(tool) for tool in Tool.objects.order_by("order")]
    by_tool = {g.tool.pk: g for g in groups}
    for measure in measures_of(round_.plan):
        row = BoardRow(measure, entries.get(measure.pk))
        if access is not None and not round_.is_locked:
            row.can_update = access.can_update_progress(unit_ids_of(measure))
        by_tool[measure.tool_id].rows.append(row)
    return Board(round_, groups)


# --- my measures ------------------------------------------------------------------------------


@dataclass
class Card:
    """One measure on the "my measures" page, with its entry in the open round."""

    measure: Measure
    entry: ProgressEntry
    can_update: bool


def open_round_of(plan: MeasurePlan) -> ReportingRound | None:
    return plan.rounds.filter(state=RoundState.OPEN).order_by("-period_end").first()


def my_cards(round_: ReportingRound, unit_ids: Iterable[int], access: Access) -> list[Card]:
    """The round's measures that the given units answer for, each with its entry and files."""
    ids = set(unit_ids)
    if not ids:
        return []
    entries = _entries(round_, with_files=True)
    measures = measures_of(round_.plan).filter(responsibilities__unit_id__in=ids).distinct()
    cards = []
    for measure in measures:
        entry = entries.get(measure.pk)
        if entry is None:  # a measure added while the round was locked: nothing to report yet
            continue
        cards.append(_card(round_, measure, entry, access))
    return cards


def _card(round_: ReportingRound, measure: Measure, entry: ProgressEntry, access: Access) -> Card:
    """A measure's card in an open round: editable by whoever may update its progress."""
    return Card(
        measure,
        entry,
        can_update=not round_.is_locked and access.can_update_progress(unit_ids_of(measure)),
    )


def cards_without_update(round_: ReportingRound, access: Access) -> list[Card]:
    """The round's measures nobody has reported on yet, for the coordinator to fill in from
    one page before she submits (officers report their own units' measures)."""
    entries = _entries(round_, with_files=True)
    cards = []
    for measure in measures_of(round_.plan):
        entry = entries.get(measure.pk)
        if entry is None or entry.has_update:
            continue
        cards.append(_card(round_, measure, entry, access))
    return cards


def entry_with_files(entry: ProgressEntry) -> ProgressEntry:
    """The entry with its files and the names on it, for a single progress card."""
    return (
        ProgressEntry.objects.select_related(
            "round__plan__fiscal_year", "round__plan__agency", "measure__tool", "updated_by"
        )
        .prefetch_related(
            Prefetch("files", queryset=Evidence.objects.order_by("uploaded_at")),
            Prefetch(
                "measure__responsibilities",
                queryset=Responsibility.objects.select_related("unit__parent"),
            ),
        )
        .annotate(file_count=Count("files"))
        .get(pk=entry.pk)
    )
