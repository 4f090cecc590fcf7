from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from ita_tracker.agencies.models import Agency, LoginFailure, Membership, OrgUnit, Signatory


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


@admin.register(LoginFailure)
class LoginFailureAdmin(admin.ModelAdmin):
    """Failed logins within the throttle window. Deleting a user's rows unlocks that user."""

    list_display = ["at", "username", "ip_address"]
    search_fields = ["username", "ip_address"]
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
