from django.urls import path

from ita_tracker.agencies.views import members, settings, signatories, units

app_name = "agencies"

urlpatterns = [
    path("members/", members.member_list, name="member_list"),
    path("members/new/", members.member_new, name="member_new"),
    path("members/<int:member_id>/", members.member_edit, name="member_edit"),
    path("members/<int:member_id>/password/", members.member_password, name="member_password"),
    path("members/<int:member_id>/remove/", members.member_remove, name="member_remove"),
    path("units/", units.unit_list, name="unit_list"),
    path("units/new/", units.unit_form, name="unit_new"),
    path("units/<int:unit_id>/", units.unit_form, name="unit_edit"),
    path("units/<int:unit_id>/delete/", units.unit_delete, name="unit_delete"),
    path("signatories/", signatories.signatory_list, name="signatory_list"),
    path("signatories/new/", signatories.signatory_form, name="signatory_new"),
    path("signatories/<int:signatory_id>/", signatories.signatory_form, name="signatory_edit"),
    path(
        "signatories/<int:signatory_id>/delete/",
        signatories.signatory_delete,
        name="signatory_delete",
    ),
    path("settings/", settings.agency_settings, name="settings"),
    path("emblem/", settings.emblem, name="emblem"),
    path("history/", settings.audit_log, name="audit_log"),
]
