from django.contrib import admin

from ita_tracker.agencies.models import Agency, Membership, OrgUnit, Signatory


class OrgUnitInline(admin.TabularInline):
    model = OrgUnit
    extra = 0
    fields = ["name", "short_name", "parent", "phone", "order"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "type", "province", "thai_digits"]
    list_filter = ["type", "province"]
    search_fields = ["name", "short_name", "slug"]
    inlines = [OrgUnitInline]


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "parent", "agency", "order"]
    list_filter = ["agency"]
    search_fields = ["name", "short_name"]


@admin.register(Signatory)
class SignatoryAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "agency", "active"]
    list_filter = ["agency", "active"]
    search_fields = ["name", "position"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "agency", "role"]
    list_filter = ["agency", "role"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    filter_horizontal = ["units"]
