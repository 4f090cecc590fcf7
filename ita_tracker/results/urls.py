from django.urls import path

from ita_tracker.results import views

app_name = "results"

urlpatterns = [
    path("results/", views.result_list, name="result_list"),
    path("results/import/", views.result_import, name="result_import"),
    path("results/<int:year>/", views.result_edit, name="result_edit"),
    path("results/<int:year>/analysis/", views.result_analysis, name="result_analysis"),
    path("results/<int:year>/analysis/propose/", views.result_propose, name="result_propose"),
    path("results/<int:year>/analysis/comments/", views.result_comments, name="result_comments"),
]
