from django.urls import path

from ita_tracker.plans.views import dashboard, measures, office_import, plans, progress, rounds

app_name = "plans"

urlpatterns = [
    path("", dashboard.agency_home, name="agency_home"),
    path("dashboard/<int:year>/", dashboard.dashboard, name="dashboard"),
    path("plans/", plans.plan_list, name="plan_list"),
    path("plans/new/", plans.plan_new, name="plan_new"),
    path("plans/import/", office_import.office_import, name="office_import"),
    path(
        "plans/import/confirm/",
        office_import.office_import_confirm,
        name="office_import_confirm",
    ),
    path("plans/<int:year>/", plans.plan_detail, name="plan_detail"),
    path("plans/<int:year>/export/", office_import.plan_export, name="plan_export"),
    path("plans/<int:year>/edit/", plans.plan_edit, name="plan_edit"),
    path("plans/<int:year>/state/", plans.plan_state, name="plan_state"),
    path("plans/<int:year>/measures/new/", measures.measure_new, name="measure_new"),
    path(
        "plans/<int:year>/measures/<int:measure_id>/",
        measures.measure_detail,
        name="measure_detail",
    ),
    path(
        "plans/<int:year>/measures/<int:measure_id>/edit/",
        measures.measure_edit,
        name="measure_edit",
    ),
    path(
        "plans/<int:year>/measures/<int:measure_id>/delete/",
        measures.measure_delete,
        name="measure_delete",
    ),
    path(
        "plans/<int:year>/measures/<int:measure_id>/move/",
        measures.measure_move,
        name="measure_move",
    ),
    path("plans/<int:year>/rounds/new/", rounds.round_new, name="round_new"),
    path("plans/<int:year>/rounds/<int:round_id>/", rounds.round_detail, name="round_detail"),
    path("plans/<int:year>/rounds/<int:round_id>/board/", rounds.round_board, name="round_board"),
    path(
        "plans/<int:year>/rounds/<int:round_id>/remind/", rounds.round_remind, name="round_remind"
    ),
    path("progress/<int:entry_id>/", progress.progress_entry, name="progress_entry"),
    path("progress/<int:entry_id>/status/", progress.progress_status, name="progress_status"),
    path("progress/<int:entry_id>/files/", progress.evidence_upload, name="evidence_upload"),
    path("evidence/<int:evidence_id>/", progress.evidence_download, name="evidence_download"),
    path("evidence/<int:evidence_id>/delete/", progress.evidence_delete, name="evidence_delete"),
    path(
        "evidence/<int:evidence_id>/visibility/",
        progress.evidence_visibility,
        name="evidence_visibility",
    ),
    path("my-measures/", progress.my_measures, name="my_measures"),
]
