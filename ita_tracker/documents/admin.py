from django.contrib import admin

from ita_tracker.documents.models import AgencyTemplate, ApprovalStep, Memo


class ApprovalStepInline(admin.TabularInline):
    model = ApprovalStep
    extra = 0


@admin.register(Memo)
class MemoAdmin(admin.ModelAdmin):
    list_display = ["__str__", "plan", "round", "number", "date", "state"]
    list_filter = ["state", "plan__agency"]
    inlines = [ApprovalStepInline]


@admin.register(AgencyTemplate)
class AgencyTemplateAdmin(admin.ModelAdmin):
    list_display = ["agency", "kind", "original_name", "is_active", "uploaded_by", "uploaded_at"]
    list_filter = ["kind", "is_active", "agency"]
    readonly_fields = ["sha256", "size", "uploaded_by", "uploaded_at"]
