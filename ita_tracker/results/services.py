"""Writing agencies' ITA results: one from the form, many from a file or the national list."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from ita_tracker.agencies.access import authorize, authorize_site
from ita_tracker.agencies.models import Agency
from ita_tracker.audit.models import AuditEvent
from ita_tracker.audit.services import (
    LINK_COLUMNS,
    _jsonable,
    hold_every_chain,
    linked_rows,
    record,
)
from ita_tracker.frameworks.models import FiscalYear, Indicator, OitItem
from ita_tracker.results.bulk import insert_rows, update_rows
from ita_tracker.results.models import IndicatorScore, ItaResult, OitItemResult, ResultSource

# Rows per INSERT/IN clause: far below SQLite's variable limit (32,766) and PostgreSQL's.
BATCH = 900


@dataclass
class ResultData:
    """One result as read from a form or a file, checked and in plain values."""

    fiscal_year: int
    total: Decimal
    iit: Decimal | None = None
    eit: Decimal | None = None
    oit: Decimal | None = None
    level: str = ""
    indicators: dict[int, Decimal] = field(default_factory=dict)
    # OIT item code -> (has it, reason if published)
    oit_items: dict[str, tuple[bool, str]] = field(default_factory=dict)
    notes: str = ""
    is_example: bool = False


def _state(result: ItaResult | None) -> dict[str, Any] | None:
    if result is None:
        return None
    return {
        "total": result.total,
        "iit": result.iit,
        "eit": result.eit,
        "oit": result.oit,
        "level_written": result.level_written,
        "notes": result.notes,
        "indicators": {
            str(s.indicator.number): s.score
            for s in result.indicator_scores.select_related("indicator")
        },
        "oit_items": {
            r.item.code: {"has": r.has, "reason": r.reason}
            for r in result.oit_items.select_related("item")
        },
        "rating": result.rating,
    }


@transaction.atomic
def save_result(
    *,
    agency: Agency,
    fiscal_year: FiscalYear,
    total: Decimal,
    acting_user: Any,
    iit: Decimal | None = None,
    eit: Decimal | None = None,
    oit: Decimal | None = None,
    notes: str = "",
    indicator_scores: dict[int, Decimal | None] | None = None,
    level_written: str | None = None,
    oit_items: dict[str, tuple[bool, str] | None] | None = None,
    is_example: bool | None = None,
    source: str = ResultSource.FORM,
) -> ItaResult:
    """Create or replace the result of ``fiscal_year``; indicators and items left None are removed.

    The level is stored as written (``level_written``); the band is computed from the year's
    rules whenever it is shown, and a difference is only a warning on the result page.
    Side effects: a ``result.created`` or ``result.updated`` audit row, before and after.
    """
    authorize(acting_user, agency, "edit_plan")
    existing = ItaResult.objects.filter(agency=agency, fiscal_year=fiscal_year).first()
    before = _state(existing)
    result = existing or ItaResult(agency=agency, fiscal_year=fiscal_year)
    result.total, result.iit, result.eit, result.oit, result.notes = total, iit, eit, oit, notes
    if level_written is not None:
        result.level_written = " ".join(level_written.split())
    if is_example is not None:
        result.is_example = is_example
    result.source = source
    result.save()
    indicators = {i.number: i for i in fiscal_year.indicators.all()}
    for number, score in (indicator_scores or {}).items():
        if number not in indicators:
            raise ValueError(f"fiscal year {fiscal_year.be_year} has no indicator {number}")
        if score is None:
            result.indicator_scores.filter(indicator=indicators[number]).delete()
        else:
            IndicatorScore.objects.update_or_create(
                result=result, indicator=indicators[number], defaults={"score": score}
            )
    items = {i.code: i for i in fiscal_year.oit_items.all()}
    for code, answer in (oit_items or {}).items():
        if code not in items:
            raise ValueError(f"fiscal year {fiscal_year.be_year} has no OIT item {code}")
        if answer is None:
            result.oit_items.filter(item=items[code]).delete()
        else:
            OitItemResult.objects.update_or_create(
                result=result,
                item=items[code],
                defaults={"has": answer[0], "reason": answer[1]},
            )
    record(
        acting_user=acting_user,
        action="result.updated" if existing else "result.created",
        obj=result,
        agency=agency,
        before=before,
        after=_state(result),
    )
    return result


@dataclass
class WriteSummary:
    created: int = 0
    updated: int = 0
    indicator_scores: int = 0
    oit_items: int = 0


def _chunks(values: Sequence[Any], size: int = BATCH) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _compact(data: ResultData) -> dict[str, Any]:
    state: dict[str, Any] = {
        "total": data.total,
        "iit": data.iit,
        "eit": data.eit,
        "oit": data.oit,
        "level_written": data.level,
    }
    if data.indicators:
        state["indicators"] = {str(k): v for k, v in sorted(data.indicators.items())}
    if data.oit_items:
        state["oit_items"] = {k: {"has": h, "reason": r} for k, (h, r) in data.oit_items.items()}
    return state


def write_results(
    rows: Sequence[tuple[Agency, ResultData]],
    *,
    acting_user: Any,
    source: str,
    source_name: str = "",
) -> WriteSummary:
    """Create or replace many results at once, with bulk statements (the national list has
    8,300 rows). Call inside a transaction; every row must already be checked. The national
    list is a site administrator's to import; any other source, each agency's plan editors'.

    Side effects: one ``result.imported`` audit row per result (before and after), and one
    ``results.imported`` row for the whole file.
    """
    summary = WriteSummary()
    if not rows:
        return summary
    touched = {agency.pk: agency for agency, _ in rows}
    if source == ResultSource.NATIONAL:
        authorize_site(acting_user, "import_national_results")
    else:
        if len(touched) > 1:
            hold_every_chain()  # every chain before any row, then each agency's rights
        for agency in touched.values():
            authorize(acting_user, agency, "edit_plan")
    wanted = {data.fiscal_year for _, data in rows}
    years = {fy.be_year: fy for fy in FiscalYear.objects.filter(be_year__in=wanted)}
    indicators = {
        (i.fiscal_year_id, i.number): i.pk
        for i in Indicator.objects.filter(fiscal_year__in=years.values())
    }
    items = {
        (i.fiscal_year_id, i.code): i.pk
        for i in OitItem.objects.filter(fiscal_year__in=years.values())
    }
    agencies = {agency.pk for agency, _ in rows}
    existing_qs = ItaResult.objects.filter(fiscal_year__in=years.values())
    if len(agencies) == 1:
        existing_qs = existing_qs.filter(agency_id=next(iter(agencies)))
    existing = {(r.agency_id, r.fiscal_year_id): r for r in existing_qs}

    now = timezone.now()
    to_update: list[ItaResult] = []
    to_create: list[ItaResult] = []
    befores: dict[int, dict[str, Any]] = {}
    ordered: list[tuple[ItaResult, Agency, ResultData]] = []
    for agency, data in rows:
        fiscal_year = years[data.fiscal_year]
        result = existing.get((agency.pk, fiscal_year.pk))
        if result is not None:
            befores[id(result)] = {
                "total": result.total,
                "iit": result.iit,
                "eit": result.eit,
                "oit": result.oit,
                "level_written": result.level_written,
            }
            to_update.append(result)
        else:
            result = ItaResult(agency=agency, fiscal_year=fiscal_year)
            to_create.append(result)
        result.total, result.iit, result.eit, result.oit = data.total, data.iit, data.eit, data.oit
        result.level_written = data.level
        result.source = source
        result.updated_at = now
        if data.notes:
            result.notes = data.notes
        if data.is_example:
            result.is_example = True
        ordered.append((result, agency, data))

    fields = ["total", "iit", "eit", "oit", "level_written", "source", "updated_at", "notes"]
    fields.append("is_example")
    if to_update:
        update_rows(
            ItaResult, fields, [(*(getattr(r, f) for f in fields), r.pk) for r in to_update]
        )
        ids = [r.pk for r in to_update]
        # Only what the file gives is replaced: a result without indicator columns keeps its
        # indicator scores (the national list often has totals only).
        with_scores = [r.pk for r, _a, d in ordered if r.pk and d.indicators]
        with_items = [r.pk for r, _a, d in ordered if r.pk and d.oit_items]
        for chunk in _chunks(with_scores):
            IndicatorScore.objects.filter(result_id__in=chunk).delete()
        for chunk in _chunks(with_items):
            OitItemResult.objects.filter(result_id__in=chunk).delete()
        summary.updated = len(ids)
    if to_create:
        ItaResult.objects.bulk_create(to_create, batch_size=BATCH)
        summary.created = len(to_create)

    scores = [
        (result.pk, indicators[(result.fiscal_year_id, number)], score)
        for result, _agency, data in ordered
        for number, score in data.indicators.items()
    ]
    insert_rows(IndicatorScore, ["result", "indicator", "score"], scores)
    summary.indicator_scores = len(scores)
    answers = [
        (result.pk, items[(result.fiscal_year_id, code)], has, reason)
        for result, _agency, data in ordered
        for code, (has, reason) in data.oit_items.items()
    ]
    insert_rows(OitItemResult, ["result", "item", "has", "reason"], answers)
    summary.oit_items = len(answers)

    user = acting_user if getattr(acting_user, "is_authenticated", False) else None
    label = user.get_username() if user is not None else "system"
    # One audit row per result, inserted in bulk (append-only: nothing is updated), each
    # linked into its agency's hash chain.
    columns = [
        "agency",
        "actor",
        "actor_label",
        "at",
        "action",
        "object_type",
        "object_id",
        "object_repr",
        "before",
        "after",
    ]
    events = [
        AuditEvent(
            agency_id=agency.pk,
            actor_id=user.pk if user is not None else None,
            actor_label=label,
            at=now,
            action="result.imported",
            object_type=ItaResult._meta.label_lower,
            object_id=str(result.pk),
            object_repr=f"{agency.slug} {data.fiscal_year}: {result.total}"[:300],
            before=_jsonable(befores.get(id(result))),
            after=_jsonable({**_compact(data), "source": source, "file": source_name}),
        )
        for result, agency, data in ordered
    ]
    links = linked_rows(events)
    insert_rows(
        AuditEvent,
        [*columns, *LINK_COLUMNS],
        [
            (*(getattr(e, f"{c}_id" if c in ("agency", "actor") else c) for c in columns), *link)
            for e, link in zip(events, links, strict=True)
        ],
    )
    single = next(iter(agencies)) if len(agencies) == 1 else None
    record(
        acting_user=acting_user,
        action="results.imported",
        obj=ordered[0][0],
        agency=ordered[0][1] if single else None,
        after={
            "source": source,
            "file": source_name,
            "created": summary.created,
            "updated": summary.updated,
            "years": sorted(years),
        },
    )
    return summary
