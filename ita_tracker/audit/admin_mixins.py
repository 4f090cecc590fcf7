"""The Django admin is no second write path (issue 10, finding 14): domain models are shown
read-only there; what a site administrator must create in the admin (an agency, a membership)
is written with its audit row, like every other change."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest


class ReadOnlyAdmin(admin.ModelAdmin):
    """View only: states, progress, memos and documents change through the services (which
    check the transition, the role and the tenancy, and write the audit row)."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AddOnlyAdmin(ReadOnlyAdmin):
    """Adding is allowed and audited (``audit_action`` names the row); nothing is changed or
    deleted here afterwards."""

    audit_action = ""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        from django.db import transaction

        from ita_tracker.audit.services import record, snapshot

        with transaction.atomic():
            super().save_model(request, obj, form, change)
            record(
                acting_user=request.user,
                action=self.audit_action,
                obj=obj,
                agency=getattr(obj, "agency", None) or self.agency_of(obj),
                after=snapshot(obj),
            )

    def agency_of(self, obj: Any) -> Any:
        return None
