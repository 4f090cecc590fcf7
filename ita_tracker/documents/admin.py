from django.contrib import admin

from ita_tracker.audit.admin_mixins import ReadOnlyAdmin
from ita_tracker.documents.models import AgencyTemplate


@admin.register(AgencyTemplate)
class AgencyTemplateAdmin(ReadOnlyAdmin):
    list_display = ["agency", "kind", "original_name", "is_active", "uploaded_by", "uploaded_at"]
    list_filter = ["kind", "is_active", "agency"]
    readonly_fields = ["sha256", "size", "uploaded_by", "uploaded_at"]
