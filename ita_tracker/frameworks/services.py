"""Writing the ITA reference catalogues into the database."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypeVar

from django.db import models, transaction

from ita_tracker.audit.services import record
from ita_tracker.frameworks.catalogue import (
    Catalogue,
    CatalogueError,
    Issue,
    ToolSpec,
    YearFile,
    read_catalogue,
)
from ita_tracker.frameworks.models import FiscalYear, Indicator, OitItem, RatingRule, Tool

Outcome = Literal["created", "updated", "unchanged"]
_M = TypeVar("_M", bound=models.Model)


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    kept: int = 0  # gone from the YAML but still referenced, so left in place

    def add(self, outcome: Outcome) -> None:
        if outcome == "created":
            self.created += 1
        elif outcome == "updated":
            self.updated += 1

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)

    def describe(self) -> str:
        """Only the non-zero counts: ``3 created, 1 deleted``."""
        parts = [("created", self.created), ("updated", self.updated), ("deleted", self.deleted)]
        return "/".join(f"{n} {verb}" for verb, n in parts if n)

    def as_dict(self) -> dict[str, int]:
        return {
            "created": self.created,
            "updated": self.updated,
            "deleted": self.deleted,
            "kept": self.kept,
        }


@dataclass
class YearSummary:
    be_year: int
    fiscal_year: Outcome = "unchanged"
    indicators: Counts = field(default_factory=Counts)
    oit_items: Counts = field(default_factory=Counts)
    rating_rules: Counts = field(default_factory=Counts)
    kept: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.fiscal_year != "unchanged" or any(
            c.changed for c in (self.indicators, self.oit_items, self.rating_rules)
        )


@dataclass
class LoadSummary:
    years: list[YearSummary] = field(default_factory=list)
    tools: Counts = field(default_factory=Counts)
    dry_run: bool = False

    def _total(self, kind: str) -> Counts:
        total = Counts()
        for year in self.years:
            counts: Counts = getattr(year, kind)
            total.created += counts.created
            total.updated += counts.updated
            total.deleted += counts.deleted
            total.kept += counts.kept
        return total

    @property
    def oit_items(self) -> Counts:
        return self._total("oit_items")

    @property
    def indicators(self) -> Counts:
        return self._total("indicators")

    @property
    def rating_rules(self) -> Counts:
        return self._total("rating_rules")

    @property
    def changed(self) -> bool:
        return self.tools.changed or any(year.changed for year in self.years)

    @property
    def kept(self) -> list[str]:
        return [note for year in self.years for note in year.kept]

    def line(self) -> str:
        """One line for the command's output, e.g.
        ``frameworks: 5 years, 152 OIT items created, 0 updated, 0 deleted``."""
        items = self.oit_items
        text = (
            f"frameworks: {len(self.years)} years, {items.created} OIT items created, "
            f"{items.updated} updated, {items.deleted} deleted"
        )
        fiscal_years = Counts()
        for year in self.years:
            fiscal_years.add(year.fiscal_year)
        others = [
            f"{name} {counts.describe()}"
            for name, counts in (
                ("fiscal years", fiscal_years),
                ("indicators", self.indicators),
                ("rating rules", self.rating_rules),
                ("tools", self.tools),
            )
            if counts.changed
        ]
        if others:
            text += "; " + ", ".join(others)
        if not self.changed:
            text += "; nothing changed"
        if self.kept:
            text += f"; {len(self.kept)} rows kept because they are referenced"
        if self.dry_run:
            text += " (dry run)"
        return text


def _same(obj: models.Model, name: str, value: Any) -> bool:
    model_field = obj._meta.get_field(name)
    if model_field.is_relation:
        current = getattr(obj, model_field.attname)  # type: ignore[union-attr]
        return bool(current == (value.pk if value is not None else None))
    return bool(getattr(obj, name) == value)


def _upsert(model: type[_M], lookup: dict[str, Any], values: dict[str, Any]) -> tuple[_M, Outcome]:
    """``update_or_create`` that writes only when a value differs, and says what it did."""
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        return model._default_manager.create(**lookup, **values), "created"
    changed = [name for name, value in values.items() if not _same(obj, name, value)]
    if not changed:
        return obj, "unchanged"
    for name in changed:
        setattr(obj, name, values[name])
    obj.save(update_fields=changed)
    return obj, "updated"


def _is_referenced(obj: models.Model) -> bool:
    """Whether any row of another table points at ``obj`` (hidden ``related_name="+"`` too)."""
    for relation in obj._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete):
            continue
        if not (relation.one_to_many or relation.one_to_one or relation.many_to_many):
            continue
        related_model = relation.related_model
        remote_name = relation.field.name  # type: ignore[union-attr]
        if related_model._default_manager.filter(**{remote_name: obj}).exists():  # type: ignore[union-attr]
            return True
    return False


def _remove_stale(rows: Iterable[models.Model], counts: Counts, kept: list[str], what: str) -> None:
    for row in rows:
        if _is_referenced(row):
            counts.kept += 1
            kept.append(f"{what} {row} is no longer in the catalogue but is referenced: kept")
        else:
            row.delete()
            counts.deleted += 1


def _load_tools(specs: Iterable[ToolSpec], counts: Counts, acting_user: Any) -> dict[str, Tool]:
    tools: dict[str, Tool] = {}
    for spec in specs:
        tool, outcome = _upsert(
            Tool,
            {"code": spec.code},
            {"name_th": spec.name_th, "name_en": spec.name_en, "order": spec.order},
        )
        counts.add(outcome)
        if outcome != "unchanged":
            record(
                acting_user=acting_user,
                action="catalogue.loaded",
                obj=tool,
                after={"tool": outcome, "name_th": tool.name_th, "name_en": tool.name_en},
            )
        tools[spec.code] = tool
    return tools


def _load_year(spec: YearFile, tools: dict[str, Tool], acting_user: Any) -> YearSummary:
    summary = YearSummary(be_year=spec.be_year)
    weights = spec.tool_weights
    fiscal_year, summary.fiscal_year = _upsert(
        FiscalYear,
        {"be_year": spec.be_year},
        {
            "starts": spec.starts,
            "ends": spec.ends,
            "catalogue_version": spec.catalogue_version,
            "weight_iit": weights.IIT,
            "weight_eit": weights.EIT,
            "weight_oit": weights.OIT,
            "weights_confidence": weights.confidence,
            "notes": spec.notes,
        },
    )

    indicators: dict[int, Indicator] = {}
    for ind in spec.indicators:
        indicator, outcome = _upsert(
            Indicator,
            {"fiscal_year": fiscal_year, "number": ind.number},
            {
                "tool": tools[ind.tool],
                "name_th": ind.name_th,
                "name_en": ind.name_en,
                "confidence": ind.confidence,
            },
        )
        summary.indicators.add(outcome)
        indicators[ind.number] = indicator

    for item in spec.oit_items:
        sub = item.sub_indicator
        _obj, outcome = _upsert(
            OitItem,
            {"fiscal_year": fiscal_year, "code": item.code},
            {
                "order": item.order,
                "title_th": item.title_th,
                "indicator": indicators[item.indicator] if item.indicator is not None else None,
                "sub_indicator": sub.code if sub else "",
                "sub_indicator_name": sub.name if sub else "",
                "requirements": item.requirements,
                "period_rule": item.period_rule,
                "is_measures_item": item.is_measures_item,
                "is_progress_item": item.is_progress_item,
                "confidence": item.confidence,
                "maps_from": [ref.model_dump() for ref in item.maps_from],
                "sources": list(item.sources),
            },
        )
        summary.oit_items.add(outcome)
    # Stale items go before stale indicators: an item may be what still points at an indicator.
    codes = [item.code for item in spec.oit_items]
    _remove_stale(
        fiscal_year.oit_items.exclude(code__in=codes).order_by("order"),
        summary.oit_items,
        summary.kept,
        f"{spec.be_year} OIT item",
    )
    _remove_stale(
        fiscal_year.indicators.exclude(number__in=list(indicators)),
        summary.indicators,
        summary.kept,
        f"{spec.be_year} indicator",
    )

    _load_rating_rules(spec, fiscal_year, summary)

    if summary.changed:
        record(
            acting_user=acting_user,
            action="catalogue.loaded",
            obj=fiscal_year,
            after={
                "catalogue_version": spec.catalogue_version,
                "fiscal_year": summary.fiscal_year,
                "indicators": summary.indicators.as_dict(),
                "oit_items": summary.oit_items.as_dict(),
                "rating_rules": summary.rating_rules.as_dict(),
            },
        )
    return summary


def _load_rating_rules(spec: YearFile, fiscal_year: FiscalYear, summary: YearSummary) -> None:
    orders = [rule.order for rule in spec.rating_rules]
    _remove_stale(
        fiscal_year.rating_rules.exclude(order__in=orders),
        summary.rating_rules,
        summary.kept,
        f"{spec.be_year} rating rule",
    )
    # Labels are unique per year: when a label moves to another order (levels re-ordered), park
    # the rows that would collide under a temporary label first.
    wanted = {rule.order: rule.label for rule in spec.rating_rules}
    for row in fiscal_year.rating_rules.all():
        if wanted.get(row.order, row.label) != row.label and row.label in wanted.values():
            row.label = f"~{row.pk}"
            row.save(update_fields=["label"])
    for rule in spec.rating_rules:
        _obj, outcome = _upsert(
            RatingRule,
            {"fiscal_year": fiscal_year, "order": rule.order},
            {
                "label": rule.label,
                "label_en": rule.label_en,
                "min_total": rule.min_total,
                "min_each_tool": rule.min_each_tool,
                "passes": rule.passes,
                "confidence": rule.confidence,
            },
        )
        summary.rating_rules.add(outcome)


def _selected_years(catalogue: Catalogue, years: Iterable[int] | None) -> list[YearFile]:
    if years is None:
        return list(catalogue.years.values())
    wanted = sorted(set(years))
    missing = [year for year in wanted if year not in catalogue.years]
    if missing:
        raise CatalogueError(
            [
                Issue(
                    str(catalogue.directory),
                    None,
                    "",
                    f"ไม่มีไฟล์แคตตาล็อกของปี {year}",
                    f"no catalogue file for {year} ({year}.yaml)",
                )
                for year in missing
            ]
        )
    return [catalogue.years[year] for year in wanted]


@transaction.atomic
def load_catalogues(
    *,
    acting_user: Any = None,
    years: Iterable[int] | None = None,
    dry_run: bool = False,
    data_dir: Path | str | None = None,
) -> LoadSummary:
    """Load tools and the fiscal-year catalogues from YAML (all years, or ``years``).

    Idempotent: rows are matched on their natural keys and written only when a value differs,
    so a second run changes nothing. OIT items, indicators and rating rules that left the YAML
    are deleted unless another table refers to them (then kept and listed in ``kept``).
    Side effects: one ``catalogue.loaded`` audit row per fiscal year (and per tool) that changed.
    With ``dry_run`` everything is rolled back and the summary tells what would have changed.
    Raises :class:`CatalogueError` before writing anything if the YAML set is invalid.
    """
    catalogue = read_catalogue(data_dir)
    selected = _selected_years(catalogue, years)
    summary = LoadSummary(dry_run=dry_run)
    tools = _load_tools(catalogue.tools, summary.tools, acting_user)
    for spec in selected:
        summary.years.append(_load_year(spec, tools, acting_user))
    if dry_run:
        transaction.set_rollback(True)
    return summary
