from django.contrib import admin

from ita_tracker.audit.admin_mixins import ReadOnlyAdmin
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


class MeasureInline(admin.StackedInline):
    model = Measure
    extra = 0
    fields = [
        "tool",
        "order",
        "title",
        "methods",
        "responsible_note",
        "period_start",
        "period_end",
        "follow_up",
        "carried_over",
    ]


@admin.register(MeasurePlan)
class MeasurePlanAdmin(ReadOnlyAdmin):
    list_display = ["agency", "fiscal_year", "title", "state", "updated_at"]
    list_filter = ["agency", "fiscal_year", "state"]
    inlines = [MeasureInline]


class ResponsibilityInline(admin.TabularInline):
    model = Responsibility
    extra = 0


@admin.register(Measure)
class MeasureAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "plan", "tool", "order"]
    list_filter = ["plan__agency", "plan__fiscal_year", "tool"]
    search_fields = ["title"]
    inlines = [ResponsibilityInline]
    filter_horizontal = ["indicators"]


@admin.register(ReportingRound)
class ReportingRoundAdmin(ReadOnlyAdmin):
    list_display = ["plan", "kind", "period_start", "period_end", "state"]
    list_filter = ["kind", "state", "plan__agency"]


@admin.register(ProgressEntry)
class ProgressEntryAdmin(ReadOnlyAdmin):
    list_display = ["measure", "round", "status", "updated_at"]
    list_filter = ["status", "round__plan__agency"]


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "entry", "content_type", "size", "uploaded_at"]
    readonly_fields = ["sha256", "size", "content_type"]


class ApprovalStepInline(admin.TabularInline):
    model = ApprovalStep
    extra = 0


@admin.register(Memo)
class MemoAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "plan", "round", "number", "date"]
    list_filter = ["plan__agency"]
    inlines = [ApprovalStepInline]
