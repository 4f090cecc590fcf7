from django.contrib import admin

from ita_tracker.audit.admin_mixins import ReadOnlyAdmin
from ita_tracker.results.models import IndicatorScore, ItaResult


class IndicatorScoreInline(admin.TabularInline):
    model = IndicatorScore
    extra = 0


@admin.register(ItaResult)
class ItaResultAdmin(ReadOnlyAdmin):
    list_display = ["agency", "fiscal_year", "total", "iit", "eit", "oit", "rating"]
    list_filter = ["fiscal_year", "agency"]
    inlines = [IndicatorScoreInline]
