from django.urls import path

from ita_tracker.results import site_views

urlpatterns = [
    path("results/import/", site_views.national_import, name="national_results_import"),
    path(
        "results/import/confirm/",
        site_views.national_import_confirm,
        name="national_results_import_confirm",
    ),
]
