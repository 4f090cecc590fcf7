from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from ita_tracker.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the trail is append-only, even for site administrators."""

    list_display = ["at", "actor_label", "action", "object_type", "object_repr", "agency"]
    list_filter = ["action", "agency"]
    search_fields = ["object_repr", "actor_label", "action"]
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
