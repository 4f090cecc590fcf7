from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from ita_tracker.agencies.models import Agency, LoginFailure, Membership, OrgUnit, Signatory
from ita_tracker.audit.admin_mixins import AddOnlyAdmin, ReadOnlyAdmin


class OrgUnitInline(admin.TabularInline):
    model = OrgUnit
    extra = 0
    fields = ["name", "short_name", "parent", "phone", "order"]

    # Units are managed by the agency administrator in the application (audited).
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Agency)
class AgencyAdmin(AddOnlyAdmin):
    """A site administrator creates agencies here (audited); the agency's administrator keeps
    its details in the application's settings."""

    audit_action = "agency.created"

    list_display = ["name", "slug", "type", "province", "thai_digits"]
    list_filter = ["type", "province"]
    search_fields = ["name", "short_name", "slug"]
    inlines = [OrgUnitInline]


@admin.register(OrgUnit)
class OrgUnitAdmin(ReadOnlyAdmin):
    list_display = ["name", "short_name", "parent", "agency", "order"]
    list_filter = ["agency"]
    search_fields = ["name", "short_name"]


@admin.register(Signatory)
class SignatoryAdmin(ReadOnlyAdmin):
    list_display = ["name", "position", "agency", "active"]
    list_filter = ["agency", "active"]
    search_fields = ["name", "position"]


@admin.register(Membership)
class MembershipAdmin(AddOnlyAdmin):
    """A site administrator gives an agency its first administrator here (audited); roles and
    units are then changed by the agency's administrator in the application."""

    audit_action = "member.added"

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
