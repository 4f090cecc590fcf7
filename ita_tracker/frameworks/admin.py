"""Admin for the ITA reference catalogues.

The YAML files in ``frameworks/data/`` are the source of truth: ``load_frameworks`` overwrites
edits made here. Change the YAML, then re-run the command.
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ita_tracker.frameworks.models import FiscalYear, Indicator, OitItem, RatingRule, Tool


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = ["number", "tool", "name_th", "name_en", "confidence"]


class RatingRuleInline(admin.TabularInline):
    model = RatingRule
    extra = 0
    fields = ["order", "label", "label_en", "min_total", "min_each_tool", "passes", "confidence"]


@admin.register(FiscalYear)
class FiscalYearAdmin(admin.ModelAdmin):
    list_display = [
        "be_year",
        "starts",
        "ends",
        "catalogue_version",
        "weight_iit",
        "weight_eit",
        "weight_oit",
        "weights_confidence",
        "oit_item_count",
    ]
    list_filter = ["weights_confidence"]
    search_fields = ["be_year", "catalogue_version"]
    inlines = [IndicatorInline, RatingRuleInline]

    @admin.display(description=_("OIT items"))
    def oit_item_count(self, obj: FiscalYear) -> int:
        return obj.oit_items.count()


@admin.register(Tool)
class ToolAdmin(admin.ModelAdmin):
    list_display = ["code", "name_th", "name_en", "order"]
    search_fields = ["code", "name_th", "name_en"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["number", "name_th", "name_en", "tool", "fiscal_year", "confidence"]
    list_filter = ["fiscal_year", "tool", "confidence"]
    list_select_related = ["fiscal_year", "tool"]
    search_fields = ["name_th", "name_en"]


@admin.register(OitItem)
class OitItemAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "title_th",
        "fiscal_year",
        "indicator_number",
        "sub_indicator",
        "period_rule",
        "is_measures_item",
        "is_progress_item",
        "confidence",
    ]
    list_display_links = ["code", "title_th"]
    list_filter = [
        "fiscal_year",
        "confidence",
        "period_rule",
        "is_measures_item",
        "is_progress_item",
    ]
    list_select_related = ["fiscal_year", "indicator"]
    search_fields = ["code", "title_th", "requirements"]
    ordering = ["-fiscal_year__be_year", "order", "code"]

    @admin.display(description=_("indicator"), ordering="indicator__number")
    def indicator_number(self, obj: OitItem) -> int | None:
        return obj.indicator.number if obj.indicator else None


@admin.register(RatingRule)
class RatingRuleAdmin(admin.ModelAdmin):
    list_display = [
        "label",
        "fiscal_year",
        "order",
        "min_total",
        "min_each_tool",
        "passes",
        "confidence",
    ]
    list_filter = ["fiscal_year", "confidence", "passes"]
    list_select_related = ["fiscal_year"]
    search_fields = ["label", "label_en"]
    ordering = ["-fiscal_year__be_year", "order"]
