from django.contrib import admin

from ita_tracker.documents.models import ApprovalStep, Memo


class ApprovalStepInline(admin.TabularInline):
    model = ApprovalStep
    extra = 0


@admin.register(Memo)
class MemoAdmin(admin.ModelAdmin):
    list_display = ["__str__", "plan", "round", "number", "date", "state"]
    list_filter = ["state", "plan__agency"]
    inlines = [ApprovalStepInline]
